MERGE (c:Chain {id: $chain})
SET c += $props, c.seen = $token
