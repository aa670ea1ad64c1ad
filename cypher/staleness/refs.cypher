MATCH (n {chain: $chain})
WHERE n.id IN $refs AND (n:Link OR n:Enterprise OR n:Problem OR n:Institution)
RETURN n.id AS id, labels(n)[0] AS label, n.links AS links, n.serves AS serves, n.link AS link
