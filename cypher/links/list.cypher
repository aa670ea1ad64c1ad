MATCH (l:Link {chain: $chain})
OPTIONAL MATCH (e:Enterprise)-[r:IN_LINK]->(l)
WITH l, count(r) AS enterprises
RETURN properties(l) AS props, enterprises
ORDER BY l.order, l.id
