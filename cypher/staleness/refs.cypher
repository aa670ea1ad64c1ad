MATCH (n:Link {chain: $chain})
WHERE n.id IN $refs
RETURN n.id AS id, 'Link' AS label, n.links AS links, n.serves AS serves, n.link AS link
UNION ALL
MATCH (n:Enterprise {chain: $chain})
WHERE n.id IN $refs
RETURN n.id AS id, 'Enterprise' AS label, n.links AS links, n.serves AS serves, n.link AS link
UNION ALL
MATCH (n:Problem {chain: $chain})
WHERE n.id IN $refs
RETURN n.id AS id, 'Problem' AS label, n.links AS links, n.serves AS serves, n.link AS link
UNION ALL
MATCH (n:Institution {chain: $chain})
WHERE n.id IN $refs
RETURN n.id AS id, 'Institution' AS label, n.links AS links, n.serves AS serves, n.link AS link
