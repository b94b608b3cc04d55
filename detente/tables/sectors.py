"""Sectors (detente/data/sectors.tsv): the codes an actor's sector may take, and which wins when a
phrase names several ("military officials" is MIL, not GOV).

    >>> sectors = load_sectors()
    >>> sectors.best(["GOV", "MIL"]), "CVL" in sectors
    ('MIL', True)
    >>> sectors.takes_part("TUR", "BUS"), sectors.takes_part(None, "BUS"), sectors.takes_part(None, "COP")
    (True, False, True)
    >>> sectors.of_state("COP"), sectors.of_state("REB")
    (True, False)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataTableError
from .reader import DATA_DIR, read_rows

__all__ = ["Sector", "Sectors", "load_sectors"]

SECTORS_FILE = DATA_DIR / "sectors.tsv"
COLUMNS = ("code", "priority", "description", "alone", "state", "domestic")
_CODE = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class Sector:
    code: str
    priority: int | None  # None: after every numbered sector
    description: str
    alone: bool  # an actor of this sector with no country can carry an event
    state: bool = False  # a part of the state: the country's name stands for it too
    domestic: bool = False  # acts towards its own country's state (an opposition)


class Sectors:
    "The sector table: membership by code, and the most specific of several."

    def __init__(self, sectors: Iterable[Sector]) -> None:
        self._by_code = {s.code: s for s in sectors}
        numbered = [s.priority for s in self._by_code.values() if s.priority is not None]
        self._last = max(numbered, default=0) + 1

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_code)

    def __len__(self) -> int:
        return len(self._by_code)

    def describe(self, code: str) -> str:
        return self._by_code[code].description

    def takes_part(self, country: str | None, sector: str | None) -> bool:
        """Whether an actor can take part in politics: anyone of a country ("Turkish police",
        "Egyptian students"), a state's part, an armed group or an organisation alone ("police",
        "NATO"); never society's sector with no country ("the company", "students")."""
        if country is not None:
            return True
        entry = self._by_code.get(sector) if sector else None
        return entry is not None and entry.alone

    def domestic(self, sector: str | None) -> bool:
        "A sector that acts towards its own country's state (an opposition); None: not a sector."
        entry = self._by_code.get(sector) if sector else None
        return entry is not None and entry.domestic

    def of_society(self, sector: str | None) -> bool:
        "A part of society (students, companies, civilians): neither the state's, nor able to act alone; None: not a sector."
        entry = self._by_code.get(sector) if sector else None
        return entry is not None and not entry.state and not entry.alone

    def of_state(self, sector: str | None) -> bool:
        "A part of the state (GOV, MIL, COP…), not of society nor an armed group; None: not a sector."
        entry = self._by_code.get(sector) if sector else None
        return entry is not None and entry.state

    def best(self, codes: Iterable[str]) -> str | None:
        "The most specific of these sector codes (the first, among equals); None for none."
        ranked = list(codes)
        if not ranked:
            return None

        def priority(code: str) -> int:
            sector = self._by_code.get(code)
            return sector.priority if sector is not None and sector.priority is not None else self._last

        return min(ranked, key=priority)


def load_sectors(path: Path = SECTORS_FILE) -> Sectors:
    "The sector table, checked: three capital letters, each once, priorities whole numbers used once."
    sectors: list[Sector] = []
    seen: dict[str, int] = {}
    priorities: dict[int, int] = {}
    for line, row in read_rows(path, COLUMNS):
        code = row["code"]
        if not _CODE.fullmatch(code):
            raise DataTableError(str(path), line, f"sector code {code!r} is not three capital letters")
        if code in seen:
            raise DataTableError(str(path), line, f"{code} is already given on line {seen[code]}")
        seen[code] = line
        priority = None
        if row["priority"] != "-":
            if not (row["priority"].isdigit() and int(row["priority"]) >= 1):
                raise DataTableError(str(path), line, f"priority {row['priority']!r}: a whole number from 1, or -")
            priority = int(row["priority"])
            if priority in priorities:
                raise DataTableError(str(path), line, f"priority {priority} is also line {priorities[priority]}'s")
            priorities[priority] = line
        if not row["description"]:
            raise DataTableError(str(path), line, f"sector {code} has no description")
        for column in ("alone", "state", "domestic"):
            if row[column] not in ("yes", "no"):
                raise DataTableError(str(path), line, f"{column} {row[column]!r}: yes or no")
        sectors.append(
            Sector(code, priority, row["description"], row["alone"] == "yes", row["state"] == "yes", row["domestic"] == "yes")
        )
    if not sectors:
        raise DataTableError(str(path), None, "no sectors")
    return Sectors(sectors)
