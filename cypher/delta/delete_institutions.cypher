UNWIND $ids AS id
MATCH (n:Institution {chain: $chain, id: id})
DETACH DELETE n
