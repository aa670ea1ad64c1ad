MATCH (k:ApiKey {id: $id})
SET k.revoked = true
RETURN k.id AS id
