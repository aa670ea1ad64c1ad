UNWIND $ids AS id
MATCH (n:Event {chain: $chain, id: id})
DETACH DELETE n
