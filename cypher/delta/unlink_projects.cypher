UNWIND $ids AS id
MATCH (:Project {chain: $chain, id: id})-[r:ADDRESSES]->()
DELETE r
