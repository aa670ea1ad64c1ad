MATCH (n:Achievement {chain: $chain})-[r]->()
WHERE r.seen <> $token
DELETE r
