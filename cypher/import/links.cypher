UNWIND $rows AS row
MERGE (n:Link {chain: $chain, id: row.id})
SET n += row.props, n.seen = $token
