UNWIND $rows AS row
MERGE (a:Problem {chain: $chain, id: row.from})
MERGE (b:Problem {chain: $chain, id: row.to})
MERGE (a)-[r:RELATED_TO]->(b)
SET r.seen = $token
