MATCH (m:MatchCandidate {chain: $chain, id: $id})
SET m.status = $status, m.resolved_at = $at, m.resolved_by = $by
RETURN m.id AS id
