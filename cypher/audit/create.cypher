CREATE (a:AuditEntry {id: $id})
SET a += $props
RETURN a.id AS id
