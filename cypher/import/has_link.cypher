UNWIND $rows AS row
MATCH (a:Segment {chain: $chain, id: row.from})
MATCH (b:Link {chain: $chain, id: row.to})
MERGE (a)-[r:HAS_LINK]->(b)
SET r.seen = $token
