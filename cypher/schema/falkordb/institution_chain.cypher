CREATE INDEX FOR (n:Institution) ON (n.chain)
