CREATE INDEX FOR (n:Segment) ON (n.id)
