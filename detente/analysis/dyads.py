"""A relationship over time, read from incidents (one row per happening, not per report).

    dyad(store, "CHN", "IGOWSTNAT", by="month")   incidents and reports between two actors per
                                                  period, both directions, mean Goldstein, the
                                                  quad-class mix, and a rate per 1,000 articles
                                                  coded in that period (news volume is not conflict)

An actor argument matches like the CLI's filters: an actor's code ("CHNMIL"), its country ("CHN"
matches CHNMIL) or a code prefix; the store's event filter is that rule (store/filters.py).
Incidents count; their representative report gives actors, code and date (see incidents.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from ..errors import InputError
from ..models import Incident
from ..store import EventFilter, Store
from ..store.incidents import symmetric

__all__ = ["PERIODS", "DyadPeriod", "period_of", "dyad"]

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
    for incident, forward in _between(store, a, b):
        event = incident.event
        if event.date is None:
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


def _between(store: Store, a: str, b: str) -> list[tuple[Incident, bool]]:
    """The incidents whose representative report has `a` as a source and `b` as a target (True:
    forward) or the other way round (False), in the store's order (by date, then id). One that
    goes both ways counts once, as forward."""
    found: dict[str, tuple[Incident, bool]] = {}
    for source, target, forward in ((a, b, True), (b, a, False)):
        for incident in store.incidents(EventFilter(source=source, target=target)):
            # an empty actor matches any actor, but an empty filter is no filter: the side must be named
            if (source or incident.event.source) and (target or incident.event.target):
                found.setdefault(incident.id, (incident, forward))
    return sorted(found.values(), key=lambda pair: (pair[0].event.date or "\uffff", pair[0].id))


def _articles_per_period(store: Store, by: str) -> dict[str, int]:
    "Articles coded per period of their publication date: the denominator of the rate."
    counts: Counter[str] = Counter()
    for (published,) in store.execute("SELECT published FROM articles WHERE published IS NOT NULL").fetchall():
        counts[period_of(published, by)] += 1
    return dict(counts)
