MATCH (n:Achievement {chain: $chain})
RETURN properties(n) AS props
ORDER BY n.id
