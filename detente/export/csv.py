"""CSV: one row per event, or one per incident, with a header row.

The one event CSV of detente: `detente export --format csv`, `detente events --format csv` and
the API's `GET /events?format=csv` all write it with `write_events_csv`, so the three give the
same bytes for the same events. `EVENTS_CSV_COLUMNS` and `INCIDENTS_CSV_COLUMNS` document every
column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from ..models import Actor, Event, Incident, Location
from ..store import EventFilter, Store
from .common import incident_of, replacing
from .gdelt import global_event_id

__all__ = [
    "EVENTS_CSV_COLUMNS",
    "INCIDENTS_CSV_COLUMNS",
    "write_events_csv",
    "events_csv",
    "export_events_csv",
    "export_incidents_csv",
]


def _codes(actors: Sequence[Actor]) -> str:
    return "+".join(a.code for a in actors)


def _location_columns(location: Location | None) -> dict[str, Any]:
    if location is None:
        return {}
    return {"location": location.name, "location_country": location.country, "lat": location.lat, "lon": location.lon,
            "location_precision": location.precision}  # fmt: skip


# name → meaning. Several actors are joined with "+" (CHN+RUS); booleans are true/false; a
# missing value is an empty field.
EVENTS_CSV_COLUMNS: dict[str, str] = {
    "id": "detente's event id",
    "incident_id": "the incident the event reports, or empty",
    "date": "YYYY-MM-DD",
    "date_precision": "day, month or year",
    "date_source": "stated or publication",
    "source": "source actors' CAMEO codes",
    "target": "target actors' CAMEO codes",
    "cameo": "CAMEO code",
    "cameo_name": "CAMEO code's name",
    "plover_type": "PLOVER type",
    "plover_mode": "PLOVER mode",
    "quad_class": "GDELT quad class (1-4)",
    "goldstein": "GDELT Goldstein weight",
    "location": "the gazetteer's place name",
    "location_country": "the place's country, ISO alpha-3",
    "lat": "latitude",
    "lon": "longitude",
    "location_precision": "city, admin1 or country",
    "negated": "true/false",
    "hypothetical": "true/false",
    "background": "true/false",
    "future": "true/false",
    "attributed_to": "codes of who claims the event",
    "confidence": "0-1",
    "rule": "the pattern row that coded it",
    "doc_id": "the input's document id",
    "article_id": "detente's article id",
    "sentence_index": "the sentence's index in the article",
    "char_start": "offset of the sentence in the article text",
    "char_end": "end offset of the sentence",
    "sentence": "the evidence sentence",
}
INCIDENTS_CSV_COLUMNS: dict[str, str] = {
    "id": "detente's incident id",
    "global_event_id": "the GDELT export's GLOBALEVENTID for the incident",
    "num_mentions": "reports (events) of the incident",
    "num_articles": "distinct articles reporting it",
    "num_sources": "articles, syndicated copies counted once",
    "event_id": "the representative report's event id",
    **{k: v for k, v in EVENTS_CSV_COLUMNS.items() if k in (
        "date", "date_precision", "date_source", "source", "target", "cameo", "cameo_name", "plover_type",
        "plover_mode", "quad_class", "goldstein", "location", "location_country", "lat", "lon", "location_precision",
        "doc_id", "sentence",
    )},
    "source_url": "the representative report's article URL",
    "event_ids": "every report's event id, space-separated",
}  # fmt: skip


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _event_csv_row(event: Event, incident: str | None) -> dict[str, Any]:
    return {
        "id": event.id, "incident_id": incident, "date": event.date, "date_precision": event.date_precision,
        "date_source": event.date_source, "source": _codes(event.source), "target": _codes(event.target),
        "cameo": event.cameo, "cameo_name": event.cameo_name, "plover_type": event.plover_type,
        "plover_mode": event.plover_mode, "quad_class": event.quad_class, "goldstein": event.goldstein,
        **_location_columns(event.location), "negated": event.negated, "hypothetical": event.hypothetical,
        "background": event.background, "future": event.future, "attributed_to": _codes(event.attributed_to),
        "confidence": event.confidence, "rule": event.rule, "doc_id": event.doc_id, "article_id": event.article_id,
        "sentence_index": event.sentence_index, "char_start": event.char_start, "char_end": event.char_end,
        "sentence": event.sentence,
    }  # fmt: skip


def _incident_csv_row(incident: Incident) -> dict[str, Any]:
    reported = _event_csv_row(incident.event, incident.id)
    return {
        "id": incident.id, "global_event_id": global_event_id(incident.id), "num_mentions": incident.num_mentions,
        "num_articles": incident.num_articles, "num_sources": incident.num_sources, "event_id": incident.event.id,
        **{k: reported.get(k) for k in INCIDENTS_CSV_COLUMNS if k in reported and k not in ("id",)},
        "source_url": incident.source_url, "event_ids": " ".join(incident.event_ids),
    }  # fmt: skip


def _write_rows(stream: TextIO, columns: Sequence[str], rows: Iterator[dict[str, Any]]) -> int:
    n = 0
    # extrasaction="raise": a row with a column the documentation does not list is a bug
    writer = csv.DictWriter(stream, fieldnames=list(columns), extrasaction="raise", restval="")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_value(v) for k, v in row.items()})
        n += 1
    return n


def write_events_csv(store: Store, events: Sequence[Event], stream: TextIO) -> int:
    """Write `events` (read from `store`) as CSV with a header row to `stream`; return the number
    of rows. `store` gives each event's incident id. A file stream should be opened with
    `newline=""`: rows end with CRLF, as the csv module writes them."""
    incidents = incident_of(store, [e.id for e in events])
    return _write_rows(stream, tuple(EVENTS_CSV_COLUMNS), (_event_csv_row(e, incidents.get(e.id)) for e in events))


def events_csv(store: Store, events: Sequence[Event]) -> str:
    "The CSV of `events` (read from `store`) as text, header row included: what `write_events_csv` writes."
    buffer = io.StringIO()
    write_events_csv(store, events, buffer)
    return buffer.getvalue()


def export_events_csv(store: Store, out: Path, where: EventFilter) -> int:
    found = store.events(where)
    with replacing(out) as tmp, tmp.open("w", encoding="utf-8", newline="") as f:
        return write_events_csv(store, found, f)


def export_incidents_csv(store: Store, out: Path, where: EventFilter) -> int:
    found = store.incidents(where)
    with replacing(out) as tmp, tmp.open("w", encoding="utf-8", newline="") as f:
        return _write_rows(f, tuple(INCIDENTS_CSV_COLUMNS), (_incident_csv_row(i) for i in found))
