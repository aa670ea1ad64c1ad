MATCH (n:Achievement {chain: $chain, id: $id})-[r:FROM|SOLVES]->()
DELETE r
