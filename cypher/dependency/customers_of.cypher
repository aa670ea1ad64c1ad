UNWIND $ids AS id
MATCH (s:Enterprise {chain: $chain, id: id})-[r:SUPPLIES]->(c:Enterprise)
RETURN s.id AS supplier, c.id AS customer, r.link AS link
