MATCH (v:Version {chain: $chain})
RETURN v.id AS id, v.seq AS seq, v.created_at AS created_at
ORDER BY v.seq DESC
LIMIT 1
