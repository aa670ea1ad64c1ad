UNWIND $rows AS row
MATCH (a:Achievement {chain: $chain, id: row.from})
MATCH (b:Problem {chain: $chain, id: row.to})
MERGE (a)-[r:SOLVES]->(b)
SET r.seen = $token
