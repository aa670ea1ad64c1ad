CREATE INDEX FOR (n:AuditEntry) ON (n.at)
