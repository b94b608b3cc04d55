"""The typed records of what the actor tables say: one entry per kind of row, a `Person` with a
`PersonEntry` per period in office, and a `Phrase` (a surface string and the entry it names).

The tables themselves, how they are loaded and checked, are described in `detente.tables.actors`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import NamedTuple, TypeAlias

__all__ = [
    "AgentEntry",
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
    "start_key",
]


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
        return max(covering, key=start_key, default=None)

    def previous_role(self, day: date) -> PersonEntry | None:
        "The period that ended last on or before `day` (what a former official used to be)."
        ended = [role for role in self.roles if role.end is not None and role.end <= day]
        return max(ended, key=_recency, default=None)


def start_key(role: PersonEntry) -> date:
    "Sort key of a period: its first day, an open start first."
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
