MATCH (n:Link {chain: $chain})
WHERE n.seen <> $token
DETACH DELETE n
