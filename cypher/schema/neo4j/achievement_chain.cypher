CREATE INDEX achievement_chain IF NOT EXISTS FOR (n:Achievement) ON (n.chain)
