CREATE INDEX FOR (n:Enterprise) ON (n.chain)
