"""The event database: an embedded DuckDB file by default, or a PostgreSQL server.

    Store("detente.duckdb")                           a DuckDB file (made when missing)
    Store("postgresql://user:pw@host:5432/dbname")    PostgreSQL: the same tables and queries

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
The SQL is written once; what differs between DuckDB and PostgreSQL is in dialects.py.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from . import dialects, incidents
from ..errors import StoreError
from ..models import Actor, Event, Incident, Location, RawArticle, Reject

__all__ = ["Store", "StoredArticle", "EventFilter", "DEFAULT_DB", "event_row", "event_from_row", "reject_id"]

DEFAULT_DB = "detente.duckdb"


def _columns(spec: str) -> dict[str, str]:
    "'name TYPE, name TYPE' → {name: TYPE}"
    return dict(column.split(maxsplit=1) for column in (c.strip() for c in spec.split(",")) if column)


# Every table's columns and their types, in DuckDB's words (dialects.py maps them for PostgreSQL).
TABLES: dict[str, dict[str, str]] = {
    "articles": _columns("""
        id VARCHAR, doc_id VARCHAR, origin VARCHAR, title VARCHAR, url VARCHAR, source VARCHAR,
        published DATE, text VARCHAR, n_sentences INTEGER, n_events INTEGER, coded_at TIMESTAMP,
        syndication_group VARCHAR, minhash UBIGINT[]"""),
    "events": _columns("""
        id VARCHAR, article_id VARCHAR, doc_id VARCHAR, sentence_index INTEGER, sentence VARCHAR,
        char_start INTEGER, char_end INTEGER, source JSON, target JSON, source_code VARCHAR,
        target_code VARCHAR, cameo VARCHAR, cameo_root VARCHAR, cameo_name VARCHAR, quad_class INTEGER,
        goldstein DOUBLE, plover_type VARCHAR, plover_mode VARCHAR, date DATE, date_precision VARCHAR,
        date_source VARCHAR, location_name VARCHAR, location_country VARCHAR, location_admin1 VARCHAR,
        location_lat DOUBLE, location_lon DOUBLE, location_precision VARCHAR, location_geonameid BIGINT,
        negated BOOLEAN, hypothetical BOOLEAN, background BOOLEAN, confidence DOUBLE, rule VARCHAR,
        trigger VARCHAR, future BOOLEAN, attributed_to JSON"""),
    "event_actors": _columns("""
        event_id VARCHAR, role VARCHAR, position INTEGER, code VARCHAR, country VARCHAR, sector VARCHAR,
        name VARCHAR"""),
    "incidents": _columns("""
        id VARCHAR, event_id VARCHAR, dyad_a VARCHAR, dyad_b VARCHAR, cameo_root VARCHAR, date DATE,
        date_precision VARCHAR, date_source VARCHAR, country VARCHAR, num_mentions INTEGER,
        num_articles INTEGER, num_sources INTEGER"""),
    "incident_events": _columns("event_id VARCHAR, incident_id VARCHAR"),
    "rejects": _columns("id VARCHAR, input VARCHAR, reason VARCHAR, rejected_at TIMESTAMP"),
}
KEYS = {"articles": "id", "events": "id", "event_actors": "event_id, role, position", "incidents": "id",
        "incident_events": "event_id", "rejects": "id"}  # fmt: skip
# Columns added after the first release: a database made before them gains them when opened.
ADDED_COLUMNS = (
    ("events", "future", "BOOLEAN"), ("events", "attributed_to", "JSON"),
    ("articles", "syndication_group", "VARCHAR"), ("articles", "minhash", "UBIGINT[]"),
)  # fmt: skip
EVENT_COLUMNS = tuple(TABLES["events"])
ARTICLE_COLUMNS = tuple(TABLES["articles"])


def schema(declared_type: Any = str) -> str:
    "CREATE TABLE statements for every table, with `declared_type` naming each column's type."
    return "\n".join(
        f"CREATE TABLE IF NOT EXISTS {table} (\n"
        + "".join(f"    {name} {declared_type(kind)},\n" for name, kind in columns.items())
        + f"    PRIMARY KEY ({KEYS[table]})\n);"
        for table, columns in TABLES.items()
    )


SCHEMA = schema()  # DuckDB's


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
    """A detente database: a DuckDB file, or a PostgreSQL server given as a postgresql:// URL.
    Use as a context manager, or call close()."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> None:
        self.db = dialects.connect(path, read_only=read_only)
        self.path = self.db.name  # for messages: the file, or the URL with its password masked
        self._syndicated: incidents.Syndication | None = None
        self._indexed = 0  # how many articles the store held when `_syndicated` last matched it
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
        "A database opened to read must hold detente's tables."
        found = self.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
        if not set(TABLES) <= {row[0] for row in found.fetchall()}:
            schema_name = self.execute("SELECT current_schema()").fetchone()[0]
            raise StoreError(
                f"{self.path}: no detente tables in schema {schema_name}; create them with: detente code PATH --db {self.path}"
            )

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
        actor_rows = [
            (event.id, role, position, actor.code, actor.country, actor.sector, actor.name)
            for event in events
            for role, actors in (("source", event.source), ("target", event.target))
            for position, actor in enumerate(actors)
        ]
        # one row per key: PostgreSQL refuses to update a row twice in one statement
        reject_rows = list({reject_id(r): (reject_id(r), r.input, r.reason, now) for r in rejects}.values())
        try:
            with self.db.transaction():
                self.db.lock_writers()
                syndication = self._syndication()
                article_rows = [
                    (a.id, a.raw.doc_id, a.raw.origin, a.raw.title, a.raw.url, a.raw.source,
                     a.raw.published, a.raw.text, a.n_sentences, len(a.events), now,
                     syndication.group_of(a.id, signatures[a.id]), signatures[a.id])
                    for a in articles
                ]  # fmt: skip
                self.insert("articles", article_rows, "ON CONFLICT DO NOTHING", ARTICLE_COLUMNS)
                self.insert("events", event_rows, "ON CONFLICT DO NOTHING", EVENT_COLUMNS)
                self.insert("event_actors", actor_rows, "ON CONFLICT DO NOTHING")
                self._link_incidents(events)
                self.insert("rejects", reject_rows, "ON CONFLICT (id) DO UPDATE SET rejected_at = excluded.rejected_at")
                self._indexed = self._stored_count()
        except BaseException as exc:
            self._syndicated = None  # it may index articles this batch did not store
            if isinstance(exc, self.db.errors):
                raise StoreError(
                    f"{self.path}: writing a batch of {len(articles)} articles failed: {dialects.one_line(exc)}"
                ) from exc
            raise

    def _syndication(self) -> incidents.Syndication:
        """The signatures of stored articles, read once and grown as this store adds articles;
        read again when another process has added some (two writers may take turns at a file)."""
        if self._syndicated is None or self._stored_count() != self._indexed:
            rows = self.execute(
                "SELECT id, syndication_group, minhash FROM articles WHERE minhash IS NOT NULL"
            ).fetchall()
            # PostgreSQL reads NUMERIC back as Decimal
            self._syndicated = incidents.Syndication((r[0], r[1], [int(v) for v in r[2]]) for r in rows)
            self._indexed = self._stored_count()
        return self._syndicated

    def _stored_count(self) -> int:
        return int(self.execute("SELECT count(*) FROM articles").fetchone()[0])

    def _link_incidents(self, events: Sequence[Event]) -> None:
        """Each asserted event joins the incident it reports, or starts one; then the touched
        incidents' representative report and counts are brought up to date (inside the caller's
        transaction, so an interrupted batch leaves no half-linked incident)."""
        # two-sided reports first: a one-sided one then finds the incident it belongs to
        reports = sorted(
            (e for e in events if incidents.is_incident_event(e)),
            key=lambda e: (not (e.source and e.target), e.date, e.id),
        )
        if reports:  # a report stored and linked before (the same batch again) stays as it is
            rows = self.execute(
                "SELECT event_id FROM incident_events WHERE event_id IN (SELECT unnest(?::VARCHAR[]))",
                [[e.id for e in reports]],
            ).fetchall()
            linked = {row[0] for row in rows}
            reports = [e for e in reports if e.id not in linked]
        if not reports:
            return
        index = self._incident_index(reports)
        links: list[tuple[str, str]] = []
        fresh: dict[str, None] = {}  # the incidents this batch starts, in the order it starts them
        members: dict[str, list[Event]] = defaultdict(list)
        for event in reports:
            match = index.find(event)
            if match is None:
                match = incidents.IncidentKey.of(incidents.incident_id(event), event)
                index.add(match)
                fresh[match.id] = None
            links.append((event.id, match.id))
            members[match.id].append(event)
        self._represent(list(fresh), members)
        self.insert("incident_events", links, "ON CONFLICT DO NOTHING")
        self.execute(
            """
            UPDATE incidents SET num_mentions = c.mentions, num_articles = c.articles, num_sources = c.sources
            FROM (
                SELECT ie.incident_id, count(*) AS mentions, count(DISTINCT e.article_id) AS articles,
                    count(DISTINCT coalesce(a.syndication_group, a.id)) AS sources
                FROM incident_events ie JOIN events e ON e.id = ie.event_id JOIN articles a ON a.id = e.article_id
                WHERE ie.incident_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY ie.incident_id
            ) c WHERE incidents.id = c.incident_id
            """,
            [sorted(members)],
        )

    def _incident_index(self, reports: Sequence[Event]) -> incidents.IncidentIndex:
        """The stored incidents these reports could join. Where several would take a report, the
        index offers them oldest first (by date, then id): the same on every database, whatever
        order it keeps its rows in."""
        days = [date.fromisoformat(e.date) for e in reports]  # type: ignore[arg-type]
        rows = self.execute(
            "SELECT id, dyad_a, dyad_b, cameo_root, date, date_precision, date_source, country FROM incidents "
            "WHERE cameo_root IN (SELECT unnest(?::VARCHAR[])) AND date BETWEEN ? AND ? ORDER BY date, id",
            [sorted({e.cameo_root for e in reports}), min(days) - timedelta(days=366), max(days) + timedelta(days=366)],
        ).fetchall()
        return incidents.IncidentIndex(incidents.IncidentKey(r[0], (r[1], r[2]), *r[3:]) for r in rows)

    def _represent(self, fresh: Sequence[str], members: dict[str, list[Event]]) -> None:
        """Store the fresh incidents, and bring the others' representative up to date: the report
        that says most (both sides named, a stated date). better_report is a total order, so the
        stored representative and the new reports decide it: a growing incident's earlier
        reports need not be read again."""
        stored = self._representatives(sorted(set(members) - set(fresh)))
        best = {
            incident: functools.reduce(incidents.better_report, [stored[incident], *new] if incident in stored else new)
            for incident, new in members.items()
        }
        keys = {incident: incidents.IncidentKey.of(incident, event) for incident, event in best.items()}
        self.insert("incidents", [
            (i, best[i].id, *keys[i].dyad, keys[i].cameo_root, keys[i].date, keys[i].date_precision,
             keys[i].date_source, keys[i].country, 0, 0, 0)
            for i in fresh
        ], "ON CONFLICT DO NOTHING")  # fmt: skip
        changed = [
            (i, best[i].id, *keys[i].dyad, keys[i].date, keys[i].date_precision, keys[i].date_source, keys[i].country)
            for i in stored
            if best[i].id != stored[i].id
        ]
        if changed:
            kinds = ("VARCHAR",) * 4 + ("DATE",) + ("VARCHAR",) * 3
            self.execute(
                "UPDATE incidents SET event_id = v.e, dyad_a = v.a, dyad_b = v.b, date = v.d, date_precision = v.p, "
                "date_source = v.s, country = v.c FROM (SELECT "
                + ", ".join(f"{self.db.unnest(kind)} AS {name}" for kind, name in zip(kinds, "ieabdpsc"))
                + ") AS v WHERE incidents.id = v.i",
                [list(values) for values in zip(*changed)],
            )

    def _representatives(self, incident_ids: Sequence[str]) -> dict[str, Event]:
        "The event that stands for each of these stored incidents."
        if not incident_ids:
            return {}
        rows = self.execute(
            f"SELECT i.id, {', '.join('e.' + c for c in EVENT_COLUMNS)} FROM incidents i "
            "JOIN events e ON e.id = i.event_id WHERE i.id IN (SELECT unnest(?::VARCHAR[]))",
            [list(incident_ids)],
        ).fetchall()
        return {row[0]: event_from_row(dict(zip(EVENT_COLUMNS, row[1:]))) for row in rows}

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
        clauses, params = _filter_sql(where)
        sql = f"SELECT {', '.join(EVENT_COLUMNS)} FROM events"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY date NULLS LAST, article_id, sentence_index, id" + _page(where, params)
        rows = self.execute(sql, params).fetchall()
        return [event_from_row(dict(zip(EVENT_COLUMNS, row))) for row in rows]

    def incidents(self, where: EventFilter = EventFilter()) -> list[Incident]:
        "Incidents whose representative report passes the filter, with every report's id."
        clauses, params = _filter_sql(where)
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
        """ + _page(where, params)
        out = []
        for row in self.execute(sql, params).fetchall():
            event = event_from_row(dict(zip(EVENT_COLUMNS, row[6:])))
            out.append(Incident(row[0], event, tuple(row[5]), row[1], row[2], row[3], row[4]))
        return out

    def article(self, article_id: str) -> dict[str, Any] | None:
        "An article's stored fields (id, doc_id, title, url, source, published, text), or None."
        columns = ("id", "doc_id", "title", "url", "source", "published", "text")
        row = self.execute(f"SELECT {', '.join(columns)} FROM articles WHERE id = ?", [article_id]).fetchone()
        return dict(zip(columns, row)) if row else None

    def known_actor(self, wanted: str) -> bool:
        "Whether any stored actor matches `wanted` as the filters do (code, country or code prefix)."
        wanted = wanted.upper()
        row = self.execute(
            "SELECT 1 FROM event_actors WHERE code = ? OR country = ? OR starts_with(code, ?) LIMIT 1",
            [wanted, wanted, wanted],
        ).fetchone()
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


def reject_id(reject: Reject) -> str:
    return hashlib.sha256(f"{reject.input}\0{reject.reason}".encode()).hexdigest()[:16]


def _actors_json(actors: Sequence[Actor]) -> str:
    return json.dumps([actor.__dict__ for actor in actors], ensure_ascii=False)


def event_row(event: Event) -> tuple[Any, ...]:
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


def event_from_row(row: dict[str, Any]) -> Event:
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
