CREATE INDEX FOR (n:Achievement) ON (n.chain)
