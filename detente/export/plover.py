"""POLECAT-style PLOVER JSON lines: one JSON object per event.

`PLOVER_KEYS` and `PLOVER_ACTOR_KEYS` document every key of a record and of its actor objects;
a record with another key is a bug (`_plover_record` checks it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..models import Actor, Event, Location
from ..store import EventFilter, Store
from .common import articles_of, country_name, incident_of, replacing

__all__ = ["PLOVER_KEYS", "PLOVER_ACTOR_KEYS", "export_plover"]


# One JSON object per event. PLOVER's field names where PLOVER has one (the PLOVER manual's
# "PLOVER JSON" table; `event_type`/`event_mode` as POLECAT names them), detente's own otherwise.
PLOVER_KEYS: dict[str, str] = {
    "id": "detente's event id",
    "date": "the event date, YYYY-MM-DD (null for background references)",
    "date_precision": "day, month or year (a month or year is stored as its first day)",
    "date_source": "stated (in the sentence) or publication (the article's date)",
    "actor": "list of actor objects (PLOVER_ACTOR_KEYS): detente's source actors",
    "recipient": "list of actor objects: detente's target actors",
    "event_type": "the PLOVER event type (null for CAMEO public statements, which PLOVER does not code)",
    "event_mode": "the PLOVER mode, or null",
    "context": "PLOVER contexts: always an empty list, detente codes none",
    "quad_code": "GDELT's quad class of the CAMEO code (1-4)",
    "event_scale": "GDELT's Goldstein weight of the CAMEO code",
    "cameo": "the CAMEO code",
    "cameo_root": "the CAMEO root",
    "cameo_name": "the CAMEO code's name",
    "event_loc": "null, or the location object: resolved_place, geonameid, lat, lon, province "
    "(admin1 name), country (name), country_code (ISO alpha-3), resolution (4 city, 2 province, 1 country)",
    "event_text": "the evidence sentence",
    "text_info": "{sequence: sentence index, start, end: character offsets in the article text}",
    "cite_info": "{citation: the input's document id, url, title, publication (the outlet), "
    "published (YYYY-MM-DD or null)}",
    "coder": "'detente'",
    "coded_date": "when detente stored the article, YYYY-MM-DD (UTC)",
    "article_id": "detente's article id (a hash of its normalised content)",
    "incident_id": "the incident this event reports, or null (negated, hypothetical, future, background)",
    "negated": "true for 'did not attack'",
    "hypothetical": "true for threats, intentions, plans, requests, conditions",
    "background": "true for a reference to a known situation",
    "future": "true when stated to happen after publication",
    "attributed_to": "list of actor objects: who claims the event",
    "confidence": "0-1",
    "rule": "the pattern row that coded it",
    "trigger": "the words that triggered it",
}
PLOVER_ACTOR_KEYS: dict[str, str] = {
    "entity_text": "the words in the sentence",
    "entity_name": "detente's canonical name",
    "code": "PLOVER's top-level entity code: the ISO alpha-3 country, else the CAMEO code (IGOWSTNAT)",
    "cameo_code": "the full CAMEO-style code (CHNMIL)",
    "country_code": "ISO 3166 alpha-3, null for international bodies",
    "country_name": "the country's name, or null",
    "sector": "the sector code (GOV, MIL, IGO, ...)",
}

_RESOLUTION = {"city": 4, "admin1": 2, "country": 1}


def _plover_actor(actor: Actor) -> dict[str, Any]:
    return {
        "entity_text": actor.text,
        "entity_name": actor.name,
        "code": actor.country or actor.code,
        "cameo_code": actor.code,
        "country_code": actor.country,
        "country_name": country_name(actor.country),
        "sector": actor.sector,
    }


def _plover_location(location: Location | None) -> dict[str, Any] | None:
    if location is None:
        return None
    return {
        "resolved_place": location.name,
        "geonameid": location.geonameid,
        "lat": location.lat,
        "lon": location.lon,
        "province": location.admin1 if location.precision != "admin1" else location.name,
        "country": country_name(location.country),
        "country_code": location.country,
        "resolution": _RESOLUTION.get(location.precision),
    }


def _plover_record(event: Event, article: dict[str, Any], incident: str | None) -> dict[str, Any]:
    coded_at = article.get("coded_at")
    published = article.get("published")
    record = {
        "id": event.id,
        "date": event.date,
        "date_precision": event.date_precision,
        "date_source": event.date_source,
        "actor": [_plover_actor(a) for a in event.source],
        "recipient": [_plover_actor(a) for a in event.target],
        "event_type": event.plover_type,
        "event_mode": event.plover_mode,
        "context": [],
        "quad_code": event.quad_class,
        "event_scale": event.goldstein,
        "cameo": event.cameo,
        "cameo_root": event.cameo_root,
        "cameo_name": event.cameo_name,
        "event_loc": _plover_location(event.location),
        "event_text": event.sentence,
        "text_info": {"sequence": event.sentence_index, "start": event.char_start, "end": event.char_end},
        "cite_info": {
            "citation": event.doc_id, "url": article.get("url"), "title": article.get("title"),
            "publication": article.get("source"), "published": published.isoformat() if published else None,
        },  # fmt: skip
        "coder": "detente",
        "coded_date": coded_at.date().isoformat() if coded_at else None,
        "article_id": event.article_id,
        "incident_id": incident,
        "negated": event.negated,
        "hypothetical": event.hypothetical,
        "background": event.background,
        "future": event.future,
        "attributed_to": [_plover_actor(a) for a in event.attributed_to],
        "confidence": event.confidence,
        "rule": event.rule,
        "trigger": event.trigger,
    }
    assert record.keys() == PLOVER_KEYS.keys()  # the documentation and the records cannot drift
    return record


def export_plover(store: Store, out: Path, where: EventFilter) -> int:
    found = store.events(where)
    articles = articles_of(store, {e.article_id for e in found})
    incidents = incident_of(store, [e.id for e in found])
    with replacing(out) as tmp, tmp.open("w", encoding="utf-8") as f:
        for event in found:
            record = _plover_record(event, articles.get(event.article_id, {}), incidents.get(event.id))
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(found)
