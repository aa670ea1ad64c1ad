"""The FastAPI application: built by `create_app(settings)`, one router per resource."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app.errors import install_error_handlers
from app.routes import (
    achievements,
    analytics,
    audit,
    chains,
    enterprises,
    evaluation,
    events,
    health,
    keys,
    matches,
    packages,
    problems,
    projects,
    versions,
)
from app.settings import Settings
from app.store import open_store, seed_if_empty
from graph.chain_analysis import AnalysisCache
from graph.models import ChainPackage
from graph.store.base import GraphStore

log = logging.getLogger("chainmap")

DESCRIPTION = """Industry-chain quality map (产业链质量图谱): chain links, enterprises, testing
institutions, quality problems and their dependencies, as a graph. Reads of public data are open;
writes need an API key (`Authorization: Bearer cm_...`)."""


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """The app; with `store` given it uses that store and leaves opening and closing to the
    caller (tests share one store between many apps)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = None if store is not None else open_store(settings)
        if opened is not None:
            opened.supervise()
        app.state.store = store if opened is None else opened.store
        app.state.analyses = AnalysisCache(app.state.store)
        try:
            if opened is not None and settings.load_seed:
                seed_if_empty(opened.store)
            yield
        finally:
            if opened is not None:
                opened.close()

    app = FastAPI(title="chainmap", version="0.1.0", description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    install_error_handlers(app)
    for module in (health, chains, enterprises, packages):
        app.include_router(module.router)
    app.include_router(problems.router)
    app.include_router(keys.router)
    app.include_router(projects.router)
    app.include_router(achievements.router)
    app.include_router(evaluation.router)
    app.include_router(versions.router)
    app.include_router(analytics.router)
    app.include_router(events.router)
    app.include_router(matches.router)
    app.include_router(audit.router)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """OpenAPI with the chain-package schema registered for the import body."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    package = ChainPackage.model_json_schema(ref_template="#/components/schemas/{model}")
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(package.pop("$defs", {}))
    components["ChainPackage"] = package
    app.openapi_schema = schema
    return schema
