"""From what the event finder found to Event records: each candidate dated, placed, its evidence
tied to the article text as read (`text[char_start:char_end] == sentence`), and given its id — a
hash of where it came from and what it says, so coding the same article again gives the same ids.
"""

from __future__ import annotations

import calendar
import hashlib
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from spacy.tokens import Span

from ..ingest.prepared import Prepared
from ..models import Actor, Event, RawArticle
from ..store import StoredArticle
from ..tables.codebook import CameoCode
from ..tables.sectors import Sectors
from .candidates import Candidate
from .dates import DateMention, find_dates
from .event_dates import event_date

if TYPE_CHECKING:
    from .resources import Resources

__all__ = ["coded_article", "event_record", "plain_country", "takes_part", "trimmed"]

# Conventional military force used on people who bear no arms by no state's forces and no armed
# group is unconventional violence (`unconventional`): CAMEO 190 and 193 become 180.
CONVENTIONAL = {"190", "193"}
UNCONVENTIONAL = "180"
UNIDENTIFIED = "UAF"  # gunmen, a bomb: no state's forces and no armed group ("insurgents bombarded Aleppo" stays 19)
# Visits and hosting (CAMEO 042, 043) are of someone: with no one and no country visited, no event.
VISITS = {"042", "043"}
# An episode dated more than this before the report is history, not the news of the day.
RECENT_DAYS = 31


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
    plain = plain_country(found)
    for index, offset, sent, candidates in sentences:
        start, end = trimmed(sent.text)
        char_start, char_end = text.original_span(offset + sent.start_char + start, offset + sent.start_char + end)
        evidence = raw.text[char_start:char_end]
        mentions = find_dates(sent.text, raw.published)
        # an event stated to come ("will visit on Wednesday") reads its dates forward
        ahead = find_dates(sent.text, raw.published, tense_past=False) if any(c.future for c in candidates) else []
        futures = {c.trigger.i for c in candidates if c.future}
        for candidate in candidates:
            # a clause inside a future one reads its dates forward too ("are scheduled to arrive
            # Friday to join advisers supporting…")
            forward = candidate.future or any(a.i in futures for a in candidate.trigger.ancestors)
            event = event_record(
                resources, raw, item.id, index, evidence, char_start, char_end, sent, candidate,
                ahead if forward else mentions, article_countries, plain,
            )  # fmt: skip
            if takes_part(event, resources.sectors, resources.codebook[event.cameo]):
                events.append(event)
    series, history = resources.series.article(raw.text)
    return StoredArticle(
        id=item.id, raw=raw, n_sentences=n_sentences, events=tuple(events),
        series=series, history=history, series_scanned=True,
    )  # fmt: skip


def plain_country(found: Sequence[Sequence[Candidate]]) -> str | None:
    """The country an article is plainly about: named (by an actor or a name) in more of its
    event sentences than any other, and in at least half of those that name a country. A
    one-sentence report naming one country is about it; one naming two is about neither."""
    per_sentence = [
        {country for c in candidates for country in (*(a.country for a in c.source + c.target), *c.named_countries) if country}
        for candidates in found
    ]  # fmt: skip
    named = [countries for countries in per_sentence if countries]
    ranked = Counter(country for countries in named for country in countries).most_common(2)
    if not ranked:
        return None
    (top, n), second = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0)
    return top if n > second and 2 * n >= len(named) else None


def takes_part(event: Event, sectors: Sectors, code: CameoCode) -> bool:
    """An event is stored when at least one side can take part in international politics: a
    state or its part, an armed group, an organisation (sectors.tsv's roles). "The company
    declined to comment" with no country in sight is not one; a protest or a refusal is, by
    anyone (`by_society`: cameo.tsv), as labour disputes and sit-ins are news of their own.
    Violence by a part of society against no one named ("Chicago teachers strike", "Americans
    have fought and died for the right…") is a figure of speech or another sense, not an event."""
    actors = (*event.source, *event.target)
    if code.code in VISITS and not event.target:
        return False  # "Police arrived near midnight", "Trump visited Corpus Christi": no one visited
    if event.rule == "statement" and not event.source:
        return False  # "Japan cannot tolerate…, Foreign Minister Kuranari said": a speaker no one could place
    if code.by_society and actors:
        return True  # "teachers went on strike", "workers will not end the strike" (cameo.tsv by_society)
    if code.violent and event.source and not event.target and all(sectors.of_society(a.sector) for a in event.source):
        return False
    return any(sectors.takes_part(actor.country, actor.sector) for actor in actors)


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
    plain: str | None = None,
) -> Event:
    "The Event a candidate is: dated, placed, its actors placed, its id a hash of where it came from."
    code = resources.codebook[candidate.cameo]
    when, precision, date_source = event_date(candidate, sent, mentions, raw.published)
    countries = [a.country for a in (*candidate.source, *candidate.target) if a.country]
    where = resources.placement.location(candidate, sent, countries, article_countries)
    source, target = resources.placement.place_actors(candidate, code, where, plain)
    if unconventional(code, source, target, resources.sectors):
        code = resources.codebook[UNCONVENTIONAL]
    key = "|".join(
        [article_id, str(index), str(candidate.trigger.i), candidate.cameo]
        + [a.code for a in source] + ["→"] + [a.code for a in target]
    )  # (the pattern's code: an id stays the same when the kind of violence is read anew)
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
        background=candidate.background or long_before(when, precision, date_source, raw.published),
        confidence=candidate.confidence,
        rule=candidate.rule,
        trigger=candidate.trigger_text,
        future=candidate.future or bool(when and raw.published and when > raw.published),
        attributed_to=candidate.attributed_to,
    )


def unconventional(code: CameoCode, source: tuple[Actor, ...], target: tuple[Actor, ...], sectors: Sectors) -> bool:
    """Force that no state's forces and no armed group use, on people who are no armed force, is
    CAMEO's unconventional violence (18), not conventional military force (19): a gunman, a bomb
    or a mob killing civilians or hostages; soldiers killed, or states' forces or insurgents
    fighting, stay 19."""
    if code.code not in CONVENTIONAL or not target:
        return False
    unarmed = all(a.sector is not None and sectors.of_society(a.sector) for a in target)
    irregular = all(a.sector == UNIDENTIFIED or sectors.of_society(a.sector) for a in source)
    return unarmed and irregular


def long_before(when: date | None, precision: str | None, date_source: str | None, published: date | None) -> bool:
    """A past episode the sentence dates itself, ended more than RECENT_DAYS before the report ("in
    2007 the two leaders met", "approved by Congress last year"): background, with its own date."""
    if when is None or published is None or date_source != "stated":
        return False
    if precision == "year":
        end = date(when.year, 12, 31)
    elif precision == "month":
        end = date(when.year, when.month, calendar.monthrange(when.year, when.month)[1])
    else:
        end = when
    return (published - end).days > RECENT_DAYS


def trimmed(text: str) -> tuple[int, int]:
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    return start, max(start, end)
