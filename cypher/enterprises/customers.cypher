MATCH (e:Enterprise {chain: $chain, id: $id})-[r:SUPPLIES]->(c:Enterprise)
RETURN c.id AS id, c.name AS name, r.link AS link, r.basis AS basis, coalesce(c.status, 'active') AS status
ORDER BY link, id
SKIP $offset
LIMIT $limit
