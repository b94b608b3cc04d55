"""Actor tables: the words and names that tell the coder *who* acts.

The tables are tab-separated files in ``detente/data/``; users extend them with files of the
same names in directories of their own (``load_actor_tables(extra_dirs=[...])``):

    countries.tsv      iso3  name  aliases  demonyms     every ISO 3166-1 country (+ Kosovo)
    metonyms.tsv       text  country  sector  name       "Beijing", "Kremlin", "Pentagon"
    organizations.tsv  code  name  aliases  sector       NATO -> IGOWSTNAT, UN -> IGOUNO
    agents.tsv         word  sector                      "troops" -> MIL, "rebels" -> REB
    nonactors.tsv      text  reason                      "South China Sea", "Gulf of Mexico"

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
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple, TypeAlias

import pycountry

from detente.errors import DataTableError
from detente.tables import DATA_DIR, read_rows

__all__ = [
    "DATA_DIR",
    "EXTRA_COUNTRY_CODES",
    "SECTORS",
    "AgentEntry",
    "ActorTables",
    "CountryEntry",
    "Entry",
    "Kind",
    "MetonymEntry",
    "NonActorEntry",
    "OrganizationEntry",
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
}


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


Entry: TypeAlias = CountryEntry | MetonymEntry | OrganizationEntry | AgentEntry | NonActorEntry


class Kind(StrEnum):
    "What a matched surface string is."

    COUNTRY = "country"  # a country's name or alias: "China", "PRC"
    DEMONYM = "demonym"  # "Chinese", "North Korean"
    METONYM = "metonym"  # "Beijing", "Kremlin"
    ORGANIZATION = "organization"  # "NATO", "United Nations"
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
    _by_iso3: dict[str, CountryEntry] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        # frozen: fill the lookup through object.__setattr__'s back door, once.
        self._by_iso3.update((entry.iso3, entry) for entry in self.countries)

    def country(self, iso3: str) -> CountryEntry | None:
        "The country with this ISO 3166 alpha-3 code, or None."
        return self._by_iso3.get(iso3)


def load_actor_tables(
    directory: Path | str | None = None, extra_dirs: Sequence[Path | str] = ()
) -> ActorTables:
    """Load the actor tables from `directory` (default: the package's data) and extend them.

    Each of `extra_dirs` may hold any of the five files; its rows are added to the tables.
    A country row whose iso3 is already known adds its names to that country (so a user can
    teach detente "Middle Kingdom" without copying China's row). A row that gives an existing
    surface string a different meaning is an error naming both places.

    Results are cached by path: call `load_actor_tables.cache_clear()` after editing a file.
    """
    base = Path(directory) if directory is not None else DATA_DIR
    return _load(base.resolve(), tuple(Path(extra).resolve() for extra in extra_dirs))


@functools.lru_cache(maxsize=16)
def _load(base: Path, extras: tuple[Path, ...]) -> ActorTables:
    builder = _Builder()
    for kind, (filename, _columns) in _FILES.items():
        path = base / filename
        # nonactors.tsv came later than the other four: a user's copy of the data dir may lack it.
        if not path.is_file() and kind != "nonactors":
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

    Order: countries (names and aliases, then demonyms), metonyms, organisations, agents,
    nonactors. A string is listed once per meaning; tables guarantee it has only one.
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
        self.surfaces: dict[str, list[_Seen]] = {}  # lower-cased text -> definitions

    def build(self) -> ActorTables:
        return ActorTables(
            countries=tuple(self.countries.values()),
            metonyms=tuple(self.metonyms),
            organizations=tuple(self.organizations.values()),
            agents=tuple(self.agents),
            nonactors=tuple(self.nonactors),
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

    # Checks shared by the files.

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
    if kind == "agent":
        return f"the agent sector {rest[0]}"
    return "a nonactor phrase"
