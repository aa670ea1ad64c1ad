UNWIND $rows AS row
MATCH (:Link {chain: $chain, id: row.from})-[r:FEEDS]->(:Link {chain: $chain, id: row.to})
DELETE r
