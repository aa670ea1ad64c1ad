MATCH (n:Institution {chain: $chain})
WHERE n.seen <> $token
DETACH DELETE n
