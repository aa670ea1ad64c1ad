CREATE INDEX FOR (n:Project) ON (n.id)
