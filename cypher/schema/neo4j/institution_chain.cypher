CREATE INDEX institution_chain IF NOT EXISTS FOR (n:Institution) ON (n.chain)
