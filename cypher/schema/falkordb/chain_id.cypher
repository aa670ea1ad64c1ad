CREATE INDEX FOR (n:Chain) ON (n.id)
