MATCH (n:Problem {chain: $chain, id: $id})
RETURN properties(n) AS props
