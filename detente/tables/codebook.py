"""The CAMEO event codebook: every CAMEO code with its name, Goldstein weight and PLOVER type.

Coded events carry both vocabularies at once (GDELT-style CAMEO codes with Goldstein weights,
POLECAT-style PLOVER types), so one table joins them: `detente/data/cameo.tsv`. It is a data
file rather than a dict in code because users reasonably disagree about parts of the mapping
(should an appeal be a PLOVER REQUEST?) and should be able to ship their own table; the table's
header comments record every mapping choice that is ours rather than PLOVER's.

Because the table may be edited by hand, it is validated on load and every fault is reported as
a `DataTableError` naming the file and line, never as a stray ValueError from deep inside.

    >>> codebook = load_codebook()
    >>> codebook["043"].plover_type
    'CONSULT'
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataTableError
from .reader import DATA_DIR, read_rows

__all__ = [
    "CameoCode",
    "Codebook",
    "load_codebook",
    "quad_class_of",
    "DEFAULT_CODEBOOK_PATH",
    "PLOVER_TYPES",
    "PLOVER_MODES",
    "QUAD_CLASS_NAMES",
]

DEFAULT_CODEBOOK_PATH = DATA_DIR / "cameo.tsv"

COLUMNS = ("code", "goldstein", "plover_type", "plover_mode", "name", "sides", "undirected", "force", "state_act", "by_society")
SIDES = ("mutual", "paired", "mutual-by-verb", "separate")
FORCE = ("violence", "coercion")

# The sixteen PLOVER event types, in the manual's order (cooperation to conflict).
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE",
    "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN",
    "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip

# Modes per type as the PLOVER manual lists them; types without a list take no mode. Checking
# modes at load time catches typos and the obsolete modes of older CAMEO-to-PLOVER tables.
PLOVER_MODES: dict[str, frozenset[str]] = {
    "CONSULT": frozenset({"visit", "third-party", "multilateral", "phone"}),
    "RETREAT": frozenset({"withdraw", "release", "disarm", "ceasefire", "access", "resign"}),
    "REQUEST": frozenset({"assist", "change", "yield", "meet"}),
    "ACCUSE": frozenset({"disapprove", "investigate", "allege"}),
    "REJECT": frozenset({"assist", "change", "yield", "meet"}),
    "THREATEN": frozenset({"restrict", "arrest", "relations", "expel", "territory", "violence"}),
    "PROTEST": frozenset({"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"}),
    "SANCTION": frozenset({"convict", "expel", "withdraw", "discontinue"}),
    "MOBILIZE": frozenset({"troops", "weapons", "police", "militia"}),
    "COERCE": frozenset(
        {"seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport", "withhold",
         "misinformation", "cyber"}
    ),  # fmt: skip
    "ASSAULT": frozenset(
        {"abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms",
         "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control",
         "unconventional"}
    ),  # fmt: skip
}

QUAD_CLASS_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


def quad_class_of(root: str) -> int:
    """GDELT's quad class of a CAMEO root ("01".."20"): it depends on the root alone.

    Note GDELT's classes, not PLOVER's: PLOVER files CONCEDE under verbal cooperation although
    CAMEO 08 (yield) is material cooperation in GDELT; we keep GDELT's so our quad_class and
    goldstein columns mean what they mean in GDELT.
    """
    number = int(root)
    if not 1 <= number <= 20:
        raise ValueError(f"CAMEO roots run from 01 to 20, not {root!r}")
    if number <= 5:
        return 1
    if number <= 9:
        return 2
    if number <= 14:
        return 3
    return 4


@dataclass(frozen=True)
class CameoCode:
    "One CAMEO event code. `plover_type` is None where PLOVER does not code the event."

    code: str  # 2-4 digits with leading zeros, e.g. "043"
    name: str
    root: str  # the first two digits, e.g. "04"
    quad_class: int  # 1-4, GDELT's
    goldstein: float  # GDELT's weight, -10..10
    plover_type: str | None
    plover_mode: str | None
    sides: str = "separate"  # how actors named together take part (cameo.tsv's header): one of SIDES
    undirected: bool = False  # reports in either direction are one incident
    force: str | None = None  # "violence" (18-20), "coercion" (17), or None
    state_act: bool = False  # only a state does it: nobody named means the place's authorities
    by_society: bool = False  # a part of society with no country does it on its own (protests, refusals)

    @property
    def splits_sides(self) -> bool:
        "Actors named together are the two sides of the event ('China and Russia held talks')."
        return self.sides != "separate"

    @property
    def violent(self) -> bool:
        return self.force == "violence"


class Codebook:
    """The codes of one table, looked up by code string.

    Iterating yields the `CameoCode` records in table order; `in` and `[]` take code strings.
    """

    def __init__(self, codes: Iterable[CameoCode], path: str | None = None) -> None:
        self.path = path
        self._codes: dict[str, CameoCode] = {code.code: code for code in codes}

    def __getitem__(self, code: str) -> CameoCode:
        try:
            return self._codes[code]
        except (KeyError, TypeError):
            raise KeyError(self._unknown(code)) from None

    def get(self, code: str, default: CameoCode | None = None) -> CameoCode | None:
        return self._codes.get(code, default) if isinstance(code, str) else default

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._codes

    def __iter__(self) -> Iterator[CameoCode]:
        return iter(self._codes.values())

    def __len__(self) -> int:
        return len(self._codes)

    def __repr__(self) -> str:
        return f"<Codebook: {len(self)} codes from {self.path or 'memory'}>"

    def roots(self) -> tuple[CameoCode, ...]:
        "The two-digit cue categories (01 make public statement .. 20 mass violence)."
        return tuple(code for code in self if len(code.code) == 2)

    def _unknown(self, code: object) -> str:
        where = f" in {self.path}" if self.path else ""
        if not isinstance(code, str):
            return f"CAMEO codes are strings such as '043', not {type(code).__name__} {code!r}"
        # The commonest slip is a code that lost its leading zero on the way through a
        # spreadsheet or an int column.
        for padded in ("0" + code, "00" + code):
            if padded in self._codes:
                return (
                    f"unknown CAMEO code {code!r}{where}; did you mean {padded!r}? "
                    "(keep the leading zero)"
                )
        return f"unknown CAMEO code {code!r}{where}: codes are 2-4 digits, e.g. '04' or '043'"


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Read and validate a codebook table; without `path`, the one shipped with detente. (Read on
    every call, a few milliseconds: the coder's resources and a store each keep the one they read.)"""
    return _read_table(Path(path) if path is not None else DEFAULT_CODEBOOK_PATH)


def _read_table(path: Path) -> Codebook:
    name = str(path)
    codes: list[CameoCode] = []
    line_of: dict[str, int] = {}
    for number, row in read_rows(path, COLUMNS):
        code = _parse_row(row, name, number)
        if code.code in line_of:
            first = line_of[code.code]
            raise DataTableError(
                name, number, f"duplicate code {code.code!r}, already given on line {first}"
            )
        line_of[code.code] = number
        codes.append(code)
    if not codes:
        raise DataTableError(name, None, "the table has a header but no codes")
    for code in codes:
        # Lookups by root (GDELT's EventRootCode) must never fail for a code we accepted.
        if code.code != code.root and code.root not in line_of:
            problem = f"code {code.code!r} has no root: add a row for {code.root!r}"
            raise DataTableError(name, line_of[code.code], problem)
    return Codebook(codes, path=name)


def _parse_row(row: dict[str, str], path: str, line: int) -> CameoCode:
    def fault(problem: str) -> DataTableError:
        return DataTableError(path, line, problem)

    code, goldstein_text, plover_type, plover_mode, label = (row[c] for c in COLUMNS[:5])
    if not (code.isascii() and code.isdigit()):
        raise fault(f"code {_clip(code)!r} is not a number: CAMEO codes are digits, e.g. '043'")
    if not 2 <= len(code) <= 4:
        raise fault(
            f"code {code!r} has {len(code)} digits: CAMEO codes have 2 to 4 (keep leading zeros)"
        )
    root = code[:2]
    if not "01" <= root <= "20":
        raise fault(f"code {code!r} has root {root!r}: CAMEO roots run from 01 to 20")
    try:
        goldstein = float(goldstein_text)
    except ValueError:
        raise fault(f"goldstein {_clip(goldstein_text)!r} is not a number") from None
    if not (math.isfinite(goldstein) and -10.0 <= goldstein <= 10.0):
        raise fault(f"goldstein {goldstein_text!r} is outside the scale -10 to 10")
    if plover_type and plover_type not in PLOVER_TYPES:
        raise fault(
            f"unknown PLOVER type {_clip(plover_type)!r}: use one of {', '.join(PLOVER_TYPES)}, "
            "or leave it empty for an event PLOVER does not code"
        )
    if plover_mode:
        if not plover_type:
            raise fault(f"PLOVER mode {_clip(plover_mode)!r} without a PLOVER type")
        modes = PLOVER_MODES.get(plover_type, frozenset())
        if plover_mode not in modes:
            valid = f"its modes are {', '.join(sorted(modes))}" if modes else "it takes no mode"
            raise fault(
                f"unknown mode {_clip(plover_mode)!r} for PLOVER type {plover_type}: {valid}"
            )
    if not label:
        raise fault(f"code {code!r} has no name")
    if row["sides"] not in SIDES:
        raise fault(f"sides {_clip(row['sides'])!r}: use one of {', '.join(SIDES)}")
    for column in ("undirected", "state_act", "by_society"):
        if row[column] not in ("yes", "no"):
            raise fault(f"{column} must be yes or no, found {_clip(row[column])!r}")
    if row["force"] not in (*FORCE, "-"):
        raise fault(f"force {_clip(row['force'])!r}: use {', '.join(FORCE)} or -")
    return CameoCode(
        code=code,
        name=label,
        root=root,
        quad_class=quad_class_of(root),
        goldstein=goldstein,
        plover_type=plover_type or None,
        plover_mode=plover_mode or None,
        sides=row["sides"],
        undirected=row["undirected"] == "yes",
        force=None if row["force"] == "-" else row["force"],
        state_act=row["state_act"] == "yes",
        by_society=row["by_society"] == "yes",
    )


def _clip(text: str, limit: int = 60) -> str:
    "Keep messages one readable line even when the table holds garbage."
    return text if len(text) <= limit else text[: limit - 3] + "..."
