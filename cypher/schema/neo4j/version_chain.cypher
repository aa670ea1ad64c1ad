CREATE INDEX version_chain IF NOT EXISTS FOR (n:Version) ON (n.chain)
