UNWIND $rows AS row
MERGE (n:Enterprise {chain: $chain, id: row.id})
SET n += row.props, n.seen = $token
