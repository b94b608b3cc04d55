"""Series: recurring named mechanisms (dialogues, rounds of talks, summits), their editions and
stated history, built from what the coder stored — the mentions it found in each article
(coding/series.py) and the events coded from the sentences naming them. Reads the database
only: no language model is loaded.

    series(store) → [Series(name='military staff dialogue', parties=('CHN', 'IGOWSTNAT'),
                            editions=(Edition(ordinal=8, date='2024-03-13', place='Beijing', …),),
                            history=(History('start', 2010, …), History('resumed', 2018, …)))]
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..models import HistoryKind, HistoryMention, SeriesMention

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["Edition", "History", "Series", "series"]


@dataclass(frozen=True)
class Edition:
    "One edition of a series: when and where it met, and the reports it was read from."

    ordinal: int | None
    year: int | None  # as named ("the 2024 G20 summit"), else None
    date: str | None  # ISO 8601, from the events coded from the mention's sentence, else the year
    date_precision: str | None  # day, month, year
    place: str | None
    country: str | None  # ISO 3166 alpha-3 of the place
    lat: float | None
    lon: float | None
    incident_id: str | None  # the incident of the report that gave the date
    event_ids: tuple[str, ...]
    incident_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    evidence: str  # the first sentence naming it

    def to_dict(self) -> dict[str, Any]:
        return {
            "ordinal": self.ordinal, "year": self.year, "date": self.date, "date_precision": self.date_precision,
            "place": self.place, "country": self.country, "lat": self.lat, "lon": self.lon,
            "incident_id": self.incident_id, "event_ids": list(self.event_ids),
            "incident_ids": list(self.incident_ids), "article_ids": list(self.article_ids), "evidence": self.evidence,
        }  # fmt: skip


@dataclass(frozen=True)
class History:
    "A stated moment of a series' history: started, resumed or suspended in `year`."

    kind: HistoryKind
    year: int
    verb: str
    evidence: str  # the sentence
    article_id: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "year": self.year, "verb": self.verb, "evidence": self.evidence,
                "article_id": self.article_id}  # fmt: skip


@dataclass(frozen=True)
class Series:
    "A recurring mechanism: its name and parties (the key), its editions and stated history."

    name: str
    parties: tuple[str, ...]
    title: str  # the name as most often written
    editions: tuple[Edition, ...]
    history: tuple[History, ...]
    article_ids: tuple[str, ...] = field(default=())

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        return (self.name, self.parties)

    def to_dict(self) -> dict[str, Any]:
        "A JSON-ready dict; the intended shape of `detente series --format json`."
        return {
            "name": self.name,
            "parties": list(self.parties),
            "title": self.title,
            "editions": [e.to_dict() for e in self.editions],
            "history": [h.to_dict() for h in self.history],
            "article_ids": list(self.article_ids),
        }


@dataclass
class _Report:
    "An event row that may date and place an edition."

    id: str
    start: int
    end: int
    date: str | None
    precision: str | None
    date_source: str | None
    place: str | None
    country: str | None
    lat: float | None
    lon: float | None
    incident_id: str | None
    actors: frozenset[str]
    flagged: bool  # background, negated or hypothetical: not this edition's report
    at: int  # where its trigger is in the article text (the sentence start if not found)
    words: tuple[str, ...]  # its actors as written ("G20"), to tell two mentions in a sentence apart


@dataclass
class _Found:
    mention: SeriesMention
    article_id: str
    evidence: str
    reports: list[_Report]


_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


def series(store: Store) -> list[Series]:
    """Every series named in the stored articles, sorted by name and parties.

    Editions. A mention is tied to the events coded from its sentence (the event's
    char_start ≤ mention < char_end): events that are background, negated or hypothetical are
    not the edition; when the series has parties, events whose actors include one of them are
    preferred; when the sentence names several series, an event goes to the mention that
    contains one of its actors ("…the 2024 G20 summit" for an event aimed at the G20), else to
    the mention nearest its trigger. The edition's date is the best of those events' dates (a
    stated date before a publication-day one, then the most precise; a year named in the mention
    wins over a publication-day date), its place the best-dated event's with a location, and it
    lists their event and incident ids. A mention with no events is still an edition, dated by its year if named so.
    Mentions of one series merge into one edition by ordinal, else by named year, else by date;
    a year edition joins the one ordinal edition of that year when there is exactly one.

    Parties. When the mention says "between …" but the actor tables know none of the names, the
    parties are taken from the sentence's events' actors.

    History. A history statement (coding/series.py: `SeriesReader.history`) in the sentence of a
    mention belongs to that mention's series. Elsewhere it is anaphoric ("The ongoing
    communication between China and NATO, initiated in 2010, …"): it is attached to the series
    the article names when the article names exactly one series, else to the series whose name
    the sentence contains, and is dropped when that is still ambiguous."""
    named = store.series_mentions()
    reports = _reports(store, list(named))
    found: list[_Found] = []
    history: dict[tuple[str, tuple[str, ...]], list[History]] = defaultdict(list)
    for article_id, (mentions, statements) in named.items():
        article_found = []
        for mention in mentions:
            in_sentence = [
                r for r in reports.get(article_id, [])
                if r.start <= mention.start < r.end and _nearest(r, mentions) is mention
            ]
            if mention.parties_text and not mention.parties:
                codes = sorted({code for r in in_sentence if not r.flagged for code in r.actors})
                mention = _with_parties(mention, tuple(codes))
            article_found.append(_Found(mention, article_id, mention.evidence or mention.text, in_sentence))
        found += article_found
        keys = sorted({f.mention.key for f in article_found})
        for statement in statements:
            key = _history_key(statement, article_found, keys)
            if key is not None:
                history[key].append(History(statement.kind, statement.year, statement.verb, statement.sentence, article_id))
    by_key: dict[tuple[str, tuple[str, ...]], list[_Found]] = defaultdict(list)
    for f in found:
        by_key[f.mention.key].append(f)
    out = [_build(key, items, history.get(key, [])) for key, items in by_key.items()]
    return sorted(out, key=lambda s: s.key)


def _nearest(report: _Report, mentions: Sequence[SeriesMention]) -> SeriesMention | None:
    "Of the mentions in the report's sentence, the one nearest its trigger: its edition."
    here = [m for m in mentions if report.start <= m.start < report.end]
    named = [m for m in here if any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", m.text) for w in report.words)]
    if len(named) == 1:
        return named[0]  # "…prepared for the 2024 G20 summit": the event aimed at the G20 is the G20's
    return min(here, key=lambda m: (0 if m.start <= report.at < m.end else min(abs(report.at - m.start), abs(report.at - m.end)), m.start), default=None)


def _with_parties(mention: SeriesMention, codes: tuple[str, ...]) -> SeriesMention:
    return dataclasses.replace(mention, parties=codes)


def _history_key(
    statement: HistoryMention, found: Sequence[_Found], keys: Sequence[tuple[str, tuple[str, ...]]]
) -> tuple[str, tuple[str, ...]] | None:
    here = sorted({f.mention.key for f in found if statement.sentence_start <= f.mention.start < statement.sentence_end})
    if len(here) == 1:
        return here[0]
    if len(keys) == 1:
        return keys[0]
    named = [key for key in keys if key[0] in statement.sentence.lower()]
    return named[0] if len(named) == 1 else None


def _reports(store: Store, article_ids: Sequence[str]) -> dict[str, list[_Report]]:
    "The events of the articles that name series, as reports that may date and place an edition."
    incident_of = store.incident_of_events(article_ids)
    out: dict[str, list[_Report]] = defaultdict(list)
    for event in sorted(store.events_of_articles(article_ids), key=lambda e: (e.article_id, e.char_start, e.id)):
        trigger = event.trigger or ""
        at = event.char_start + max(0, event.sentence.find(trigger.split(" ")[0])) if trigger else event.char_start
        where = event.location
        out[event.article_id].append(_Report(
            id=event.id, start=event.char_start, end=event.char_end, date=event.date, precision=event.date_precision,
            date_source=event.date_source, place=where.name if where else None, country=where.country if where else None,
            lat=where.lat if where else None, lon=where.lon if where else None, incident_id=incident_of.get(event.id),
            actors=frozenset(a.country or a.code for a in (*event.source, *event.target) if a.country or a.code),
            flagged=bool(event.background or event.negated or event.hypothetical), at=at,
            words=tuple(a.text for a in (*event.source, *event.target) if a.text),
        ))  # fmt: skip
    return out


def _chosen(found: _Found) -> list[_Report]:
    "The reports that are this edition: asserted, and by its parties when some are."
    usable = [r for r in found.reports if not r.flagged]
    parties = set(found.mention.parties)
    if parties:
        ours = [r for r in usable if r.actors & parties]
        usable = ours or usable
    return usable


def _build(key: tuple[str, tuple[str, ...]], items: list[_Found], history: Iterable[History]) -> Series:
    items = sorted(items, key=lambda f: (f.article_id, f.mention.start))
    groups: dict[tuple[Any, ...], list[_Found]] = {}
    for f in items:
        m = f.mention
        reports = _chosen(f)
        dated = sorted((r for r in reports if r.date), key=_date_rank)
        if m.ordinal is not None:
            edition_key: tuple[Any, ...] = ("ordinal", m.ordinal)
        elif m.year is not None:
            edition_key = ("year", m.year)
        elif dated:
            edition_key = ("date", dated[0].date)
        else:
            edition_key = ("article", f.article_id)  # undated: one edition per article
        groups.setdefault(edition_key, []).append(f)
    # "the 2024 summit" is the 12th summit when the 12th is the only one dated 2024
    for edition_key in [k for k in groups if k[0] == "year"]:
        same_year = [k for k in groups if k[0] == "ordinal" and _edition(groups[k]).date
                     and _edition(groups[k]).date.startswith(str(edition_key[1]))]  # type: ignore[union-attr]
        if len(same_year) == 1:
            groups[same_year[0]] += groups.pop(edition_key)
    editions = sorted((_edition(g) for g in groups.values()), key=_edition_order)
    titles = sorted(((-sum(f.mention.title == t for f in items), t) for t in {f.mention.title for f in items}))
    seen: set[tuple[str, int, str]] = set()
    stated = []
    for h in sorted(history, key=lambda h: (h.year, ("start", "suspended", "resumed").index(h.kind), h.article_id)):
        if (h.kind, h.year, h.article_id) not in seen:
            seen.add((h.kind, h.year, h.article_id))
            stated.append(h)
    return Series(
        name=key[0], parties=key[1], title=titles[0][1], editions=tuple(editions), history=tuple(stated),
        article_ids=tuple(sorted({f.article_id for f in items})),
    )  # fmt: skip


def _date_rank(report: _Report) -> tuple[Any, ...]:
    return (report.date_source != "stated", _PRECISION_RANK.get(report.precision or "", 3), report.date, report.id)


def _edition(group: Sequence[_Found]) -> Edition:
    reports = sorted({r.id: r for f in group for r in _chosen(f)}.values(), key=lambda r: r.id)
    ordinal = next((f.mention.ordinal for f in group if f.mention.ordinal is not None), None)
    year = next((f.mention.year for f in group if f.mention.year is not None), None)
    # a named year wins over a report dated by its publication day only
    dated = sorted((r for r in reports if r.date and (year is None or r.date_source == "stated")), key=_date_rank)
    placed = sorted((r for r in reports if r.place), key=lambda r: (_date_rank(r) if r.date else (True, 3, "", r.id)))
    date, precision = (dated[0].date, dated[0].precision) if dated else (None, None)
    if date is None and year is not None:
        date, precision = f"{year:04d}-01-01", "year"
    place = placed[0] if placed else None
    representative = dated[0] if dated else (reports[0] if reports else None)
    return Edition(
        ordinal=ordinal, year=year, date=date, date_precision=precision,
        place=place.place if place else None, country=place.country if place else None,
        lat=place.lat if place else None, lon=place.lon if place else None,
        incident_id=representative.incident_id if representative else None,
        event_ids=tuple(r.id for r in reports),
        incident_ids=tuple(sorted({r.incident_id for r in reports if r.incident_id})),
        article_ids=tuple(sorted({f.article_id for f in group})),
        evidence=group[0].evidence,
    )  # fmt: skip


def _edition_order(edition: Edition) -> tuple[Any, ...]:
    return (edition.ordinal is None, edition.ordinal or 0, edition.date or "9999", edition.article_ids, edition.evidence)
