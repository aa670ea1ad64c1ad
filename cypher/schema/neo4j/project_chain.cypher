CREATE INDEX project_chain IF NOT EXISTS FOR (n:Project) ON (n.chain)
