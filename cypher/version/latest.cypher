MATCH (v:Version {chain: $chain})
RETURN v.id AS id, v.seq AS seq, v.created_at AS created_at, coalesce(v.patch_depth, 0) AS depth
ORDER BY v.seq DESC
LIMIT 1
