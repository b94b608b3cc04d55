"""Executors on this machine: the coder in this process, or in worker processes.

    InProcess(pipeline)              codes each batch when the loop asks for it
    ProcessPool(workers, tables)     N spawned workers, each with its own coder loaded once

Both are used by the one run loop (loop.py), which stores in input order: the database is the
same whichever codes. (Ray tasks, for more machines: distributed.py.)
"""

from __future__ import annotations

import dataclasses
import multiprocessing
from collections.abc import Sequence
from multiprocessing.pool import AsyncResult
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ..errors import DetenteError
from ..ingest.prepared import Prepared
from ..models import Filtered, Reject
from .loop import Coded, Waiting, done

if TYPE_CHECKING:
    from ..coding.pipeline import Pipeline

__all__ = ["InProcess", "ProcessPool", "code_with"]


def code_with(pipeline: Pipeline, batch: list[Prepared], rejects: list[Reject]) -> Coded:
    "Code a batch with a pipeline: its articles, its rejects with the coder's, the pre-filter's work."
    before = dataclasses.replace(pipeline.filtered)
    coded, failed = pipeline.code_safely(batch)
    return coded, rejects + failed, pipeline.filtered - before


class InProcess:
    "The coder in this process: a batch is coded when the loop waits for it."

    ahead = 0

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    def submit(self, batch: list[Prepared], rejects: list[Reject]) -> Waiting:
        if not batch:
            return done(([], rejects, Filtered()))
        return lambda: code_with(self.pipeline, batch, rejects)


class ProcessPool:
    """`workers` processes coding batches while this one reads and writes; this process never
    loads the models. Use as a context manager (the workers stop at its end).

    A `multiprocessing.Pool`, not a ProcessPoolExecutor: the executor's short call queue left
    workers waiting, about 10% slower. A worker that cannot start (a bad user table) raises its
    own error in every task instead of being restarted for ever; one that dies mid-run (out of
    memory) is an error here, not a wait for ever."""

    def __init__(self, workers: int, tables: Sequence[Path] = ()) -> None:
        self.workers = workers
        self.tables = tuple(tables)
        self.ahead = 2 * workers  # a few batches in flight per worker: they code while this process writes
        self._pool: Any = None
        self._started: set[int] = set()

    def __enter__(self) -> ProcessPool:
        context = multiprocessing.get_context("spawn")  # a clean interpreter: no DuckDB handle, no threads
        self._pool = context.Pool(self.workers, initializer=_load_coder, initargs=(self.tables,))
        self._started = self._pids()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._pool.__exit__(kind, exc, tb)

    def submit(self, batch: list[Prepared], rejects: list[Reject]) -> Waiting:
        if not batch:
            return done(([], rejects, Filtered()))
        result: AsyncResult[Coded] = self._pool.apply_async(_code_in_worker, (batch, rejects, self.tables))

        def wait() -> Coded:
            while not result.ready():
                result.wait(1.0)
                # a Pool replaces a worker that dies and loses its batch: waiting would never end
                if not result.ready() and self._pids() != self._started:
                    raise DetenteError("a worker process died (out of memory?): run with --workers 1 to see why")
            return result.get()  # a worker's own error (it could not start) is raised here

        return wait

    def _pids(self) -> set[int]:
        return {process.pid for process in self._pool._pool}  # the Pool's own list: no public way to see a replacement


# --- in a worker process: the coder's resources are loaded once, when it starts


def _load_coder(tables: tuple[Path, ...]) -> None:
    from ..coding.resources import Resources

    try:
        Resources.shared(tables)
    except Exception:  # noqa: S110 - the first task raises it: a Pool would restart a failed worker for ever
        pass


def _code_in_worker(batch: list[Prepared], rejects: list[Reject], tables: tuple[Path, ...]) -> Coded:
    from ..coding.pipeline import Pipeline

    return code_with(Pipeline(tables), batch, rejects)  # over the resources loaded at start
