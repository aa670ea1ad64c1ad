CREATE INDEX FOR (n:Link) ON (n.chain)
