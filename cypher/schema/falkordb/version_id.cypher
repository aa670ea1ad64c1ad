CREATE INDEX FOR (n:Version) ON (n.id)
