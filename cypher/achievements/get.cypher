MATCH (n:Achievement {chain: $chain, id: $id})
RETURN properties(n) AS props
