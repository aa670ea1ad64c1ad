MATCH (n:Segment {chain: $chain})-[r]->()
WHERE r.seen <> $token
DELETE r
