"""`detente serve`: the REST API and the dashboard, thin over the library."""

from .api import create_app

__all__ = ["create_app"]
