"""The three libraries and the event log of a chain: problems (with the Annex C table),
breakthrough projects, shared achievements and monitoring events, all kept by one record
library (`records`), and the chain evaluation.

Every write is an edit of the chain package through `graph.versioning`. Imports the layers
below it; never analytics or views.
"""
