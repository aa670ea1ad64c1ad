MATCH (n:Event {chain: $chain})
WHERE n.seen <> $token
DETACH DELETE n
