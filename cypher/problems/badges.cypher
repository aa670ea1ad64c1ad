MATCH (n:Problem {chain: $chain})
RETURN n.link AS link, n.grade AS grade, n.status AS status, count(n) AS problems
ORDER BY link, grade, status
