MATCH (n:Problem {chain: $chain, id: $id})
DETACH DELETE n
