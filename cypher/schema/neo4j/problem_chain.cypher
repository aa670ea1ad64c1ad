CREATE INDEX problem_chain IF NOT EXISTS FOR (n:Problem) ON (n.chain)
