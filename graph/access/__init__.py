"""Who may do what: principals and roles, API keys, the sharing levels of achievements and
member data, and the audit log every write appends to.

Imports `graph.errors`, `graph.package` and `graph.store`.
"""
