MATCH (n:Project {chain: $chain})
RETURN properties(n) AS props
ORDER BY n.id
