UNWIND $rows AS row
MERGE (a:Enterprise {chain: $chain, id: row.supplier})
MERGE (b:Enterprise {chain: $chain, id: row.customer})
MERGE (a)-[r:SUPPLIES {link: row.link}]->(b)
SET r += row.props, r.seen = $token
