UNWIND $ids AS id
MATCH (n:Achievement {chain: $chain, id: id})
DETACH DELETE n
