MATCH (a)-[r]->(b)
WHERE a.chain = $chain OR (a:Chain AND a.id = $chain)
RETURN labels(a)[0] AS from_label, a.id AS from_id, type(r) AS type, labels(b)[0] AS to_label, b.id AS to_id, properties(r) AS props
