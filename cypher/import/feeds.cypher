UNWIND $rows AS row
MATCH (a:Link {chain: $chain, id: row.from})
MATCH (b:Link {chain: $chain, id: row.to})
MERGE (a)-[r:FEEDS]->(b)
SET r += row.props, r.seen = $token
