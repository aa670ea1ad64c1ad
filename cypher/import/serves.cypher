UNWIND $rows AS row
MATCH (a:Institution {chain: $chain, id: row.from})
MATCH (b:Link {chain: $chain, id: row.to})
MERGE (a)-[r:SERVES]->(b)
SET r.seen = $token
