UNWIND $ids AS id
MATCH (n:Project {chain: $chain, id: id})
DETACH DELETE n
