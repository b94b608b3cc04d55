"""The event database: an embedded DuckDB file by default.

Tables
    articles      one row per distinct article (id = hash of its normalised content)
    events        one row per coded event, every field of the event record (DESIGN.md)
    event_actors  one row per actor of an event (role source/target), for filtering by actor
    incidents     one row per happening: its best-dated report and counts (incidents.py)
    incident_events  which incident each asserted event reports
    rejects       inputs that could not be coded, with a one-line reason

Writes are idempotent: an article already stored is never coded again, an event id is a hash
of where it came from and what it says, and a reject is keyed by its input and reason. Each
batch of articles is written in one transaction, so an interrupted run leaves whole articles.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import duckdb

from . import incidents
from .errors import StoreError
from .models import Actor, Event, Incident, Location, RawArticle, Reject

__all__ = ["Store", "StoredArticle", "EventFilter", "DEFAULT_DB"]

DEFAULT_DB = "detente.duckdb"

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY,
    doc_id VARCHAR,
    origin VARCHAR,
    title VARCHAR,
    url VARCHAR,
    source VARCHAR,
    published DATE,
    text VARCHAR,
    n_sentences INTEGER,
    n_events INTEGER,
    coded_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS events (
    id VARCHAR PRIMARY KEY,
    article_id VARCHAR,
    doc_id VARCHAR,
    sentence_index INTEGER,
    sentence VARCHAR,
    char_start INTEGER,
    char_end INTEGER,
    source JSON,
    target JSON,
    source_code VARCHAR,
    target_code VARCHAR,
    cameo VARCHAR,
    cameo_root VARCHAR,
    cameo_name VARCHAR,
    quad_class INTEGER,
    goldstein DOUBLE,
    plover_type VARCHAR,
    plover_mode VARCHAR,
    date DATE,
    date_precision VARCHAR,
    date_source VARCHAR,
    location_name VARCHAR,
    location_country VARCHAR,
    location_admin1 VARCHAR,
    location_lat DOUBLE,
    location_lon DOUBLE,
    location_precision VARCHAR,
    location_geonameid BIGINT,
    negated BOOLEAN,
    hypothetical BOOLEAN,
    background BOOLEAN,
    confidence DOUBLE,
    rule VARCHAR,
    trigger VARCHAR,
    future BOOLEAN,
    attributed_to JSON
);
CREATE TABLE IF NOT EXISTS event_actors (
    event_id VARCHAR,
    role VARCHAR,
    position INTEGER,
    code VARCHAR,
    country VARCHAR,
    sector VARCHAR,
    name VARCHAR,
    PRIMARY KEY (event_id, role, position)
);
CREATE TABLE IF NOT EXISTS incidents (
    id VARCHAR PRIMARY KEY,
    event_id VARCHAR,
    dyad_a VARCHAR,
    dyad_b VARCHAR,
    cameo_root VARCHAR,
    date DATE,
    date_precision VARCHAR,
    date_source VARCHAR,
    country VARCHAR,
    num_mentions INTEGER,
    num_articles INTEGER,
    num_sources INTEGER
);
CREATE TABLE IF NOT EXISTS incident_events (
    event_id VARCHAR PRIMARY KEY,
    incident_id VARCHAR
);
CREATE TABLE IF NOT EXISTS rejects (
    id VARCHAR PRIMARY KEY,
    input VARCHAR,
    reason VARCHAR,
    rejected_at TIMESTAMP
);
"""

EVENT_COLUMNS = (
    "id", "article_id", "doc_id", "sentence_index", "sentence", "char_start", "char_end",
    "source", "target", "source_code", "target_code", "cameo", "cameo_root", "cameo_name",
    "quad_class", "goldstein", "plover_type", "plover_mode", "date", "date_precision",
    "date_source", "location_name", "location_country", "location_admin1", "location_lat",
    "location_lon", "location_precision", "location_geonameid", "negated", "hypothetical",
    "background", "confidence", "rule", "trigger", "future", "attributed_to",
)  # fmt: skip
# Columns added after the first release: a database made before them gains them when opened.
ADDED_COLUMNS = (
    ("events", "future", "BOOLEAN"), ("events", "attributed_to", "JSON"),
    ("articles", "syndication_group", "VARCHAR"), ("articles", "minhash", "UBIGINT[]"),
)  # fmt: skip
ARTICLE_COLUMNS = (
    "id", "doc_id", "origin", "title", "url", "source", "published", "text", "n_sentences", "n_events",
    "coded_at", "syndication_group", "minhash",
)  # fmt: skip


@dataclass(frozen=True)
class StoredArticle:
    "An article as coded: its id, the input it came from, and its events."

    id: str
    raw: RawArticle
    n_sentences: int
    events: tuple[Event, ...]


@dataclass(frozen=True)
class EventFilter:
    """Which events to read. An actor filter matches an actor's code ("CHNMIL"), its country
    ("CHN" matches CHNMIL) or its code prefix; `type` matches a PLOVER type or a CAMEO prefix."""

    source: str | None = None
    target: str | None = None
    type: str | None = None
    since: date | None = None
    until: date | None = None
    article_id: str | None = None
    limit: int | None = None
    offset: int = 0  # skip this many (pages of a listing)


class Store:
    "A detente database. Use as a context manager, or call close()."

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> None:
        self.path = str(path)
        self._syndicated: incidents.Syndication | None = None
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
            if not read_only:
                self.con.execute(SCHEMA)
                for table, column, kind in ADDED_COLUMNS:
                    self.con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {kind}")
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot open the database: {exc}") from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # --- writing

    def known_articles(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        if not ids:
            return set()
        rows = self.con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [ids]).fetchall()
        return {row[0] for row in rows}

    def add(self, articles: Sequence[StoredArticle], rejects: Sequence[Reject] = ()) -> None:
        "Store a batch of coded articles and rejects in one transaction (all or nothing)."
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        syndication = self._syndication()
        signatures = {a.id: incidents.signature(a.raw.text) for a in articles}
        article_rows = [
            (a.id, a.raw.doc_id, a.raw.origin, a.raw.title, a.raw.url, a.raw.source,
             a.raw.published, a.raw.text, a.n_sentences, len(a.events), now,
             syndication.group_of(a.id, signatures[a.id]), signatures[a.id])
            for a in articles
        ]  # fmt: skip
        events = [event for a in articles for event in a.events]
        event_rows = [_event_row(event) for event in events]
        actor_rows = [
            (event.id, role, position, actor.code, actor.country, actor.sector, actor.name)
            for event in events
            for role, actors in (("source", event.source), ("target", event.target))
            for position, actor in enumerate(actors)
        ]
        reject_rows = [(_reject_id(r), r.input, r.reason, now) for r in rejects]
        try:
            self.con.execute("BEGIN TRANSACTION")
            self._insert("articles", article_rows, "ON CONFLICT DO NOTHING", ARTICLE_COLUMNS)
            self._insert("events", event_rows, "ON CONFLICT DO NOTHING", EVENT_COLUMNS)
            self._insert("event_actors", actor_rows, "ON CONFLICT DO NOTHING")
            self._link_incidents(events)
            self._insert("rejects", reject_rows, "ON CONFLICT (id) DO UPDATE SET rejected_at = excluded.rejected_at")
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            self.con.execute("ROLLBACK")
            raise StoreError(f"{self.path}: writing a batch of {len(articles)} articles failed: {exc}") from exc

    def _syndication(self) -> incidents.Syndication:
        "Built once per store from the signatures of stored articles; grows as articles are added."
        if self._syndicated is None:
            rows = self.con.execute(
                "SELECT id, syndication_group, minhash FROM articles WHERE minhash IS NOT NULL"
            ).fetchall()
            self._syndicated = incidents.Syndication(rows)
        return self._syndicated

    def _link_incidents(self, events: Sequence[Event]) -> None:
        """Each asserted event joins the incident it reports, or starts one; then the touched
        incidents' representative report and counts are brought up to date (inside the caller's
        transaction, so an interrupted batch leaves no half-linked incident)."""
        # two-sided reports first: a one-sided one then finds the incident it belongs to
        reports = sorted(
            (e for e in events if incidents.is_incident_event(e)),
            key=lambda e: (not (e.source and e.target), e.date, e.id),
        )
        if not reports:
            return
        days = [date.fromisoformat(e.date) for e in reports]  # type: ignore[arg-type]
        rows = self.con.execute(
            "SELECT id, dyad_a, dyad_b, cameo_root, date, date_precision, date_source, country FROM incidents "
            "WHERE cameo_root IN (SELECT unnest(?)) AND date BETWEEN ? AND ?",
            [sorted({e.cameo_root for e in reports}), min(days) - timedelta(days=366), max(days) + timedelta(days=366)],
        ).fetchall()
        index = incidents.IncidentIndex(
            incidents.IncidentKey(r[0], (r[1], r[2]), r[3], r[4], r[5], r[6], r[7]) for r in rows
        )
        links: list[tuple[str, str]] = []
        fresh: list[tuple[Any, ...]] = []
        for event in reports:
            match = index.find(event)
            if match is None:
                match = incidents.IncidentKey.of(incidents.incident_id(event), event)
                index.add(match)
                fresh.append((match.id, event.id, *match.dyad, match.cameo_root, match.date, match.date_precision,
                              match.date_source, match.country, 0, 0, 0))  # fmt: skip
            links.append((event.id, match.id))
        self._insert("incidents", fresh, "ON CONFLICT DO NOTHING")
        self._insert("incident_events", links, "ON CONFLICT DO NOTHING")
        touched = sorted({incident for _, incident in links})
        # the report that says most stands for the incident: both sides named, a stated date
        members = self.con.execute(
            f"SELECT ie.incident_id, {', '.join('e.' + c for c in EVENT_COLUMNS)} FROM incident_events ie "
            "JOIN events e ON e.id = ie.event_id WHERE ie.incident_id IN (SELECT unnest(?))",
            [touched],
        ).fetchall()
        best: dict[str, Event] = {}
        for row in members:
            event = _event_from_row(dict(zip(EVENT_COLUMNS, row[1:])))
            best[row[0]] = incidents.better_report(best[row[0]], event) if row[0] in best else event
        chosen = [
            (incident_id, event.id, *key.dyad, key.date, key.date_precision, key.date_source, key.country)
            for incident_id, event in best.items()
            for key in (incidents.IncidentKey.of(incident_id, event),)
        ]
        for start in range(0, len(chosen), 256):  # one statement per chunk, as _insert does
            part = chosen[start : start + 256]
            marks = ", ".join("(?, ?, ?, ?, ?::DATE, ?, ?, ?)" for _ in part)
            self.con.execute(
                f"UPDATE incidents SET event_id = v.e, dyad_a = v.a, dyad_b = v.b, date = v.d, "
                f"date_precision = v.p, date_source = v.s, country = v.c FROM (VALUES {marks}) "
                f"AS v(i, e, a, b, d, p, s, c) WHERE incidents.id = v.i",
                [value for row in part for value in row],
            )
        self.con.execute(
            """
            UPDATE incidents SET num_mentions = c.mentions, num_articles = c.articles, num_sources = c.sources
            FROM (
                SELECT ie.incident_id, count(*) AS mentions, count(DISTINCT e.article_id) AS articles,
                    count(DISTINCT coalesce(a.syndication_group, a.id)) AS sources
                FROM incident_events ie JOIN events e ON e.id = ie.event_id JOIN articles a ON a.id = e.article_id
                WHERE ie.incident_id IN (SELECT unnest(?)) GROUP BY ie.incident_id
            ) c WHERE incidents.id = c.incident_id
            """,
            [touched],
        )

    def _insert(
        self, table: str, rows: Sequence[tuple[Any, ...]], conflict: str, columns: Sequence[str] = (), chunk: int = 256
    ) -> None:
        # one multi-row statement per chunk: DuckDB's executemany runs one statement per row,
        # which made writing slower than coding. Named columns keep an older file's order safe.
        names = f" ({', '.join(columns)})" if columns else ""
        for start in range(0, len(rows), chunk):
            part = rows[start : start + chunk]
            row_marks = "(" + ", ".join("?" for _ in part[0]) + ")"
            params = [value for row in part for value in row]
            self.con.execute(f"INSERT INTO {table}{names} VALUES {', '.join(row_marks for _ in part)} {conflict}", params)

    # --- reading

    def events(self, where: EventFilter = EventFilter()) -> list[Event]:
        clauses, params = _filter_sql(where)
        sql = f"SELECT {', '.join(EVENT_COLUMNS)} FROM events"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY date NULLS LAST, article_id, sentence_index, id" + _page(where, params)
        rows = self.con.execute(sql, params).fetchall()
        return [_event_from_row(dict(zip(EVENT_COLUMNS, row))) for row in rows]

    def incidents(self, where: EventFilter = EventFilter()) -> list[Incident]:
        "Incidents whose representative report passes the filter, with every report's id."
        clauses, params = _filter_sql(where)
        inner = f"SELECT {', '.join(EVENT_COLUMNS)} FROM events"
        if clauses:
            inner += " WHERE " + " AND ".join(clauses)
        sql = f"""
            SELECT i.id, i.num_mentions, i.num_articles, i.num_sources, a.url,
                   (SELECT list(ie.event_id ORDER BY ie.event_id) FROM incident_events ie WHERE ie.incident_id = i.id),
                   {', '.join('r.' + c for c in EVENT_COLUMNS)}
            FROM incidents i JOIN ({inner}) r ON r.id = i.event_id LEFT JOIN articles a ON a.id = r.article_id
            ORDER BY r.date NULLS LAST, i.id
        """ + _page(where, params)
        out = []
        for row in self.con.execute(sql, params).fetchall():
            event = _event_from_row(dict(zip(EVENT_COLUMNS, row[6:])))
            out.append(Incident(row[0], event, tuple(row[5]), row[1], row[2], row[3], row[4]))
        return out

    def article(self, article_id: str) -> dict[str, Any] | None:
        "An article's stored fields (id, doc_id, title, url, source, published, text), or None."
        columns = ("id", "doc_id", "title", "url", "source", "published", "text")
        row = self.con.execute(f"SELECT {', '.join(columns)} FROM articles WHERE id = ?", [article_id]).fetchone()
        return dict(zip(columns, row)) if row else None

    def known_actor(self, wanted: str) -> bool:
        "Whether any stored actor matches `wanted` as the filters do (code, country or code prefix)."
        wanted = wanted.upper()
        row = self.con.execute(
            "SELECT 1 FROM event_actors WHERE code = ? OR country = ? OR starts_with(code, ?) LIMIT 1",
            [wanted, wanted, wanted],
        ).fetchone()
        return row is not None

    def article_text(self, article_id: str) -> str | None:
        row = self.con.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
        return row[0] if row else None

    def rejects(self) -> list[Reject]:
        rows = self.con.execute("SELECT input, reason FROM rejects ORDER BY rejected_at, input").fetchall()
        return [Reject(input=row[0], reason=row[1]) for row in rows]

    def counts(self) -> dict[str, int]:
        return {
            table: self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]
            for table in ("articles", "events", "rejects")
        }


def _actor_clause(role: str, value: str) -> tuple[str, list[Any]]:
    return (
        "EXISTS (SELECT 1 FROM event_actors a WHERE a.event_id = events.id AND a.role = ? "
        "AND (a.code = ? OR a.country = ? OR starts_with(a.code, ?)))",
        [role, value, value, value],
    )


def _filter_sql(where: EventFilter) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for role, value in (("source", where.source), ("target", where.target)):
        if value:
            clause, values = _actor_clause(role, value.upper())
            clauses.append(clause)
            params += values
    if where.type:
        clauses.append("(plover_type = ? OR starts_with(cameo, ?))")
        params += [where.type.upper(), where.type]
    if where.since:
        clauses.append("date >= ?")
        params.append(where.since)
    if where.until:
        clauses.append("date <= ?")
        params.append(where.until)
    if where.article_id:
        clauses.append("article_id = ?")
        params.append(where.article_id)
    return clauses, params


def _page(where: EventFilter, params: list[Any]) -> str:
    "LIMIT and OFFSET for a filter's page; their values are appended to `params`."
    sql = ""
    if where.limit is not None:
        sql += " LIMIT ?"
        params.append(where.limit)
    if where.offset:
        sql += " OFFSET ?"
        params.append(where.offset)
    return sql


def _reject_id(reject: Reject) -> str:
    return hashlib.sha256(f"{reject.input}\0{reject.reason}".encode()).hexdigest()[:16]


def _actors_json(actors: Sequence[Actor]) -> str:
    return json.dumps([actor.__dict__ for actor in actors], ensure_ascii=False)


def _event_row(event: Event) -> tuple[Any, ...]:
    location = event.location
    return (
        event.id, event.article_id, event.doc_id, event.sentence_index, event.sentence,
        event.char_start, event.char_end, _actors_json(event.source), _actors_json(event.target),
        event.source[0].code if event.source else None, event.target[0].code if event.target else None,
        event.cameo, event.cameo_root, event.cameo_name, event.quad_class, event.goldstein,
        event.plover_type, event.plover_mode, event.date, event.date_precision, event.date_source,
        location.name if location else None, location.country if location else None,
        location.admin1 if location else None, location.lat if location else None,
        location.lon if location else None, location.precision if location else None,
        location.geonameid if location else None, event.negated, event.hypothetical,
        event.background, event.confidence, event.rule, event.trigger, event.future,
        _actors_json(event.attributed_to),
    )  # fmt: skip


def _event_from_row(row: dict[str, Any]) -> Event:
    location = None
    if row["location_name"] is not None:
        location = Location(
            name=row["location_name"], country=row["location_country"], lat=row["location_lat"],
            lon=row["location_lon"], precision=row["location_precision"],
            admin1=row["location_admin1"], geonameid=row["location_geonameid"],
        )  # fmt: skip
    return Event(
        id=row["id"], article_id=row["article_id"], doc_id=row["doc_id"],
        sentence_index=row["sentence_index"], sentence=row["sentence"],
        char_start=row["char_start"], char_end=row["char_end"],
        source=tuple(Actor(**a) for a in json.loads(row["source"])),
        target=tuple(Actor(**a) for a in json.loads(row["target"])),
        cameo=row["cameo"], cameo_root=row["cameo_root"], cameo_name=row["cameo_name"],
        quad_class=row["quad_class"], goldstein=row["goldstein"], plover_type=row["plover_type"],
        plover_mode=row["plover_mode"],
        date=row["date"].isoformat() if row["date"] is not None else None,
        date_precision=row["date_precision"], date_source=row["date_source"], location=location,
        negated=row["negated"], hypothetical=row["hypothetical"], background=row["background"],
        confidence=row["confidence"], rule=row["rule"], trigger=row["trigger"],
        future=bool(row["future"]),
        attributed_to=tuple(Actor(**a) for a in json.loads(row["attributed_to"] or "[]")),
    )  # fmt: skip
