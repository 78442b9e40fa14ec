"""One JSON error envelope for every error the API returns (pinned by tests/test_api.py).

    {"error": {"status": 400, "code": "bad_request", "message": "since: '2020-13-01' is not a date; use
     YYYY-MM-DD", "field": "since"}}

Our UsageError messages start with the name of the field at fault (`since: ...`); the envelope names
it in `field`, using the API's parameter name (`q`, not the CLI's `text`).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import EventwireError, StoreError, UsageError
from .schema import ErrorEnvelope

log = logging.getLogger("eventwire.api")

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    503: "unavailable",
    500: "server_error",
}
# CLI option names that the API calls differently
API_NAMES = {"text": "q"}
FILTER_FIELDS = (
    "since",
    "until",
    "country",
    "type",
    "actor",
    "near",
    "text",
    "limit",
    "sort",
    "cursor",
    "bbox",
)

# The `responses=` entry for routes, so the OpenAPI schema documents the envelope.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorEnvelope, "description": "invalid parameter (named in `error.field`)"},
    404: {"model": ErrorEnvelope, "description": "no such record"},
}


class ApiError(Exception):
    """An error with its HTTP status, returned in the envelope."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field


def error_response(
    status: int, message: str, field: str | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """Return the envelope as a JSON response."""
    body = {
        "error": {"status": status, "code": CODES.get(status, "error"), "message": message, "field": field}
    }
    return JSONResponse(body, status_code=status, headers=headers)


def field_of(message: str) -> str | None:
    """Return the API parameter named at the start of a UsageError message, if any."""
    head = message.split(":", 1)[0].strip().lstrip("-")
    return API_NAMES.get(head, head) if head in FILTER_FIELDS else None


def _validation_message(exc: RequestValidationError) -> tuple[str, str | None]:
    first = exc.errors()[0] if exc.errors() else {}
    loc = [str(part) for part in first.get("loc", ()) if part not in ("query", "path", "body")]
    name = loc[0] if loc else None
    where = ".".join(loc) or "request"
    return f"{where}: {first.get('msg', 'invalid value')}", name


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into the envelope."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return error_response(exc.status, exc.message, exc.field, headers)

    @app.exception_handler(UsageError)
    async def _usage(request: Request, exc: UsageError) -> JSONResponse:
        message, name = str(exc), field_of(str(exc))
        head = message.split(":", 1)[0]
        if head in API_NAMES:  # say `q: ...`, as the client called it
            message = API_NAMES[head] + message[len(head) :]
        return error_response(400, message, name)

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> JSONResponse:
        return error_response(503, str(exc))

    @app.exception_handler(EventwireError)
    async def _eventwire(request: Request, exc: EventwireError) -> JSONResponse:
        return error_response(500, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        message, name = _validation_message(exc)
        return error_response(400, message, name)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else CODES.get(exc.status_code, "error")
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page or API route: {request.url.path}; the API is described at /docs"
        return error_response(exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("error serving %s", request.url.path)
        return error_response(500, f"internal error ({type(exc).__name__}); the server log has the details")
