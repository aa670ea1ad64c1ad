CREATE INDEX FOR (n:Event) ON (n.chain)
