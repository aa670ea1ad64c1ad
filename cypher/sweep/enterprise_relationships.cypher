MATCH (n:Enterprise {chain: $chain})-[r]->()
WHERE r.seen <> $token
DELETE r
