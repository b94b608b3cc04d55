"""Who appears most in the incidents, with their codes.

    top_actors(store)    actors by the number of incidents they are in, as source or target

Incidents count, not reports; an incident's representative report gives its actors (see
store/incidents.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from ..models import Actor
from ..store import Store

__all__ = ["ActorCount", "top_actors"]


@dataclass(frozen=True)
class ActorCount:
    "An actor (by code) and how often incidents involve it."

    code: str
    name: str
    country: str | None
    sector: str | None
    incidents: int
    as_source: int
    as_target: int
    reports: int
    mean_goldstein: float | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def top_actors(store: Store, *, limit: int = 20) -> list[ActorCount]:
    "Actors by the number of incidents they are in (as source or target), most first."
    seen: dict[str, Actor] = {}
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    weights: dict[str, list[float]] = defaultdict(list)
    for incident in store.incidents():
        event = incident.event
        for role, actors in (("as_source", event.source), ("as_target", event.target)):
            for actor in {a.code: a for a in actors}.values():
                seen.setdefault(actor.code, actor)
                tally[actor.code][role] += 1
                tally[actor.code]["incidents"] += 1
                tally[actor.code]["reports"] += incident.num_mentions
                weights[actor.code].append(event.goldstein)
    ranked = sorted(tally, key=lambda code: (-tally[code]["incidents"], code))[:limit]
    return [
        ActorCount(
            code=code, name=seen[code].name, country=seen[code].country, sector=seen[code].sector,
            incidents=tally[code]["incidents"], as_source=tally[code]["as_source"], as_target=tally[code]["as_target"],
            reports=tally[code]["reports"],
            mean_goldstein=round(sum(weights[code]) / len(weights[code]), 2) if weights[code] else None,
        )  # fmt: skip
        for code in ranked
    ]
