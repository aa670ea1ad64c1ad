UNWIND $ids AS id
MATCH ()-[r:LEADS|JOINS]->(:Project {chain: $chain, id: id})
DELETE r
