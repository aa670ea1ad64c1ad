MATCH (:Enterprise {chain: $chain, id: $id})-[r:SUPPLIES]->(:Enterprise)
RETURN count(r) AS total
