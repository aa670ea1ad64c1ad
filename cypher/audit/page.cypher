MATCH (a:AuditEntry)
WHERE ($chain IS NULL OR a.chain = $chain)
  AND ($key_id IS NULL OR a.key_id = $key_id)
  AND ($action IS NULL OR a.action = $action)
  AND ($since IS NULL OR a.at >= $since)
RETURN a.id AS id, properties(a) AS props
ORDER BY a.at DESC, a.id DESC
SKIP $offset
LIMIT $limit
