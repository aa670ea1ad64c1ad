CREATE INDEX link_chain IF NOT EXISTS FOR (n:Link) ON (n.chain)
