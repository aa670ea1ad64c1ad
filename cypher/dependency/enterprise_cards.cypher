UNWIND $ids AS id
MATCH (e:Enterprise {chain: $chain, id: id})
RETURN e.id AS id, e.name AS name, e.links AS links, e.province AS province
