UNWIND $rows AS row
MATCH (a:Problem {chain: $chain, id: row.from})
MATCH (b:Problem {chain: $chain, id: row.to})
MERGE (a)-[r:RELATED_TO]->(b)
SET r.seen = $token
