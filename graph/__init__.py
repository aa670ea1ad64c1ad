"""The domain of chainmap, in layers; each may import only from the layers listed before it.

1. `graph.errors`: the error family every layer raises.
2. `graph.package`: the chain package, pure (no store): models, formats, diff, patches.
3. `graph.store`: the port, its two adapters and the query catalogue.
4. `graph.access`: principals and roles, keys, sharing levels, the audit log.
5. `graph.reads`: chains, links and enterprises read from a store; a chain as a package.
6. `graph.versioning`: every write, as a version with its snapshot, diff and audit entry.
7. `graph.libraries`: the problem, project, achievement and event libraries; evaluation.
8. `graph.analytics`: bottlenecks, dependency paths and disruption impact over the supply graph.
9. `graph.views`: the map and overview view models and their layout.

See docs/architecture.md.
"""
