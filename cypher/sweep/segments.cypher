MATCH (n:Segment {chain: $chain})
WHERE n.seen <> $token
DETACH DELETE n
