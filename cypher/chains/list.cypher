MATCH (c:Chain)
RETURN properties(c) AS props
ORDER BY c.id
