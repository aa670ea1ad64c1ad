UNWIND $rows AS row
MERGE (a:Problem {chain: $chain, id: row.from})
MERGE (b:Enterprise {chain: $chain, id: row.to})
MERGE (a)-[r:CONCERNS]->(b)
SET r.seen = $token
