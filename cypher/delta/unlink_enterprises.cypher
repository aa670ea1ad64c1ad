UNWIND $ids AS id
MATCH (:Enterprise {chain: $chain, id: id})-[r:IN_LINK]->()
DELETE r
