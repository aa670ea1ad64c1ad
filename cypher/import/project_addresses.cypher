UNWIND $rows AS row
MERGE (a:Project {chain: $chain, id: row.from})
MERGE (b:Problem {chain: $chain, id: row.to})
MERGE (a)-[r:ADDRESSES]->(b)
SET r.seen = $token
