"""The gold in one shape, and the gold's labels in detente's terms.

Every gold format is read (`readers`) into a `GoldSet` of `GoldSentence`s holding `GoldEvent`s;
labels a format does not give are None. The label mappings are the tables of docs/evaluation.md:
PLOVER 0.5b1 → current PLOVER, PLV's roots and quad classes, and the gold's own country and
sector codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..tables.codebook import PLOVER_TYPES

__all__ = [
    "PLOVER_05B1",
    "PLV_ROOTS",
    "TO_PLV_ROOT",
    "PLOVER_QUAD",
    "INTERNATIONAL",
    "UNKNOWN",
    "COUNTRY_ALIASES",
    "GSR_SECTORS",
    "GoldActor",
    "GoldEvent",
    "GoldSentence",
    "GoldSet",
]

# --- label mappings -------------------------------------------------------------------------

# PLOVER 0.5b1 (the GSR, 2016) → current PLOVER. Renamed or merged types follow the manual's
# CAMEO-to-PLOVER table (CAMEO 09 investigate and 11 disapprove → ACCUSE, 10 demand → REQUEST,
# 18 assault and 19 fight → ASSAULT); the other 0.5b1 types kept their names and meaning.
PLOVER_05B1: dict[str, str] = {
    "AGREE": "AGREE", "CONSULT": "CONSULT", "SUPPORT": "SUPPORT", "CONCEDE": "CONCEDE",
    "COOPERATE": "COOPERATE", "AID": "AID", "RETREAT": "RETREAT",
    "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
    "REJECT": "REJECT", "THREATEN": "THREATEN", "PROTEST": "PROTEST", "SANCTION": "SANCTION",
    "MOBILIZE": "MOBILIZE", "COERCE": "COERCE", "ASSAULT": "ASSAULT", "FIGHT": "ASSAULT",
}  # fmt: skip

# PLV's 15 roots: PLOVER's 16 types with CONCEDE and RETREAT merged back into CAMEO's YIELD.
PLV_ROOTS: tuple[str, ...] = tuple(t for t in PLOVER_TYPES if t not in ("CONCEDE", "RETREAT")) + ("YIELD",)
TO_PLV_ROOT = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}

# Quad class of each PLOVER type, as the manual files them; YIELD (PLV) is material cooperation
# in PLV's own gold_penta column, as CAMEO 08 is in GDELT.
PLOVER_QUAD: dict[str, int] = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2, "YIELD": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip

# Actors without a country that still have a primary code: international organisations,
# NGOs, international militarised groups, multinationals.
INTERNATIONAL = ("IGO", "NGO", "IMG", "MNC")
UNKNOWN = "---"  # Phoenix's code for an actor of unknown country, and for a missing actor
# Non-ISO country codes in the gold, read as the country they plainly mean (PLOVER GSR: "Tokyo"
# JAP, "Italy" ITL, "Vietnamese-led forces" VTN; Phoenix writes Kosovo KSV).
COUNTRY_ALIASES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "KSV": "XKX"}
# PLOVER GSR sectors follow PLOVER's names where they differ from CAMEO's (which detente keeps):
# JRN journalists = CAMEO MED, MED medical = CAMEO HLH; CIV is a typo for CVL.
GSR_SECTORS = {"JRN": "MED", "MED": "HLH", "CIV": "CVL"}

# --- the gold, in one shape -----------------------------------------------------------------


@dataclass(frozen=True)
class GoldActor:
    "One gold actor. `country` is an ISO3 code, an international prefix (IGO, NGO...) or None."

    text: str | None = None  # the words of the sentence (GSR, PLV); None for PETR
    code: str | None = None  # the gold's actor code (Phoenix for PETR, ISO3/IGO for the GSR)
    country: str | None = None
    sector: str | None = None  # a CAMEO sector code (GOV, MIL...), None when not given


@dataclass(frozen=True)
class GoldEvent:
    "One gold event; labels the gold does not give are None."

    source: tuple[GoldActor, ...]
    target: tuple[GoldActor, ...]
    cameo: str | None = None
    plover_type: str | None = None  # current PLOVER, or a PLV root (YIELD) for plv-tsv
    quad_class: int | None = None
    reciprocal: bool = False  # the GSR's SRC/TAR: all actors are in `source`, each acts on the others


@dataclass(frozen=True)
class GoldSentence:
    "A gold record: the text to code, when it was published, and its events."

    id: str
    text: str
    published: date | None
    events: tuple[GoldEvent, ...]
    meta: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class GoldSet:
    "A gold file read: its sentences and the records that cannot be scored (id, reason)."

    path: str
    format: str
    sentences: tuple[GoldSentence, ...]
    skipped: tuple[tuple[str, str], ...] = ()
