"""Scoring coded events against the gold. `score` is pure (gold + predicted events in, a `Report`
out) so the metrics can be tested without a parser; `KEEP` says which coded events count."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..models import Actor, Event
from .alignment import (
    actor_key,
    align,
    gold_pairs,
    label_score,
    norm_cameo,
    overlap,
    predicted_country,
    predicted_pairs,
    role_actors,
    span_score,
)
from .formats import Scheme, scheme_of
from .gold import PLOVER_QUAD, UNKNOWN, GoldActor, GoldEvent, GoldSentence, GoldSet
from .metrics import Accuracy, Confusion, Counts, Tally

__all__ = ["KEEP", "Report", "score"]

# Which coded events count as predictions. The default, "stated", drops only negated events (a
# denied attack is not an attack); CAMEO and PLV gold code intended and future acts as stated
# ("will meet" → 04x), so hypothetical events count, and so do background events.
KEEP: dict[str, Callable[[Event], bool]] = {
    "stated": lambda e: not e.negated,
    "asserted": lambda e: not (e.negated or e.hypothetical),
    "news": lambda e: not (e.negated or e.hypothetical or e.background),
    "all": lambda e: True,
}


@dataclass
class Report:
    "What `score` found: metrics per subset of the gold, and every error for analysis."

    gold: str
    format: str
    keep: str
    headline: str
    records: int
    skipped: list[dict[str, str]]
    predictions: dict[str, Any]
    subsets: dict[str, dict[str, Any]]
    errors: list[dict[str, Any]]
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        "Every metric and count, JSON-ready (the errors are written apart: `write_errors`)."
        return {
            "gold": self.gold, "format": self.format, "keep": self.keep, "headline": self.headline,
            "records": self.records, "scored": self.subsets["all"]["records"], "skipped": self.skipped,
            "predictions": self.predictions, "seconds": self.seconds, "subsets": self.subsets,
        }  # fmt: skip

    def write_errors(self, path: str | Path) -> int:
        "Write the errors as JSON lines; returns how many."
        with open(path, "w", encoding="utf-8") as out:
            for error in self.errors:
                out.write(json.dumps(error, ensure_ascii=False) + "\n")
        return len(self.errors)


def score(gold: GoldSet, predictions: Sequence[Sequence[Event]], *, keep: str = "stated") -> Report:
    """Score coded events against the gold. `predictions[i]` are the events coded from the text
    of `gold.sentences[i]`; the `keep` policy (`KEEP`) says which of them are predictions."""
    scheme = scheme_of(gold.format)
    if keep not in KEEP:
        raise InputError(f"--keep {keep}", f"unknown policy: use one of {', '.join(KEEP)}")
    if len(predictions) != len(gold.sentences):
        raise ValueError(f"{len(predictions)} prediction lists for {len(gold.sentences)} gold sentences")
    tallies: dict[str, Tally] = {"all": Tally(scheme)}
    errors: list[dict[str, Any]] = []
    excluded: Counter[str] = Counter()
    kept_total = 0
    for sentence, events in zip(gold.sentences, predictions):
        kept, dropped = [], []
        for e in events:
            if scheme.plover_only and e.plover_type is None:
                excluded["no PLOVER type"] += 1
            elif scheme.dyadic_only and not (e.source and e.target):
                excluded["one-sided"] += 1
            elif KEEP[keep](e):
                kept.append(e)
            else:
                dropped.append(e)
                excluded[_flags(e)] += 1
        kept_total += len(kept)
        aligned = align(sentence.events, kept, span_score if scheme.per_record else label_score)
        names = ("all", *scheme.subsets(sentence))
        for name in names:
            tally = tallies.setdefault(name, Tally(scheme))
            _score_sentence(tally, scheme, sentence, kept, aligned)
        errors.extend(_errors(scheme, sentence, kept, dropped, aligned))
    order = [scheme.headline, "all"] + sorted(set(tallies) - {scheme.headline, "all"})
    return Report(
        gold=gold.path,
        format=gold.format,
        keep=keep,
        headline=scheme.headline if scheme.headline in tallies else "all",
        records=len(gold.sentences) + len(gold.skipped),
        skipped=[{"id": sid, "reason": reason} for sid, reason in gold.skipped],
        predictions={"kept": kept_total, "excluded": dict(excluded)},
        subsets={name: tallies[name].to_dict() for name in order if name in tallies},
        errors=errors,
    )


def _flags(event: Event) -> str:
    flags = (("negated", event.negated), ("hypothetical", event.hypothetical), ("background", event.background))
    return "+".join(name for name, on in flags if on)


def _event_label(scheme: Scheme, event: Event) -> str | None:
    return norm_cameo(event.cameo) if scheme.event_label == "cameo" else scheme.label(event.plover_type)


def _gold_label(scheme: Scheme, event: GoldEvent) -> str | None:
    return norm_cameo(event.cameo) if scheme.event_label == "cameo" and event.cameo else event.plover_type


def joins_dyad(gold: GoldEvent, event: Event) -> bool:
    """The event has an actor overlapping the gold source and one overlapping the gold target,
    each in its role; for a reciprocal gold (a meeting of two), in either role, one on each side."""
    if gold.reciprocal:
        both = (*event.source, *event.target)
        # the GSR lists every party of a reciprocal event as a source: each must be on a side
        return bool(event.source and event.target) and all(overlap((party,), both) > 0 for party in gold.source)
    return all(overlap(getattr(gold, role), getattr(event, role)) > 0 for role in ("source", "target"))


def _score_sentence(
    tally: Tally, scheme: Scheme, sentence: GoldSentence, kept: list[Event], aligned: list[int | None]
) -> None:
    tally.records += 1
    tally.gold_events += len(sentence.events)
    tally.predicted_events += len(kept)
    gold, pred = sentence.events, kept
    # set metrics, per sentence, micro-averaged
    for level in scheme.levels:
        suffix = "" if level == "exact" else "_country"
        tally.set("triples" + suffix).add(
            {(actor_key(s, level), actor_key(t, level), _gold_label(scheme, g)) for g in gold for s, t in gold_pairs(g)},
            {(actor_key(s, level), actor_key(t, level), _event_label(scheme, e)) for e in pred for s, t in predicted_pairs(e)},
        )
        tally.set("dyads" + suffix).add(
            {(actor_key(s, level), actor_key(t, level)) for g in gold for s, t in gold_pairs(g)},
            {(actor_key(s, level), actor_key(t, level)) for e in pred for s, t in predicted_pairs(e)},
        )
    if scheme.event_label == "cameo":
        # a secondary, lenient view: a code under the gold's counts ("0841" where the gold says
        # "084"); the headline triples stay exact
        tally.set("triples_within_gold_code").add_matched(
            {(actor_key(s, "exact"), actor_key(t, "exact"), norm_cameo(g.cameo or "")) for g in gold for s, t in gold_pairs(g)},
            {(actor_key(s, "exact"), actor_key(t, "exact"), norm_cameo(e.cameo)) for e in pred for s, t in predicted_pairs(e)},
            lambda g, p: g[:2] == p[:2] and p[2].startswith(g[2]),
        )
        tally.set("cameo").add({norm_cameo(g.cameo or "") for g in gold}, {norm_cameo(e.cameo) for e in pred})
        tally.set("cameo_root").add({(g.cameo or "")[:2] for g in gold}, {e.cameo_root for e in pred})
        tally.set("quad_class").add({g.quad_class for g in gold}, {e.quad_class for e in pred})
    if scheme.levels:  # PLOVER types as sets, where the gold is about whole sentences' events
        gold_types = {g.plover_type for g in gold if g.plover_type is not None}
        pred_types = {label for e in pred if (label := scheme.label(e.plover_type)) is not None}
        for t in gold_types | pred_types:
            tally.types.setdefault(t, Counts()).add({t} & gold_types, {t} & pred_types)
    # record-level classification of the aligned event
    if scheme.per_record:
        for g, j in zip(gold, aligned):
            e = pred[j] if j is not None else None
            def confusion(name: str) -> Confusion:
                return tally.classes.setdefault(name, Confusion())

            if g.plover_type:
                confusion("plover_type").add(g.plover_type, scheme.label(e.plover_type) if e else None)
            if g.quad_class:
                confusion("quad_class").add(str(g.quad_class), str(e.quad_class) if e else None)
                implied = PLOVER_QUAD.get(scheme.label(e.plover_type) or "") if e else None
                confusion("quad_class_from_type").add(str(g.quad_class), str(implied) if implied else None)
            for role in ("source", "target"):
                if any(a.text for a in getattr(g, role)):
                    found = e is not None and overlap(*role_actors(g, e, role)) > 0
                    tally.spans.setdefault(f"{role}_found", Accuracy()).add(found)
            if any(a.text for a in g.source + g.target):
                roles = [r for r in ("source", "target") if any(a.text for a in getattr(g, r))]
                tally.spans.setdefault("dyad_found", Accuracy()).add(
                    e is not None and all(overlap(*role_actors(g, e, r)) > 0 for r in roles)
                )
            if all(any(a.text for a in getattr(g, r)) for r in ("source", "target")):
                # any event of the sentence, not only the aligned one: was the pair coded at all,
                # and with the gold's type?
                joins = [p for p in pred if joins_dyad(g, p)]
                tally.spans.setdefault("dyad_recall", Accuracy()).add(bool(joins))
                tally.spans.setdefault("triple_recall", Accuracy()).add(
                    any(scheme.label(p.plover_type) == g.plover_type for p in joins)
                )
    # actor country and sector accuracy, on the aligned event
    for g, j in zip(gold, aligned):
        e = pred[j] if j is not None else None
        for role in ("source", "target"):
            gold_actors = g.source if role == "source" else () if g.reciprocal else g.target
            pred_actors = role_actors(g, e, role)[1] if e else ()
            countries = {predicted_country(a) for a in pred_actors}
            sectors = {a.sector for a in pred_actors}
            for actor in gold_actors:
                if actor.country:
                    tally.actors.setdefault(f"{role}_country", Accuracy()).add(actor.country in countries)
                if actor.sector:
                    tally.actors.setdefault(f"{role}_sector", Accuracy()).add(actor.sector in sectors)


def _errors(
    scheme: Scheme, sentence: GoldSentence, kept: list[Event], dropped: list[Event], aligned: list[int | None]
) -> list[dict[str, Any]]:
    base: dict[str, Any] = {"id": sentence.id, "text": sentence.text}
    if sentence.meta.get("category"):
        base["category"] = sentence.meta["category"]
    out = []
    for g, j in zip(sentence.events, aligned):
        e = kept[j] if j is not None else None
        wrong = _wrong(scheme, g, e) if e else ["no_event"]
        if wrong:
            record = {
                **base, "kind": "wrong" if e else "miss", "wrong": wrong, "gold": _gold_dict(g),
                "predicted": _event_dict(e) if e else None,
            }  # fmt: skip
            if dropped:
                record["excluded"] = [_event_dict(d) for d in dropped]  # what --keep set aside
            out.append(record)
    used = {j for j in aligned if j is not None}
    for j, e in enumerate(kept):
        if j not in used:
            kind = "false_positive" if scheme.exhaustive else "extra"
            out.append({**base, "kind": kind, "gold": None, "predicted": _event_dict(e)})
    return out


def _wrong(scheme: Scheme, g: GoldEvent, e: Event) -> list[str]:
    "The fields on which an aligned prediction disagrees with the gold event."
    wrong = []
    if scheme.event_label == "cameo":
        if norm_cameo(e.cameo) != norm_cameo(g.cameo or ""):
            wrong.append("cameo")
        if e.cameo_root != (g.cameo or "")[:2]:
            wrong.append("cameo_root")
    elif scheme.label(e.plover_type) != g.plover_type:
        wrong.append("plover_type")
    for role in ("source", "target"):
        gold_actors, pred_actors = role_actors(g, e, role)
        if "exact" in scheme.levels:
            codes = {actor_key(a, "exact") for a in pred_actors} or {UNKNOWN}
            if any(actor_key(a, "exact") not in codes for a in gold_actors):
                wrong.append(role)
        if scheme.levels:
            countries = {actor_key(a, "country") for a in pred_actors} or {UNKNOWN}
            if any(actor_key(a, "country") not in countries for a in gold_actors):
                wrong.append(f"{role}_country")
        elif any(a.text for a in gold_actors) and overlap(gold_actors, pred_actors) == 0:
            wrong.append(f"{role}_span")
    return wrong


def _gold_dict(g: GoldEvent) -> dict[str, Any]:
    def actor(a: GoldActor) -> dict[str, str]:
        return {k: v for k, v in vars(a).items() if v is not None}

    record: dict[str, Any] = {"source": [actor(a) for a in g.source], "target": [actor(a) for a in g.target]}
    for name in ("cameo", "plover_type", "quad_class"):
        if getattr(g, name) is not None:
            record[name] = getattr(g, name)
    if g.reciprocal:
        record["reciprocal"] = True
    return record


def _event_dict(e: Event) -> dict[str, Any]:
    def actor(a: Actor) -> dict[str, str | None]:
        return {"text": a.text, "code": a.code, "country": a.country, "sector": a.sector}

    return {
        "source": [actor(a) for a in e.source], "target": [actor(a) for a in e.target],
        "cameo": e.cameo, "cameo_name": e.cameo_name, "plover_type": e.plover_type, "quad_class": e.quad_class,
        "negated": e.negated, "hypothetical": e.hypothetical, "background": e.background,
        "rule": e.rule, "trigger": e.trigger, "sentence": e.sentence,
    }  # fmt: skip
