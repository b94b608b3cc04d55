"""Linking what a batch adds to what the store holds: articles to the syndication group of the
article they copy, asserted events to the incident they report (incidents.py says when).

The Store calls a Linker inside its write transaction, so an interrupted batch leaves no
half-linked incident and no article grouped with one that was never stored.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..models import Event
from . import incidents
from .rows import event_from_row
from .schema import EVENT_COLUMNS

if TYPE_CHECKING:
    from .database import Store

__all__ = ["Linker"]


class Linker:
    "A store's syndication index and incident linking (one per Store)."

    def __init__(self, store: Store) -> None:
        self.store = store
        self._syndicated: incidents.Syndication | None = None
        self._indexed = 0  # how many articles the store held when `_syndicated` last matched it

    def syndication(self) -> incidents.Syndication:
        """The signatures of stored articles, read once and grown as this store adds articles;
        read again when another process has added some (two writers may take turns at a file)."""
        if self._syndicated is None or self._stored_count() != self._indexed:
            rows = self.store.execute(
                "SELECT id, syndication_group, minhash FROM articles WHERE minhash IS NOT NULL"
            ).fetchall()
            # PostgreSQL reads NUMERIC back as Decimal
            self._syndicated = incidents.Syndication((r[0], r[1], [int(v) for v in r[2]]) for r in rows)
            self._indexed = self._stored_count()
        return self._syndicated

    def stored(self) -> None:
        "The batch is written: the index grown while writing it matches the store again."
        self._indexed = self._stored_count()

    def forget(self) -> None:
        "The batch failed: the index may hold articles it did not store; read it again next time."
        self._syndicated = None

    def _stored_count(self) -> int:
        return int(self.store.execute("SELECT count(*) FROM articles").fetchone()[0])

    def link(self, events: Sequence[Event]) -> None:
        """Each asserted event joins the incident it reports, or starts one; then the touched
        incidents' representative report and counts are brought up to date (inside the caller's
        transaction, so an interrupted batch leaves no half-linked incident)."""
        # two-sided reports first: a one-sided one then finds the incident it belongs to
        reports = sorted(
            (e for e in events if incidents.is_incident_event(e)),
            key=lambda e: (not (e.source and e.target), e.date, e.id),
        )
        if reports:  # a report stored and linked before (the same batch again) stays as it is
            rows = self.store.execute(
                "SELECT event_id FROM incident_events WHERE event_id IN (SELECT unnest(?::VARCHAR[]))",
                [[e.id for e in reports]],
            ).fetchall()
            linked = {row[0] for row in rows}
            reports = [e for e in reports if e.id not in linked]
        if not reports:
            return
        index = self._incident_index(reports)
        links: list[tuple[str, str]] = []
        fresh: dict[str, None] = {}  # the incidents this batch starts, in the order it starts them
        members: dict[str, list[Event]] = defaultdict(list)
        for event in reports:
            match = index.find(event)
            if match is None:
                match = incidents.IncidentKey.of(incidents.incident_id(event), event)
                index.add(match)
                fresh[match.id] = None
            links.append((event.id, match.id))
            members[match.id].append(event)
        self._represent(list(fresh), members)
        self.store.insert("incident_events", links, "ON CONFLICT DO NOTHING")
        self.store.execute(
            """
            UPDATE incidents SET num_mentions = c.mentions, num_articles = c.articles, num_sources = c.sources
            FROM (
                SELECT ie.incident_id, count(*) AS mentions, count(DISTINCT e.article_id) AS articles,
                    count(DISTINCT coalesce(a.syndication_group, a.id)) AS sources
                FROM incident_events ie JOIN events e ON e.id = ie.event_id JOIN articles a ON a.id = e.article_id
                WHERE ie.incident_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY ie.incident_id
            ) c WHERE incidents.id = c.incident_id
            """,
            [sorted(members)],
        )

    def _incident_index(self, reports: Sequence[Event]) -> incidents.IncidentIndex:
        """The stored incidents these reports could join. Where several would take a report, the
        index offers them oldest first (by date, then id): the same on every database, whatever
        order it keeps its rows in."""
        days = [date.fromisoformat(e.date) for e in reports]  # type: ignore[arg-type]
        rows = self.store.execute(
            "SELECT id, dyad_a, dyad_b, cameo_root, date, date_precision, date_source, country FROM incidents "
            "WHERE cameo_root IN (SELECT unnest(?::VARCHAR[])) AND date BETWEEN ? AND ? ORDER BY date, id",
            [sorted({e.cameo_root for e in reports}), min(days) - timedelta(days=366), max(days) + timedelta(days=366)],
        ).fetchall()
        return incidents.IncidentIndex(incidents.IncidentKey(r[0], incidents.by_country((r[1], r[2])), *r[3:]) for r in rows)

    def _represent(self, fresh: Sequence[str], members: dict[str, list[Event]]) -> None:
        """Store the fresh incidents, and bring the others' representative up to date: the report
        that says most (both sides named, a stated date). better_report is a total order, so the
        stored representative and the new reports decide it: a growing incident's earlier
        reports need not be read again."""
        stored = self._representatives(sorted(set(members) - set(fresh)))
        best = {
            incident: functools.reduce(incidents.better_report, [stored[incident], *new] if incident in stored else new)
            for incident, new in members.items()
        }
        keys = {incident: incidents.IncidentKey.of(incident, event) for incident, event in best.items()}
        self.store.insert("incidents", [
            (i, best[i].id, *keys[i].dyad, keys[i].cameo_root, keys[i].date, keys[i].date_precision,
             keys[i].date_source, keys[i].country, 0, 0, 0)
            for i in fresh
        ], "ON CONFLICT DO NOTHING")  # fmt: skip
        changed = [
            (i, best[i].id, *keys[i].dyad, keys[i].date, keys[i].date_precision, keys[i].date_source, keys[i].country)
            for i in stored
            if best[i].id != stored[i].id
        ]
        if changed:
            kinds = ("VARCHAR",) * 4 + ("DATE",) + ("VARCHAR",) * 3
            self.store.execute(
                "UPDATE incidents SET event_id = v.e, dyad_a = v.a, dyad_b = v.b, date = v.d, date_precision = v.p, "
                "date_source = v.s, country = v.c FROM (SELECT "
                + ", ".join(f"{self.store.db.unnest(kind)} AS {name}" for kind, name in zip(kinds, "ieabdpsc"))
                + ") AS v WHERE incidents.id = v.i",
                [list(values) for values in zip(*changed)],
            )

    def _representatives(self, incident_ids: Sequence[str]) -> dict[str, Event]:
        "The event that stands for each of these stored incidents."
        if not incident_ids:
            return {}
        rows = self.store.execute(
            f"SELECT i.id, {', '.join('e.' + c for c in EVENT_COLUMNS)} FROM incidents i "
            "JOIN events e ON e.id = i.event_id WHERE i.id IN (SELECT unnest(?::VARCHAR[]))",
            [list(incident_ids)],
        ).fetchall()
        return {row[0]: event_from_row(dict(zip(EVENT_COLUMNS, row[1:]))) for row in rows}
