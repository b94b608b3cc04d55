"""The coder, top to bottom: clean → split → pre-filter → parse → find events → date and place.

    Pipeline().code_article(raw)   one RawArticle → a StoredArticle with its events
    code_text(text, published=…)   the same for a string, returning the events
    Pipeline().run(paths, store)   files/folders/globs/stdin → the database, with a summary

Every event keeps the offsets of its sentence in the article text as read (before cleaning),
so `text[char_start:char_end] == sentence`. What is loaded (models, tables, gazetteer) comes
from `Resources`, once per process.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from ..ingest.prepared import Prepared, prepare
from ..models import Event, Filtered, RawArticle, Reject, Summary
from ..store import StoredArticle
from .candidates import Candidate
from .events import EventFinder
from .introductions import Introductions
from .nlp import entities_later, entities_pending, settle_entities
from .records import coded_article
from .resources import Resources

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["Pipeline", "code_text"]


class Pipeline:
    """The coder over this process's loaded resources, with what its pre-filter did so far.

    `tables`: folders of user tables read after the shipped ones (see `Resources.load`)."""

    def __init__(
        self, tables: Sequence[Path | str] = (), *, prefilter: bool = True, resources: Resources | None = None
    ) -> None:
        """`prefilter=False` parses every sentence (to check that the pre-filter loses nothing)."""
        self.resources = resources or Resources.shared(tables)
        self.prefilter = prefilter
        self.filtered = Filtered()

    @property
    def finder(self) -> EventFinder:
        return self.resources.finder

    # --- articles

    def code_article(self, raw: RawArticle) -> StoredArticle:
        return next(self.code_articles([raw]))

    def code_articles(self, raws: Iterable[RawArticle], batch_size: int = 32) -> Iterator[StoredArticle]:
        "Code articles in order; paragraphs of many articles share one `nlp.pipe` stream."
        batch: list[Prepared] = []
        for raw in raws:
            batch.append(prepare(raw))
            if len(batch) >= batch_size:
                yield from self.code_batch(batch)
                batch = []
        if batch:
            yield from self.code_batch(batch)

    def code_safely(self, batch: Sequence[Prepared]) -> tuple[list[StoredArticle], list[Reject]]:
        """Code a batch; an article the coder fails on becomes a reject (it will be coded again by a
        later run) and the rest of the batch goes on."""
        failed: list[Reject] = []

        def reject(item: Prepared, exc: Exception) -> None:
            failed.append(Reject(item.raw.origin, f"coding failed ({type(exc).__name__}: {exc}); please report it"))

        return list(self.code_batch(batch, on_error=reject)), failed

    def code_batch(
        self, batch: Sequence[Prepared], on_error: Callable[[Prepared, Exception], None] | None = None
    ) -> Iterator[StoredArticle]:
        "Raise on the first article that cannot be coded, or, given `on_error`, report it and go on."
        resources = self.resources
        started = time.perf_counter()
        paragraphs = [(i, span) for i, item in enumerate(batch) for span in item.text.paragraphs()]
        # the pre-filter: a cheap sentence splitter, then only sentences naming an actor (the
        # matcher's phrases and sector words) reach the parser; no event is without an actor
        split = resources.splitter.pipe(batch[i].text.text[start:end] for i, (start, end) in paragraphs)
        counts = [0] * len(batch)
        chosen: list[tuple[int, int, int, str]] = []  # article, sentence index, offset, text
        for (i, (start, _end)), doc in zip(paragraphs, split):
            for sent in doc.sents:
                if not self.prefilter or resources.actors.names_any(sent):
                    chosen.append((i, counts[i], start + sent.start_char, sent.text))
                counts[i] += 1
        self.filtered.seconds += time.perf_counter() - started
        # the entity recognizer costs as much as tagging and parsing together, and only places
        # and a few actor rules read its entities: they are recognised when first read, and for
        # every sentence that holds an event (nlp.py: entities_later), never for the others
        docs = list(resources.nlp.pipe((text for *_, text in chosen), disable=["ner"] if self.prefilter else []))
        ner = resources.nlp.get_pipe("ner")
        per_article: list[list[tuple[int, int, Span, list[Candidate]]]] = [[] for _ in batch]
        failures: dict[int, Exception] = {}  # article → what its coding raised
        introductions = [Introductions() for _ in batch]  # who each article named with a title
        holding: list[Doc] = []
        for (i, index, offset, _text), doc in zip(chosen, docs):
            if self.prefilter:
                entities_later(doc, ner)
            if i in failures:
                continue
            try:
                published = batch[i].raw.published
                found = [(sent, self.finder.find(sent, published, introductions[i])) for sent in doc.sents]
            except Exception as exc:
                failures[i] = exc
                continue
            per_article[i].extend((index, offset, sent, candidates) for sent, candidates in found if candidates)
            if any(candidates for _, candidates in found):
                holding.append(doc)
        settle_entities(holding)
        self.filtered.recognised += sum(not entities_pending(doc) for doc in docs)
        self.filtered.sentences += sum(counts)
        self.filtered.parsed += len(chosen)
        for i, (item, sentences, n_sentences) in enumerate(zip(batch, per_article, counts)):
            try:
                if i in failures:
                    raise failures[i]
                yield coded_article(resources, item, sentences, n_sentences)
            except Exception as exc:
                if on_error is None:
                    raise
                on_error(item, exc)

    # --- many inputs into a store

    def run(
        self,
        paths: Sequence[str],
        store: Store,
        *,
        batch_size: int = 32,
        on_article: Callable[[str], None] | None = None,
        articles: Iterable[RawArticle] = (),
    ) -> Summary:
        "Read, code and store (`articles` are coded after the paths); rejects are recorded and the batch goes on."
        from ..run import InProcess, run

        return run(paths, store, InProcess(self), batch_size=batch_size, on_article=on_article, articles=articles)

    def run_articles(self, raws: Iterable[RawArticle], store: Store, *, batch_size: int = 32) -> Summary:
        "As `run`, for articles already read (an API request's body)."
        return self.run([], store, batch_size=batch_size, articles=raws)


def code_text(
    text: str, published: str | date | None = None, *, doc_id: str = "<text>", pipeline: Pipeline | None = None
) -> list[Event]:
    "Code one article given as a string; `published` (YYYY-MM-DD) anchors relative dates."
    if isinstance(published, str):
        try:
            published = date.fromisoformat(published)
        except ValueError as exc:
            raise ValueError(f"published {published!r} is not a date (YYYY-MM-DD): {exc}") from None
    raw = RawArticle(doc_id=doc_id, text=text, origin=doc_id, published=published)
    return list((pipeline or Pipeline()).code_article(raw).events)
