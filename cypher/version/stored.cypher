MATCH (v:Version {chain: $chain, id: $id})
RETURN v.snapshot AS snapshot, v.patch AS patch, v.base AS base
