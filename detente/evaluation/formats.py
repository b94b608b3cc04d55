"""The gold formats (`FORMATS`): how each is read and how it is scored; `read_gold` reads one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .gold import TO_PLV_ROOT, GoldSentence, GoldSet
from .readers import read_petrarch_xml, read_plover_gsr, read_plv_tsv

__all__ = ["Scheme", "FORMATS", "scheme_of", "read_gold"]


@dataclass(frozen=True)
class Scheme:
    "How one gold format is scored."

    read: Callable[[str | Path], GoldSet]
    # actor levels for the set metrics: "exact" compares Phoenix codes, "country" primaries
    levels: tuple[str, ...]
    event_label: str  # what a triple's event is: "cameo" or "plover"
    per_record: bool  # one gold event per record: record-level classification metrics
    exhaustive: bool  # the gold codes every event of the sentence (else: extras are not errors)
    plover_only: bool  # only events with a PLOVER type are predictions
    dyadic_only: bool = False  # only events with both a source and a target are predictions
    label: Callable[[str | None], str | None] = lambda t: t  # predicted PLOVER type → gold's labels
    headline: str = "all"
    subsets: Callable[[GoldSentence], tuple[str, ...]] = lambda s: ()


FORMATS: dict[str, Scheme] = {
    "petrarch-xml": Scheme(
        read=read_petrarch_xml, levels=("exact", "country"), event_label="cameo", per_record=False,
        exhaustive=True, plover_only=False, dyadic_only=True, headline="AFP",
        subsets=lambda s: (s.meta["category"],) if s.meta.get("category") else (),
    ),
    "plover-gsr": Scheme(
        read=read_plover_gsr, levels=("country",), event_label="plover", per_record=True,
        exhaustive=False, plover_only=True,
    ),
    "plv-tsv": Scheme(
        read=read_plv_tsv, levels=(), event_label="plover", per_record=True, exhaustive=False,
        plover_only=True, label=lambda t: TO_PLV_ROOT.get(t, t) if t else t,
    ),
}  # fmt: skip


def scheme_of(format: str) -> Scheme:
    "The `Scheme` of a format name; an `InputError` naming the formats for any other name."
    try:
        return FORMATS[format]
    except KeyError:
        raise InputError(f"--format {format}", f"unknown gold format: use one of {', '.join(FORMATS)}") from None


def read_gold(path: str | Path, format: str) -> GoldSet:
    "Read a gold file of one of the `FORMATS`."
    return scheme_of(format).read(path)
