"""What a planner looks at: the view models of the layered map and the static overview, the
layered layout and the timeline, all pure functions of a package; `chain_views` is the one
module that reads the store, and composes them with sharing, staleness and versions.

Imports any layer below it; nothing in `graph` imports it.
"""
