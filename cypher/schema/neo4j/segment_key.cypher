CREATE CONSTRAINT segment_key IF NOT EXISTS FOR (n:Segment) REQUIRE (n.chain, n.id) IS UNIQUE
