MATCH (m:MatchCandidate {chain: $chain})
WHERE $status IS NULL OR m.status = $status
RETURN properties(m) AS props
ORDER BY m.created_at, m.incoming, m.score DESC, m.id
