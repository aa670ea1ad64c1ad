UNWIND $rows AS row
MERGE (a:Enterprise {chain: $chain, id: row.from})
MERGE (b:Link {chain: $chain, id: row.to})
MERGE (a)-[r:IN_LINK]->(b)
SET r.seen = $token
