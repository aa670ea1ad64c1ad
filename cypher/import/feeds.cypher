UNWIND $rows AS row
MERGE (a:Link {chain: $chain, id: row.from})
MERGE (b:Link {chain: $chain, id: row.to})
MERGE (a)-[r:FEEDS]->(b)
SET r += row.props, r.seen = $token
