UNWIND $rows AS row
MERGE (n:Segment {chain: $chain, id: row.id})
SET n += row.props, n.seen = $token
