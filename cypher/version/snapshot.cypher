MATCH (v:Version {chain: $chain, id: $id})
RETURN v.snapshot AS snapshot
