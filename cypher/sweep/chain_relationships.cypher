MATCH (n:Chain {id: $chain})-[r]->()
WHERE r.seen <> $token
DELETE r
