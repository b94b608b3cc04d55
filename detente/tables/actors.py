"""Actor tables: the words and names that tell the coder *who* acts.

The tables are tab-separated files in ``detente/data/``; users extend them with files of the
same names in directories of their own (``load_actor_tables(extra_dirs=[...])``):

    countries.tsv      iso3  name  aliases  demonyms     every ISO 3166-1 country (+ Kosovo)
    metonyms.tsv       text  country  sector  name       "Beijing", "Kremlin", "Pentagon"
    organizations.tsv  code  name  aliases  sector       NATO -> IGOWSTNAT, UN -> IGOUNO
    agents.tsv         word  sector                      "troops" -> MIL, "rebels" -> REB
    nonactors.tsv      text  reason                      "South China Sea", "Gulf of Mexico"
    armed_groups.tsv   code  name  aliases  country  sector
                                                         Hamas -> PSEREBHMS, ISIS -> IMGMUSISI
    people.tsv         name  aliases  country  sector  code  start  end  role
                                                         one row per person and period in office

nonactors.tsv, armed_groups.tsv and people.tsv are optional (they came later than the others).

File format: UTF-8, one header row naming the columns, ``#`` comment lines and blank lines
allowed, several values in one cell separated by ``|``.

Matching convention (the actor stage builds a spaCy PhraseMatcher from `phrases`): a surface
string with an upper-case letter in it matches exactly ("US" must not match "us"), an
all-lower-case one matches in any case ("troops", "Troops"). Nonactor phrases exist only to be
matched: they are longer than the country names inside them, so after keeping the longest
spans, "South China Sea" wins over "China" and is then dropped.

Everything is validated when loaded and a bad row raises `DataTableError(path, line, problem)`:
a wrong column count, an unknown ISO 3166 alpha-3 code, an unknown sector code, an empty name,
or one surface string naming two different actors (the coder could not choose between them).
People rows are also refused for a date that is not YYYY-MM-DD or not a real day, a start not
before its end, a code that no organisation or armed group holds (or whose sector differs),
and two periods of one person that overlap but give different actors.

People change sides: Medvedev was Russia's president, then its prime minister; Trump was US
president, then out of office, then president again. A person is therefore one `Person` (the
entry of every phrase that names them) holding a `PersonEntry` per period, and the coder asks
`person.role_on(day)` for the period that covers the article's date:

    medvedev.role_on(date(2010, 1, 1)).role          → 'president'
    medvedev.role_on(date(2015, 1, 1)).role          → 'prime minister'
    trump.role_on(date(2023, 6, 1))                  → None: no office between his terms
    guterres.role_on(date(2020, 1, 1)).actor_code    → 'IGOUNO'

A period runs from `start` up to, not including, `end`: the day of a handover belongs to the
successor, so "in office 7 May 2008 - 7 May 2012" is written start 2008-05-07, end 2012-05-07.
The rows of one person are joined by `name` (write namesakes' names in full to tell them
apart). Two periods of a person may overlap only when they give the same actor (Xi Jinping is
party leader and president at once); overlapping periods that disagree are an error.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple, TypeAlias

import pycountry

from ..errors import DataTableError
from .reader import DATA_DIR, read_rows

__all__ = [
    "DATA_DIR",
    "EXTRA_COUNTRY_CODES",
    "SECTORS",
    "AgentEntry",
    "ActorTables",
    "ArmedGroupEntry",
    "CountryEntry",
    "Entry",
    "Kind",
    "MetonymEntry",
    "NonActorEntry",
    "OrganizationEntry",
    "Person",
    "PersonEntry",
    "Phrase",
    "is_case_sensitive",
    "load_actor_tables",
    "phrases",
]

# Codes that news needs but ISO 3166-1 has not assigned. XKX is the user-assigned code that the
# EU, the IMF, GeoNames and PLOVER use for Kosovo.
EXTRA_COUNTRY_CODES: dict[str, str] = {"XKX": "Kosovo"}

# Sector codes a table may use: CAMEO's agent codes (as in GDELT and Phoenix), plus the few that
# PLOVER added. CAMEO's meanings are kept where the two differ: MED is media, HLH is health
# (PLOVER renamed these JRN and MED; use the CAMEO code here, convert at export).
SECTORS: dict[str, str] = {
    "GOV": "government: executive, ministries, officials, diplomats, ruling coalition",
    "MIL": "military: armed forces, troops, defence ministry",
    "COP": "police and other internal security forces",
    "JUD": "judiciary: courts, judges, prosecutors",
    "LEG": "legislature: parliaments, lawmakers",
    "SPY": "state intelligence services and their agents",
    "PTY": "political parties",
    "OPP": "political opposition, dissidents, anti-government activists",
    "REB": "rebels: armed opposition groups, insurgents, militants",
    "INS": "insurgents (CAMEO; PLOVER folds this into REB)",
    "SEP": "separatists (CAMEO; PLOVER folds this into REB)",
    "UAF": "unidentified armed forces (gunmen)",
    "PRM": "paramilitaries not opposed to the government",
    "CRM": "criminals, gangs, cartels, pirates",
    "CVL": "civilians: residents, citizens, protesters without an organisation",
    "BUS": "business: companies, firms, investors",
    "MNC": "multinational corporations",
    "MED": "media: journalists, newspapers, broadcasters",
    "EDU": "education: students, teachers, universities",
    "LAB": "labour: workers, trade unions",
    "AGR": "agriculture: farmers, peasants",
    "REF": "refugees and displaced persons",
    "HLH": "health: doctors, nurses, hospitals",
    "HRI": "human rights groups and activists",
    "ENV": "environmental groups",
    "DEV": "development and aid workers",
    "REL": "religious leaders and institutions",
    "ELI": "elites: former officials and notables without office",
    "MOD": "moderates",
    "RAD": "radicals, extremists",
    "SOC": "civil society organisations not covered above",
    "UNK": "unidentified actors",
    "IGO": "intergovernmental organisations",
    "NGO": "non-governmental organisations",
}

_ISO3: frozenset[str] = frozenset(
    [country.alpha_3 for country in pycountry.countries] + list(EXTRA_COUNTRY_CODES)
)

# A CAMEO actor code is a run of three-character elements: IGO + WST + NAT.
_ACTOR_CODE = re.compile(r"(?:[A-Z0-9]{3})+")

_FILES = {
    "countries": ("countries.tsv", ("iso3", "name", "aliases", "demonyms")),
    "metonyms": ("metonyms.tsv", ("text", "country", "sector", "name")),
    "organizations": ("organizations.tsv", ("code", "name", "aliases", "sector")),
    "agents": ("agents.tsv", ("word", "sector")),
    "nonactors": ("nonactors.tsv", ("text", "reason")),
    # after organizations and armed_groups: a person's code must name one of theirs
    "armed_groups": ("armed_groups.tsv", ("code", "name", "aliases", "country", "sector")),
    "people": (
        "people.tsv",
        ("name", "aliases", "country", "sector", "code", "start", "end", "role"),
    ),
}
# Tables added after the first four: a user's copy of the data directory may lack them.
_OPTIONAL = frozenset({"nonactors", "armed_groups", "people"})

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class CountryEntry:
    "A state or territory: ISO 3166 alpha-3 code, its short English name, other names, demonyms."

    iso3: str
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class MetonymEntry:
    "A place or building that stands for a country's actor: Kremlin -> RUS GOV."

    text: str
    country: str
    sector: str | None  # None: the country as a whole
    name: str


@dataclass(frozen=True)
class OrganizationEntry:
    "An international organisation with its CAMEO code: NATO -> IGOWSTNAT."

    code: str
    name: str
    aliases: tuple[str, ...] = ()
    sector: str = "IGO"


@dataclass(frozen=True)
class AgentEntry:
    "A word for a role inside a country: troops -> MIL. Combined with a country by the coder."

    word: str
    sector: str


@dataclass(frozen=True)
class NonActorEntry:
    "A phrase that contains an actor name but names none: 'South China Sea', 'Latin America'."

    text: str
    reason: str = ""


@dataclass(frozen=True)
class ArmedGroupEntry:
    """A non-state armed group or movement with its CAMEO code: Hamas -> PSEREBHMS.

    `country` is where the group fights or governs; None for transnational groups, whose code
    starts with CAMEO's IMG (international militarised group): ISIS -> IMGMUSISI."""

    code: str
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    sector: str = "REB"


@dataclass(frozen=True)
class PersonEntry:
    """One person in one role for one period: Medvedev, RUS GOV, 2008-05-07..2012-05-07, president.

    The actor is `country` + `sector` (RUSGOV), or `code` when the person speaks for an
    organisation or armed group (Guterres -> IGOUNO, Nasrallah -> LBNREBHEZ). The period runs
    from `start` up to, not including, `end`; None is open (not known, or still in office)."""

    name: str
    aliases: tuple[str, ...]
    country: str | None
    sector: str
    code: str | None
    start: date | None
    end: date | None
    role: str = ""

    @property
    def actor_code(self) -> str:
        "The CAMEO actor code of this period: the organisation's code, else country + sector."
        return self.code or f"{self.country}{self.sector}"

    def covers(self, day: date) -> bool:
        "True when `day` falls in this period."
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Person:
    """A person with every period they held a role in: the entry of each phrase naming them.

    `roles` are ordered by start. `role_on(day)` gives the period covering a day; the coder
    passes the article's date. A day between two periods (Trump in 2023) gives None: the
    person holds no office then, and `previous_role(day)` says what they held last (CAMEO
    codes such people ELI, elites, of that country)."""

    name: str
    aliases: tuple[str, ...]
    roles: tuple[PersonEntry, ...]

    def role_on(self, day: date | None = None) -> PersonEntry | None:
        """The period covering `day`, or None when the person held no role then.

        When two periods cover the day (party leader and president), the one that began later.
        With no day: the role the person holds now if they hold one, else the one that ended
        last; None only for a person without roles."""
        if day is None:
            return max(self.roles, key=_recency, default=None)
        covering = [role for role in self.roles if role.covers(day)]
        return max(covering, key=_start_key, default=None)

    def previous_role(self, day: date) -> PersonEntry | None:
        "The period that ended last on or before `day` (what a former official used to be)."
        ended = [role for role in self.roles if role.end is not None and role.end <= day]
        return max(ended, key=_recency, default=None)


def _start_key(role: PersonEntry) -> date:
    return role.start or date.min


def _recency(role: PersonEntry) -> tuple[date, date]:
    return (role.end or date.max, role.start or date.min)


Entry: TypeAlias = (
    CountryEntry
    | MetonymEntry
    | OrganizationEntry
    | ArmedGroupEntry
    | Person
    | AgentEntry
    | NonActorEntry
)


class Kind(StrEnum):
    "What a matched surface string is."

    COUNTRY = "country"  # a country's name or alias: "China", "PRC"
    DEMONYM = "demonym"  # "Chinese", "North Korean"
    METONYM = "metonym"  # "Beijing", "Kremlin"
    ORGANIZATION = "organization"  # "NATO", "United Nations"
    ARMED_GROUP = "armed_group"  # "Hamas", "Islamic State": entry is an ArmedGroupEntry
    PERSON = "person"  # "Vladimir Putin", "Putin": entry is a Person, ask it role_on(day)
    AGENT = "agent"  # "troops", "foreign minister"
    NONACTOR = "nonactor"  # "South China Sea": matched so it can block "China", then dropped


class Phrase(NamedTuple):
    "One surface string to match and what it means."

    text: str
    kind: Kind
    entry: Entry

    @property
    def case_sensitive(self) -> bool:
        return is_case_sensitive(self.text)


def is_case_sensitive(text: str) -> bool:
    """True when `text` must match exactly (it has a capital), False when any case will do.

    Names are written as news writes them: "US" and "WHO" must not match "us" and "who",
    while "troops" should also match "Troops" at the start of a sentence.
    """
    return any(ch.isupper() for ch in text)


@dataclass(frozen=True)
class ActorTables:
    "Every actor table, loaded and checked. Build matchers from `phrases(tables)`."

    countries: tuple[CountryEntry, ...]
    metonyms: tuple[MetonymEntry, ...]
    organizations: tuple[OrganizationEntry, ...]
    agents: tuple[AgentEntry, ...]
    nonactors: tuple[NonActorEntry, ...] = ()
    armed_groups: tuple[ArmedGroupEntry, ...] = ()
    people: tuple[Person, ...] = ()
    _by_iso3: dict[str, CountryEntry] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _by_name: dict[str, Person] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # frozen: fill the lookups in place (the dicts themselves are mutable), once.
        self._by_iso3.update((entry.iso3, entry) for entry in self.countries)
        self._by_name.update((person.name, person) for person in self.people)

    def country(self, iso3: str) -> CountryEntry | None:
        "The country with this ISO 3166 alpha-3 code, or None."
        return self._by_iso3.get(iso3)

    def person(self, name: str) -> Person | None:
        "The person whose canonical name (the `name` column) is `name`, or None."
        return self._by_name.get(name)


def load_actor_tables(
    directory: Path | str | None = None, extra_dirs: Sequence[Path | str] = ()
) -> ActorTables:
    """Load the actor tables from `directory` (default: the package's data) and extend them.

    Each of `extra_dirs` may hold any of the seven files; its rows are added to the tables.
    A country row whose iso3 is already known adds its names to that country (so a user can
    teach detente "Middle Kingdom" without copying China's row); a people row whose name is
    known adds a period to that person (a new minister's appointment). A row that gives an
    existing surface string a different meaning is an error naming both places.

    Results are cached by path: call `load_actor_tables.cache_clear()` after editing a file.
    """
    base = Path(directory) if directory is not None else DATA_DIR
    return _load(base.resolve(), tuple(Path(extra).resolve() for extra in extra_dirs))


@functools.lru_cache(maxsize=16)
def _load(base: Path, extras: tuple[Path, ...]) -> ActorTables:
    builder = _Builder()
    for kind, (filename, _columns) in _FILES.items():
        path = base / filename
        if not path.is_file() and kind not in _OPTIONAL:
            raise DataTableError(str(path), None, f"missing {filename}: the directory must hold it")
    for directory in (base, *extras):
        if not directory.is_dir():
            raise DataTableError(str(directory), None, "not a directory of actor tables")
        for kind, (filename, columns) in _FILES.items():
            path = directory / filename
            if path.is_file():
                for line, row in read_rows(path, columns):
                    getattr(builder, f"add_{kind}")(str(path), line, row)
    return builder.build()


load_actor_tables.cache_clear = _load.cache_clear  # type: ignore[attr-defined]


def phrases(tables: ActorTables) -> list[Phrase]:
    """Every surface string with what it means, for building a matcher.

    Order: countries (names and aliases, then demonyms), metonyms, organisations, armed groups,
    people, agents, nonactors. A string is listed once per meaning; tables guarantee it has only
    one. A person's phrases carry the `Person` with all their periods, not one period.
    """
    out: list[Phrase] = []
    seen: set[tuple[str, Kind, Entry]] = set()

    def add(text: str, kind: Kind, entry: Entry) -> None:
        if (text, kind, entry) not in seen:
            seen.add((text, kind, entry))
            out.append(Phrase(text, kind, entry))

    for country in tables.countries:
        for text in (country.name, *country.aliases):
            add(text, Kind.COUNTRY, country)
        for text in country.demonyms:
            add(text, Kind.DEMONYM, country)
    for metonym in tables.metonyms:
        add(metonym.text, Kind.METONYM, metonym)
    for org in tables.organizations:
        for text in (org.name, *org.aliases):
            add(text, Kind.ORGANIZATION, org)
    for group in tables.armed_groups:
        for text in (group.name, *group.aliases):
            add(text, Kind.ARMED_GROUP, group)
    for person in tables.people:
        for text in (person.name, *person.aliases):
            add(text, Kind.PERSON, person)
    for agent in tables.agents:
        add(agent.word, Kind.AGENT, agent)
    for nonactor in tables.nonactors:
        add(nonactor.text, Kind.NONACTOR, nonactor)
    return out


# --- building and checking -----------------------------------------------------------------


@dataclass
class _Seen:
    "Where a surface string was defined, and the actor it names."

    text: str
    meaning: tuple[str, ...]
    path: str
    line: int


class _Builder:
    "Collects rows from every file, checks each, and refuses surface strings with two meanings."

    def __init__(self) -> None:
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
        self.periods: dict[str, list[tuple[PersonEntry, str, int]]] = {}  # name -> periods
        self.person_aliases: dict[str, dict[str, None]] = {}  # name -> aliases, ordered
        self.surfaces: dict[str, list[_Seen]] = {}  # lower-cased text -> definitions

    def build(self) -> ActorTables:
        return ActorTables(
            countries=tuple(self.countries.values()),
            metonyms=tuple(self.metonyms),
            organizations=tuple(self.organizations.values()),
            agents=tuple(self.agents),
            nonactors=tuple(self.nonactors),
            armed_groups=tuple(self.armed_groups.values()),
            people=tuple(
                Person(
                    name,
                    tuple(self.person_aliases[name]),
                    # sorted() is stable: same-day starts keep file order
                    tuple(sorted((entry for entry, _, _ in periods), key=_start_key)),
                )
                for name, periods in self.periods.items()
            ),
        )

    # One method per file; each gets (path, line, row) with the columns already checked.

    def add_countries(self, path: str, line: int, row: dict[str, str]) -> None:
        iso3, name, aliases, demonyms = row.values()
        iso3 = self.iso3(path, line, "iso3", iso3)
        name = _text(path, line, "name", name)
        alias_list = _many(path, line, "aliases", aliases)
        demonym_list = _many(path, line, "demonyms", demonyms)
        earlier = self.country_lines.get((path, iso3))
        if earlier is not None:
            raise DataTableError(
                path, line, f"{iso3} is already defined at line {earlier}: merge the two rows"
            )
        self.country_lines[(path, iso3)] = line
        meaning = ("country", iso3)
        for text in (name, *alias_list, *demonym_list):
            self.claim(text, meaning, path, line)
        known = self.countries.get(iso3)
        if known is None:
            self.countries[iso3] = CountryEntry(iso3, name, tuple(alias_list), tuple(demonym_list))
        else:  # an extension: add its names to the packaged country, keep the packaged name
            extra_names = [name] if name != known.name else []
            self.countries[iso3] = CountryEntry(
                iso3,
                known.name,
                _merge(known.aliases, extra_names + alias_list),
                _merge(known.demonyms, demonym_list),
            )

    def add_metonyms(self, path: str, line: int, row: dict[str, str]) -> None:
        text, country, sector, name = row.values()
        text = _text(path, line, "text", text)
        country = self.iso3(path, line, "country", country)
        sector_code = _sector(path, line, sector, optional=True)
        name = _text(path, line, "name", name)
        self.claim(text, ("metonym", country, sector_code or "", name), path, line)
        # dicts as ordered sets: a user file repeating a packaged row adds nothing
        self.metonyms.setdefault(MetonymEntry(text, country, sector_code, name))

    def add_organizations(self, path: str, line: int, row: dict[str, str]) -> None:
        code, name, aliases, sector = row.values()
        if not _ACTOR_CODE.fullmatch(code):
            raise DataTableError(
                path,
                line,
                f"code {code!r} is not a CAMEO actor code: upper-case letters and digits in "
                "groups of three, e.g. IGOWSTNAT",
            )
        name = _text(path, line, "name", name)
        alias_list = _many(path, line, "aliases", aliases)
        sector_code = _sector(path, line, sector, optional=False)
        assert sector_code is not None
        earlier = self.org_lines.get((path, code, name))
        if earlier is not None:
            raise DataTableError(
                path, line, f"{code} {name!r} is already defined at line {earlier}: merge the rows"
            )
        self.org_lines[(path, code, name)] = line
        self.note_code(code, sector_code, path, line)
        for text in (name, *alias_list):
            self.claim(text, ("organization", code, name), path, line)
        known = self.organizations.get((code, name))
        if known is None:
            self.organizations[(code, name)] = OrganizationEntry(
                code, name, tuple(alias_list), sector_code
            )
        else:
            self.organizations[(code, name)] = OrganizationEntry(
                code, name, _merge(known.aliases, alias_list), known.sector
            )

    def add_agents(self, path: str, line: int, row: dict[str, str]) -> None:
        word, sector = row.values()
        word = _text(path, line, "word", word)
        sector_code = _sector(path, line, sector, optional=False)
        assert sector_code is not None
        self.claim(word, ("agent", sector_code), path, line)
        self.agents.setdefault(AgentEntry(word, sector_code))

    def add_nonactors(self, path: str, line: int, row: dict[str, str]) -> None:
        text, reason = row.values()
        text = _text(path, line, "text", text)
        self.claim(text, ("nonactor",), path, line)
        self.nonactors.setdefault(NonActorEntry(text, reason))

    def add_armed_groups(self, path: str, line: int, row: dict[str, str]) -> None:
        code, name, aliases, country, sector = row.values()
        code = _code(path, line, "code", code)
        name = _text(path, line, "name", name)
        alias_list = _many(path, line, "aliases", aliases)
        country_code = self.iso3(path, line, "country", country) if country else None
        sector_code = _sector(path, line, sector, optional=False)
        assert sector_code is not None
        if country_code is not None and not code.startswith(country_code + sector_code):
            raise DataTableError(
                path,
                line,
                f"code {code} must begin with the group's country and sector, "
                f"{country_code}{sector_code}, as CAMEO codes do",
            )
        if country_code is None and code[:3] in _ISO3:
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
            self.claim(text, ("armed group", code, name), path, line)
        known = self.armed_groups.get((code, name))
        if known is None:
            self.armed_groups[(code, name)] = ArmedGroupEntry(
                code, name, tuple(alias_list), country_code, sector_code
            )
        else:  # an extension: more names for a packaged group; its country and sector stay
            self.armed_groups[(code, name)] = ArmedGroupEntry(
                code, name, _merge(known.aliases, alias_list), known.country, known.sector
            )

    def add_people(self, path: str, line: int, row: dict[str, str]) -> None:
        name, aliases, country, sector, code, start, end, role = row.values()
        name = _text(path, line, "name", name)
        alias_list = _many(path, line, "aliases", aliases)
        country_code = self.iso3(path, line, "country", country) if country else None
        sector_code = _sector(path, line, sector, optional=False)
        assert sector_code is not None
        actor_code = self.person_code(path, line, code, country_code, sector_code) if code else None
        if country_code is None and actor_code is None:
            raise DataTableError(
                path,
                line,
                "columns country and code are both empty: give the country the person acts "
                "for (RUS), or the code of their organisation or armed group (IGOUNO)",
            )
        start_day = _day(path, line, "start", start)
        end_day = _day(path, line, "end", end)
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
            self.claim(text, ("person", name), path, line)
        self.person_aliases.setdefault(name, {}).update(dict.fromkeys(alias_list))
        if not repeated:
            self.periods.setdefault(name, []).append((entry, path, line))

    # Checks shared by the files.

    def note_code(self, code: str, sector: str, path: str, line: int) -> None:
        "Remember an organisation's or group's code, for the people who speak for it."
        sectors, _where = self.codes.setdefault(code, (set(), f"{path}:{line}"))
        sectors.add(sector)

    def person_code(
        self, path: str, line: int, code: str, country: str | None, sector: str
    ) -> str:
        code = _code(path, line, "code", code)
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


    def iso3(self, path: str, line: int, column: str, value: str) -> str:
        if value not in _ISO3:
            hint = " (codes are upper case)" if value.upper() in _ISO3 else ""
            raise DataTableError(
                path,
                line,
                f"column {column}: {value!r} is not an ISO 3166-1 alpha-3 code{hint}; "
                "use one such as CHN, or XKX for Kosovo",
            )
        return value

    def claim(self, text: str, meaning: tuple[str, ...], path: str, line: int) -> None:
        """Record that `text` names `meaning`; refuse it if it already names something else.

        Two strings collide when they are the same, or when either matches in any case and
        they are equal ignoring case ("pentagon" would also match "Pentagon").
        """
        case_sensitive = is_case_sensitive(text)
        definitions = self.surfaces.setdefault(text.lower(), [])
        for seen in definitions:
            if seen.meaning == meaning:
                continue
            if seen.text == text or not case_sensitive or not is_case_sensitive(seen.text):
                raise DataTableError(
                    path,
                    line,
                    f"{text!r} already names {_describe(seen.meaning)} "
                    f"({seen.path}:{seen.line}); one string cannot name two actors: "
                    "remove one or make it longer",
                )
        definitions.append(_Seen(text, meaning, path, line))


def _code(path: str, line: int, column: str, value: str) -> str:
    if not _ACTOR_CODE.fullmatch(value):
        raise DataTableError(
            path,
            line,
            f"column {column}: {value!r} is not a CAMEO actor code: upper-case letters and "
            "digits in groups of three, e.g. PSEREBHMS",
        )
    return value


def _day(path: str, line: int, column: str, value: str) -> date | None:
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


def _text(path: str, line: int, column: str, value: str) -> str:
    if not value:
        raise DataTableError(path, line, f"column {column} is empty")
    if not any(ch.isalnum() for ch in value):
        raise DataTableError(
            path, line, f"column {column}: {value!r} has no letter or digit to match"
        )
    return value


def _many(path: str, line: int, column: str, value: str) -> list[str]:
    "Split a |-separated cell; empty pieces (a trailing |) are ignored."
    return [_text(path, line, column, piece.strip()) for piece in value.split("|") if piece.strip()]


def _sector(path: str, line: int, value: str, *, optional: bool) -> str | None:
    if not value and optional:
        return None
    if value not in SECTORS:
        raise DataTableError(
            path,
            line,
            f"unknown sector code {value!r}; use one of {', '.join(sorted(SECTORS))}",
        )
    return value


def _merge(old: tuple[str, ...], new: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*old, *new)))


def _describe(meaning: tuple[str, ...]) -> str:
    kind, *rest = meaning
    if kind == "country":
        return f"country {rest[0]}"
    if kind == "metonym":
        country, sector, name = rest
        return f"{name} ({country}{' ' + sector if sector else ''})"
    if kind == "organization":
        return f"organisation {rest[1]} ({rest[0]})"
    if kind == "armed group":
        return f"armed group {rest[1]} ({rest[0]})"
    if kind == "person":
        return f"person {rest[0]}"
    if kind == "agent":
        return f"the agent sector {rest[0]}"
    return "a nonactor phrase"
