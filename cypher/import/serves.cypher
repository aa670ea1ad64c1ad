UNWIND $rows AS row
MERGE (a:Institution {chain: $chain, id: row.from})
MERGE (b:Link {chain: $chain, id: row.to})
MERGE (a)-[r:SERVES]->(b)
SET r.seen = $token
