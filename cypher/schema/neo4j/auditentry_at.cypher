CREATE INDEX audit_at IF NOT EXISTS FOR (n:AuditEntry) ON (n.at)
