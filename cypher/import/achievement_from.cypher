UNWIND $rows AS row
MATCH (a:Achievement {chain: $chain, id: row.from})
MATCH (b:Project {chain: $chain, id: row.to})
MERGE (a)-[r:FROM]->(b)
SET r.seen = $token
