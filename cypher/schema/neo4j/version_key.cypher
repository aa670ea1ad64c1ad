CREATE CONSTRAINT version_key IF NOT EXISTS FOR (n:Version) REQUIRE (n.chain, n.id) IS UNIQUE
