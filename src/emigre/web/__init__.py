"""The web dashboard and JSON API: an ASGI app over the store, served by uvicorn."""

from emigre.web.app import create_app
from emigre.web.config import WebConfig

__all__ = ["WebConfig", "create_app"]
