MATCH (n:Link {chain: $chain})
RETURN properties(n) AS props
ORDER BY n.order, n.id
