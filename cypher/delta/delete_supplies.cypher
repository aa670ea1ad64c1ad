UNWIND $rows AS row
MATCH (:Enterprise {chain: $chain, id: row.supplier})-[r:SUPPLIES {link: row.link}]->(:Enterprise {chain: $chain, id: row.customer})
DELETE r
