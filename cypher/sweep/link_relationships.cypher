MATCH (n:Link {chain: $chain})-[r]->()
WHERE r.seen <> $token
DELETE r
