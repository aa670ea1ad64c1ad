MATCH (l:Link {chain: $chain})
RETURN l.id AS id
ORDER BY l.order, l.id
