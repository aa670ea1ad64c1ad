CREATE INDEX version_id IF NOT EXISTS FOR (n:Version) ON (n.id)
