UNWIND $rows AS row
MERGE (n:Event {chain: $chain, id: row.id})
SET n += row.props, n.seen = $token
