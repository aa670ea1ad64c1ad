UNWIND $rows AS row
MATCH (a:Problem {chain: $chain, id: row.from})
MATCH (b:Enterprise {chain: $chain, id: row.to})
MERGE (a)-[r:CONCERNS]->(b)
SET r.seen = $token
