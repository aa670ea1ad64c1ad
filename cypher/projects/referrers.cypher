MATCH (n:Project {chain: $chain, id: $id})<-[r:FROM]-(a:Achievement)
RETURN a.id AS id
ORDER BY id
