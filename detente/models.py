"""The records that flow through the pipeline, frozen so no stage can change another's output.

RawArticle  what ingest read (text as decoded, before cleaning)
Reject      an input that could not become an article, with a one-line reason
Actor       who: {text, name, code, country, sector}
Location    where: a gazetteer entry with its precision
Event       who did what to whom, when and where, tied to its evidence sentence
Incident    one happening and every report of it (see store/incidents.py)
SeriesMention, HistoryMention   a recurring mechanism named in an article, a statement of its history
Filtered    what the coder's pre-filter did (sentences split, parsed, recognised)
Summary     what a run of `detente code` did
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

__all__ = [
    "RawArticle", "Reject", "Actor", "Location", "Event", "Incident", "SeriesMention", "HistoryMention",
    "HistoryKind", "Filtered", "Summary", "actor_code",
]  # fmt: skip


@dataclass(frozen=True)
class RawArticle:
    "An article as read from its input: `text` is the decoded body, offsets refer to it."

    doc_id: str  # the input's own id (JSONL `id`) or its path
    text: str
    origin: str  # where it came from, for messages: a path, or path:line
    published: date | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None  # the outlet


@dataclass(frozen=True)
class Reject:
    "An input that could not be read as an article."

    input: str  # path, or path:line
    reason: str  # one line, naming what is wrong


@dataclass(frozen=True)
class Actor:
    "One actor mention, coded. `country` is ISO 3166 alpha-3, None for international bodies."

    text: str  # the words in the sentence
    name: str  # canonical, e.g. "China", "NATO"
    code: str  # CAMEO-style, e.g. "CHNMIL", "IGOWSTNAT"
    country: str | None
    sector: str | None  # GOV, MIL, IGO, REB, CVL, ...


def actor_code(country: str | None, sector: str | None) -> str:
    """A CAMEO-style actor code: the country's ISO3, then the sector (CHN + MIL = CHNMIL); a sector
    alone (GOV) when no country is known. Organisations have codes of their own (IGOWSTNAT)."""
    return (country or "") + (sector or "")


@dataclass(frozen=True)
class Location:
    "Where an event happened. precision: city, admin1 or country."

    name: str
    country: str | None  # ISO 3166 alpha-3
    lat: float | None
    lon: float | None
    precision: str
    admin1: str | None = None
    geonameid: int | None = None


@dataclass(frozen=True)
class Event:
    "A coded event, traceable to the sentence (and its offsets in the article text) it came from."

    id: str
    article_id: str
    sentence_index: int
    sentence: str
    char_start: int
    char_end: int
    source: tuple[Actor, ...]
    target: tuple[Actor, ...]
    cameo: str
    cameo_root: str
    cameo_name: str
    quad_class: int
    goldstein: float
    plover_type: str | None  # None for CAMEO codes PLOVER does not code (public statements)
    plover_mode: str | None
    date: str | None  # ISO 8601
    date_precision: str | None  # day, month, year
    date_source: str | None  # stated, publication
    location: Location | None
    negated: bool
    hypothetical: bool  # a threat, intention, plan, request or condition, not the act itself
    background: bool  # a reference to a known situation ("amid Russia's invasion"), not news
    confidence: float
    rule: str  # which pattern produced it
    trigger: str  # the words that triggered it
    doc_id: str | None = None
    future: bool = False  # stated to happen after publication: a planned visit, a deadline
    attributed_to: tuple[Actor, ...] = ()  # who claims it ("Russia said Ukraine shelled…"): Russia
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        "A JSON-ready dict; the shape of `detente events --format json`."
        record = dataclasses.asdict(self)
        record.pop("extra")
        return record


@dataclass(frozen=True)
class Incident:
    """One happening, however many reports: the best-dated report (`event`) stands for it, and
    `event_ids` are every report. `num_sources` counts syndication groups, not outlets' copies."""

    id: str
    event: Event  # the report whose date says most; its actors, code, date and place are the incident's
    event_ids: tuple[str, ...]
    num_mentions: int  # reports (events), across sentences and articles
    num_articles: int
    num_sources: int  # articles, with syndicated copies counted once
    source_url: str | None = None  # the representative report's article URL (GDELT's SOURCEURL)

    def to_dict(self) -> dict[str, Any]:
        record = {"id": self.id, **{k: v for k, v in self.event.to_dict().items() if k not in ("id",)}}
        record["event_id"] = self.event.id
        record.update(event_ids=list(self.event_ids), num_mentions=self.num_mentions,
                      num_articles=self.num_articles, num_sources=self.num_sources, source_url=self.source_url)  # fmt: skip
        return record


@dataclass(frozen=True)
class SeriesMention:
    "One edition of a series named in a text: `text == source[start:end]`."

    start: int
    end: int
    text: str
    name: str  # normalised: lower case, no edition words or parties: "military staff dialogue"
    title: str  # the name as written: "Shangri-La Dialogue", "BRICS summit"
    ordinal: int | None  # eighth → 8
    year: int | None  # "the 2024 G20 summit" → 2024
    parties: tuple[str, ...]  # sorted codes: ("CHN", "IGOWSTNAT")
    parties_text: str | None  # as written: "China and the North Atlantic Treaty Organization (NATO)"
    evidence: str = ""  # the sentence that names it

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        return (self.name, self.parties)


HistoryKind = Literal["start", "resumed", "suspended"]


@dataclass(frozen=True)
class HistoryMention:
    "A statement of when a mechanism started, resumed or was suspended: `text == source[start:end]`."

    start: int
    end: int
    text: str  # the verb through the year: "initiated in 2010"
    kind: HistoryKind
    verb: str
    year: int
    sentence_start: int
    sentence_end: int
    sentence: str


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
