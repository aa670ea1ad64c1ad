"""The chain quality report a bureau hands over (docs/views.md, Chain quality report): its
sections gathered from the views, the libraries, the analytics, the evaluation and the
versions' diff, cut to what the reader may see; `chain_report` is the one module that reads
the store, the section builders are pure.

Imports any layer below it; nothing in `graph` imports it.
"""
