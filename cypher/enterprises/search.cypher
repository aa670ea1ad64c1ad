MATCH (e:Enterprise {chain: $chain})
WHERE e.id = $q
   OR e.name CONTAINS $q
   OR toLower(coalesce(e.name_en, '')) CONTAINS toLower($q)
RETURN e.id AS id, e.name AS name, e.name_en AS name_en, e.province AS province,
       e.tier AS tier, e.role AS role, e.links AS links
ORDER BY size(e.name), e.id
LIMIT $limit
