CREATE CONSTRAINT enterprise_key IF NOT EXISTS FOR (n:Enterprise) REQUIRE (n.chain, n.id) IS UNIQUE
