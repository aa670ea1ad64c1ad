MATCH (e:Enterprise {chain: $chain})
RETURN e.id AS id, e.name AS name, e.province AS province, e.city AS city, e.county AS county, e.town AS town
