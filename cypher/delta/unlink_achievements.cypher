UNWIND $ids AS id
MATCH (:Achievement {chain: $chain, id: id})-[r:FROM|SOLVES]->()
DELETE r
