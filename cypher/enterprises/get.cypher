MATCH (e:Enterprise {id: $id})
WHERE $chain IS NULL OR e.chain = $chain
RETURN e.chain AS chain, properties(e) AS props
