MATCH (n:Institution {chain: $chain})-[r]->()
WHERE r.seen <> $token
DELETE r
