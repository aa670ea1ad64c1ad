MATCH (e:Enterprise {chain: $chain})
WHERE ($province IS NULL OR e.province = $province)
  AND ($tier IS NULL OR e.tier = $tier)
  AND ($role IS NULL OR e.role = $role)
  AND ($link IS NULL OR $link IN e.links)
WITH e
ORDER BY e.id
SKIP $offset
LIMIT $limit
RETURN properties(e) AS props
