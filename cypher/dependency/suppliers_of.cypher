UNWIND $ids AS id
MATCH (s:Enterprise)-[r:SUPPLIES]->(c:Enterprise {chain: $chain, id: id})
RETURN s.id AS supplier, c.id AS customer, r.link AS link
