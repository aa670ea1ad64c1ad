MATCH (:Enterprise {chain: $chain, id: $id})-[:SUPPLIES]->(:Enterprise)
RETURN count(*) AS total
