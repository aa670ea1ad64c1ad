CREATE INDEX FOR (n:Segment) ON (n.chain)
