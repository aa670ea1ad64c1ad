MATCH (k:ApiKey)
RETURN k.id AS id, k.role AS role, k.name AS name, k.enterprise AS enterprise, k.created_at AS created_at, k.revoked AS revoked
ORDER BY k.created_at, k.id
