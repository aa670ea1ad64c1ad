CREATE INDEX problem_id IF NOT EXISTS FOR (n:Problem) ON (n.id)
