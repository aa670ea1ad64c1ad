CREATE INDEX enterprise_chain IF NOT EXISTS FOR (n:Enterprise) ON (n.chain)
