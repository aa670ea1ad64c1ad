UNWIND $rows AS row
MERGE (a:Achievement {chain: $chain, id: row.from})
MERGE (b:Problem {chain: $chain, id: row.to})
MERGE (a)-[r:SOLVES]->(b)
SET r.seen = $token
