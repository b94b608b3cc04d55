"""Coding beyond one machine: `detente code --engine ray`.

    run_ray(paths, store)              batches coded as Ray tasks, on this machine or a cluster
    load_partitions(directory, store)  partitions written earlier → the database

This process (the driver) reads the inputs and skips what the store holds, as `run_parallel`
does; each batch becomes a Ray task that calls the same `code_safely` with a Pipeline loaded once
per Ray worker process, and returns its coded articles as Parquet. The driver writes each batch's
Parquet as a partition of `directory`, then loads the partitions in input order into the store
(`Store.add`, where incidents and syndicated copies are linked), so the database is the one a
single process makes. Tasks send their Parquet back through Ray: only the driver needs to see the
partitions folder.

A partition is a folder `batch-NNNNN/` of three Parquet files, the store's columns and types:

    articles.parquet   id, doc_id, origin, title, url, source, published, text, n_sentences, n_events
    events.parquet     the `events` table's columns (EVENT_COLUMNS); actors as JSON text
    rejects.parquet    id, input, reason

DuckDB reads them as they are: `SELECT cameo, count(*) FROM read_parquet('DIR/*/events.parquet')
GROUP BY cameo`. A run numbers its partitions after those already in the folder, and each holds
only articles that were new to the store, so the folder keeps what successive runs added.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb

from ..store.dialects import DuckDB
from ..errors import DetenteError, EngineError
from ..models import RawArticle, Reject
from ..coding.pipeline import Filtered, Pipeline, Prepared, Summary, code_safely, read_batches, store_batch
from ..store import EVENT_COLUMNS, TABLES, Store, StoredArticle, event_from_row, event_row, reject_id

__all__ = ["run_ray", "load_partitions", "PARTITION_COLUMNS", "INSTALL_HINT"]

INSTALL_HINT = "pip install 'detente[ray]'"
# The columns of each file of a partition: the store's own (store.TABLES gives their types).
PARTITION_COLUMNS = {
    "articles": ("id", "doc_id", "origin", "title", "url", "source", "published", "text", "n_sentences", "n_events"),
    "events": EVENT_COLUMNS,
    "rejects": ("id", "input", "reason"),
}
PARTITION = re.compile(r"batch-(\d+)")


def run_ray(
    paths: Sequence[str],
    store: Store,
    *,
    partitions: str | Path | None = None,
    address: str | None = None,
    batch_size: int = 32,
    tables: Sequence[Path] = (),
    on_article: Callable[[str], None] | None = None,
) -> Summary:
    """As `Pipeline.run`, with batches coded as Ray tasks. `address`: None starts a Ray instance on
    this machine; "auto" joins the cluster this machine is a node of; "ray://host:10001" connects
    to a cluster's head through Ray Client (with `ray[client]`). Every node needs detente installed,
    and `tables` at the same paths. If Ray is already initialised in this process, that instance is used.
    `partitions`: the folder to keep the Parquet partitions in; by default a temporary one."""
    if partitions is None:
        with tempfile.TemporaryDirectory(prefix="detente-partitions-") as tmp:
            return run_ray(paths, store, partitions=tmp, address=address, batch_size=batch_size, tables=tables,
                           on_article=on_article)  # fmt: skip
    ray = _ray()
    started = not ray.is_initialized()
    if started:
        _init(ray, address)
    try:
        code = ray.remote(num_cpus=1)(_code_partition)
        cpus = int(ray.cluster_resources().get("CPU", 1))
        in_flight = max(2, 2 * cpus)  # enough to keep every CPU busy; never the whole corpus in memory
        summary = Summary()
        folder = Path(partitions)
        numbers = _numbering(folder)
        pending: deque[Any] = deque()  # object refs (or results made here), in input order

        def finish_oldest() -> None:
            result = pending.popleft()
            if not isinstance(result, tuple):  # a task's object ref (through Ray Client too)
                store.release_if_asked()  # a reader waiting for the file gets it while the tasks code
                try:
                    result = ray.get(result)
                except ray.exceptions.RayError as exc:
                    raise _task_error(exc) from exc
            files, filtered = result
            # stored as loaded back from the partition: one path for this run and for load_partitions
            store_batch(store, *_read_partition(_write_partition(folder, next(numbers), files)), summary, on_article)
            summary.filtered += filtered

        for chunk in read_batches(paths, (), store, batch_size, summary, per_chunk=1):
            for fresh, rejects in chunk:
                if not fresh and not rejects:
                    continue
                if fresh:
                    pending.append(code.remote(fresh, rejects, tuple(tables)))
                else:  # rejects only (the articles were stored): no coder needed
                    pending.append((_encode([], rejects), Filtered()))
                if len(pending) >= in_flight:
                    finish_oldest()
        while pending:
            finish_oldest()
        return summary
    finally:
        if started:
            ray.shutdown()


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
        articles, rejects = _read_partition(path)
        fresh, rejects = _unseen(store, articles, rejects, seen)
        summary.skipped += len(articles) - len(fresh)
        store_batch(store, fresh, rejects, summary, on_article)
    return summary


# --- Ray: imported only here, so detente runs without it


def _ray() -> Any:
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no usage report sent anywhere
    try:
        import ray
    except ImportError:
        raise EngineError(f"--engine ray needs Ray: {INSTALL_HINT}") from None
    return ray


def _init(ray: Any, address: str | None) -> None:
    import logging
    import warnings

    try:
        with warnings.catch_warnings():  # Ray warns before it raises: the error below says it once
            warnings.simplefilter("ignore")
            if address is None:  # "local": a new instance, even where `ray start` left one running
                ray.init(address="local", include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
            else:
                ray.init(address=address, logging_level=logging.ERROR, log_to_driver=False)
    except Exception as exc:  # Ray raises ConnectionError, RuntimeError, ValueError…
        where = f"the Ray cluster at {address}" if address else "a local Ray instance"
        raise EngineError(f"cannot start or reach {where}: {exc}") from exc


def _task_error(exc: Exception) -> Exception:
    "What a failed task raised: detente's own error as it is (a bad user table), else one line on the failure."
    cause = getattr(exc, "cause", None)
    if isinstance(cause, DetenteError):
        return cause
    what = f"{type(cause).__name__}: {cause}" if cause is not None else str(exc).splitlines()[0]
    return EngineError(f"a Ray task failed ({what}); is detente installed on every node, with the same tables?")


# --- in a Ray worker process

_PIPELINES: dict[tuple[Path, ...], Pipeline] = {}


def _code_partition(
    batch: list[Prepared], rejects: list[Reject], tables: tuple[Path, ...]
) -> tuple[dict[str, bytes], Filtered]:
    "A Ray task: code a batch with this worker's pipeline (loaded once); its partition, and what the pre-filter did."
    if tables not in _PIPELINES:
        _PIPELINES[tables] = Pipeline(tables=tables)
    pipeline = _PIPELINES[tables]
    before = dataclasses.replace(pipeline.filtered)
    coded, failed = code_safely(pipeline, batch)
    return _encode(coded, rejects + failed), pipeline.filtered - before


def _encode(coded: list[StoredArticle], rejects: list[Reject]) -> dict[str, bytes]:
    "A batch as the bytes of its partition's Parquet files, written by an in-memory DuckDB."
    rows = {
        "articles": [
            (a.id, a.raw.doc_id, a.raw.origin, a.raw.title, a.raw.url, a.raw.source, a.raw.published, a.raw.text,
             a.n_sentences, len(a.events))
            for a in coded
        ],  # fmt: skip
        "events": [event_row(event) for a in coded for event in a.events],
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


# --- in the driver


def _numbering(folder: Path) -> Iterator[int]:
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


def _write_partition(folder: Path, number: int, files: dict[str, bytes]) -> Path:
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


def _read_partition(path: Path) -> tuple[list[StoredArticle], list[Reject]]:
    con = duckdb.connect()
    try:

        def read(table: str) -> list[dict[str, Any]]:
            columns = PARTITION_COLUMNS[table]
            rows = con.execute(f"SELECT {', '.join(columns)} FROM read_parquet(?)", [str(path / f"{table}.parquet")])
            return [dict(zip(columns, row)) for row in rows.fetchall()]

        articles, events, rejects = read("articles"), read("events"), read("rejects")
    except duckdb.Error as exc:
        raise EngineError(f"{path}: not a readable partition: {exc}") from exc
    finally:
        con.close()
    by_article: dict[str, list[Any]] = {}
    for row in events:
        by_article.setdefault(row["article_id"], []).append(event_from_row(row))
    stored = [
        StoredArticle(
            id=a["id"],
            raw=RawArticle(doc_id=a["doc_id"], text=a["text"], origin=a["origin"], published=a["published"],
                           title=a["title"], url=a["url"], source=a["source"]),  # fmt: skip
            n_sentences=a["n_sentences"],
            events=tuple(by_article.get(a["id"], ())),
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
