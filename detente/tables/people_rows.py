"""The rows of people.tsv, checked and joined by name into one `Person` per person.

A row is one person in one role for one period. It is refused for a date that is not
YYYY-MM-DD or not a real day, a start not before its end, a code that no organisation or armed
group holds (or whose sector differs), and a period that overlaps another of the same person
but gives a different actor (Xi Jinping may be party leader and president at once; Medvedev
cannot be president and prime minister at once).
"""

from __future__ import annotations

from datetime import date

from ..errors import DataTableError
from .actor_cells import check_code, check_day, check_iso3, check_sector, check_text, split_many
from .actor_entries import Person, PersonEntry, start_key
from .actor_surfaces import Surfaces
from .sectors import Sectors

__all__ = ["PeopleRows"]


class PeopleRows:
    """Collects people.tsv rows from every directory into periods per person.

    Read it after organizations.tsv and armed_groups.tsv: a person's code must be one of
    theirs, found in `codes` (code -> sectors of the organisations and groups holding it, and
    where it was first seen)."""

    def __init__(self, surfaces: Surfaces, codes: dict[str, tuple[set[str], str]], sectors: Sectors) -> None:
        self.surfaces = surfaces
        self.codes = codes
        self.sectors = sectors
        self.periods: dict[str, list[tuple[PersonEntry, str, int]]] = {}  # name -> periods
        self.person_aliases: dict[str, dict[str, None]] = {}  # name -> aliases, ordered

    def persons(self) -> tuple[Person, ...]:
        "Every person read, in the order first seen, with their periods ordered by start."
        return tuple(
            Person(
                name,
                tuple(self.person_aliases[name]),
                # sorted() is stable: same-day starts keep file order
                tuple(sorted((entry for entry, _, _ in periods), key=start_key)),
            )
            for name, periods in self.periods.items()
        )

    def add(self, path: str, line: int, row: dict[str, str]) -> None:
        "One row: a period of a new person, or another period (or more names) of a known one."
        name, aliases, country, sector, code, start, end, role = row.values()
        name = check_text(path, line, "name", name)
        alias_list = split_many(path, line, "aliases", aliases)
        country_code = check_iso3(path, line, "country", country) if country else None
        sector_code = check_sector(path, line, sector, self.sectors, optional=False)
        assert sector_code is not None
        actor_code = self.person_code(path, line, code, country_code, sector_code) if code else None
        if country_code is None and actor_code is None:
            raise DataTableError(
                path,
                line,
                "columns country and code are both empty: give the country the person acts "
                "for (RUS), or the code of their organisation or armed group (IGOUNO)",
            )
        start_day = check_day(path, line, "start", start)
        end_day = check_day(path, line, "end", end)
        if start_day is not None and end_day is not None and start_day >= end_day:
            raise DataTableError(
                path,
                line,
                f"start {start} is not before end {end}: a period runs from its first day up "
                "to, not including, the day it ended",
            )
        entry = PersonEntry(
            name, tuple(alias_list), country_code, sector_code, actor_code, start_day, end_day, role
        )
        repeated = False
        for earlier, where, at in self.periods.get(name, []):
            if not _overlap(earlier, entry):
                continue
            if earlier.actor_code != entry.actor_code:
                raise DataTableError(
                    path,
                    line,
                    f"{name} as {entry.actor_code} {_period(entry)} overlaps {name} as "
                    f"{earlier.actor_code} {_period(earlier)} ({where}:{at}); a person acts "
                    "for one actor at a time: correct the dates",
                )
            if _same_period(earlier, entry):
                if where == path:
                    raise DataTableError(
                        path, line, f"repeats the period of {name} at line {at}: merge the rows"
                    )
                repeated = True  # a user file repeating a packaged period adds only its names
        for text in (name, *alias_list):
            self.surfaces.claim(text, ("person", name), path, line)
        self.person_aliases.setdefault(name, {}).update(dict.fromkeys(alias_list))
        if not repeated:
            self.periods.setdefault(name, []).append((entry, path, line))

    def person_code(
        self, path: str, line: int, code: str, country: str | None, sector: str
    ) -> str:
        "The code column: held by an organisation or group of the same sector and country."
        code = check_code(path, line, "code", code)
        known = self.codes.get(code)
        if known is None:
            raise DataTableError(
                path,
                line,
                f"code {code} names no organisation (organizations.tsv) or armed group "
                "(armed_groups.tsv): add it there, or leave code empty to code the person as "
                "country + sector",
            )
        sectors, where = known
        if sector not in sectors:
            raise DataTableError(
                path,
                line,
                f"sector {sector} disagrees with {code}, which is {'/'.join(sorted(sectors))} "
                f"({where}): use the sector of the organisation the person speaks for",
            )
        if country is not None and not code.startswith(country):
            raise DataTableError(
                path,
                line,
                f"code {code} is not an actor of {country}: leave country empty for officials "
                "of international organisations and groups",
            )
        return code


def _overlap(a: PersonEntry, b: PersonEntry) -> bool:
    "True when two half-open periods share a day (None is an open end)."
    return (a.start or date.min) < (b.end or date.max) and (b.start or date.min) < (
        a.end or date.max
    )


def _same_period(a: PersonEntry, b: PersonEntry) -> bool:
    return (a.country, a.sector, a.code, a.start, a.end, a.role) == (
        b.country,
        b.sector,
        b.code,
        b.start,
        b.end,
        b.role,
    )


def _period(entry: PersonEntry) -> str:
    start = entry.start.isoformat() if entry.start else "…"
    end = entry.end.isoformat() if entry.end else "…"
    return f"{start}..{end}"
