MATCH (n:Problem {chain: $chain})-[r]->()
WHERE r.seen <> $token
DELETE r
