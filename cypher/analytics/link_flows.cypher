MATCH (a:Link {chain: $chain})-[f:FEEDS]->(b:Link)
RETURN a.id AS from, b.id AS to
