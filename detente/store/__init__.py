"""The database: where coded articles, events, incidents and rejects are kept.

An embedded DuckDB file by default, or a PostgreSQL server (a postgresql:// URL): the same
tables and queries on both. Import from here; the modules inside may move.
"""

from .database import DEFAULT_DB, Store
from .filters import EventFilter
from .rows import (
    StoredArticle,
    event_from_row,
    event_row,
    history_from_row,
    history_rows,
    reject_id,
    series_from_row,
    series_rows,
)
from .schema import ARTICLE_COLUMNS, EVENT_COLUMNS, TABLES

__all__ = [
    "Store",
    "StoredArticle",
    "EventFilter",
    "DEFAULT_DB",
    "TABLES",
    "EVENT_COLUMNS",
    "ARTICLE_COLUMNS",
    "event_row",
    "event_from_row",
    "reject_id",
    "series_rows",
    "history_rows",
    "series_from_row",
    "history_from_row",
]
