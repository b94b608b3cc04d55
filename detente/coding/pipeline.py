"""The pipeline, top to bottom: ingest → clean → sentences → actors → events → dates → places.

    Pipeline().code_article(raw)   one RawArticle → a StoredArticle with its events
    code_text(text, published=…)   the same for a string, returning the events
    Pipeline().run(paths, store)   files/folders/globs/stdin → the database, with a summary

Every event keeps the offsets of its sentence in the article text as read (before cleaning),
so `text[char_start:char_end] == sentence`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..tables.actors import load_actor_tables
from .actors import ActorMatcher
from ..ingest import CleanText, clean, content_id
from ..tables.codebook import Codebook, load_codebook
from .dates import DateMention, find_dates
from ..errors import DetenteError
from .events import Candidate, EventFinder
from ..ingest import read_inputs
from ..models import Actor, Event, Location, RawArticle, Reject
from .nlp import entities_later, entities_pending, load_nlp, load_splitter, settle_entities
from .patterns import PatternSet, default_patterns, load_patterns
from .places import Gazetteer, load_gazetteer
from ..store import Store, StoredArticle

__all__ = ["Pipeline", "Summary", "Filtered", "code_text", "code_safely", "run_parallel", "read_batches", "store_batch"]

# Prepositions that put an event somewhere: "met in Beijing", "clashed near Bakhmut".
LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "across", "throughout", "around", "off", "along", "over"}
# Roots of force: such events happen on or from a place too ("an attack on Kyiv"), and at the
# place they strike ("shelled Kharkiv").
FORCE_ROOTS = ("17", "18", "19", "20")
VISIT = "042"
# Prepositions whose object can hold the event's place: "met with his counterpart in Moscow".
HOLDING_PREPS = {"with", "between", "at", "in", "to", "by", "near", "on"}
# The host of a visit, when it is a place, is also where the event happened: "Beijing hosted".
HOSTING = "043"
PLACE_LABELS = {"GPE", "LOC", "FAC"}
PLACE_NOUNS = {
    "town", "city", "village", "region", "province", "district", "area", "capital", "state", "county", "port",
    "sector", "part", "quarter", "suburb", "outskirts", "neighbourhood", "neighborhood", "enclave", "zone",
    "oblast", "governorate", "prefecture",
}


@dataclass
class Filtered:
    """What the pre-filter did: sentences split, those that named an actor and were parsed, and
    those that held an event and so went on to the entity recognizer; and its own cost."""

    sentences: int = 0
    parsed: int = 0
    recognised: int = 0
    seconds: float = 0.0  # splitting and the actor-name test

    def __add__(self, other: Filtered) -> Filtered:
        return Filtered(*(a + b for a, b in zip(dataclasses.astuple(self), dataclasses.astuple(other))))

    def __sub__(self, other: Filtered) -> Filtered:
        return Filtered(*(a - b for a, b in zip(dataclasses.astuple(self), dataclasses.astuple(other))))


@dataclass
class Summary:
    "What a run did, for the closing line of `detente code`."

    articles: int = 0  # newly coded
    skipped: int = 0  # already in the database
    sentences: int = 0
    events: int = 0
    rejects: list[Reject] = field(default_factory=list)
    filtered: Filtered = field(default_factory=Filtered)  # what the pre-filter did in this run


class Pipeline:
    """The coder, with its models and tables loaded once.

    `tables`: folders of user tables (actors: countries.tsv, metonyms.tsv, organizations.tsv,
    agents.tsv, nonactors.tsv; patterns: verbs.tsv, nouns.tsv) read after the shipped ones."""

    def __init__(
        self,
        nlp: Language | None = None,
        codebook: Codebook | None = None,
        patterns: PatternSet | None = None,
        gazetteer: Gazetteer | None = None,
        actors: ActorMatcher | None = None,
        tables: Sequence[Path] = (),
        prefilter: bool = True,
    ) -> None:
        """`prefilter=False` parses every sentence (to check that the pre-filter loses nothing)."""
        self.nlp = nlp or load_nlp()
        self.codebook = codebook or load_codebook()
        if patterns is None:
            patterns = (
                load_patterns(tables, known_codes={code.code for code in self.codebook}) if tables else default_patterns()
            )
        self.gazetteer = gazetteer or load_gazetteer()
        if actors is None:
            actors = ActorMatcher(
                self.nlp, load_actor_tables(extra_dirs=tables) if tables else None, place_country=self._country_of
            )
        self.finder = EventFinder(patterns, actors)
        self.splitter = load_splitter(self.nlp)
        self.ner = self.nlp.get_pipe("ner")
        self.prefilter = prefilter
        self.filtered = Filtered()

    def _country_of(self, place: str) -> str | None:
        location = self.gazetteer.lookup(place)
        return location.country if location is not None else None

    # --- one article

    def code_article(self, raw: RawArticle) -> StoredArticle:
        return next(self.code_articles([raw]))

    def code_articles(self, raws: Iterable[RawArticle], batch_size: int = 32) -> Iterator[StoredArticle]:
        "Code articles in order; paragraphs of many articles share one `nlp.pipe` stream."
        batch: list[Prepared] = []
        for raw in raws:
            batch.append(prepare(raw))
            if len(batch) >= batch_size:
                yield from self._code_batch(batch)
                batch = []
        if batch:
            yield from self._code_batch(batch)

    def _code_batch(
        self, batch: Sequence[Prepared], on_error: Callable[[Prepared, Exception], None] | None = None
    ) -> Iterator[StoredArticle]:
        "Raise on the first article that cannot be coded, or, given `on_error`, report it and go on."
        started = time.perf_counter()
        paragraphs = [(i, span) for i, item in enumerate(batch) for span in item.text.paragraphs()]
        # the pre-filter: a cheap sentence splitter, then only sentences naming an actor (the
        # matcher's phrases and sector words) reach the parser; no event is without an actor
        split = self.splitter.pipe(batch[i].text.text[start:end] for i, (start, end) in paragraphs)
        counts = [0] * len(batch)
        chosen: list[tuple[int, int, int, str]] = []  # article, sentence index, offset, text
        for (i, (start, _end)), doc in zip(paragraphs, split):
            for sent in doc.sents:
                if not self.prefilter or self.finder.actors.names_any(sent):
                    chosen.append((i, counts[i], start + sent.start_char, sent.text))
                counts[i] += 1
        self.filtered.seconds += time.perf_counter() - started
        # the entity recognizer costs as much as tagging and parsing together, and only places
        # and a few actor rules read its entities: they are recognised when first read, and for
        # every sentence that holds an event (nlp.py: entities_later), never for the others
        docs = list(self.nlp.pipe((text for *_, text in chosen), disable=["ner"] if self.prefilter else []))
        per_article: list[list[tuple[int, int, Span, list[Candidate]]]] = [[] for _ in batch]
        failures: dict[int, Exception] = {}  # article → what its coding raised
        holding: list[Doc] = []
        for (i, index, offset, _text), doc in zip(chosen, docs):
            if self.prefilter:
                entities_later(doc, self.ner)
            if i in failures:
                continue
            try:
                found = [(sent, self.finder.find(sent, batch[i].raw.published)) for sent in doc.sents]
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
                yield self._code_sentences(item, sentences, n_sentences)
            except Exception as exc:
                if on_error is None:
                    raise
                on_error(item, exc)

    def _code_sentences(
        self, item: Prepared, sentences: list[tuple[int, int, Span, list[Candidate]]], n_sentences: int
    ) -> StoredArticle:
        """`sentences`: (index in the article, offset of the parsed text in the clean text, sentence,
        the events found in it) for the sentences that hold events."""
        raw, text = item.raw, item.text
        events: list[Event] = []
        found = [candidates for *_, candidates in sentences]
        # the countries the article is about settle homonyms its sentences leave open ("Tripoli")
        article_countries = list(dict.fromkeys(
            country for candidates in found for c in candidates
            for country in (*(a.country for a in c.source + c.target), *c.named_countries) if country
        ))  # fmt: skip
        for index, offset, sent, candidates in sentences:
            start, end = _trimmed(sent.text)
            char_start, char_end = text.original_span(offset + sent.start_char + start, offset + sent.start_char + end)
            evidence = raw.text[char_start:char_end]
            mentions = find_dates(sent.text, raw.published)
            # an event stated to come ("will visit on Wednesday") reads its dates forward
            ahead = find_dates(sent.text, raw.published, tense_past=False) if any(c.future for c in candidates) else []
            for candidate in candidates:
                event = self._event(
                    raw, item.id, index, evidence, char_start, char_end, sent, candidate,
                    ahead if candidate.future else mentions, article_countries,
                )  # fmt: skip
                if event.source or event.target:
                    events.append(event)
        return StoredArticle(id=item.id, raw=raw, n_sentences=n_sentences, events=tuple(events))

    def _event(
        self,
        raw: RawArticle,
        article_id: str,
        index: int,
        evidence: str,
        char_start: int,
        char_end: int,
        sent: Span,
        candidate: Candidate,
        mentions: list[DateMention],
        article_countries: Sequence[str] = (),
    ) -> Event:
        code = self.codebook[candidate.cameo]
        when, precision, date_source = _event_date(candidate, sent, mentions, raw.published)
        countries = [a.country for a in (*candidate.source, *candidate.target) if a.country]
        where = _event_location(candidate, sent, self.gazetteer, countries, article_countries)
        source, target = self._placed(candidate, code.root, where)
        key = "|".join(
            [article_id, str(index), str(candidate.trigger.i), candidate.cameo]
            + [a.code for a in source] + ["→"] + [a.code for a in target]
        )
        return Event(
            id=hashlib.sha256(key.encode()).hexdigest()[:16],
            article_id=article_id,
            doc_id=raw.doc_id,
            sentence_index=index,
            sentence=evidence,
            char_start=char_start,
            char_end=char_end,
            source=source,
            target=target,
            cameo=code.code,
            cameo_root=code.root,
            cameo_name=code.name,
            quad_class=code.quad_class,
            goldstein=code.goldstein,
            plover_type=code.plover_type,
            plover_mode=code.plover_mode,
            date=when.isoformat() if when else None,
            date_precision=precision,
            date_source=date_source,
            location=where,
            negated=candidate.negated,
            hypothetical=candidate.hypothetical,
            background=candidate.background,
            confidence=candidate.confidence,
            rule=candidate.rule,
            trigger=candidate.trigger_text,
            future=candidate.future or bool(when and raw.published and when > raw.published),
            attributed_to=candidate.attributed_to,
        )

    def _placed(
        self, candidate: Candidate, root: str, where: Location | None
    ) -> tuple[tuple[Actor, ...], tuple[Actor, ...]]:
        """Actors named only by their sector take the country where the event happened
        ("police arrested protesters in Tbilisi": GEOCOP → GEOCVL); an attack nobody is
        named for is by unidentified forces there ("a roadside bomb near Samarra killed…"), and
        an arrest, a curfew or an investigation nobody is named for is by that country's
        authorities ("a US national has been put under investigation in Italy": ITAGOV)."""
        source, target = candidate.source, candidate.target
        if root == "04" and _titled(source + target):
            # a titled stranger meeting someone somewhere may well be abroad
            return _unplaced_dropped(source), _unplaced_dropped(target)
        if where is None or not where.country:
            return self._by_context(source, target, candidate), self._by_context(target, source, candidate)
        country = where.country
        actors = self.finder.actors

        def place(side: tuple[Actor, ...]) -> tuple[Actor, ...]:
            placed = []
            for a in side:
                if a.country is None and a.code == a.sector:
                    a = actors.in_country(a, country)
                elif a.country not in (None, country) and "ethnic" in a.text.lower().split() and not a.sector:
                    # "ethnic Albanians demonstrated in Serbia": a people where it lives (CVL)
                    a = actors.in_country(dataclasses.replace(a, sector="CVL"), country)
                placed.append(a)
            return tuple(placed)

        source, target = place(source), place(target)
        if not source and root in ("18", "19", "20"):
            source = (actors.in_country(Actor("unidentified attackers", "UAF", "UAF", None, "UAF"), country),)
        elif not source and root in STATE_ROOTS:
            source = (actors.in_country(Actor("authorities", "GOV", "GOV", None, "GOV"), country),)
        return source, target

    def _by_context(self, side: tuple[Actor, ...], other: tuple[Actor, ...], candidate: Candidate) -> tuple[Actor, ...]:
        """An official known only by title, where no place says whose: the one country the
        sentence names besides the other side's ("Ousted President Askar Akayev agreed to resign
        without returning to Kyrgyzstan" → KGZGOV); with none or several, nobody's."""
        others = {a.country for a in other}
        left = [c for c in candidate.named_countries if c not in others]
        if len(left) != 1:
            return _unplaced_dropped(side)
        return tuple(self.finder.actors.in_country(a, left[0]) if _titled((a,)) else a for a in side)

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
        summary = Summary()
        before = dataclasses.replace(self.filtered)
        for chunk in read_batches(paths, articles, store, batch_size, summary, per_chunk=1):
            for fresh, rejects in chunk:
                store.release_if_asked()  # a reader waiting for the file gets it while this batch is coded
                coded, failed = code_safely(self, fresh)
                store_batch(store, coded, rejects + failed, summary, on_article)
        summary.filtered = self.filtered - before
        return summary

    def run_articles(self, raws: Iterable[RawArticle], store: Store, *, batch_size: int = 32) -> Summary:
        "As `run`, for articles already read (an API request's body)."
        return self.run([], store, batch_size=batch_size, articles=raws)


def code_safely(pipeline: Pipeline, batch: list[Prepared]) -> tuple[list[StoredArticle], list[Reject]]:
    """Code a batch; an article the coder fails on becomes a reject (it will be coded again by a
    later run) and the rest of the batch goes on."""
    failed: list[Reject] = []

    def reject(item: Prepared, exc: Exception) -> None:
        failed.append(Reject(item.raw.origin, f"coding failed ({type(exc).__name__}: {exc}); please report it"))

    return list(pipeline._code_batch(batch, on_error=reject)), failed


def run_parallel(
    paths: Sequence[str],
    store: Store,
    *,
    workers: int,
    batch_size: int = 32,
    tables: Sequence[Path] = (),
    on_article: Callable[[str], None] | None = None,
) -> Summary:
    """As `Pipeline.run` with `workers` processes coding batches. This process reads the inputs,
    skips what the store holds, and writes — one writer, in input order — so the stored events
    and incidents are those of a single process; it never loads the models itself."""
    import multiprocessing

    summary = Summary()
    context = multiprocessing.get_context("spawn")  # a clean interpreter: no DuckDB handle, no threads
    # a few batches in flight per worker: they code while this process reads and writes. (A Pool,
    # not a ProcessPoolExecutor: the executor's short call queue left workers waiting, ~10% slower.)
    in_flight: deque[tuple[list[Reject], AsyncResult[tuple[list[StoredArticle], list[Reject], Filtered]]]] = deque()

    with context.Pool(workers, initializer=_start_worker, initargs=(tuple(tables),)) as pool:
        started = _worker_pids(pool)

        def store_oldest() -> None:
            rejects, result = in_flight.popleft()
            store.release_if_asked()  # a reader waiting for the file gets it while the workers code
            while not result.ready():
                result.wait(1.0)
                # a Pool replaces a worker that dies and loses its batch: waiting would never end
                if not result.ready() and _worker_pids(pool) != started:
                    raise DetenteError("a worker process died (out of memory?): run with --workers 1 to see why")
            coded, failed, filtered = result.get()  # a worker's own error (it could not start) is raised here
            store_batch(store, coded, rejects + failed, summary, on_article)
            summary.filtered += filtered

        for chunk in read_batches(paths, (), store, batch_size, summary, per_chunk=1):
            for fresh, rejects in chunk:
                in_flight.append((rejects, pool.apply_async(_code_in_worker, (fresh,))))
            while len(in_flight) > 2 * workers:
                store_oldest()
        while in_flight:
            store_oldest()
    return summary


def _worker_pids(pool: Any) -> set[int]:
    return {process.pid for process in pool._pool}  # the Pool's own list: no public way to see a replacement


_WORKER: list[Pipeline] = []
_WORKER_FAILED: list[Exception] = []


def _start_worker(tables: tuple[Path, ...]) -> None:
    try:
        _WORKER.append(Pipeline(tables=tables))
    except Exception as exc:  # raised in every task instead: a Pool would restart the worker for ever
        _WORKER_FAILED.append(exc)


def _code_in_worker(batch: list[Prepared]) -> tuple[list[StoredArticle], list[Reject], Filtered]:
    if _WORKER_FAILED:
        raise _WORKER_FAILED[0]
    pipeline = _WORKER[0]
    before = dataclasses.replace(pipeline.filtered)
    coded, failed = code_safely(pipeline, batch)
    return coded, failed, pipeline.filtered - before


def read_batches(
    paths: Sequence[str],
    articles: Iterable[RawArticle],
    store: Store,
    batch_size: int,
    summary: Summary,
    *,
    per_chunk: int,
) -> Iterator[list[tuple[list[Prepared], list[Reject]]]]:
    """Inputs read and prepared in batches of fresh articles (not stored yet, not seen earlier in
    this run) with the rejects read alongside; `per_chunk` batches at a time, for the coders."""
    seen: set[str] = set()
    chunk: list[tuple[list[Prepared], list[Reject]]] = []
    pending: list[Prepared] = []
    rejects: list[Reject] = []

    def close_batch() -> None:
        known = store.known_articles(item.id for item in pending)
        fresh = []
        for item in pending:
            if item.id in known or item.id in seen:
                summary.skipped += 1
            else:
                seen.add(item.id)
                fresh.append(item)
        chunk.append((fresh, list(rejects)))
        pending.clear()
        rejects.clear()

    for item in itertools.chain(read_inputs(paths) if paths else (), articles):
        if isinstance(item, Reject):
            rejects.append(item)
        else:
            pending.append(prepare(item))
        if len(pending) >= batch_size or len(rejects) >= batch_size:
            close_batch()
            if len(chunk) >= per_chunk:
                yield chunk
                chunk = []
    close_batch()
    yield chunk


def store_batch(
    store: Store, coded: list[StoredArticle], rejects: list[Reject], summary: Summary,
    on_article: Callable[[str], None] | None,
) -> None:  # fmt: skip
    store.add(coded, rejects)
    for article in coded:
        summary.articles += 1
        summary.sentences += article.n_sentences
        summary.events += len(article.events)
        if on_article:
            on_article(article.raw.origin)
    summary.rejects.extend(rejects)


@dataclass(frozen=True)
class Prepared:
    "An article cleaned and identified, ready for the parser."

    raw: RawArticle
    text: CleanText
    id: str


def prepare(raw: RawArticle) -> Prepared:
    """Clean and identify an article. Its id is its content's fingerprint, and the outlet's and
    URL's when the input names them: a syndicated copy in another paper is another report (it
    joins the original's syndication group), while reading the same input twice adds nothing."""
    text = clean(raw.text)
    identity = content_id(text.text)
    if raw.source or raw.url:
        identity = content_id(f"{identity}\0{raw.source or ''}\0{raw.url or ''}")
    return Prepared(raw=raw, text=text, id=identity)


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
    return list((pipeline or _default_pipeline()).code_article(raw).events)


_PIPELINE: list[Pipeline] = []


def _default_pipeline() -> Pipeline:
    if not _PIPELINE:
        _PIPELINE.append(Pipeline())
    return _PIPELINE[0]


def _trimmed(text: str) -> tuple[int, int]:
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    return start, max(start, end)


def _governor(token: Token, stop: Token) -> Token:
    "The nearest verb (or the trigger itself) above a token."
    node = token
    while node.i != stop.i and node.head.i != node.i and node.pos_ not in ("VERB", "AUX"):
        node = node.head
    return node


def _event_date(
    candidate: Candidate, sent: Span, mentions: list[DateMention], published: date | None
) -> tuple[date | None, str | None, str | None]:
    "(date, precision, source): a date stated in the event's clause, else the publication day."
    anchors = {candidate.trigger.i}
    if candidate.trigger.pos_ != "VERB":
        anchors.add(_governor(candidate.trigger.head, candidate.trigger).i)
    reporting: DateMention | None = None
    for mention in mentions:
        span = sent.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        governor = _governor(span.root, candidate.trigger)
        if governor.i in anchors:
            return mention.date, mention.precision, "stated"
        if reporting is None and governor.i in {a.i for a in candidate.trigger.ancestors}:
            reporting = mention  # "On Monday, China said it had accused NATO…"
    if candidate.background:
        return None, None, None
    if reporting is not None:
        return reporting.date, reporting.precision, "stated"
    if published is None:
        return None, None, None
    return published, "day", "publication"


def _nested_in(token: Token, holders: set[int]) -> bool:
    """A place inside a phrase of the event: "killed in a car bomb explosion in Beirut",
    "killed in a raid on a village near Hama". Climbs prepositional phrases only, never a clause."""
    for _ in range(4):
        if token.dep_ not in ("pobj", "prep", "compound", "appos") or token.head.i == token.i:
            return False
        token = token.head
        if token.dep_ == "prep" and token.lower_ not in LOCATIVE_PREPS | HOLDING_PREPS:
            return False  # "in the context of the conflict in Ukraine", "following developments in…"
        if token.i in holders:
            return True
    return False


def _titled(actors: tuple[Actor, ...]) -> bool:
    """Someone we know only by a title and a name: 'President Laurent Gbagbo' (GOV, no country),
    'Lt. Gen. Prosper Avril' (MIL). The matcher keeps the unknown name as the actor's name."""
    return any(a.country is None and a.code == a.sector and a.name != a.code for a in actors)


def _unplaced_dropped(actors: tuple[Actor, ...]) -> tuple[Actor, ...]:
    "A government of no known country is nobody's: 'President Laurent Gbagbo' where no place says whose."
    return tuple(a for a in actors if not (a.country is None and a.code == "GOV"))


# Acts only a state does when nobody else is named: investigate (09), coerce (17: arrest,
# expel, curfews, repression).
STATE_ROOTS = ("09", "17")


def _event_location(
    candidate: Candidate, sent: Span, gazetteer: Gazetteer, countries: list[str], article: Sequence[str] = ()
) -> Location | None:
    """A place named in the event's clause ("met in Beijing"), the town attacked or visited
    ("shelled Kharkiv", "visited Havana"), or the city that hosted it ("Beijing hosted…").

    A place in another clause of the sentence ("…following developments in Ukraine") is not
    the event's; nor is a place used as an actor ("Beijing said"); nor the topic of talks or
    the object of sanctions ("sanctions on Russia"). Homonyms go to the event's actors'
    countries, then to the article's ("Tripoli" in an article about Lebanon)."""
    trigger = candidate.trigger
    violent = candidate.cameo[:2] in FORCE_ROOTS
    own = {trigger.i} | ({candidate.event_noun.i} if candidate.event_noun is not None else set())
    holders = set(own)
    # the parser often hangs "in Moscow" on the object ("met his counterpart in Moscow")
    holders |= {c.i for c in trigger.children if c.dep_ in ("dobj", "pobj", "attr", "nsubj", "nsubjpass")}
    holders |= {c.i for c in trigger.children if c.dep_ == "prep" and c.lower_ in LOCATIVE_PREPS | HOLDING_PREPS}
    objects = {
        g.i for c in trigger.children if c.dep_ == "prep" and c.lower_ in HOLDING_PREPS for g in c.children if g.dep_ == "pobj"
    }  # not "following developments in Ukraine"
    holders |= objects
    found: list[tuple[int, int, str]] = []  # (how close to the event, position, name)
    for ent in sent.ents:
        if ent.label_ not in PLACE_LABELS | {"NORP", "PERSON"}:
            continue
        root = ent.root
        if root.dep_ == "compound" and root.head.lower_ in PLACE_NOUNS:
            root = root.head  # "in Zulia state": the phrase is headed by "state"
        preposition = root.head
        if root.dep_ == "pobj" and preposition.lower_ == "of" and preposition.head.lower_ in PLACE_NOUNS:
            # "near the town of Samarra": the place is the town's name
            town = preposition.head
            root, preposition = town, town.head
        if preposition.lower_ == "of" and preposition.head.lower_ in ("outside", "out"):
            preposition = preposition.head  # "outside of the city"
        # "an attack on Kyiv", "rockets fired from Gaza": force happens on or from a place too,
        # said of the event itself (not "a missionary from Calgary was arrested")
        direct = root.dep_ == "pobj" and (
            preposition.head.i in own and preposition.lower_ in LOCATIVE_PREPS
            # the parser hangs "from Gaza" on "fired rockets at Israeli towns"' towns
            or violent and preposition.lower_ in ("on", "from") and preposition.head.i in own | objects
        )
        in_clause = direct or root.dep_ == "pobj" and preposition.lower_ in LOCATIVE_PREPS and (
            preposition.head.i in holders or _nested_in(preposition.head, holders)
        )
        if ent.label_ in ("NORP", "PERSON") and not in_clause:
            # a nationality or a person, unless the parser mislabelled a town in a place slot
            # ("students in Valencia" is tagged PERSON)
            continue
        hosting = root.dep_ == "nsubj" and root.head.i == trigger.i and candidate.cameo == HOSTING
        # "shelled Kharkiv", "Kharkiv was shelled", "visited Havana": the place acted on
        acted_on = root.head.i == trigger.i and root.dep_ in ("dobj", "nsubjpass") and (violent or candidate.cameo == VISIT)
        if in_clause or hosting or acted_on:
            name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
            found.append((0 if direct or hosting or acted_on else 1, ent.start, name))
    # a place said of the event itself before one hung on a participant
    for _, _, name in sorted(found):
        location = gazetteer.lookup(name, prefer_countries=countries)
        if location is not None and location.country not in countries and article:
            # the event's actors do not settle it: the article's countries may
            other = gazetteer.lookup(name, prefer_countries=article)
            location = other if other is not None and other.country in article else location
        if location is not None:
            return location
    return None
