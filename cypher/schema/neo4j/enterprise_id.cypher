CREATE INDEX enterprise_id IF NOT EXISTS FOR (n:Enterprise) ON (n.id)
