MATCH (m:MatchCandidate {chain: $chain, incoming: $incoming, status: 'pending'})
WHERE m.id <> $id
SET m.status = 'superseded', m.resolved_at = $at, m.resolved_by = $by
