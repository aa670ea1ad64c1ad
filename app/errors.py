"""Errors as RFC 9457 problem details; no stack trace ever reaches a client."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.errors import (
    AmbiguousIdError,
    ConflictError,
    InvalidPackageError,
    InvalidReferenceError,
    InvalidValueError,
    NotFoundError,
    NotReadyError,
    PreconditionFailedError,
    StoreUnavailableError,
    WriteConflictError,
)
from viz.fonts import MissingFontError

__all__ = ["install_error_handlers", "problem"]

log = logging.getLogger("chainmap")

# A restarted embedded server answers within a second or two.
STORE_RETRY_AFTER_S = 2


def problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        response = problem(exc.status_code, _title(exc.status_code), str(exc.detail))
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"path": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in exc.errors()
        ]
        return problem(422, "Invalid request", "the request does not match the API", errors=errors)

    @app.exception_handler(InvalidPackageError)
    async def bad_package(_: Request, exc: InvalidPackageError) -> JSONResponse:
        errors = [{"path": i.path, "message": i.message, **i.location()} for i in exc.issues]
        return problem(
            422,
            "Invalid chain package",
            f"{len(errors)} problem(s); nothing was written",
            errors=errors,
        )

    @app.exception_handler(InvalidReferenceError)
    async def bad_reference(_: Request, exc: InvalidReferenceError) -> JSONResponse:
        errors = [{"path": i.path, "message": i.message} for i in exc.issues]
        return problem(422, "Invalid record", f"{len(errors)} unknown reference(s)", errors=errors)

    @app.exception_handler(InvalidValueError)
    async def invalid_value(_: Request, exc: InvalidValueError) -> JSONResponse:
        return problem(422, "Invalid value", f"{exc}; nothing was written")

    @app.exception_handler(ConflictError)
    async def conflict(_: Request, exc: ConflictError) -> JSONResponse:
        return problem(409, "Conflict", str(exc))

    @app.exception_handler(WriteConflictError)
    async def collided(_: Request, exc: WriteConflictError) -> JSONResponse:
        log.info("write collided: %s", exc)
        return problem(
            409,
            "Conflict",
            "another write of this chain landed first; nothing was written, send it again",
        )

    @app.exception_handler(PreconditionFailedError)
    async def stale(_: Request, exc: PreconditionFailedError) -> JSONResponse:
        return problem(412, "Precondition failed", str(exc))

    @app.exception_handler(AmbiguousIdError)
    async def ambiguous(_: Request, exc: AmbiguousIdError) -> JSONResponse:
        return problem(400, "Bad request", str(exc))

    @app.exception_handler(NotFoundError)
    async def not_found(_: Request, exc: NotFoundError) -> JSONResponse:
        return problem(404, "Not found", str(exc.args[0]) if exc.args else "not found")

    @app.exception_handler(MissingFontError)
    async def no_font(_: Request, exc: MissingFontError) -> JSONResponse:
        log.error("static map export: %s", exc)
        return problem(503, "Font missing", str(exc))

    @app.exception_handler(StoreUnavailableError)
    async def store_down(_: Request, exc: StoreUnavailableError) -> JSONResponse:
        log.warning("store unavailable: %s", exc)
        response = problem(
            503,
            "Store unavailable",
            f"the graph database does not answer (it may be restarting); retry in "
            f"{STORE_RETRY_AFTER_S} s",
        )
        response.headers["Retry-After"] = str(STORE_RETRY_AFTER_S)
        return response

    @app.exception_handler(NotReadyError)
    async def not_ready(_: Request, exc: NotReadyError) -> JSONResponse:
        response = problem(503, "Not ready", f"{exc}; retry in {exc.retry_after} s")
        response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return problem(500, "Internal error", "the service failed to answer; see its log")


def _title(status: int) -> str:
    return {
        400: "Bad request",
        401: "Unauthorized",
        403: "Forbidden",
        404: "Not found",
        405: "Method not allowed",
        409: "Conflict",
        412: "Precondition failed",
        413: "Payload too large",
        415: "Unsupported media type",
        422: "Invalid request",
        429: "Too many requests",
    }.get(status, "Error")
