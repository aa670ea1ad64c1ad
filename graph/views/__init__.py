"""What a planner looks at: the interactive map's skeleton and the static overview, the links'
reading order and the timeline, all pure functions of a package; `chain_views` is the one
module that reads the store, and composes them with sharing, staleness and versions.

Imports any layer below it; of `graph`, only `graph.reports` imports it.
"""
