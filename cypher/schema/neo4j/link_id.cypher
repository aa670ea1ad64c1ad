CREATE INDEX link_id IF NOT EXISTS FOR (n:Link) ON (n.id)
