MATCH (n:Problem {chain: $chain})
WHERE n.seen <> $token
DETACH DELETE n
