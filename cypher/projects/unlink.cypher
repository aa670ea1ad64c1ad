MATCH (n:Project {chain: $chain, id: $id})-[r]-()
WHERE type(r) IN ['ADDRESSES', 'LEADS', 'JOINS']
DELETE r
