MATCH (:Enterprise)-[:SUPPLIES]->(:Enterprise {chain: $chain, id: $id})
RETURN count(*) AS total
