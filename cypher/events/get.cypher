MATCH (n:Event {chain: $chain, id: $id})
RETURN properties(n) AS props
