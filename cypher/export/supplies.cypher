MATCH (a:Enterprise {chain: $chain})-[r:SUPPLIES]->(b:Enterprise)
RETURN a.id AS supplier, b.id AS customer, properties(r) AS props
ORDER BY supplier, customer, r.link
