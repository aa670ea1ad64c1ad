MATCH (n:Problem {chain: $chain, id: $id})<-[r:ADDRESSES|SOLVES|RELATED_TO]-(other)
RETURN type(r) AS relation, other.id AS id
ORDER BY relation, id
