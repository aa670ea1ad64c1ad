UNWIND $rows AS row
MERGE (a:Achievement {chain: $chain, id: row.from})
MERGE (b:Project {chain: $chain, id: row.to})
MERGE (a)-[r:FROM]->(b)
SET r.seen = $token
