"""The metrics a score is made of: set P/R/F1 summed over sentences (`Counts`), gold vs predicted
labels (`Confusion`), plain accuracy (`Accuracy`), and `Tally`, every metric of one subset."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .formats import Scheme

__all__ = ["Counts", "Confusion", "Accuracy", "Tally", "NONE", "ACTOR_METRICS", "SPAN_METRICS"]


@dataclass
class Counts:
    "True positives, false positives, false negatives, summed over sentences (micro average)."

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: Iterable[object], predicted: Iterable[object]) -> None:
        "One sentence: sets, so an item coded twice counts once."
        g, p = set(gold), set(predicted)
        self.tp += len(g & p)
        self.fp += len(p - g)
        self.fn += len(g - p)

    def add_matched(self, gold: Iterable[Any], predicted: Iterable[Any], matches: Callable[[Any, Any], bool]) -> None:
        "One sentence, where an item matches a gold item by `matches(gold, predicted)`, one to one."
        unmatched = set(predicted)
        for g in set(gold):
            hit = next((p for p in sorted(unmatched, key=str) if matches(g, p)), None)
            if hit is None:
                self.fn += 1
            else:
                self.tp += 1
                unmatched.discard(hit)
        self.fp += len(unmatched)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"precision": _r(self.precision), "recall": _r(self.recall), "f1": _r(self.f1),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}  # fmt: skip


NONE = "NONE"  # the predicted label of a gold event no coded event was aligned with


@dataclass
class Confusion:
    "Gold label vs predicted label, one pair per gold event; NONE when nothing was predicted."

    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, gold: str, predicted: str | None) -> None:
        self.pairs[(gold, predicted or NONE)] += 1

    @property
    def n(self) -> int:
        return sum(self.pairs.values())

    @property
    def accuracy(self) -> float:
        return sum(n for (g, p), n in self.pairs.items() if g == p) / self.n if self.n else 0.0

    def per_class(self) -> dict[str, Counts]:
        "P/R/F1 of every gold label (predictions of labels the gold lacks only cost recall)."
        classes: dict[str, Counts] = {}
        gold_labels = {g for g, _ in self.pairs}
        for label in sorted(gold_labels):
            counts = Counts()
            for (g, p), n in self.pairs.items():
                if g == label and p == label:
                    counts.tp += n
                elif g == label:
                    counts.fn += n
                elif p == label:
                    counts.fp += n
            classes[label] = counts
        return classes

    @property
    def macro_f1(self) -> float:
        classes = self.per_class()
        return sum(c.f1 for c in classes.values()) / len(classes) if classes else 0.0

    def to_dict(self) -> dict[str, Any]:
        matrix: dict[str, dict[str, int]] = {}
        for (g, p), n in sorted(self.pairs.items()):
            matrix.setdefault(g, {})[p] = n
        return {
            "accuracy": _r(self.accuracy), "macro_f1": _r(self.macro_f1), "n": self.n,
            "correct": sum(n for (g, p), n in self.pairs.items() if g == p),
            "none": sum(n for (_, p), n in self.pairs.items() if p == NONE),
            "per_class": {
                label: {"precision": _r(c.precision), "recall": _r(c.recall), "f1": _r(c.f1), "support": c.tp + c.fn}
                for label, c in self.per_class().items()
            },
            "confusion": matrix,
        }  # fmt: skip


@dataclass
class Accuracy:
    correct: int = 0
    n: int = 0

    def add(self, ok: bool) -> None:
        self.correct += ok
        self.n += 1

    def to_dict(self) -> dict[str, Any]:
        return {"accuracy": _r(self.correct / self.n if self.n else 0.0), "correct": self.correct, "n": self.n}


def _r(x: float) -> float:
    return round(x, 4)


ACTOR_METRICS = ("source_country", "target_country", "source_sector", "target_sector")
SPAN_METRICS = ("source_found", "target_found", "dyad_found", "dyad_recall", "triple_recall")


class Tally:
    "Every metric of one subset of the gold."

    def __init__(self, scheme: Scheme) -> None:
        self.scheme = scheme
        self.records = 0
        self.gold_events = 0
        self.predicted_events = 0
        self.sets: dict[str, Counts] = {}
        self.types: dict[str, Counts] = {}
        self.classes: dict[str, Confusion] = {}
        self.actors: dict[str, Accuracy] = {}
        self.spans: dict[str, Accuracy] = {}

    def set(self, name: str) -> Counts:
        return self.sets.setdefault(name, Counts())

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "records": self.records, "gold_events": self.gold_events, "predicted_events": self.predicted_events,
        }  # fmt: skip
        out.update((name, counts.to_dict()) for name, counts in self.sets.items())
        if self.types:
            micro = Counts(*(sum(getattr(c, a) for c in self.types.values()) for a in ("tp", "fp", "fn")))
            gold_types = {t: c for t, c in self.types.items() if c.tp + c.fn}
            out["plover_types"] = {
                **micro.to_dict(),
                "macro_f1": _r(sum(c.f1 for c in gold_types.values()) / len(gold_types) if gold_types else 0.0),
                "per_type": {t: c.to_dict() for t, c in sorted(self.types.items())},
            }
        if self.classes:
            out["classification"] = {name: c.to_dict() for name, c in self.classes.items()}
        if self.actors:
            out["actors"] = {name: self.actors[name].to_dict() for name in ACTOR_METRICS if name in self.actors}
        if self.spans:
            out["spans"] = {name: self.spans[name].to_dict() for name in SPAN_METRICS if name in self.spans}
        return out
