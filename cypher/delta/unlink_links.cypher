UNWIND $ids AS id
MATCH ()-[r:HAS_LINK|HAS_SUBLINK]->(:Link {chain: $chain, id: id})
DELETE r
