UNWIND $ids AS id
MATCH (n:Problem {chain: $chain, id: id})
DETACH DELETE n
