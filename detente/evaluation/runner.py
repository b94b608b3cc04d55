"""Evaluation: code gold-standard texts from their raw words and score the events against the gold.

    report = evaluate("PETR2_GSR_validation.xml", "petrarch-xml")
    report.to_dict()["subsets"]["AFP"]["triples"]["f1"]

Three gold formats are read into one shape (`GoldSet` of `GoldSentence`s holding `GoldEvent`s):

    petrarch-xml   PETRARCH-2 validation records: CAMEO code + Phoenix actor codes per event
    plover-gsr     the PLOVER gold standard (JSON): a PLOVER 0.5b1 type + ISO3 actors per record
    plv-tsv        the PLV sentences (TSV): a PLOVER root + quad class for one marked dyad

Only the gold's text is coded (never its parses or markup); markup is used for scoring only.
`score` is pure (gold + predicted events in, metrics out) so the metrics can be tested without
a parser; `evaluate` reads, codes with one `Pipeline` and scores. Every metric, label mapping and
matching rule is documented in docs/evaluation.md; the constants of `gold` and `scoring` are that
document's tables.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..models import Event, RawArticle
from .formats import read_gold
from .gold import GoldSet
from .scoring import KEEP, Report, score

if TYPE_CHECKING:
    from ..coding.pipeline import Pipeline

__all__ = ["code_gold", "evaluate"]


def code_gold(
    gold: GoldSet, pipeline: Pipeline, *, batch_size: int = 64, on_record: Callable[[], None] | None = None
) -> list[list[Event]]:
    "Code every gold text as an article of its own, in order, dated by the gold where it can be."
    raws = (
        RawArticle(doc_id=s.id, text=s.text, origin=f"{gold.path}#{s.id}", published=s.published)
        for s in gold.sentences
    )
    coded = []
    for article in pipeline.code_articles(raws, batch_size=batch_size):
        coded.append(list(article.events))
        if on_record:
            on_record()
    return coded


def evaluate(
    path: str | Path,
    format: str,
    *,
    keep: str = "stated",
    limit: int | None = None,
    pipeline: Pipeline | None = None,
    on_loaded: Callable[[int], None] | None = None,
    on_record: Callable[[], None] | None = None,
) -> Report:
    """Read a gold file, code its texts with one `Pipeline`, and score. `limit` keeps the first
    N records. `on_loaded(n)` is called once the gold is read and the models loaded."""
    start = time.perf_counter()
    gold = read_gold(path, format)
    if keep not in KEEP:
        raise InputError(f"--keep {keep}", f"unknown policy: use one of {', '.join(KEEP)}")
    if limit is not None:
        gold = GoldSet(gold.path, gold.format, gold.sentences[:limit])  # the first N scorable records
    if pipeline is None:
        from ..coding.pipeline import Pipeline

        pipeline = Pipeline()
    loaded = time.perf_counter()
    if on_loaded:
        on_loaded(len(gold.sentences))
    predictions = code_gold(gold, pipeline, on_record=on_record)
    coded = time.perf_counter()
    report = score(gold, predictions, keep=keep)
    spans = (("load", loaded - start), ("code", coded - loaded), ("total", time.perf_counter() - start))
    report.seconds = {name: round(seconds, 2) for name, seconds in spans}
    return report
