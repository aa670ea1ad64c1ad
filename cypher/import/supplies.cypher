UNWIND $rows AS row
MATCH (a:Enterprise {chain: $chain, id: row.supplier})
MATCH (b:Enterprise {chain: $chain, id: row.customer})
MERGE (a)-[r:SUPPLIES {link: row.link}]->(b)
SET r += row.props, r.seen = $token
