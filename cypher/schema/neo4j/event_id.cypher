CREATE INDEX event_id IF NOT EXISTS FOR (n:Event) ON (n.id)
