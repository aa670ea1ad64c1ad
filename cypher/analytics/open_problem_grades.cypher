MATCH (p:Problem {chain: $chain})
WHERE p.status <> 'resolved'
RETURN p.link AS link, p.grade AS grade
