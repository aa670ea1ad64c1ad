CREATE INDEX FOR (n:Link) ON (n.id)
