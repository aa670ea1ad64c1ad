"""Reads of a chain from a store: the chain, its links, enterprises (paged, with partners),
institutions, health counts, the whole chain exported as a package, and existence checks
by id (a chain, the ids a chain lacks).

Imports `graph.errors`, `graph.package` and `graph.store`.
"""
