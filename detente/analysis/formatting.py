"""Analysis results as rows of strings, for the CLI's printed tables (dyads, top actors)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["table_rows"]


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
