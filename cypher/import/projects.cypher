UNWIND $rows AS row
MERGE (n:Project {chain: $chain, id: row.id})
SET n += row.props, n.seen = $token
