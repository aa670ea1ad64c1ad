MATCH (a {chain: $chain})-[r]->()
WHERE r.seen <> $token
DELETE r
