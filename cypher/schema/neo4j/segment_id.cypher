CREATE INDEX segment_id IF NOT EXISTS FOR (n:Segment) ON (n.id)
