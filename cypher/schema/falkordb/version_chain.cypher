CREATE INDEX FOR (n:Version) ON (n.chain)
