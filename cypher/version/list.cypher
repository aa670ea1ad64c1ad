MATCH (v:Version {chain: $chain})
RETURN v.id AS id, v.seq AS seq, v.created_at AS created_at, v.author AS author, v.summary AS summary, v.counts AS counts, v.changes AS changes, v.touched_links AS touched_links, v.touched_events AS touched_events, v.snapshot_chars AS snapshot_chars, v.stored_as AS stored_as
ORDER BY v.seq
