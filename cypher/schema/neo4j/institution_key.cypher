CREATE CONSTRAINT institution_key IF NOT EXISTS FOR (n:Institution) REQUIRE (n.chain, n.id) IS UNIQUE
