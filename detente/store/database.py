"""The event database: an embedded DuckDB file by default, or a PostgreSQL server.

    Store("detente.duckdb")                           a DuckDB file (made when missing)
    Store("postgresql://user:pw@host:5432/dbname")    PostgreSQL: the same tables and queries

The tables are in schema.py; rows ⇄ records in rows.py; filters in filters.py; linking
articles to syndication groups and events to incidents in linking.py. This module opens,
creates and migrates the database, writes batches and reads them back.

Writes are idempotent: an article already stored is never coded again, an event id is a hash
of where it came from and what it says, and a reject is keyed by its input and reason. Each
batch of articles is written in one transaction, so an interrupted run leaves whole articles.
The SQL is written once; what differs between DuckDB and PostgreSQL is in dialects.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..models import Event, HistoryMention, Incident, Reject, SeriesMention
from . import dialects, incidents
from .filters import EventFilter, actor_match, filter_sql, page_sql
from .linking import Linker
from .rows import (
    StoredArticle,
    actor_rows,
    article_row,
    event_from_row,
    event_row,
    history_from_row,
    history_rows,
    reject_id,
    series_from_row,
    series_rows,
)
from .schema import ADDED_COLUMNS, ADDED_TABLES, ARTICLE_COLUMNS, EVENT_COLUMNS, TABLES, schema

__all__ = ["Store", "DEFAULT_DB"]

DEFAULT_DB = "detente.duckdb"


class Store:
    """A detente database: a DuckDB file, or a PostgreSQL server given as a postgresql:// URL.
    Use as a context manager, or call close()."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> None:
        self.db = dialects.connect(path, read_only=read_only)
        self.path = self.db.name  # for messages: the file, or the URL with its password masked
        self.linker = Linker(self)
        try:
            if read_only:
                self._check_tables()
            else:
                self._create_tables()
        except self.db.errors as exc:
            self.db.close()
            raise StoreError(f"{self.path}: cannot open the database: {dialects.one_line(exc)}") from exc
        except StoreError:
            self.db.close()
            raise

    def _create_tables(self) -> None:
        "The tables, and on a database made by an older release the columns added since."
        self.execute(schema(self.db.declared_type))
        for statement in self.db.indexes:
            self.execute(statement)
        present = {
            (table, column)
            for table, column in self.execute(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()"
            ).fetchall()
        }
        for table, column, kind in ADDED_COLUMNS:
            if (table, column) not in present:
                self.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {self.db.declared_type(kind)}")

    def _check_tables(self) -> None:
        "A database opened to read must hold detente's tables (an older release's lacks the added ones)."
        if not set(TABLES) - set(ADDED_TABLES) <= self._present_tables():
            schema_name = self.execute("SELECT current_schema()").fetchone()[0]
            raise StoreError(
                f"{self.path}: no detente tables in schema {schema_name}; create them with: detente code PATH --db {self.path}"
            )

    def _present_tables(self) -> set[str]:
        found = self.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
        return {row[0] for row in found.fetchall()}

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @property
    def con(self) -> Any:
        "The driver's connection (opened again if it was released)."
        return self.db.con

    def release(self) -> None:
        """Let other processes at a DuckDB file until the next read or write (it opens again
        then): the API does after each request. A no-op on PostgreSQL."""
        self.db.release()

    def release_if_asked(self) -> None:
        "As `release`, if another process is waiting for the file: a writer's pause between batches."
        self.db.release_if_asked()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement on either database: `?` placeholders, SQL both read (a list
        parameter is `IN (SELECT unnest(?::VARCHAR[]))`, a list aggregate `array_agg`)."""
        return self.db.execute(sql, params)

    # --- writing

    def known_articles(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        if not ids:
            return set()
        rows = self.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]).fetchall()
        return {row[0] for row in rows}

    def add(self, articles: Sequence[StoredArticle], rejects: Sequence[Reject] = ()) -> None:
        "Store a batch of coded articles and rejects in one transaction (all or nothing)."
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        signatures = {a.id: incidents.signature(a.raw.text) for a in articles}
        events = [event for a in articles for event in a.events]
        event_rows = [event_row(event) for event in events]
        actors = actor_rows(events)
        # one row per key: PostgreSQL refuses to update a row twice in one statement
        reject_rows = list({reject_id(r): (reject_id(r), r.input, r.reason, now) for r in rejects}.values())
        try:
            with self.db.transaction():
                self.db.lock_writers()
                syndication = self.linker.syndication()
                article_rows = [
                    article_row(a, now, syndication.group_of(a.id, signatures[a.id]), signatures[a.id])
                    for a in articles
                ]
                self.insert("articles", article_rows, "ON CONFLICT DO NOTHING", ARTICLE_COLUMNS)
                self.insert("events", event_rows, "ON CONFLICT DO NOTHING", EVENT_COLUMNS)
                self.insert("event_actors", actors, "ON CONFLICT DO NOTHING")
                self.insert("series_mentions", [row for a in articles for row in series_rows(a)], "ON CONFLICT DO NOTHING")
                self.insert("series_history", [row for a in articles for row in history_rows(a)], "ON CONFLICT DO NOTHING")
                self.linker.link(events)
                self.insert("rejects", reject_rows, "ON CONFLICT (id) DO UPDATE SET rejected_at = excluded.rejected_at")
                self.linker.stored()
        except BaseException as exc:
            self.linker.forget()  # it may index articles this batch did not store
            if isinstance(exc, self.db.errors):
                raise StoreError(
                    f"{self.path}: writing a batch of {len(articles)} articles failed: {dialects.one_line(exc)}"
                ) from exc
            raise

    def insert(
        self, table: str, rows: Sequence[tuple[Any, ...]], conflict: str = "", columns: Sequence[str] = ()
    ) -> None:
        """Insert `rows` (tuples in the order of `columns`, by default the table's) in one
        statement, the fastest way each database has (dialects.py). Named columns keep an older
        database's column order safe."""
        if not rows:
            return
        columns = tuple(columns) or tuple(TABLES[table])
        self.db.insert(table, columns, [TABLES[table][c] for c in columns], rows, conflict)

    # --- reading

    def events(self, where: EventFilter = EventFilter()) -> list[Event]:
        clauses, params = filter_sql(where)
        sql = f"SELECT {', '.join(EVENT_COLUMNS)} FROM events"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY date NULLS LAST, article_id, sentence_index, id" + page_sql(where, params)
        rows = self.execute(sql, params).fetchall()
        return [event_from_row(dict(zip(EVENT_COLUMNS, row))) for row in rows]

    def incidents(self, where: EventFilter = EventFilter()) -> list[Incident]:
        "Incidents whose representative report passes the filter, with every report's id."
        clauses, params = filter_sql(where)
        inner = f"SELECT {', '.join(EVENT_COLUMNS)} FROM events"
        if clauses:
            inner += " WHERE " + " AND ".join(clauses)
        sql = f"""
            SELECT i.id, i.num_mentions, i.num_articles, i.num_sources, a.url,
                   (SELECT array_agg(ie.event_id ORDER BY ie.event_id) FROM incident_events ie
                    WHERE ie.incident_id = i.id),
                   {', '.join('r.' + c for c in EVENT_COLUMNS)}
            FROM incidents i JOIN ({inner}) r ON r.id = i.event_id LEFT JOIN articles a ON a.id = r.article_id
            ORDER BY r.date NULLS LAST, i.id
        """ + page_sql(where, params)
        out = []
        for row in self.execute(sql, params).fetchall():
            event = event_from_row(dict(zip(EVENT_COLUMNS, row[6:])))
            out.append(Incident(row[0], event, tuple(row[5]), row[1], row[2], row[3], row[4]))
        return out

    def events_of_articles(self, article_ids: Sequence[str]) -> list[Event]:
        "Every event coded from these articles, in the order of `events`."
        sql = f"""SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE article_id IN (SELECT unnest(?::VARCHAR[]))
                  ORDER BY date NULLS LAST, article_id, sentence_index, id"""
        rows = self.execute(sql, [list(article_ids)]).fetchall()
        return [event_from_row(dict(zip(EVENT_COLUMNS, row))) for row in rows]

    def incident_of_events(self, article_ids: Sequence[str]) -> dict[str, str]:
        "event id → the id of the incident it reports, for the events of these articles."
        rows = self.execute(
            """SELECT ie.event_id, ie.incident_id FROM incident_events ie JOIN events e ON e.id = ie.event_id
               WHERE e.article_id IN (SELECT unnest(?::VARCHAR[]))""",
            [list(article_ids)],
        ).fetchall()
        return dict(rows)

    def series_mentions(self) -> dict[str, tuple[list[SeriesMention], list[HistoryMention]]]:
        """article id → the series it names and the statements of their history, for the
        articles that name one, by article id and position in the text."""
        if "series_mentions" not in self._present_tables():
            return {}  # a database made before series were stored, opened to read
        out: dict[str, tuple[list[SeriesMention], list[HistoryMention]]] = {}
        for table, from_row, slot in (("series_mentions", series_from_row, 0), ("series_history", history_from_row, 1)):
            columns = tuple(TABLES[table])
            rows = self.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY article_id, char_start").fetchall()
            for row in rows:
                record = dict(zip(columns, row))
                found = out.setdefault(record["article_id"], ([], []))
                found[slot].append(from_row(record))  # type: ignore[arg-type]
        return {article_id: found for article_id, found in sorted(out.items()) if found[0]}

    def unscanned_articles(self) -> int:
        "How many stored articles were coded before series were read at coding time."
        scanned = self.execute(
            """SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema()
               AND table_name = 'articles' AND column_name = 'series_scanned'"""
        ).fetchone()[0]
        where = " WHERE series_scanned IS NOT TRUE" if scanned else ""  # an older release's, opened to read
        return int(self.execute(f"SELECT count(*) FROM articles{where}").fetchone()[0])

    def article(self, article_id: str) -> dict[str, Any] | None:
        "An article's stored fields (id, doc_id, title, url, source, published, text), or None."
        columns = ("id", "doc_id", "title", "url", "source", "published", "text")
        row = self.execute(f"SELECT {', '.join(columns)} FROM articles WHERE id = ?", [article_id]).fetchone()
        return dict(zip(columns, row)) if row else None

    def known_actor(self, wanted: str) -> bool:
        "Whether any stored actor matches `wanted` as the filters do (code, country or code prefix)."
        match, params = actor_match(wanted)
        row = self.execute(f"SELECT 1 FROM event_actors a WHERE {match} LIMIT 1", params).fetchone()
        return row is not None

    def article_text(self, article_id: str) -> str | None:
        row = self.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
        return row[0] if row else None

    def rejects(self) -> list[Reject]:
        rows = self.execute("SELECT input, reason FROM rejects ORDER BY rejected_at, input").fetchall()
        return [Reject(input=row[0], reason=row[1]) for row in rows]

    def counts(self) -> dict[str, int]:
        return {
            table: self.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]
            for table in ("articles", "events", "rejects")
        }
