CREATE (v:Version {chain: $chain, id: $id})
SET v += $props
RETURN v.id AS id
