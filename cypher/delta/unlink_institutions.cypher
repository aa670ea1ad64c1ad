UNWIND $ids AS id
MATCH (:Institution {chain: $chain, id: id})-[r:SERVES]->()
DELETE r
