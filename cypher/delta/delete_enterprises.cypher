UNWIND $ids AS id
MATCH (n:Enterprise {chain: $chain, id: id})
DETACH DELETE n
