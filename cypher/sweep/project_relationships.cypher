MATCH (n:Project {chain: $chain})-[r]->()
WHERE r.seen <> $token
DELETE r
