MATCH (n {chain: $chain})
WHERE n.seen <> $token AND NOT n:Version AND NOT n:MatchCandidate AND NOT n:AuditEntry
DETACH DELETE n
