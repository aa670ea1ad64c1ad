MATCH (n:Problem {chain: $chain})
RETURN properties(n) AS props
ORDER BY n.id
