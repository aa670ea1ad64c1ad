UNWIND $rows AS row
MERGE (n:Achievement {chain: $chain, id: row.id})
SET n += row.props, n.seen = $token
