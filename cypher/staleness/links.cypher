MATCH (l:Link {chain: $chain})
RETURN l.id AS id, l.name AS name
ORDER BY l.order, l.id
