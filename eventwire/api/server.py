"""`eventwire serve`: run the API and the page on uvicorn."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..errors import UsageError
from ..settings import Settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
# How a worker process learns which database to serve (uvicorn starts workers from an import string).
DB_VARIABLE = "EVENTWIRE_SERVE_DB"
# Reads are short: past a few processes they wait on the database's disk, not on the CPU.
MAX_DEFAULT_WORKERS = 4


def worker_app():  # noqa: ANN201 - FastAPI
    """Return the read-only app for one of several worker processes (the database from the environment)."""
    from .app import create_app

    return create_app(os.environ[DB_VARIABLE])


def serve(
    db: str,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    ingest_token: str | None = None,
    settings: Settings | None = None,
    workers: int | None = None,
) -> None:
    """Serve the database over HTTP until interrupted; POST ingest only when an ingest token is given.

    Several worker processes share the port (reads scale over cores); they serve read-only. By default
    one per core (at most MAX_DEFAULT_WORKERS), or one when ingesting.
    """
    import uvicorn

    from .app import create_app

    is_file = "://" not in str(db)
    if is_file and not ingest_token and not Path(db).exists():
        raise UsageError(
            f"--db: {db} does not exist; run `eventwire ingest PATH --db {db}` first, "
            "or start with --ingest-token to receive documents"
        )
    if ingest_token is not None and len(ingest_token) < 8:
        raise UsageError("--ingest-token: use at least 8 characters (anyone who has it can write)")
    if workers is None:
        workers = 1 if ingest_token else min(MAX_DEFAULT_WORKERS, os.cpu_count() or 1)
    if workers < 1 or (workers > 1 and ingest_token):
        raise UsageError("--workers: give 1 or more, and 1 with --ingest-token (ingests run in one process)")
    from ..store import open_store

    # create the database (ingesting) or upgrade an older one (reading: once here, not in every worker)
    open_store(db, readonly=not ingest_token).close()
    shown = f"[{host}]" if ":" in host else host
    print(
        f"eventwire: serving {db} at http://{shown}:{port}/ (API docs at /docs"
        f"{', ingest at POST /api/documents' if ingest_token else ', read-only'}"
        f"{f', {workers} processes' if workers > 1 else ''}); Ctrl-C stops",
        file=sys.stderr,
    )
    options = {"host": host, "port": port, "log_level": "warning", "access_log": False}
    if workers > 1:
        os.environ[DB_VARIABLE] = str(db)
        uvicorn.run("eventwire.api.server:worker_app", factory=True, workers=workers, **options)
    else:
        uvicorn.run(create_app(db, ingest_token, settings), **options)
