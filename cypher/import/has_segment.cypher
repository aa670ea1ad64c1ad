UNWIND $rows AS row
MATCH (c:Chain {id: $chain})
MATCH (s:Segment {chain: $chain, id: row.to})
MERGE (c)-[r:HAS_SEGMENT]->(s)
SET r.seen = $token
