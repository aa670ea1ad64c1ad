MATCH (:Enterprise)-[r:SUPPLIES]->(:Enterprise {chain: $chain, id: $id})
RETURN count(r) AS total
