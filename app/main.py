"""The FastAPI application: built by `create_app(settings)`, one router per resource."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app.answers import AnswerFront, Answers
from app.console import install_console
from app.deps import OPTIONAL_KEY, REQUIRED_KEY
from app.errors import install_error_handlers
from app.ratelimit import RateLimitMiddleware
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
    map_data,
    maps,
    matches,
    packages,
    problems,
    projects,
    reports,
    versions,
)
from app.schemas import ProblemDetails
from app.settings import Settings
from app.store import open_store, seed_missing
from graph.analytics.chain_analysis import AnalysisCache
from graph.package.models import ChainPackage
from graph.reads.chains import list_chains
from graph.store.base import GraphStore
from graph.versioning.latest import LatestVersions

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
        app.state.latest = LatestVersions(app.state.store)
        app.state.analyses = AnalysisCache(app.state.store, latest=app.state.latest)
        app.state.answers = Answers()
        app.state.recent_counts = health.RecentCounts()
        app.state.heavy_slots = threading.BoundedSemaphore(1)
        try:
            if opened is not None and settings.load_seed:
                seed_missing(opened.store)
            if opened is not None:
                _warm(app.state.analyses, opened.store)
            yield
        finally:
            if opened is not None:
                opened.close()

    app = FastAPI(title="chainmap", version="0.1.0", description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    install_error_handlers(app)
    app.add_middleware(AnswerFront)  # inside the rate limit: kept answers count as requests
    if settings.rate_per_minute:
        app.add_middleware(RateLimitMiddleware, per_minute=settings.rate_per_minute)
    for module in (health, chains, enterprises, packages):
        app.include_router(module.router)
    app.include_router(problems.router)
    app.include_router(keys.router)
    app.include_router(projects.router)
    app.include_router(achievements.router)
    app.include_router(evaluation.router)
    app.include_router(versions.router)
    app.include_router(analytics.router)
    app.include_router(maps.router)
    app.include_router(map_data.router)
    app.include_router(reports.router)
    app.include_router(events.router)
    app.include_router(matches.router)
    app.include_router(audit.router)
    install_console(app, settings)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _warm(analyses: AnalysisCache, store: GraphStore) -> None:
    """Start loading the analyses of the first chains, so that a restart costs no first
    request the load (requests meanwhile get 503 with Retry-After, see AnalysisCache)."""
    for chain in list_chains(store)[: analyses.max_chains]:
        analyses.warm(chain.id)


def _openapi(app: FastAPI) -> dict[str, Any]:
    """OpenAPI with the chain-package schema registered for the import body."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    package = ChainPackage.model_json_schema(ref_template="#/components/schemas/{model}")
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, definition in {**package.pop("$defs", {}), "ChainPackage": package}.items():
        # Two models of one name would silently describe one body with the other's schema
        # (one model's request and response forms differ in details only, not in fields).
        fields = set(components.get(name, definition).get("properties", {}))
        if fields != set(definition.get("properties", {})):
            raise RuntimeError(f"two schemas are named {name!r}; rename one of the models")
        components[name] = definition
    _document_problems(schema, components)
    _document_optional_keys(schema)
    app.openapi_schema = schema
    return schema


# Any operation may answer these; other errors are covered by `default`.
EVERY_OPERATION_ERRORS = {
    "422": "the request does not match the API (every error with its path)",
    "429": "over the client's request rate; see Retry-After",
    "503": "the graph database does not answer; see Retry-After",
}


def _document_problems(schema: dict[str, Any], components: dict[str, Any]) -> None:
    """Errors are RFC 9457 problem details: say so for every operation."""
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    components["ProblemDetails"] = ProblemDetails.model_json_schema()
    body = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}}
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for status, meaning in EVERY_OPERATION_ERRORS.items():
                responses[status] = {"description": meaning, "content": body}
            responses["default"] = {"description": "an error, as problem details", "content": body}


def _document_optional_keys(schema: dict[str, Any]) -> None:
    """One bearer scheme; operations that read a key without requiring a role also answer
    without one (`security: [{}, ...]`). app.deps names the two uses apart for this."""
    components = schema.setdefault("components", {})
    schemes = components.setdefault("securitySchemes", {})
    bearer = schemes.pop(OPTIONAL_KEY, None)
    schemes.pop(REQUIRED_KEY, None)
    if bearer is None:
        return
    schemes["HTTPBearer"] = bearer
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            names = {name for requirement in operation.get("security", []) for name in requirement}
            if REQUIRED_KEY in names:
                operation["security"] = [{"HTTPBearer": []}]
            elif OPTIONAL_KEY in names:
                operation["security"] = [{}, {"HTTPBearer": []}]
