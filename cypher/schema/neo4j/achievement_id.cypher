CREATE INDEX achievement_id IF NOT EXISTS FOR (n:Achievement) ON (n.id)
