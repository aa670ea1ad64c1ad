MATCH (c:Chain {id: $chain})
MERGE (n:Project {chain: $chain, id: $id})
SET n += $props, n.seen = coalesce(n.seen, $token)
RETURN n.id AS id
