"""Parquet: a folder with events.parquet and incidents.parquet, written by DuckDB.

From PostgreSQL too: through an in-memory DuckDB copy of the exported rows (`_in_duckdb`), so
that one COPY writes the files, with one schema, from either database. `EVENTS_PARQUET_SCHEMA`
and `INCIDENTS_PARQUET_SCHEMA` document every column, its type and the SQL that fills it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..store import EVENT_COLUMNS, TABLES, EventFilter, Store
from ..store.dialects import DuckDB
from .common import replacing
from .gdelt import global_event_id

__all__ = ["ACTORS", "EVENTS_PARQUET_SCHEMA", "INCIDENTS_PARQUET_SCHEMA", "export_parquet"]


ACTORS = 'STRUCT("text" VARCHAR, "name" VARCHAR, code VARCHAR, country VARCHAR, sector VARCHAR)[]'
_ACTORS_JSON = '[{"text": "VARCHAR", "name": "VARCHAR", "code": "VARCHAR", "country": "VARCHAR", "sector": "VARCHAR"}]'


def _actors_sql(column: str) -> str:
    return f"from_json(coalesce({column}, '[]'), '{_ACTORS_JSON}')"


# (column, DuckDB type, SQL over e = events, a = articles, x = the exported ids, meaning).
# Flat: scalar columns, actors as lists of {text, name, code, country, sector} structs (DuckDB
# STRUCT[], polars List(Struct)), one row per event. Both files share the event columns' names.
_EVENT_PART = (
    ("date", "DATE", "e.date", "the event date"),
    ("date_precision", "VARCHAR", "e.date_precision", "day, month or year"),
    ("date_source", "VARCHAR", "e.date_source", "stated or publication"),
    ("source", ACTORS, _actors_sql("e.source"), "source actors"),
    ("target", ACTORS, _actors_sql("e.target"), "target actors"),
    ("source_code", "VARCHAR", "e.source_code", "the first source actor's code"),
    ("target_code", "VARCHAR", "e.target_code", "the first target actor's code"),
    ("cameo", "VARCHAR", "e.cameo", "CAMEO code"),
    ("cameo_root", "VARCHAR", "e.cameo_root", "CAMEO root"),
    ("cameo_name", "VARCHAR", "e.cameo_name", "CAMEO code's name"),
    ("plover_type", "VARCHAR", "e.plover_type", "PLOVER type"),
    ("plover_mode", "VARCHAR", "e.plover_mode", "PLOVER mode"),
    ("quad_class", "INTEGER", "e.quad_class", "GDELT quad class"),
    ("goldstein", "DOUBLE", "e.goldstein", "GDELT Goldstein weight"),
    ("location_name", "VARCHAR", "e.location_name", "the gazetteer's place name"),
    ("location_country", "VARCHAR", "e.location_country", "ISO alpha-3"),
    ("location_admin1", "VARCHAR", "e.location_admin1", "first-level subdivision's name"),
    ("location_lat", "DOUBLE", "e.location_lat", "latitude"),
    ("location_lon", "DOUBLE", "e.location_lon", "longitude"),
    ("location_precision", "VARCHAR", "e.location_precision", "city, admin1 or country"),
    ("location_geonameid", "BIGINT", "e.location_geonameid", "GeoNames id"),
    ("doc_id", "VARCHAR", "e.doc_id", "the input's document id"),
    ("article_id", "VARCHAR", "e.article_id", "detente's article id"),
    ("url", "VARCHAR", "a.url", "the article's URL"),
    ("outlet", "VARCHAR", "a.source", "the article's outlet"),
    ("published", "DATE", "a.published", "the article's publication date"),
    ("sentence_index", "INTEGER", "e.sentence_index", "the sentence's index in the article"),
    ("char_start", "INTEGER", "e.char_start", "the sentence's offset in the article text"),
    ("char_end", "INTEGER", "e.char_end", "the sentence's end offset"),
    ("sentence", "VARCHAR", "e.sentence", "the evidence sentence"),
)
EVENTS_PARQUET_SCHEMA: tuple[tuple[str, str, str, str], ...] = (
    ("id", "VARCHAR", "e.id", "detente's event id"),
    ("incident_id", "VARCHAR", "(SELECT ie.incident_id FROM incident_events ie WHERE ie.event_id = e.id)",
     "the incident the event reports, or null"),
    *_EVENT_PART,
    ("attributed_to", ACTORS, _actors_sql("e.attributed_to"), "who claims the event"),
    ("negated", "BOOLEAN", "e.negated", "'did not attack'"),
    ("hypothetical", "BOOLEAN", "e.hypothetical", "threat, intention, plan, request, condition"),
    ("background", "BOOLEAN", "e.background", "a reference to a known situation"),
    ("future", "BOOLEAN", "e.future", "stated to happen after publication"),
    ("confidence", "DOUBLE", "e.confidence", "0-1"),
    ("rule", "VARCHAR", "e.rule", "the pattern row that coded it"),
    ("trigger", "VARCHAR", "e.trigger", "the words that triggered it"),
)  # fmt: skip
# One row per incident: its counts, then its representative report's event columns.
INCIDENTS_PARQUET_SCHEMA: tuple[tuple[str, str, str, str], ...] = (
    ("id", "VARCHAR", "i.id", "detente's incident id"),
    ("global_event_id", "BIGINT", "x.global_event_id", "the GDELT export's GLOBALEVENTID"),
    ("num_mentions", "INTEGER", "i.num_mentions", "reports (events) of the incident"),
    ("num_articles", "INTEGER", "i.num_articles", "distinct articles"),
    ("num_sources", "INTEGER", "i.num_sources", "articles, syndicated copies counted once"),
    ("event_id", "VARCHAR", "i.event_id", "the representative report's event id"),
    ("event_ids", "VARCHAR[]", "(SELECT list(ie.event_id ORDER BY ie.event_id) FROM incident_events ie "
     "WHERE ie.incident_id = i.id)", "every report's event id"),
    ("first_added", "TIMESTAMP", "(SELECT min(fa.coded_at) FROM incident_events ie JOIN events fe ON "
     "fe.id = ie.event_id JOIN articles fa ON fa.id = fe.article_id WHERE ie.incident_id = i.id)",
     "when detente first stored a report of it (UTC)"),
    *_EVENT_PART,
)  # fmt: skip


def _select(schema: Sequence[tuple[str, str, str, str]]) -> str:
    return ", ".join(f"CAST({sql} AS {kind}) AS {name}" for name, kind, sql, _ in schema)


def export_parquet(store: Store, out: Path, where: EventFilter) -> int:
    events = [e.id for e in store.events(where)]
    incidents = [i.id for i in store.incidents(where)]
    out.mkdir(parents=True, exist_ok=True)
    with (
        _in_duckdb(store, events, incidents) as duck,
        _ids_table(duck, events) as event_ids,
        _ids_table(duck, incidents, with_gid=True) as incident_ids,
        replacing(out / "events.parquet") as events_tmp,
        replacing(out / "incidents.parquet") as incidents_tmp,
    ):
        duck.execute(
            f"COPY (SELECT {_select(EVENTS_PARQUET_SCHEMA)} FROM {event_ids} x JOIN events e ON e.id = x.id "
            f"LEFT JOIN articles a ON a.id = e.article_id ORDER BY x.pos) TO '{_sql_path(events_tmp)}' "
            "(FORMAT PARQUET)"
        )
        duck.execute(
            f"COPY (SELECT {_select(INCIDENTS_PARQUET_SCHEMA)} FROM {incident_ids} x JOIN incidents i ON i.id = x.id "
            "JOIN events e ON e.id = i.event_id LEFT JOIN articles a ON a.id = e.article_id ORDER BY x.pos) "
            f"TO '{_sql_path(incidents_tmp)}' (FORMAT PARQUET)"
        )  # fmt: skip
    return len(events) + len(incidents)


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


@contextmanager
def _in_duckdb(store: Store, event_ids: Sequence[str], incident_ids: Sequence[str]) -> Iterator[Store]:
    """A DuckDB store holding what the Parquet export reads: `store` itself, or for a PostgreSQL
    store an in-memory copy of the exported events and incidents (with every report and article
    they refer to), so that one COPY writes the files, with one schema, from either database."""
    if not isinstance(store.db, DuckDB):
        with Store(":memory:") as copy:
            _copy_rows(store, copy, event_ids, incident_ids)
            yield copy
        return
    yield store


def _copy_rows(store: Store, copy: Store, event_ids: Sequence[str], incident_ids: Sequence[str]) -> None:
    def copied(table: str, columns: Sequence[str], where: str, *ids: Iterable[str]) -> list[tuple[Any, ...]]:
        sql = f"SELECT {', '.join(columns)} FROM {table} WHERE {where}"
        rows = [tuple(row) for row in store.execute(sql, [sorted(set(i)) for i in ids]).fetchall()]
        copy.insert(table, rows, columns=columns)
        return rows

    among = "IN (SELECT unnest(?::VARCHAR[]))"
    incidents = copied("incidents", tuple(TABLES["incidents"]), f"id {among}", incident_ids)
    links = copied("incident_events", ("event_id", "incident_id"), f"incident_id {among} OR event_id {among}",
                   incident_ids, event_ids)  # fmt: skip
    reported = {row[0] for row in links} | {row[1] for row in incidents}  # every report, the representative too
    events = copied("events", EVENT_COLUMNS, f"id {among}", {*event_ids, *reported})
    copied("articles", ("id", "url", "source", "published", "coded_at"), f"id {among}", {row[1] for row in events})


@contextmanager
def _ids_table(store: Store, ids: Sequence[str], *, with_gid: bool = False) -> Iterator[str]:
    """A temporary table of the ids to export, in order: COPY takes no parameters, and the ids
    come from the Store's own filtering, so the export selects exactly what Store reads."""
    name = f"export_ids_{uuid.uuid4().hex[:12]}"
    store.execute(f"CREATE TEMP TABLE {name} (id VARCHAR, pos INTEGER, global_event_id BIGINT)")
    try:
        if ids:
            store.execute(
                f"INSERT INTO {name} SELECT unnest(?), unnest(?), unnest(?)",
                [list(ids), list(range(len(ids))), [global_event_id(i) if with_gid else None for i in ids]],
            )
        yield name
    finally:
        store.execute(f"DROP TABLE IF EXISTS {name}")
