UNWIND $rows AS row
MERGE (n:Institution {chain: $chain, id: row.id})
SET n += row.props, n.seen = $token
