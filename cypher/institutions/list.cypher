MATCH (i:Institution {chain: $chain})
RETURN properties(i) AS props
ORDER BY i.id
