MATCH (n:Institution {chain: $chain})
RETURN properties(n) AS props
ORDER BY n.id
