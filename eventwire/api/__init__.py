"""HTTP API and web page over the event store: `create_app(db)` is the ASGI app, `serve(...)` runs it."""

from .app import create_app
from .server import serve

__all__ = ["create_app", "serve"]
