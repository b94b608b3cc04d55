"""One cell of an actor table, checked: the codes a table may use (ISO 3166 countries, the
sectors of sectors.tsv, CAMEO actor codes), names, dates and |-separated lists.

Each check returns the cell's value (parsed where it is a date or a list) or raises
`DataTableError(path, line, problem)` saying what to write instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from ..errors import DataTableError
from .countries import ISO3_CODES
from .sectors import Sectors

__all__ = [
    "ACTOR_CODE",
    "ISO3_CODES",
    "check_code",
    "check_day",
    "check_iso3",
    "check_sector",
    "check_text",
    "merge_names",
    "split_many",
]

# A CAMEO actor code is a run of three-character elements: IGO + WST + NAT.
ACTOR_CODE = re.compile(r"(?:[A-Z0-9]{3})+")

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def check_iso3(path: str, line: int, column: str, value: str) -> str:
    if value not in ISO3_CODES:
        hint = " (codes are upper case)" if value.upper() in ISO3_CODES else ""
        raise DataTableError(
            path,
            line,
            f"column {column}: {value!r} is not an ISO 3166-1 alpha-3 code{hint}; "
            "use one such as CHN, or XKX for Kosovo",
        )
    return value


def check_code(path: str, line: int, column: str, value: str) -> str:
    if not ACTOR_CODE.fullmatch(value):
        raise DataTableError(
            path,
            line,
            f"column {column}: {value!r} is not a CAMEO actor code: upper-case letters and "
            "digits in groups of three, e.g. PSEREBHMS",
        )
    return value


def check_day(path: str, line: int, column: str, value: str) -> date | None:
    "A YYYY-MM-DD cell as a date; empty is None (an open end)."
    if not value:
        return None
    if not _DATE.fullmatch(value):
        raise DataTableError(
            path, line, f"column {column}: {value!r} is not a date written YYYY-MM-DD"
        )
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DataTableError(path, line, f"column {column}: {value} is not a real day") from None


def check_text(path: str, line: int, column: str, value: str) -> str:
    if not value:
        raise DataTableError(path, line, f"column {column} is empty")
    if not any(ch.isalnum() for ch in value):
        raise DataTableError(
            path, line, f"column {column}: {value!r} has no letter or digit to match"
        )
    return value


def split_many(path: str, line: int, column: str, value: str) -> list[str]:
    "Split a |-separated cell; empty pieces (a trailing |) are ignored."
    return [check_text(path, line, column, piece.strip()) for piece in value.split("|") if piece.strip()]


def check_sector(path: str, line: int, value: str, sectors: Sectors, *, optional: bool) -> str | None:
    "A code of sectors.tsv (or nothing, where the column is `optional`)."
    if not value and optional:
        return None
    if value not in sectors:
        raise DataTableError(
            path,
            line,
            f"unknown sector code {value!r}; use one of {', '.join(sorted(sectors))} (sectors.tsv)",
        )
    return value


def merge_names(old: tuple[str, ...], new: Sequence[str]) -> tuple[str, ...]:
    "The names of `old`, then those of `new` not among them: an extension adds, never reorders."
    return tuple(dict.fromkeys((*old, *new)))
