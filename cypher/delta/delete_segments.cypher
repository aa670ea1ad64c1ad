UNWIND $ids AS id
MATCH (n:Segment {chain: $chain, id: id})
DETACH DELETE n
