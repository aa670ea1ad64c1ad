MATCH (a:Enterprise {chain: $chain})-[r:SUPPLIES]->(b:Enterprise)
WHERE coalesce(a.status, 'active') = 'active'
RETURN a.id AS supplier, b.id AS customer, r.link AS link
