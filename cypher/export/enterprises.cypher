MATCH (n:Enterprise {chain: $chain})
RETURN properties(n) AS props
ORDER BY n.id
