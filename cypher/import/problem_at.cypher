UNWIND $rows AS row
MATCH (a:Problem {chain: $chain, id: row.from})
MATCH (b:Link {chain: $chain, id: row.to})
MERGE (a)-[r:AT]->(b)
SET r.seen = $token
