CREATE CONSTRAINT achievement_key IF NOT EXISTS FOR (n:Achievement) REQUIRE (n.chain, n.id) IS UNIQUE
