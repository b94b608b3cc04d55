"""Records to table rows and back: an article, its events and their actors, a reject.

Rows are tuples in the order of the table's columns (schema.py); an event read back is the
frozen record it was written from, actors and location included.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..models import Actor, Event, HistoryMention, Location, RawArticle, Reject, SeriesMention

__all__ = [
    "StoredArticle", "article_row", "event_row", "actor_rows", "event_from_row", "reject_id",
    "series_rows", "history_rows", "series_from_row", "history_from_row",
]  # fmt: skip


@dataclass(frozen=True)
class StoredArticle:
    """An article as coded: its id, the input it came from, its events, and the series it names
    with their history. `series_scanned`: whether its text was read for series (an article coded
    by an older release was not)."""

    id: str
    raw: RawArticle
    n_sentences: int
    events: tuple[Event, ...]
    series: tuple[SeriesMention, ...] = ()
    history: tuple[HistoryMention, ...] = ()
    series_scanned: bool = False


def article_row(article: StoredArticle, coded_at: datetime, group: str, minhash: Sequence[int]) -> tuple[Any, ...]:
    "An `articles` row: the input's fields, what coding found, and its syndication group and signature."
    raw = article.raw
    return (article.id, raw.doc_id, raw.origin, raw.title, raw.url, raw.source, raw.published, raw.text,
            article.n_sentences, len(article.events), coded_at, group, minhash, article.series_scanned)  # fmt: skip


def reject_id(reject: Reject) -> str:
    return hashlib.sha256(f"{reject.input}\0{reject.reason}".encode()).hexdigest()[:16]


def _actors_json(actors: Sequence[Actor]) -> str:
    return json.dumps([actor.__dict__ for actor in actors], ensure_ascii=False)


def event_row(event: Event) -> tuple[Any, ...]:
    location = event.location
    return (
        event.id, event.article_id, event.doc_id, event.sentence_index, event.sentence,
        event.char_start, event.char_end, _actors_json(event.source), _actors_json(event.target),
        event.source[0].code if event.source else None, event.target[0].code if event.target else None,
        event.cameo, event.cameo_root, event.cameo_name, event.quad_class, event.goldstein,
        event.plover_type, event.plover_mode, event.date, event.date_precision, event.date_source,
        location.name if location else None, location.country if location else None,
        location.admin1 if location else None, location.lat if location else None,
        location.lon if location else None, location.precision if location else None,
        location.geonameid if location else None, event.negated, event.hypothetical,
        event.background, event.confidence, event.rule, event.trigger, event.future,
        _actors_json(event.attributed_to),
    )  # fmt: skip


def actor_rows(events: Iterable[Event]) -> list[tuple[Any, ...]]:
    "The `event_actors` rows of these events: one per actor, by role and position."
    return [
        (event.id, role, position, actor.code, actor.country, actor.sector, actor.name)
        for event in events
        for role, actors in (("source", event.source), ("target", event.target))
        for position, actor in enumerate(actors)
    ]


def event_from_row(row: dict[str, Any]) -> Event:
    location = None
    if row["location_name"] is not None:
        location = Location(
            name=row["location_name"], country=row["location_country"], lat=row["location_lat"],
            lon=row["location_lon"], precision=row["location_precision"],
            admin1=row["location_admin1"], geonameid=row["location_geonameid"],
        )  # fmt: skip
    return Event(
        id=row["id"], article_id=row["article_id"], doc_id=row["doc_id"],
        sentence_index=row["sentence_index"], sentence=row["sentence"],
        char_start=row["char_start"], char_end=row["char_end"],
        source=tuple(Actor(**a) for a in json.loads(row["source"])),
        target=tuple(Actor(**a) for a in json.loads(row["target"])),
        cameo=row["cameo"], cameo_root=row["cameo_root"], cameo_name=row["cameo_name"],
        quad_class=row["quad_class"], goldstein=row["goldstein"], plover_type=row["plover_type"],
        plover_mode=row["plover_mode"],
        date=row["date"].isoformat() if row["date"] is not None else None,
        date_precision=row["date_precision"], date_source=row["date_source"], location=location,
        negated=row["negated"], hypothetical=row["hypothetical"], background=row["background"],
        confidence=row["confidence"], rule=row["rule"], trigger=row["trigger"],
        future=bool(row["future"]),
        attributed_to=tuple(Actor(**a) for a in json.loads(row["attributed_to"] or "[]")),
    )  # fmt: skip


def series_rows(article: StoredArticle) -> list[tuple[Any, ...]]:
    "The `series_mentions` rows of an article: one per series it names."
    return [
        (article.id, m.start, m.end, m.text, m.name, m.title, m.ordinal, m.year, json.dumps(list(m.parties)),
         m.parties_text, m.evidence)
        for m in article.series
    ]  # fmt: skip


def history_rows(article: StoredArticle) -> list[tuple[Any, ...]]:
    "The `series_history` rows of an article: one per statement of a series' history."
    return [
        (article.id, h.start, h.end, h.text, h.kind, h.verb, h.year, h.sentence_start, h.sentence_end, h.sentence)
        for h in article.history
    ]


def series_from_row(row: dict[str, Any]) -> SeriesMention:
    return SeriesMention(
        start=row["char_start"], end=row["char_end"], text=row["text"], name=row["name"], title=row["title"],
        ordinal=row["ordinal"], year=row["year"], parties=tuple(json.loads(row["parties"] or "[]")),
        parties_text=row["parties_text"], evidence=row["evidence"] or "",
    )  # fmt: skip


def history_from_row(row: dict[str, Any]) -> HistoryMention:
    return HistoryMention(
        start=row["char_start"], end=row["char_end"], text=row["text"], kind=row["kind"], verb=row["verb"],
        year=row["year"], sentence_start=row["sentence_start"], sentence_end=row["sentence_end"],
        sentence=row["sentence"],
    )  # fmt: skip
