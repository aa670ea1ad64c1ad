MATCH (n:Event {chain: $chain})-[r]->()
WHERE r.seen <> $token
DELETE r
