"""The run loop: inputs read in batches, coded by an executor, stored in input order.

    run(paths, store, InProcess(pipeline))          in this process
    run(paths, store, ProcessPool(workers=2))       in worker processes on this machine
    run(paths, store, RayTasks(address="auto"))     as Ray tasks, here or on a cluster

This process reads the inputs and skips what the store holds or this run has seen; the executor
codes each batch of fresh articles; this process stores the coded batches one at a time, in the
order they were read — so every executor makes the database one process makes. While a batch is
coded, a reader waiting for the DuckDB file gets it (`Store.release_if_asked`).
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Protocol

from ..ingest import read_inputs
from ..ingest.prepared import Prepared, prepare
from ..models import Filtered, RawArticle, Reject, Summary
from ..store import Store, StoredArticle

__all__ = ["Coded", "Executor", "Waiting", "done", "read_batches", "run", "store_batch"]

# A coded batch: its articles, the rejects read or made with it, and what the pre-filter did.
Coded = tuple[list[StoredArticle], list[Reject], Filtered]
# A batch handed to an executor: call it to wait for the batch, coded.
Waiting = Callable[[], Coded]


class Executor(Protocol):
    "Codes batches somewhere: in this process, in worker processes, as Ray tasks."

    # how many batches may be in its hands before the loop waits for the oldest: enough to keep
    # every worker busy while this process reads and writes, never the whole corpus in memory
    ahead: int

    def submit(self, batch: list[Prepared], rejects: list[Reject]) -> Waiting: ...


def run(
    paths: Sequence[str],
    store: Store,
    executor: Executor,
    *,
    batch_size: int = 32,
    on_article: Callable[[str], None] | None = None,
    articles: Iterable[RawArticle] = (),
) -> Summary:
    "Read, code and store (`articles` after the paths); rejects are recorded and the run goes on."
    summary = Summary()
    pending: deque[Waiting] = deque()

    def store_oldest() -> None:
        wait = pending.popleft()
        store.release_if_asked()  # a reader waiting for the file gets it while the batch is coded
        coded, rejects, filtered = wait()
        store_batch(store, coded, rejects, summary, on_article)
        summary.filtered += filtered

    for fresh, rejects in read_batches(paths, articles, store, batch_size, summary):
        if not fresh and not rejects:
            continue
        pending.append(executor.submit(fresh, rejects))
        while len(pending) > executor.ahead:
            store_oldest()
    while pending:
        store_oldest()
    return summary


def done(coded: Coded) -> Waiting:
    "A batch coded already (rejects alone need no coder)."
    return lambda: coded


def read_batches(
    paths: Sequence[str], articles: Iterable[RawArticle], store: Store, batch_size: int, summary: Summary
) -> Iterator[tuple[list[Prepared], list[Reject]]]:
    """Inputs read and prepared in batches of fresh articles (not stored yet, not seen earlier in
    this run) with the rejects read alongside."""
    seen: set[str] = set()
    pending: list[Prepared] = []
    rejects: list[Reject] = []

    def close_batch() -> tuple[list[Prepared], list[Reject]]:
        known = store.known_articles(item.id for item in pending)
        fresh = []
        for item in pending:
            if item.id in known or item.id in seen:
                summary.skipped += 1
            else:
                seen.add(item.id)
                fresh.append(item)
        batch = (fresh, list(rejects))
        pending.clear()
        rejects.clear()
        return batch

    for item in itertools.chain(read_inputs(paths) if paths else (), articles):
        if isinstance(item, Reject):
            rejects.append(item)
        else:
            pending.append(prepare(item))
        if len(pending) >= batch_size or len(rejects) >= batch_size:
            yield close_batch()
    yield close_batch()


def store_batch(
    store: Store, coded: list[StoredArticle], rejects: list[Reject], summary: Summary,
    on_article: Callable[[str], None] | None,
) -> None:  # fmt: skip
    "Store a coded batch in one transaction and count it in the summary."
    store.add(coded, rejects)
    for article in coded:
        summary.articles += 1
        summary.sentences += article.n_sentences
        summary.events += len(article.events)
        if on_article:
            on_article(article.raw.origin)
    summary.rejects.extend(rejects)
