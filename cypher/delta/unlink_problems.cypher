UNWIND $ids AS id
MATCH (:Problem {chain: $chain, id: id})-[r:AT|RELATED_TO|CONCERNS]->()
DELETE r
