UNWIND $ids AS id
MATCH (e:Enterprise {chain: $chain, id: id})
SET e.match_status = $status
