CREATE CONSTRAINT problem_key IF NOT EXISTS FOR (n:Problem) REQUIRE (n.chain, n.id) IS UNIQUE
