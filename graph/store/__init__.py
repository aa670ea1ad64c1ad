"""The store: the `GraphStore` port, the FalkorDB and Neo4j adapters, the embedded and local
database servers, and the query catalogue (`cypher/`, read here only).

Imports `graph.errors` only: the layers above name queries and pass parameters; they never see
a driver.
"""
