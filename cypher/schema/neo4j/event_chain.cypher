CREATE INDEX event_chain IF NOT EXISTS FOR (n:Event) ON (n.chain)
