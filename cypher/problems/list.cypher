MATCH (n:Problem {chain: $chain})
WHERE ($link IS NULL OR n.link = $link)
  AND ($category IS NULL OR n.category = $category)
  AND ($status IS NULL OR n.status = $status)
  AND ($grade IS NULL OR n.grade = $grade)
RETURN properties(n) AS props
ORDER BY n.severity DESC, n.id
