CREATE INDEX segment_chain IF NOT EXISTS FOR (n:Segment) ON (n.chain)
