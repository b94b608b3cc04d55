"""Exports of a detente database to the formats other tools read.

    export(store, "gdelt", "out.tsv")            one GDELT 2.0 event row per incident
    export(store, "plover", "out.jsonl")         one POLECAT/PLOVER-style JSON line per event
    export(store, "csv", "events.csv")           one row per event, with a header
    export(store, "incidents-csv", "inc.csv")    one row per incident, with a header
    export(store, "parquet", "out/")             out/events.parquet and out/incidents.parquet

Every format reads the same filter as `Store.events` (`where=EventFilter(...)`); the incident
formats keep the incidents whose representative report passes it (`Store.incidents`).

Each format is a writer registered by name in `FORMATS`, one module per format (gdelt, plover,
csv, parquet; what they share is in common). A writer never leaves a half-written file: it
writes a temporary file beside the target and renames it over the target at the end, so a
reader sees the old file or the new one, never a mix.

The columns and keys of each format are documented next to the code that fills them:
`GDELT_COLUMNS`/`GDELT_FILLED`, `PLOVER_KEYS`, `EVENTS_CSV_COLUMNS`, `INCIDENTS_CSV_COLUMNS`,
`EVENTS_PARQUET_SCHEMA` and `INCIDENTS_PARQUET_SCHEMA`.

The event CSV is one for the whole product: `detente events --format csv` and the API's
`GET /events?format=csv` write it with `write_events_csv`/`events_csv`, as the export does.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from ..store import EventFilter, Store
from .csv import (
    EVENTS_CSV_COLUMNS,
    INCIDENTS_CSV_COLUMNS,
    events_csv,
    export_events_csv,
    export_incidents_csv,
    write_events_csv,
)
from .gdelt import GDELT_COLUMNS, GDELT_FILLED, export_gdelt, global_event_id
from .parquet import EVENTS_PARQUET_SCHEMA, INCIDENTS_PARQUET_SCHEMA, export_parquet
from .plover import PLOVER_ACTOR_KEYS, PLOVER_KEYS, export_plover

__all__ = [
    "export",
    "FORMATS",
    "global_event_id",
    "write_events_csv",
    "events_csv",
    "GDELT_COLUMNS",
    "GDELT_FILLED",
    "PLOVER_KEYS",
    "PLOVER_ACTOR_KEYS",
    "EVENTS_CSV_COLUMNS",
    "INCIDENTS_CSV_COLUMNS",
    "EVENTS_PARQUET_SCHEMA",
    "INCIDENTS_PARQUET_SCHEMA",
]


def export(store: Store, format: str, out: Path | str, *, where: EventFilter = EventFilter()) -> int:
    """Write the events or incidents of `store` that pass `where` to `out` in `format`; return
    the number of rows written (for `parquet`, events and incidents together).

    `out` is a file, or for `parquet` a directory; missing parent directories are created.
    An unknown format raises InputError naming the choices."""
    writer = FORMATS.get(format)
    if writer is None:
        raise InputError(f"export format {format!r}", f"unknown format; choose one of {', '.join(sorted(FORMATS))}")
    return writer(store, Path(out), where)


FORMATS: dict[str, Callable[[Store, Path, EventFilter], int]] = {
    "gdelt": export_gdelt,
    "plover": export_plover,
    "csv": export_events_csv,
    "incidents-csv": export_incidents_csv,
    "parquet": export_parquet,
}
