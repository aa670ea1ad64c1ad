UNWIND $rows AS row
CREATE (m:MatchCandidate {chain: $chain, id: row.id})
SET m += row.props
