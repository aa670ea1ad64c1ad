MATCH (n:Project {chain: $chain})
WHERE ($status IS NULL OR n.status = $status)
  AND ($problem IS NULL OR $problem IN n.problems)
RETURN properties(n) AS props
ORDER BY n.id
