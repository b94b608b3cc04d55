"""From what the event finder found to Event records: each candidate dated, placed, its evidence
tied to the article text as read (`text[char_start:char_end] == sentence`), and given its id — a
hash of where it came from and what it says, so coding the same article again gives the same ids.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Span

from ..ingest.prepared import Prepared
from ..models import Event, RawArticle
from ..store import StoredArticle
from .candidates import Candidate
from .dates import DateMention, find_dates
from .event_dates import event_date

if TYPE_CHECKING:
    from .resources import Resources

__all__ = ["coded_article", "event_record", "trimmed"]


def coded_article(
    resources: Resources, item: Prepared, sentences: list[tuple[int, int, Span, list[Candidate]]], n_sentences: int
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
        start, end = trimmed(sent.text)
        char_start, char_end = text.original_span(offset + sent.start_char + start, offset + sent.start_char + end)
        evidence = raw.text[char_start:char_end]
        mentions = find_dates(sent.text, raw.published)
        # an event stated to come ("will visit on Wednesday") reads its dates forward
        ahead = find_dates(sent.text, raw.published, tense_past=False) if any(c.future for c in candidates) else []
        for candidate in candidates:
            event = event_record(
                resources, raw, item.id, index, evidence, char_start, char_end, sent, candidate,
                ahead if candidate.future else mentions, article_countries,
            )  # fmt: skip
            if event.source or event.target:
                events.append(event)
    series, history = resources.series.article(raw.text)
    return StoredArticle(
        id=item.id, raw=raw, n_sentences=n_sentences, events=tuple(events),
        series=series, history=history, series_scanned=True,
    )  # fmt: skip


def event_record(
    resources: Resources,
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
    "The Event a candidate is: dated, placed, its actors placed, its id a hash of where it came from."
    code = resources.codebook[candidate.cameo]
    when, precision, date_source = event_date(candidate, sent, mentions, raw.published)
    countries = [a.country for a in (*candidate.source, *candidate.target) if a.country]
    where = resources.placement.location(candidate, sent, countries, article_countries)
    source, target = resources.placement.place_actors(candidate, code, where)
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


def trimmed(text: str) -> tuple[int, int]:
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    return start, max(start, end)
