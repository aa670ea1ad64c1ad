MATCH (n:Link {chain: $chain})
WHERE n.id IN $ids
RETURN n.id AS id
