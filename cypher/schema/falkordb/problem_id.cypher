CREATE INDEX FOR (n:Problem) ON (n.id)
