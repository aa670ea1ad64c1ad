CREATE CONSTRAINT project_key IF NOT EXISTS FOR (n:Project) REQUIRE (n.chain, n.id) IS UNIQUE
