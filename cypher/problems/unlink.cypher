MATCH (n:Problem {chain: $chain, id: $id})-[r:AT|RELATED_TO|CONCERNS]->()
DELETE r
