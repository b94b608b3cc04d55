"""Running the coder over many inputs into a store: in this process, in worker processes, or as
Ray tasks — one loop (loop.py) with interchangeable executors, every one storing the database one
process makes. Ray is imported only by `run_ray` and `RayTasks`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..models import Summary
from .executors import InProcess, ProcessPool
from .loop import Executor, read_batches, run, store_batch

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["Executor", "InProcess", "ProcessPool", "read_batches", "run", "run_parallel", "run_ray", "store_batch"]


def run_parallel(
    paths: Sequence[str],
    store: Store,
    *,
    workers: int,
    batch_size: int = 32,
    tables: Sequence[Path] = (),
    on_article: Callable[[str], None] | None = None,
) -> Summary:
    """As `Pipeline.run` with `workers` processes coding batches (`detente code --workers N`)."""
    with ProcessPool(workers, tables) as pool:
        return run(paths, store, pool, batch_size=batch_size, on_article=on_article)


def run_ray(paths: Sequence[str], store: Store, **options: Any) -> Summary:
    "As `Pipeline.run` with batches coded as Ray tasks (`detente code --engine ray`): see distributed.py."
    from .distributed import run_ray as on_ray

    return on_ray(paths, store, **options)
