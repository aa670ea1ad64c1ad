UNWIND $ids AS id
MATCH (n:Link {chain: $chain, id: id})
DETACH DELETE n
