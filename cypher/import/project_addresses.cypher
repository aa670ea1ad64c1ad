UNWIND $rows AS row
MATCH (a:Project {chain: $chain, id: row.from})
MATCH (b:Problem {chain: $chain, id: row.to})
MERGE (a)-[r:ADDRESSES]->(b)
SET r.seen = $token
