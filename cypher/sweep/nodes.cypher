MATCH (n {chain: $chain})
WHERE n.seen <> $token AND NOT n:Version
DETACH DELETE n
