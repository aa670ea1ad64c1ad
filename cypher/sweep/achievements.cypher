MATCH (n:Achievement {chain: $chain})
WHERE n.seen <> $token
DETACH DELETE n
