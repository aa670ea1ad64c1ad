CREATE (v:Version {chain: $chain, id: $id, seq: $seq, created_at: $created_at, author: $author, summary: $summary, counts: $counts})
RETURN v.id AS id
