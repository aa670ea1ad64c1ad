MATCH (n:Project {chain: $chain})
WHERE n.id IN $ids
RETURN n.id AS id, n.status AS status
