UNWIND $rows AS row
MERGE (a:Segment {chain: $chain, id: row.from})
MERGE (b:Link {chain: $chain, id: row.to})
MERGE (a)-[r:HAS_LINK]->(b)
SET r.seen = $token
