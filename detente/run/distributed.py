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

Partitions are described in partitions.py.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from ..errors import DetenteError, EngineError
from ..ingest.prepared import Prepared
from ..models import Filtered, Reject, Summary
from ..store import Store
from .loop import Coded, Waiting, run
from .partitions import encode, load_partitions, numbering, read_partition, write_partition

__all__ = ["RayTasks", "run_ray", "load_partitions", "INSTALL_HINT"]

INSTALL_HINT = "pip install 'detente[ray]'"


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
    """As `Pipeline.run`, with batches coded as Ray tasks (see `RayTasks`)."""
    with RayTasks(address=address, partitions=partitions, tables=tables) as tasks:
        return run(paths, store, tasks, batch_size=batch_size, on_article=on_article)


class RayTasks:
    """Batches coded as Ray tasks. `address`: None starts a Ray instance on this machine; "auto"
    joins the cluster this machine is a node of; "ray://host:10001" connects to a cluster's head
    through Ray Client (with `ray[client]`). Every node needs detente installed, and `tables` at
    the same paths. If Ray is already initialised in this process, that instance is used.
    `partitions`: the folder to keep the Parquet partitions in; by default a temporary one.
    Use as a context manager: Ray (if started here) stops at its end."""

    def __init__(
        self, *, address: str | None = None, partitions: str | Path | None = None, tables: Sequence[Path] = ()
    ) -> None:
        self.address = address
        self.partitions = partitions
        self.tables = tuple(tables)
        self.ahead = 1
        self._ray: Any = None
        self._started = False
        self._temporary: tempfile.TemporaryDirectory[str] | None = None

    def __enter__(self) -> RayTasks:
        if self.partitions is None:
            self._temporary = tempfile.TemporaryDirectory(prefix="detente-partitions-")
        self.folder = Path(self._temporary.name if self._temporary else self.partitions)  # type: ignore[arg-type]
        try:
            ray = self._ray = _ray()
            self._started = not ray.is_initialized()
            if self._started:
                _init(ray, self.address)
            self._code = ray.remote(num_cpus=1)(_code_partition)
            cpus = int(ray.cluster_resources().get("CPU", 1))
            # enough in flight to keep every CPU busy; never the whole corpus in memory
            self.ahead = max(2, 2 * cpus) - 1
            self._numbers = numbering(self.folder)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._started:
            self._ray.shutdown()
            self._started = False
        if self._temporary is not None:
            self._temporary.cleanup()

    def submit(self, batch: list[Prepared], rejects: list[Reject]) -> Waiting:
        ref = self._code.remote(batch, rejects, self.tables) if batch else None

        def wait() -> Coded:
            if ref is None:  # rejects only (the articles were stored): no coder needed
                files, filtered = encode([], rejects), Filtered()
            else:
                try:
                    files, filtered = self._ray.get(ref)
                except self._ray.exceptions.RayError as exc:
                    raise _task_error(exc) from exc
            # stored as loaded back from the partition: one path for this run and for load_partitions
            coded, stored_rejects = read_partition(write_partition(self.folder, next(self._numbers), files))
            return coded, stored_rejects, filtered

        return wait


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


def _code_partition(
    batch: list[Prepared], rejects: list[Reject], tables: tuple[Path, ...]
) -> tuple[dict[str, bytes], Filtered]:
    "A Ray task: code a batch with this worker's coder (its resources loaded once); its partition, and the pre-filter's work."
    from ..coding.pipeline import Pipeline
    from .executors import code_with

    coded, rejects, filtered = code_with(Pipeline(tables), batch, rejects)
    return encode(coded, rejects), filtered
