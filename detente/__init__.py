"""detente: news in, coded international events out.

    >>> import detente
    >>> events = detente.code_text(text, published="2024-03-15")

`Pipeline` codes many articles with its models loaded once; `Store` is the DuckDB database.
"""

from .errors import DataTableError, DetenteError, InputError, StoreError
from .models import Actor, Event, Location, RawArticle, Reject
from .pipeline import Pipeline, code_text
from .store import EventFilter, Store

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
