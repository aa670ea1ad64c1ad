MATCH (n:Project {chain: $chain})
WHERE n.seen <> $token
DETACH DELETE n
