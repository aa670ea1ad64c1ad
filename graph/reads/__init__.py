"""Reads of a chain from a store: the chain, its links, enterprises (paged, with partners),
institutions, health counts, and the whole chain exported as a package.

Imports `graph.errors`, `graph.package` and `graph.store`.
"""
