"""The web console at /console (docs/console.md): server-rendered pages over the same `graph/`
services as the API, for people who do not write curl.

Sign-in takes an API key and keeps a signed session cookie (`app.console.session`); roles and
sharing levels are exactly the API's. Templates and static files ship inside this package, so
the console works offline.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app.console import (
    achievements,
    auth,
    dashboard,
    events,
    intake,
    problems,
    projects,
    versions,
)
from app.console.session import Sessions
from app.console.staging import Staging
from app.settings import Settings

__all__ = ["install_console"]

STATIC = Path(__file__).parent / "static"


def install_console(app: FastAPI, settings: Settings) -> None:
    """Mount the console's pages and static files on `app`."""
    app.state.console_sessions = Sessions(
        settings.session_secret.get_secret_value(), settings.session_hours
    )
    app.mount("/console/static", StaticFiles(directory=STATIC), name="console-static")
    app.state.console_staging = Staging()
    for module in (auth, dashboard, problems, projects, intake, achievements, events, versions):
        app.include_router(module.router)
    app.include_router(auth.fallback)
