"""The chain package, pure: models, JSON and CSV forms with their checks, record ↔ property
translation, package diffs, version patches and the Annex D severity.

Imports only `graph.errors` and the standard and third-party libraries: nothing here touches a
store, so every other layer can use it.
"""
