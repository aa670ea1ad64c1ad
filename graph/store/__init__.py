"""The GraphStore port and its two adapters (embedded FalkorDB, Neo4j)."""
