"""The tables: one schema that drives the DDL, the migration of older databases and Parquet.

    articles      one row per distinct article (id = hash of its normalised content)
    events        one row per coded event, every field of the event record (DESIGN.md)
    event_actors  one row per actor of an event (role source/target), for filtering by actor
    incidents     one row per happening: its best-dated report and counts (incidents.py)
    incident_events  which incident each asserted event reports
    rejects       inputs that could not be coded, with a one-line reason
    series_mentions  one row per edition of a recurring mechanism an article names (coding/series.py)
    series_history   one row per statement of when a named mechanism started, resumed or was suspended

Every column's type is written here once, in DuckDB's words; dialects.py maps them for
PostgreSQL. Everyone else (the store, the exports, the distributed runner) imports them.
"""

from __future__ import annotations

from typing import Any

__all__ = ["TABLES", "KEYS", "ADDED_COLUMNS", "ADDED_TABLES", "EVENT_COLUMNS", "ARTICLE_COLUMNS", "schema", "SCHEMA"]


def _columns(spec: str) -> dict[str, str]:
    "'name TYPE, name TYPE' → {name: TYPE}"
    return dict(column.split(maxsplit=1) for column in (c.strip() for c in spec.split(",")) if column)


# Every table's columns and their types, in DuckDB's words (dialects.py maps them for PostgreSQL).
TABLES: dict[str, dict[str, str]] = {
    "articles": _columns("""
        id VARCHAR, doc_id VARCHAR, origin VARCHAR, title VARCHAR, url VARCHAR, source VARCHAR,
        published DATE, text VARCHAR, n_sentences INTEGER, n_events INTEGER, coded_at TIMESTAMP,
        syndication_group VARCHAR, minhash UBIGINT[], series_scanned BOOLEAN"""),
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
    "series_mentions": _columns("""
        article_id VARCHAR, char_start INTEGER, char_end INTEGER, text VARCHAR, name VARCHAR, title VARCHAR,
        ordinal INTEGER, year INTEGER, parties JSON, parties_text VARCHAR, evidence VARCHAR"""),
    "series_history": _columns("""
        article_id VARCHAR, char_start INTEGER, char_end INTEGER, text VARCHAR, kind VARCHAR, verb VARCHAR,
        year INTEGER, sentence_start INTEGER, sentence_end INTEGER, sentence VARCHAR"""),
}
KEYS = {"articles": "id", "events": "id", "event_actors": "event_id, role, position", "incidents": "id",
        "incident_events": "event_id", "rejects": "id", "series_mentions": "article_id, char_start",
        "series_history": "article_id, char_start"}  # fmt: skip
# Columns added after the first release: a database made before them gains them when opened.
ADDED_COLUMNS = (
    ("events", "future", "BOOLEAN"), ("events", "attributed_to", "JSON"),
    ("articles", "syndication_group", "VARCHAR"), ("articles", "minhash", "UBIGINT[]"),
    ("articles", "series_scanned", "BOOLEAN"),
)  # fmt: skip
# Tables added after the first release: a database made before them gains them when opened
# (CREATE TABLE IF NOT EXISTS), and a reader of an older database finds them missing.
ADDED_TABLES = ("series_mentions", "series_history")
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
