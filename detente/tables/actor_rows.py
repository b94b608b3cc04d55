"""Reading the actor tables' rows into entries: each row checked, every surface string claimed.

`ActorRows` takes the rows of every file, one `add_<kind>` method per file, with the columns
already checked by `read_rows`; it refuses a bad cell, a row defined twice in one file, and a
surface string that would name two actors. People rows go to `PeopleRows` (people_rows.py).
"""

from __future__ import annotations

from ..errors import DataTableError
from .actor_cells import (
    ACTOR_CODE,
    ISO3_CODES,
    check_code,
    check_iso3,
    check_sector,
    check_text,
    merge_names,
    split_many,
)
from .actor_entries import (
    AgentEntry,
    ArmedGroupEntry,
    CountryEntry,
    MetonymEntry,
    NonActorEntry,
    OrganizationEntry,
)
from .actor_surfaces import Surfaces
from .people_rows import PeopleRows
from .sectors import Sectors

__all__ = ["ActorRows"]


class ActorRows:
    "Collects rows from every file, checks each, and refuses surface strings with two meanings."

    def __init__(self, sectors: Sectors) -> None:
        self.sectors = sectors  # the codes a sector column may hold (sectors.tsv)
        self.countries: dict[str, CountryEntry] = {}
        self.country_lines: dict[tuple[str, str], int] = {}  # (path, iso3) -> line
        self.metonyms: dict[MetonymEntry, None] = {}
        self.organizations: dict[tuple[str, str], OrganizationEntry] = {}
        self.org_lines: dict[tuple[str, str, str], int] = {}  # (path, code, name) -> line
        self.agents: dict[AgentEntry, None] = {}
        self.nonactors: dict[NonActorEntry, None] = {}
        self.armed_groups: dict[tuple[str, str], ArmedGroupEntry] = {}
        self.group_lines: dict[tuple[str, str, str], int] = {}  # (path, code, name) -> line
        # code -> sectors of the organisations and groups holding it, and where it was first seen
        self.codes: dict[str, tuple[set[str], str]] = {}
        self.surfaces = Surfaces()
        self.people = PeopleRows(self.surfaces, self.codes, sectors)

    # One method per file; each gets (path, line, row) with the columns already checked.

    def add_countries(self, path: str, line: int, row: dict[str, str]) -> None:
        # the actor columns; the country's other facts (places, FIPS, point) are countries.py's
        iso3, name, aliases, demonyms = (row[c] for c in ("iso3", "name", "aliases", "demonyms"))
        iso3 = check_iso3(path, line, "iso3", iso3)
        name = check_text(path, line, "name", name)
        alias_list = split_many(path, line, "aliases", aliases)
        demonym_list = split_many(path, line, "demonyms", demonyms)
        earlier = self.country_lines.get((path, iso3))
        if earlier is not None:
            raise DataTableError(
                path, line, f"{iso3} is already defined at line {earlier}: merge the two rows"
            )
        self.country_lines[(path, iso3)] = line
        meaning = ("country", iso3)
        for text in (name, *alias_list, *demonym_list):
            self.surfaces.claim(text, meaning, path, line)
        known = self.countries.get(iso3)
        if known is None:
            self.countries[iso3] = CountryEntry(iso3, name, tuple(alias_list), tuple(demonym_list))
        else:  # an extension: add its names to the packaged country, keep the packaged name
            extra_names = [name] if name != known.name else []
            self.countries[iso3] = CountryEntry(
                iso3,
                known.name,
                merge_names(known.aliases, extra_names + alias_list),
                merge_names(known.demonyms, demonym_list),
            )

    def add_metonyms(self, path: str, line: int, row: dict[str, str]) -> None:
        text, country, sector, name = row.values()
        text = check_text(path, line, "text", text)
        country = check_iso3(path, line, "country", country)
        sector_code = check_sector(path, line, sector, self.sectors, optional=True)
        name = check_text(path, line, "name", name)
        self.surfaces.claim(text, ("metonym", country, sector_code or "", name), path, line)
        # dicts as ordered sets: a user file repeating a packaged row adds nothing
        self.metonyms.setdefault(MetonymEntry(text, country, sector_code, name))

    def add_organizations(self, path: str, line: int, row: dict[str, str]) -> None:
        code, name, aliases, sector = row.values()
        if not ACTOR_CODE.fullmatch(code):
            raise DataTableError(
                path,
                line,
                f"code {code!r} is not a CAMEO actor code: upper-case letters and digits in "
                "groups of three, e.g. IGOWSTNAT",
            )
        name = check_text(path, line, "name", name)
        alias_list = split_many(path, line, "aliases", aliases)
        sector_code = check_sector(path, line, sector, self.sectors, optional=False)
        assert sector_code is not None
        earlier = self.org_lines.get((path, code, name))
        if earlier is not None:
            raise DataTableError(
                path, line, f"{code} {name!r} is already defined at line {earlier}: merge the rows"
            )
        self.org_lines[(path, code, name)] = line
        self.note_code(code, sector_code, path, line)
        for text in (name, *alias_list):
            self.surfaces.claim(text, ("organization", code, name), path, line)
        known = self.organizations.get((code, name))
        if known is None:
            self.organizations[(code, name)] = OrganizationEntry(
                code, name, tuple(alias_list), sector_code
            )
        else:
            self.organizations[(code, name)] = OrganizationEntry(
                code, name, merge_names(known.aliases, alias_list), known.sector
            )

    def add_agents(self, path: str, line: int, row: dict[str, str]) -> None:
        word, sector = row.values()
        word = check_text(path, line, "word", word)
        sector_code = check_sector(path, line, sector, self.sectors, optional=False)
        assert sector_code is not None
        self.surfaces.claim(word, ("agent", sector_code), path, line)
        self.agents.setdefault(AgentEntry(word, sector_code))

    def add_nonactors(self, path: str, line: int, row: dict[str, str]) -> None:
        text, reason = row.values()
        text = check_text(path, line, "text", text)
        self.surfaces.claim(text, ("nonactor",), path, line)
        self.nonactors.setdefault(NonActorEntry(text, reason))

    def add_armed_groups(self, path: str, line: int, row: dict[str, str]) -> None:
        code, name, aliases, country, sector = row.values()
        code = check_code(path, line, "code", code)
        name = check_text(path, line, "name", name)
        alias_list = split_many(path, line, "aliases", aliases)
        country_code = check_iso3(path, line, "country", country) if country else None
        sector_code = check_sector(path, line, sector, self.sectors, optional=False)
        assert sector_code is not None
        if country_code is not None and not code.startswith(country_code + sector_code):
            raise DataTableError(
                path,
                line,
                f"code {code} must begin with the group's country and sector, "
                f"{country_code}{sector_code}, as CAMEO codes do",
            )
        if country_code is None and code[:3] in ISO3_CODES:
            raise DataTableError(
                path,
                line,
                f"code {code} begins with the country code {code[:3]}: put {code[:3]} in the "
                "country column, or begin a group without a country with IMG",
            )
        earlier = self.group_lines.get((path, code, name))
        if earlier is not None:
            raise DataTableError(
                path, line, f"{code} {name!r} is already defined at line {earlier}: merge the rows"
            )
        self.group_lines[(path, code, name)] = line
        self.note_code(code, sector_code, path, line)
        for text in (name, *alias_list):
            self.surfaces.claim(text, ("armed group", code, name), path, line)
        known = self.armed_groups.get((code, name))
        if known is None:
            self.armed_groups[(code, name)] = ArmedGroupEntry(
                code, name, tuple(alias_list), country_code, sector_code
            )
        else:  # an extension: more names for a packaged group; its country and sector stay
            self.armed_groups[(code, name)] = ArmedGroupEntry(
                code, name, merge_names(known.aliases, alias_list), known.country, known.sector
            )

    def add_people(self, path: str, line: int, row: dict[str, str]) -> None:
        "people.tsv: checked and joined by name in `PeopleRows`."
        self.people.add(path, line, row)

    # Codes held by organisations and armed groups: a person's code must be one of them.

    def note_code(self, code: str, sector: str, path: str, line: int) -> None:
        "Remember an organisation's or group's code, for the people who speak for it."
        sectors, _where = self.codes.setdefault(code, (set(), f"{path}:{line}"))
        sectors.add(sector)
