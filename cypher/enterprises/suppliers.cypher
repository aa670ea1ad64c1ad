MATCH (s:Enterprise)-[r:SUPPLIES]->(e:Enterprise {chain: $chain, id: $id})
RETURN s.id AS id, s.name AS name, r.link AS link, r.basis AS basis, coalesce(s.status, 'active') AS status
ORDER BY link, id
SKIP $offset
LIMIT $limit
