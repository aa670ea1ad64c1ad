MATCH (n:Project {chain: $chain, id: $id})
RETURN properties(n) AS props
