CREATE INDEX FOR (n:ApiKey) ON (n.id)
