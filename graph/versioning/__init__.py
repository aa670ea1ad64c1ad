"""Every write of chain data, as a version: write statements, delta writes, the importer,
snapshots and the baseline cache, edits, reading and comparing versions, intake with entity
matching, and link staleness.

Imports the layers below it (errors, package, store, access, reads); never a library or a view.
"""
