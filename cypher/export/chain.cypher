MATCH (c:Chain {id: $chain})
RETURN properties(c) AS props
