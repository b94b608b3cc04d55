"""The database: where coded articles, events, incidents and rejects are kept.

An embedded DuckDB file by default, or a PostgreSQL server (a postgresql:// URL): the same
tables and queries on both. Import from here; the modules inside may move.
"""

from .database import (
    ARTICLE_COLUMNS,
    DEFAULT_DB,
    EVENT_COLUMNS,
    TABLES,
    EventFilter,
    Store,
    StoredArticle,
    event_from_row,
    event_row,
    reject_id,
)

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
]
