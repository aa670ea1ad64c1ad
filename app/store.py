"""Opening the configured store for the service and loading the seeds it lacks."""

from __future__ import annotations

import logging

from app.settings import Settings
from graph.reads.chains import list_chains
from graph.store.base import GraphStore
from graph.store.factory import OpenStore, open_embedded, open_neo4j
from graph.versioning.importer import import_package
from seeds import SEEDS, load_seed

log = logging.getLogger("chainmap")


def open_store(settings: Settings) -> OpenStore:
    if settings.store == "neo4j":
        return open_neo4j(
            settings.neo4j_uri,
            settings.neo4j_user,
            settings.neo4j_password.get_secret_value(),
            settings.neo4j_database,
        )
    return open_embedded(settings.data_dir)


def seed_missing(store: GraphStore) -> list[str]:
    """Load each shipped seed whose chain the store does not hold (a store shared with other
    chains still gets it); returns the versions loaded."""
    held = {chain.id for chain in list_chains(store)}
    loaded = []
    for chain in SEEDS:
        if chain in held:
            continue
        result = import_package(store, load_seed(chain), author="seed", summary="seed package")
        log.info("loaded seed %s as %s", chain, result.version)
        loaded.append(result.version)
    return loaded
