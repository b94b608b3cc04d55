"""Relations over time, read from incidents (one row per happening, not per report).

    dyad(store, "CHN", "IGOWSTNAT", by="month")   incidents and reports between two actors per
                                                  period, both directions, mean Goldstein, the
                                                  quad-class mix, and a rate per 1,000 articles
                                                  coded in that period (news volume is not conflict)
    top_actors(store)                              who appears most, with their codes
    network(store)                                 the actor graph: edges weighted by cooperation
                                                   and conflict; `to_graphml` / `to_json`

An actor argument matches like the CLI's filters: an actor's code ("CHNMIL"), its country ("CHN"
matches CHNMIL) or a code prefix. Incidents count; their representative report gives actors,
code and date (see incidents.py).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..store.incidents import symmetric
from ..models import Actor, Incident
from ..store import Store

__all__ = ["DyadPeriod", "ActorCount", "dyad", "top_actors", "network", "to_graphml", "to_json", "PERIODS"]

PERIODS = ("day", "week", "month", "year")


@dataclass(frozen=True)
class DyadPeriod:
    "What happened between two actors in one period."

    period: str  # 2024-03-13 (day), 2024-03-11 (the week's Monday), 2024-03 (month), 2024 (year)
    incidents: int
    a_to_b: int  # directed incidents from the first actor to the second
    b_to_a: int
    mutual: int  # incidents of symmetric kinds (meetings, cooperation): no direction
    reports: int  # the reports (events) behind those incidents
    mean_goldstein: float | None
    quad_classes: dict[int, int]  # 1 verbal cooperation … 4 material conflict
    plover_types: dict[str, int]
    articles_coded: int  # articles published in the period, all of them
    rate_per_1000_articles: float | None  # incidents per 1,000 articles coded in the period

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


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


def matches(actor: Actor, wanted: str) -> bool:
    "The CLI's actor filter: code, country, or code prefix."
    wanted = wanted.upper()
    return actor.code == wanted or actor.country == wanted or actor.code.startswith(wanted)


def period_of(day: date, by: str) -> str:
    if by == "day":
        return day.isoformat()
    if by == "week":
        return (day - timedelta(days=day.weekday())).isoformat()
    if by == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if by == "year":
        return f"{day.year:04d}"
    raise InputError(f"--by {by}", f"unknown period: use one of {', '.join(PERIODS)}")


def dyad(store: Store, a: str, b: str, *, by: str = "month") -> list[DyadPeriod]:
    "Incidents between `a` and `b` (either direction) per period, oldest first."
    period_of(date(2000, 1, 1), by)  # an unknown period is an error even with no incidents
    groups: dict[str, list[tuple[Incident, str]]] = defaultdict(list)
    for incident in store.incidents():
        event = incident.event
        if event.date is None:
            continue
        sources, targets = event.source, event.target
        forward = any(matches(s, a) for s in sources) and any(matches(t, b) for t in targets)
        backward = any(matches(s, b) for s in sources) and any(matches(t, a) for t in targets)
        if not (forward or backward):
            continue
        direction = "mutual" if symmetric(event.cameo) else ("a_to_b" if forward else "b_to_a")
        groups[period_of(date.fromisoformat(event.date), by)].append((incident, direction))
    volume = _articles_per_period(store, by)
    out = []
    for period in sorted(groups):
        members = groups[period]
        directions = Counter(direction for _, direction in members)
        weights = [i.event.goldstein for i, _ in members if i.event.goldstein is not None]
        coded = volume.get(period, 0)
        out.append(DyadPeriod(
            period=period, incidents=len(members), a_to_b=directions["a_to_b"], b_to_a=directions["b_to_a"],
            mutual=directions["mutual"], reports=sum(i.num_mentions for i, _ in members),
            mean_goldstein=round(sum(weights) / len(weights), 2) if weights else None,
            quad_classes=dict(sorted(Counter(i.event.quad_class for i, _ in members).items())),
            plover_types=dict(sorted(Counter(i.event.plover_type or i.event.cameo for i, _ in members).items())),
            articles_coded=coded,
            rate_per_1000_articles=round(1000 * len(members) / coded, 1) if coded else None,
        ))  # fmt: skip
    return out


def _articles_per_period(store: Store, by: str) -> dict[str, int]:
    "Articles coded per period of their publication date: the denominator of the rate."
    counts: Counter[str] = Counter()
    for (published,) in store.execute("SELECT published FROM articles WHERE published IS NOT NULL").fetchall():
        counts[period_of(published, by)] += 1
    return dict(counts)


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


@dataclass
class Network:
    "Actors as nodes, directed edges source → target with incident counts by kind."

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)


def network(store: Store) -> Network:
    """Every incident adds to the edge from each source to each target: `incidents`,
    `cooperation` (quad classes 1–2), `conflict` (3–4), and the mean Goldstein score."""
    graph = Network()
    for incident in store.incidents():
        event = incident.event
        for actor in (*event.source, *event.target):
            graph.nodes.setdefault(actor.code, {"name": actor.name, "country": actor.country or "", "sector": actor.sector or ""})
        for source in event.source:
            for target in event.target:
                if source.code == target.code:
                    continue
                edge = graph.edges.setdefault((source.code, target.code), {"incidents": 0, "cooperation": 0, "conflict": 0, "goldstein_sum": 0.0})
                edge["incidents"] += 1
                edge["cooperation" if event.quad_class <= 2 else "conflict"] += 1
                edge["goldstein_sum"] += event.goldstein
    for edge in graph.edges.values():
        edge["mean_goldstein"] = round(edge.pop("goldstein_sum") / edge["incidents"], 2)
    return graph


def to_json(graph: Network) -> str:
    return json.dumps(
        {
            "nodes": [{"id": code, **attrs} for code, attrs in sorted(graph.nodes.items())],
            "edges": [{"source": s, "target": t, **attrs} for (s, t), attrs in sorted(graph.edges.items())],
        },
        indent=2, ensure_ascii=False,
    )  # fmt: skip


def to_graphml(graph: Network, path: str | Path) -> None:
    "Write the graph as GraphML (networkx), readable by Gephi, Cytoscape and igraph."
    import networkx as nx

    g = nx.DiGraph()
    for code, attrs in graph.nodes.items():
        g.add_node(code, **attrs)
    for (source, target), attrs in graph.edges.items():
        g.add_edge(source, target, **attrs)
    nx.write_graphml(g, str(path))


def table_rows(items: Iterable[Any], columns: Sequence[str]) -> list[list[str]]:
    "Rows of strings for a printed table."
    rows = []
    for item in items:
        record = item.to_dict()
        rows.append(["" if record[c] is None else _cell(record[c]) for c in columns])
    return rows


def _cell(value: Any) -> str:
    if isinstance(value, dict):
        return " ".join(f"{k}:{v}" for k, v in value.items())
    return str(value)
