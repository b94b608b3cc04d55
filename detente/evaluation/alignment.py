"""Matching a prediction to the gold: the keys actors are compared by (Phoenix codes, countries),
the word overlap of actor spans, and `align`, which gives each gold event one predicted event."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..models import Actor, Event
from .gold import INTERNATIONAL, UNKNOWN, GoldActor, GoldEvent

__all__ = [
    "norm_cameo",
    "predicted_country",
    "actor_key",
    "gold_pairs",
    "predicted_pairs",
    "overlap",
    "role_actors",
    "span_score",
    "label_score",
    "align",
]


def norm_cameo(code: str) -> str:
    "A bare root NN is CAMEO's NN0 ('not specified below'): '04' and '040' are one code."
    return code + "0" if len(code) == 2 else code


def predicted_country(actor: Actor) -> str | None:
    if actor.country:
        return actor.country
    return actor.code[:3] if actor.code[:3] in INTERNATIONAL else None


def _predicted_code(actor: Actor) -> str:
    "Phoenix spelling: an actor of no known country is '---' + its agent ('REB' → '---REB')."
    if actor.country or actor.code[:3] in INTERNATIONAL or actor.code.startswith(UNKNOWN):
        return actor.code
    return UNKNOWN + actor.code


def actor_key(actor: GoldActor | Actor | None, level: str) -> str:
    if actor is None:
        return UNKNOWN
    if isinstance(actor, Actor):
        return _predicted_code(actor) if level == "exact" else (predicted_country(actor) or UNKNOWN)
    return (actor.code or UNKNOWN) if level == "exact" else (actor.country or UNKNOWN)


def gold_pairs(event: GoldEvent) -> list[tuple[GoldActor | None, GoldActor | None]]:
    "Source-target pairs: compound actors give one pair each; reciprocal actors act both ways."
    if event.reciprocal:
        return [(a, b) for a in event.source for b in event.source if a is not b]
    return [(s, t) for s in (event.source or (None,)) for t in (event.target or (None,))]


def predicted_pairs(event: Event) -> list[tuple[Actor | None, Actor | None]]:
    return [(s, t) for s in (event.source or (None,)) for t in (event.target or (None,))]


_WORD = re.compile(r"\w+")
_STOP = {"the", "a", "an", "of", "and", "s", "in", "on", "at", "for", "to", "from", "its", "their", "his", "her", "by"}


def _words(text: str | None) -> set[str]:
    return {w for w in _WORD.findall((text or "").lower()) if w not in _STOP}


def overlap(gold: Sequence[GoldActor], predicted: Sequence[Actor]) -> float:
    "Mean over the gold actors of the best word overlap (Jaccard) with a predicted actor's text."
    scores = []
    for g in gold:
        words = _words(g.text)
        best = 0.0
        for p in predicted:
            other = _words(p.text)
            if words and other:
                best = max(best, len(words & other) / len(words | other))
        scores.append(best)
    return sum(scores) / len(scores) if scores else 0.0


def role_actors(gold: GoldEvent, event: Event, role: str) -> tuple[Sequence[GoldActor], Sequence[Actor]]:
    "The gold and predicted actors to compare for a role ('source'/'target'); reciprocal: both."
    if gold.reciprocal:
        return (gold.source if role == "source" else ()), (*event.source, *event.target)
    return getattr(gold, role), getattr(event, role)


def span_score(gold: GoldEvent, event: Event) -> tuple[float, ...]:
    return (sum(overlap(*role_actors(gold, event, role)) for role in ("source", "target")),)


def label_score(gold: GoldEvent, event: Event) -> tuple[float, ...]:
    "PETR has no spans: align on the CAMEO code (2), else root (1), then on countries agreeing."
    cameo = gold.cameo or ""
    label = 2 if norm_cameo(event.cameo) == norm_cameo(cameo) else int(event.cameo_root == cameo[:2])
    agree = 0
    for role in ("source", "target"):
        gold_countries = {actor_key(a, "country") for a in getattr(gold, role)} or {UNKNOWN}
        predicted = {actor_key(a, "country") for a in getattr(event, role)} or {UNKNOWN}
        agree += bool(gold_countries & predicted)
    return (label, agree)


def align(
    gold: Sequence[GoldEvent], predicted: Sequence[Event], by: Callable[[GoldEvent, Event], tuple[float, ...]]
) -> list[int | None]:
    """One predicted event per gold event, greedily by score, ties to the earlier event; when no
    prediction scores above zero a gold event still gets the first one left (the sentence rule)."""
    scored = sorted(
        ((by(g, e), i, j) for i, g in enumerate(gold) for j, e in enumerate(predicted)),
        key=lambda item: (tuple(-s for s in item[0]), item[1], item[2]),
    )
    aligned: list[int | None] = [None] * len(gold)
    used: set[int] = set()
    for _score, i, j in scored:
        if aligned[i] is None and j not in used:
            aligned[i] = j
            used.add(j)
    return aligned
