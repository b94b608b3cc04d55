"""detente: news in, coded international events out.

    >>> import detente
    >>> events = detente.code_text(text, published="2024-03-15")

`Pipeline` codes many articles with its models loaded once; `Store` is the DuckDB database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import DataTableError, DetenteError, InputError, StoreError
from .models import Actor, Event, Location, RawArticle, Reject
from .store import EventFilter, Store

if TYPE_CHECKING:
    from .coding.pipeline import Pipeline, code_text

__all__ = [
    "code_text",
    "Pipeline",
    "Store",
    "EventFilter",
    "Event",
    "Actor",
    "Location",
    "RawArticle",
    "Reject",
    "DetenteError",
    "InputError",
    "DataTableError",
    "StoreError",
]


def __getattr__(name: str) -> Any:
    # the coder imports spaCy (over a second): only when it is asked for, so that reading
    # the database (`detente events`) starts at once
    if name in ("Pipeline", "code_text"):
        from .coding import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'detente' has no attribute {name!r}")
