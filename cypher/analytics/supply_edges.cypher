MATCH (a:Enterprise {chain: $chain})-[r:SUPPLIES]->(b:Enterprise)
RETURN a.id AS supplier, b.id AS customer, r.link AS link
