CREATE INDEX institution_id IF NOT EXISTS FOR (n:Institution) ON (n.id)
