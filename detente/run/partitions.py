"""Parquet partitions: a coded batch as files any engine reads, and back.

A partition is a folder `batch-NNNNN/` of Parquet files, the store's columns and types:

    articles.parquet          id, doc_id, origin, title, url, source, published, text, n_sentences,
                              n_events, series_scanned
    events.parquet            the `events` table's columns (EVENT_COLUMNS); actors as JSON text
    series_mentions.parquet   the `series_mentions` table's columns
    series_history.parquet    the `series_history` table's columns
    rejects.parquet           id, input, reason

A partition written by an older release has no series files and no `series_scanned`: its
articles load as not read for series.

DuckDB reads them as they are: `SELECT cameo, count(*) FROM read_parquet('DIR/*/events.parquet')
GROUP BY cameo`. A run numbers its partitions after those already in the folder, and each holds
only articles that were new to the store, so the folder keeps what successive runs added.
`load_partitions(directory, store)` stores partitions written earlier, here or on a cluster.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb

from ..errors import EngineError
from ..models import RawArticle, Reject, Summary
from ..store import (
    EVENT_COLUMNS,
    TABLES,
    Store,
    StoredArticle,
    event_from_row,
    event_row,
    history_from_row,
    history_rows,
    reject_id,
    series_from_row,
    series_rows,
)
from ..store.dialects import DuckDB
from .loop import store_batch

__all__ = ["PARTITION_COLUMNS", "encode", "load_partitions", "numbering", "read_partition", "write_partition"]

# The columns of each file of a partition: the store's own (store.TABLES gives their types).
PARTITION_COLUMNS = {
    "articles": ("id", "doc_id", "origin", "title", "url", "source", "published", "text", "n_sentences", "n_events",
                 "series_scanned"),
    "events": EVENT_COLUMNS,
    "series_mentions": tuple(TABLES["series_mentions"]),
    "series_history": tuple(TABLES["series_history"]),
    "rejects": ("id", "input", "reason"),
}  # fmt: skip
PARTITION = re.compile(r"batch-(\d+)")


def load_partitions(
    directory: str | Path, store: Store, *, on_article: Callable[[str], None] | None = None
) -> Summary:
    """Store the partitions in `directory` (written by `run_ray`, here or on a cluster) in their
    order; articles the store already holds are skipped, so loading twice adds nothing."""
    folder = Path(directory)
    if not folder.is_dir():
        raise EngineError(f"{folder}: no such folder of partitions")
    found = sorted((int(m.group(1)), p) for p in folder.iterdir() if (m := PARTITION.fullmatch(p.name)) and p.is_dir())
    if not found:
        raise EngineError(f"{folder}: no partitions (batch-NNNNN folders) in it")
    summary = Summary()
    seen: set[str] = set()
    for _, path in found:
        articles, rejects = read_partition(path)
        fresh, rejects = _unseen(store, articles, rejects, seen)
        summary.skipped += len(articles) - len(fresh)
        store_batch(store, fresh, rejects, summary, on_article)
    return summary


def encode(coded: list[StoredArticle], rejects: list[Reject]) -> dict[str, bytes]:
    "A batch as the bytes of its partition's Parquet files, written by an in-memory DuckDB."
    rows = {
        "articles": [
            (a.id, a.raw.doc_id, a.raw.origin, a.raw.title, a.raw.url, a.raw.source, a.raw.published, a.raw.text,
             a.n_sentences, len(a.events), a.series_scanned)
            for a in coded
        ],  # fmt: skip
        "events": [event_row(event) for a in coded for event in a.events],
        "series_mentions": [row for a in coded for row in series_rows(a)],
        "series_history": [row for a in coded for row in history_rows(a)],
        "rejects": [(reject_id(r), r.input, r.reason) for r in rejects],
    }
    db = DuckDB(":memory:")
    out: dict[str, bytes] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="detente-partition-") as tmp:
            for table, columns in PARTITION_COLUMNS.items():
                # the store's columns and types without its keys: conflicts are settled by Store.add
                kinds = [TABLES[table][column] for column in columns]
                db.execute(f"CREATE TABLE {table} ({', '.join(f'{c} {k}' for c, k in zip(columns, kinds))})")
                if rows[table]:
                    db.insert(table, columns, kinds, rows[table])
                path = Path(tmp) / f"{table}.parquet"
                # insertion order is kept: an article's events stay in the order they were coded
                db.execute(f"COPY {table} TO '{path}' (FORMAT parquet, COMPRESSION zstd)")
                out[table] = path.read_bytes()
    finally:
        db.close()
    return out


def numbering(folder: Path) -> Iterator[int]:
    "Partition numbers after those already in the folder."
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EngineError(f"{folder}: cannot make the partitions folder: {exc.strerror or exc}") from exc
    taken = [int(m.group(1)) for p in folder.iterdir() if (m := PARTITION.fullmatch(p.name))]
    number = max(taken, default=-1)
    while True:
        number += 1
        yield number


def write_partition(folder: Path, number: int, files: dict[str, bytes]) -> Path:
    "Write a partition whole: into a folder beside, then renamed (a reader never sees half of one)."
    final = folder / f"batch-{number:05d}"
    incoming = folder / ".incoming" / final.name  # not matched by DIR/*/events.parquet
    try:
        incoming.mkdir(parents=True, exist_ok=True)
        for table, data in files.items():
            (incoming / f"{table}.parquet").write_bytes(data)
        incoming.rename(final)
    except OSError as exc:
        raise EngineError(f"{final}: cannot write the partition: {exc.strerror or exc}") from exc
    try:
        incoming.parent.rmdir()  # gone when empty
    except OSError:
        pass
    return final


def read_partition(path: Path) -> tuple[list[StoredArticle], list[Reject]]:
    con = duckdb.connect()
    try:

        def read(table: str) -> list[dict[str, Any]]:
            file = path / f"{table}.parquet"
            if table.startswith("series_") and not file.exists():
                return []  # written by a release that did not read series
            present = {row[0] for row in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(file)]).fetchall()}
            columns = [c for c in PARTITION_COLUMNS[table] if c in present or c != "series_scanned"]
            rows = con.execute(f"SELECT {', '.join(columns)} FROM read_parquet(?)", [str(file)])
            return [dict(zip(columns, row)) for row in rows.fetchall()]

        articles, events, rejects = read("articles"), read("events"), read("rejects")
        mentions, history = read("series_mentions"), read("series_history")
    except duckdb.Error as exc:
        raise EngineError(f"{path}: not a readable partition: {exc}") from exc
    finally:
        con.close()
    by_article: dict[str, list[Any]] = {}
    for row in events:
        by_article.setdefault(row["article_id"], []).append(event_from_row(row))
    series_of: dict[str, list[Any]] = {}
    for row in mentions:
        series_of.setdefault(row["article_id"], []).append(series_from_row(row))
    history_of: dict[str, list[Any]] = {}
    for row in history:
        history_of.setdefault(row["article_id"], []).append(history_from_row(row))
    stored = [
        StoredArticle(
            id=a["id"],
            raw=RawArticle(doc_id=a["doc_id"], text=a["text"], origin=a["origin"], published=a["published"],
                           title=a["title"], url=a["url"], source=a["source"]),  # fmt: skip
            n_sentences=a["n_sentences"],
            events=tuple(by_article.get(a["id"], ())),
            series=tuple(series_of.get(a["id"], ())),
            history=tuple(history_of.get(a["id"], ())),
            series_scanned=bool(a.get("series_scanned")),
        )
        for a in articles
    ]
    return stored, [Reject(input=r["input"], reason=r["reason"]) for r in rejects]


def _unseen(
    store: Store, articles: list[StoredArticle], rejects: list[Reject], seen: set[str]
) -> tuple[list[StoredArticle], list[Reject]]:
    "Articles neither stored nor loaded earlier (a partition may be loaded into a store that has it)."
    known = store.known_articles(a.id for a in articles) | seen
    fresh = [a for a in articles if a.id not in known]
    seen.update(a.id for a in fresh)
    return fresh, rejects
