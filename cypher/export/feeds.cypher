MATCH (a:Link {chain: $chain})-[r:FEEDS]->(b:Link)
RETURN a.id AS from, b.id AS to, properties(r) AS props
ORDER BY a.id, b.id
