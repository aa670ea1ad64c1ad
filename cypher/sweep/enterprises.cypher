MATCH (n:Enterprise {chain: $chain})
WHERE n.seen <> $token
DETACH DELETE n
