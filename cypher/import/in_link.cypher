UNWIND $rows AS row
MATCH (a:Enterprise {chain: $chain, id: row.from})
MATCH (b:Link {chain: $chain, id: row.to})
MERGE (a)-[r:IN_LINK]->(b)
SET r.seen = $token
