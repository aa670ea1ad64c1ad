UNWIND $rows AS row
MATCH (p:Project {chain: $chain, id: row.to})
OPTIONAL MATCH (e:Enterprise {chain: $chain, id: row.from})
OPTIONAL MATCH (i:Institution {chain: $chain, id: row.from})
WITH p, coalesce(e, i) AS a
WHERE a IS NOT NULL
MERGE (a)-[r:LEADS]->(p)
SET r.seen = $token
