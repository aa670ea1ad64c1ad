CREATE (k:ApiKey {id: $id, hash: $hash, role: $role, name: $name, enterprise: $enterprise, created_at: $created_at, revoked: false})
RETURN k.id AS id
