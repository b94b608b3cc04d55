"""Which events to read: the filter, its SQL, and the one rule of what an actor filter matches.

An actor filter matches an actor whose code is the value ("CHNMIL"), whose country is ("CHN"
matches CHNMIL), or whose code starts with it. The rule is written once, in `actor_match`: the
event filter, `Store.known_actor` and so the dyads of analysis/ all use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

__all__ = ["EventFilter", "actor_match", "filter_sql", "page_sql"]


@dataclass(frozen=True)
class EventFilter:
    """Which events to read. An actor filter matches an actor's code ("CHNMIL"), its country
    ("CHN" matches CHNMIL) or its code prefix; `type` matches a PLOVER type or a CAMEO prefix."""

    source: str | None = None
    target: str | None = None
    type: str | None = None
    since: date | None = None
    until: date | None = None
    article_id: str | None = None
    limit: int | None = None
    offset: int = 0  # skip this many (pages of a listing)


def actor_match(wanted: str) -> tuple[str, list[Any]]:
    """The SQL predicate on an `event_actors` row named `a` that matches `wanted` (any case): its
    code, its country, or its code prefix. With its parameters."""
    wanted = wanted.upper()
    return "(a.code = ? OR a.country = ? OR starts_with(a.code, ?))", [wanted, wanted, wanted]


def _actor_clause(role: str, value: str) -> tuple[str, list[Any]]:
    match, params = actor_match(value)
    return (
        f"EXISTS (SELECT 1 FROM event_actors a WHERE a.event_id = events.id AND a.role = ? AND {match})",
        [role, *params],
    )


def filter_sql(where: EventFilter) -> tuple[list[str], list[Any]]:
    "The WHERE clauses over `events` of a filter, and their parameters."
    clauses: list[str] = []
    params: list[Any] = []
    for role, value in (("source", where.source), ("target", where.target)):
        if value:
            clause, values = _actor_clause(role, value)
            clauses.append(clause)
            params += values
    if where.type:
        clauses.append("(plover_type = ? OR starts_with(cameo, ?))")
        params += [where.type.upper(), where.type]
    if where.since:
        clauses.append("date >= ?")
        params.append(where.since)
    if where.until:
        clauses.append("date <= ?")
        params.append(where.until)
    if where.article_id:
        clauses.append("article_id = ?")
        params.append(where.article_id)
    return clauses, params


def page_sql(where: EventFilter, params: list[Any]) -> str:
    "LIMIT and OFFSET for a filter's page; their values are appended to `params`."
    sql = ""
    if where.limit is not None:
        sql += " LIMIT ?"
        params.append(where.limit)
    if where.offset:
        sql += " OFFSET ?"
        params.append(where.offset)
    return sql
