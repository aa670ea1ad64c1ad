CREATE INDEX FOR (n:Project) ON (n.chain)
