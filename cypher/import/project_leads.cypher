UNWIND $rows AS row
MATCH (a {chain: $chain, id: row.from})
WHERE a:Enterprise OR a:Institution
MATCH (p:Project {chain: $chain, id: row.to})
MERGE (a)-[r:LEADS]->(p)
SET r.seen = $token
