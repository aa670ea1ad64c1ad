CREATE INDEX project_id IF NOT EXISTS FOR (n:Project) ON (n.id)
