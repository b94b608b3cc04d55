"""What the export formats share: writing through a temporary file that replaces the target,
and reading what the exported events and incidents refer to (their articles, their incident
ids, when each incident was first stored, a country's name)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pycountry

from ..store import Store

__all__ = ["replacing", "first_added", "incident_of", "articles_of", "country_name"]


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside `path` that replaces it when the block ends without an error,
    and is removed when it raises: readers never see a half-written export."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        umask = os.umask(0)  # read it back (the only way to read it); restored at once
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; an export is an ordinary file
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def first_added(store: Store, incident_ids: Sequence[str]) -> dict[str, datetime]:
    "When each incident's first article was stored."
    if not incident_ids:
        return {}
    rows = store.execute(
        "SELECT ie.incident_id, min(a.coded_at) FROM incident_events ie JOIN events e ON e.id = ie.event_id "
        "JOIN articles a ON a.id = e.article_id WHERE ie.incident_id IN (SELECT unnest(?::VARCHAR[])) "
        "GROUP BY ie.incident_id",
        [list(incident_ids)],
    ).fetchall()
    return {row[0]: row[1] for row in rows if row[1] is not None}


def incident_of(store: Store, event_ids: Sequence[str]) -> dict[str, str]:
    "The incident each event reports (events that report none are left out)."
    if not event_ids:
        return {}
    rows = store.execute(
        "SELECT event_id, incident_id FROM incident_events WHERE event_id IN (SELECT unnest(?::VARCHAR[]))",
        [list(event_ids)],
    ).fetchall()
    return dict(rows)  # type: ignore[arg-type]


def articles_of(store: Store, article_ids: set[str]) -> dict[str, dict[str, Any]]:
    "The stored facts of each article: id, url, title, source (the outlet), published, coded_at."
    if not article_ids:
        return {}
    columns = ("id", "url", "title", "source", "published", "coded_at")
    rows = store.execute(
        f"SELECT {', '.join(columns)} FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [sorted(article_ids)]
    ).fetchall()
    return {row[0]: dict(zip(columns, row)) for row in rows}


def country_name(iso3: str | None) -> str | None:
    "The common name of an ISO 3166 alpha-3 country, or None for a code pycountry does not know."
    country = pycountry.countries.get(alpha_3=iso3) if iso3 else None
    if country is None:
        return None
    return getattr(country, "common_name", None) or country.name
