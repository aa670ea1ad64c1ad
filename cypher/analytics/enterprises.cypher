MATCH (e:Enterprise {chain: $chain})
RETURN e.id AS id, e.name AS name, e.links AS links, e.province AS province, e.tier AS tier, e.role AS role
