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

This module loads the tables (`load_actor_tables`, cached) and lists their phrases (`phrases`).
The records are in `actor_entries`, the codes a cell may hold and its checks in `actor_cells`,
the reading of each file's rows in `actor_rows` and `people_rows`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataTableError
from .actor_entries import (
    AgentEntry,
    ArmedGroupEntry,
    CountryEntry,
    Entry,
    Kind,
    MetonymEntry,
    NonActorEntry,
    OrganizationEntry,
    Person,
    PersonEntry,
    Phrase,
    is_case_sensitive,
)
from .actor_rows import ActorRows
from .countries import EXTRA_COUNTRY_CODES, country_rows
from .reader import DATA_DIR, read_rows
from .sectors import load_sectors

__all__ = [
    "DATA_DIR",
    "EXTRA_COUNTRY_CODES",
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

_FILES = {
    "countries": ("countries.tsv", ("iso3", "name", "aliases", "demonyms")),  # and the facts: countries.py
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

    Read on every call (about a second): the coder's resources keep the tables they loaded.
    """
    base = Path(directory) if directory is not None else DATA_DIR
    return _load(base.resolve(), tuple(Path(extra).resolve() for extra in extra_dirs))


def _load(base: Path, extras: tuple[Path, ...]) -> ActorTables:
    rows = ActorRows(load_sectors())
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
                read = country_rows(path) if kind == "countries" else read_rows(path, columns)
                for line, row in read:
                    getattr(rows, f"add_{kind}")(str(path), line, row)
    return _tables(rows)



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


def _tables(rows: ActorRows) -> ActorTables:
    "The tables read by `rows`, in the order their rows came."
    return ActorTables(
        countries=tuple(rows.countries.values()),
        metonyms=tuple(rows.metonyms),
        organizations=tuple(rows.organizations.values()),
        agents=tuple(rows.agents),
        nonactors=tuple(rows.nonactors),
        armed_groups=tuple(rows.armed_groups.values()),
        people=rows.people.persons(),
    )
