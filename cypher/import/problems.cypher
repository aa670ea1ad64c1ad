UNWIND $rows AS row
MERGE (n:Problem {chain: $chain, id: row.id})
SET n += row.props, n.seen = $token
