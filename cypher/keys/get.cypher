MATCH (k:ApiKey {id: $id})
RETURN k.id AS id, k.hash AS hash, k.role AS role, k.name AS name, k.enterprise AS enterprise, k.revoked AS revoked
