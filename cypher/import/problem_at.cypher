UNWIND $rows AS row
MERGE (a:Problem {chain: $chain, id: row.from})
MERGE (b:Link {chain: $chain, id: row.to})
MERGE (a)-[r:AT]->(b)
SET r.seen = $token
