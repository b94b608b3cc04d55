"""The actor tables: packaged facts, validation of bad rows, user extensions."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pycountry
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.errors import DataTableError
from detente.tables.actors import (
    DATA_DIR,
    ActorTables,
    AgentEntry,
    ArmedGroupEntry,
    CountryEntry,
    Kind,
    MetonymEntry,
    OrganizationEntry,
    Person,
    Phrase,
    load_actor_tables,
    phrases,
)
from detente.tables.sectors import load_sectors

SECTORS = set(load_sectors())


@pytest.fixture(scope="module")
def tables():
    return load_actor_tables()


@pytest.fixture(scope="module")
def by_text(tables) -> dict[str, list[Phrase]]:
    index: dict[str, list[Phrase]] = {}
    for phrase in phrases(tables):
        index.setdefault(phrase.text, []).append(phrase)
    return index


def meaning(phrase: Phrase) -> tuple[str | None, ...]:
    "The actor a phrase names, as (kind group, country or code, sector)."
    entry = phrase.entry
    if isinstance(entry, CountryEntry):
        return ("country", entry.iso3, None)
    if isinstance(entry, MetonymEntry):
        return ("metonym", entry.country, entry.sector, entry.name)
    if isinstance(entry, OrganizationEntry):
        return ("organization", entry.code, entry.name)
    if isinstance(entry, ArmedGroupEntry):
        return ("armed group", entry.code, entry.name)
    if isinstance(entry, Person):
        return ("person", entry.name)
    if isinstance(entry, AgentEntry):
        return ("agent", entry.sector)
    return ("nonactor",)


# --- the packaged tables --------------------------------------------------------------------


def test_every_iso_country_is_in_the_table(tables):
    codes = {entry.iso3 for entry in tables.countries}
    missing = {country.alpha_3 for country in pycountry.countries} - codes
    assert not missing


@pytest.mark.parametrize(
    "iso3, name",
    [
        ("CHN", "China"),
        ("RUS", "Russia"),
        ("USA", "United States"),
        ("GBR", "United Kingdom"),
        ("KOR", "South Korea"),
        ("PRK", "North Korea"),
        ("IRN", "Iran"),
        ("SYR", "Syria"),
        ("CIV", "Ivory Coast"),
        ("XKX", "Kosovo"),
    ],
)
def test_country_names_are_the_short_common_ones(tables, iso3, name):
    assert tables.country(iso3).name == name


@pytest.mark.parametrize(
    "text, kind, country",
    [
        ("China", Kind.COUNTRY, "CHN"),
        ("PRC", Kind.COUNTRY, "CHN"),
        ("People's Republic of China", Kind.COUNTRY, "CHN"),
        ("Chinese", Kind.DEMONYM, "CHN"),
        ("Britain", Kind.COUNTRY, "GBR"),
        ("U.K.", Kind.COUNTRY, "GBR"),
        ("British", Kind.DEMONYM, "GBR"),
        ("U.S.", Kind.COUNTRY, "USA"),
        ("America", Kind.COUNTRY, "USA"),
        ("American", Kind.DEMONYM, "USA"),
        ("Russian Federation", Kind.COUNTRY, "RUS"),
        ("DPRK", Kind.COUNTRY, "PRK"),
        ("North Korean", Kind.DEMONYM, "PRK"),
        ("South Korean", Kind.DEMONYM, "KOR"),
        ("Czechia", Kind.COUNTRY, "CZE"),
        ("Türkiye", Kind.COUNTRY, "TUR"),
        ("Burma", Kind.COUNTRY, "MMR"),
        ("Côte d'Ivoire", Kind.COUNTRY, "CIV"),
        ("Emirati", Kind.DEMONYM, "ARE"),
        ("Saudi", Kind.DEMONYM, "SAU"),
        ("Israeli", Kind.DEMONYM, "ISR"),
        ("Palestinian", Kind.DEMONYM, "PSE"),
        ("Swedish", Kind.DEMONYM, "SWE"),
    ],
)
def test_country_surface_strings(by_text, text, kind, country):
    (phrase,) = by_text[text]
    assert phrase.kind is kind
    assert phrase.entry.iso3 == country


@pytest.mark.parametrize(
    "text, country, sector",
    [
        ("Beijing", "CHN", "GOV"),
        ("Moscow", "RUS", "GOV"),
        ("Kyiv", "UKR", "GOV"),
        ("Kiev", "UKR", "GOV"),
        ("Washington", "USA", "GOV"),
        ("Kremlin", "RUS", "GOV"),
        ("White House", "USA", "GOV"),
        ("Pentagon", "USA", "MIL"),
        ("State Department", "USA", "GOV"),
        ("Capitol Hill", "USA", "LEG"),
        ("Downing Street", "GBR", "GOV"),
        ("Élysée", "FRA", "GOV"),
        ("Zhongnanhai", "CHN", "GOV"),
    ],
)
def test_metonyms(by_text, text, country, sector):
    (phrase,) = by_text[text]
    assert phrase.kind is Kind.METONYM
    assert (phrase.entry.country, phrase.entry.sector) == (country, sector)


@pytest.mark.parametrize(
    "text, code",
    [
        ("NATO", "IGOWSTNAT"),
        ("North Atlantic Treaty Organization", "IGOWSTNAT"),
        ("UN", "IGOUNO"),
        ("United Nations", "IGOUNO"),
        ("European Union", "IGOEUREEC"),
        ("Brussels", "IGOEUREEC"),
        ("ASEAN", "IGOSEAASN"),
        ("IAEA", "IGOUNOIAE"),
        ("IMF", "IGOBUSIMF"),
        ("WHO", "IGOUNOHLHWHO"),
        ("ICRC", "NGOHLHIRC"),
    ],
)
def test_organizations(by_text, text, code):
    (phrase,) = by_text[text]
    assert phrase.kind is Kind.ORGANIZATION
    assert phrase.entry.code == code


def test_enough_organizations(tables):
    assert len(tables.organizations) >= 50
    assert {org.sector for org in tables.organizations} <= {"IGO", "NGO"}


@pytest.mark.parametrize(
    "word, sector",
    [
        ("troops", "MIL"),
        ("military", "MIL"),
        ("defense ministry", "MIL"),
        ("office of international military cooperation", "MIL"),
        ("rebels", "REB"),
        ("insurgents", "REB"),
        ("government", "GOV"),
        ("foreign minister", "GOV"),
        ("spokesperson", "GOV"),
        ("police", "COP"),
        ("security forces", "COP"),
        ("opposition", "OPP"),
        ("civilians", "CVL"),
        ("lawmakers", "LEG"),
        ("judge", "JUD"),
        ("journalists", "MED"),
        ("refugees", "REF"),
        ("doctors", "HLH"),
        ("intelligence service", "SPY"),
        ("students", "EDU"),
        ("trade unions", "LAB"),
    ],
)
def test_agents(by_text, word, sector):
    (phrase,) = by_text[word]
    assert phrase.kind is Kind.AGENT
    assert phrase.entry.sector == sector
    assert not phrase.case_sensitive


@pytest.mark.parametrize("text", ["Korean", "Congo", "Congolese", "Virgin Islands"])
def test_ambiguous_names_are_left_out(by_text, text):
    assert text not in by_text


def test_nonactors_block_names_inside_them(by_text):
    (phrase,) = by_text["South China Sea"]
    assert phrase.kind is Kind.NONACTOR


def test_case_sensitivity_follows_capitals(by_text):
    assert by_text["US"][0].case_sensitive
    assert not by_text["troops"][0].case_sensitive


def test_no_surface_string_names_two_actors(tables):
    # Independent of the loader's own check: group every phrase by the text it would match.
    groups: dict[str, list[Phrase]] = {}
    for phrase in phrases(tables):
        groups.setdefault(phrase.text.lower(), []).append(phrase)
    clashes = []
    for group in groups.values():
        for a in group:
            for b in group:
                overlap = a.text == b.text or not a.case_sensitive or not b.case_sensitive
                if overlap and meaning(a) != meaning(b):
                    clashes.append((a.text, meaning(a), b.text, meaning(b)))
    assert not clashes


def test_sectors_used_are_documented(tables):
    used = {agent.sector for agent in tables.agents}
    used |= {m.sector for m in tables.metonyms if m.sector}
    assert used <= set(SECTORS)


def test_the_default_tables_are_the_data_folders():
    assert load_actor_tables() == load_actor_tables(DATA_DIR)


# --- people and armed groups -----------------------------------------------------------------


def person(by_text, text: str) -> Person:
    (phrase,) = by_text[text]
    assert phrase.kind is Kind.PERSON
    return phrase.entry


@pytest.mark.parametrize(
    "text, day, actor, role",
    [
        ("Putin", date(2024, 3, 15), "RUSGOV", "president"),
        ("Vladimir Putin", date(2010, 6, 1), "RUSGOV", "prime minister"),
        ("Putin", date(1999, 1, 1), "RUSSPY", "FSB director"),
        ("Medvedev", date(2010, 1, 1), "RUSGOV", "president"),
        ("Medvedev", date(2015, 1, 1), "RUSGOV", "prime minister"),
        ("Trump", date(2025, 6, 1), "USAGOV", "president (second term)"),
        ("Trump", date(2019, 6, 1), "USAGOV", "president (first term)"),
        ("Guterres", date(2020, 1, 1), "IGOUNO", "UN secretary-general"),
        ("Guterres", date(2010, 1, 1), "IGOUNOREFHCR", "UN high commissioner for refugees"),
        ("Guterres", date(2000, 1, 1), "PRTGOV", "prime minister"),
        ("Stoltenberg", date(2020, 1, 1), "IGOWSTNAT", "NATO secretary-general"),
        ("Stoltenberg", date(2025, 6, 1), "NORGOV", "finance minister"),
        ("Zelenskyy", date(2023, 1, 1), "UKRGOV", "president"),
        ("Zelensky", date(2023, 1, 1), "UKRGOV", "president"),
        ("Shoigu", date(2020, 1, 1), "RUSMIL", "defence minister"),
        ("Shoigu", date(2025, 1, 1), "RUSGOV", "secretary of the Security Council"),
        ("Colin Powell", date(1991, 1, 17), "USAMIL", "chairman of the joint chiefs of staff"),
        ("Nasrallah", date(2006, 7, 12), "LBNREBHEZ", "secretary-general of Hezbollah"),
        ("Haniyeh", date(2006, 6, 1), "PSEGOV", "prime minister of the Palestinian Authority"),
        ("Sinwar", date(2023, 10, 7), "PSEREBHMS", None),
        ("Jolani", date(2020, 1, 1), "SYRREBHTS", None),
        ("al-Sharaa", date(2025, 6, 1), "SYRGOV", None),
        ("Akhundzada", date(2019, 1, 1), "AFGREBTAL", None),
        ("Akhundzada", date(2022, 1, 1), "AFGGOV", None),
        ("Hemedti", date(2024, 1, 1), "SDNREBRSF", None),
        ("Wang Yi", date(2023, 3, 1), "CHNGOV", None),  # between his two terms as minister
        ("von der Leyen", date(2016, 1, 1), "DEUMIL", "defence minister"),
        ("von der Leyen", date(2024, 1, 1), "IGOEUREEC", "president of the European Commission"),
        ("Navalny", date(2021, 1, 17), "RUSOPP", "opposition leader"),
        ("bin Laden", date(2001, 9, 11), "IMGMUSALQ", None),
        ("Gorbachev", date(1990, 6, 1), "RUSGOV", None),
        ("Chirac", date(1987, 1, 1), "FRAGOV", "prime minister"),
        ("Chirac", date(1996, 1, 1), "FRAGOV", "president"),
        ("Schwarzkopf", date(1991, 1, 17), "USAMIL", "commander of US Central Command"),
        ("Petraeus", date(2012, 1, 1), "USASPY", "CIA director"),
        ("Bachelet", date(2008, 1, 1), "CHLGOV", "president"),
        ("Bachelet", date(2020, 1, 1), "IGOUNOHRIHCH", None),
        ("Mahathir", date(2019, 1, 1), "MYSGOV", "prime minister"),
        ("Tudjman", date(1995, 8, 4), "HRVGOV", "president"),
        ("Kony", date(2005, 1, 1), "UGAREBLRA", None),
        ("Timochenko", date(2015, 1, 1), "COLREBFRC", None),
        ("Rabin", date(1988, 1, 1), "ISRMIL", "defence minister"),
    ],
)
def test_people_by_date(by_text, text, day, actor, role):
    held = person(by_text, text).role_on(day)
    assert held is not None
    assert held.actor_code == actor
    if role is not None:
        assert held.role == role


@pytest.mark.parametrize(
    "text, day",
    [
        ("Trump", date(2023, 6, 1)),  # between his terms
        ("Trump", date(2021, 1, 20)),  # Biden's inauguration day belongs to Biden
        ("Obama", date(2017, 6, 1)),
        ("Navalny", date(2024, 3, 1)),
        ("Putin", date(1990, 1, 1)),
        ("Gorbachev", date(1993, 1, 1)),
        ("Mahathir", date(2010, 1, 1)),  # between his two terms
    ],
)
def test_people_out_of_office(by_text, text, day):
    assert person(by_text, text).role_on(day) is None


def test_trump_out_of_office_knows_his_last_role(by_text):
    trump = person(by_text, "Trump")
    assert trump.role_on(date(2023, 6, 1)) is None
    last = trump.previous_role(date(2023, 6, 1))
    assert (last.actor_code, last.end) == ("USAGOV", date(2021, 1, 20))
    assert trump.role_on(date(2021, 1, 19)).actor_code == "USAGOV"


def test_role_on_without_a_day_is_the_current_role(by_text):
    assert person(by_text, "Putin").role_on().role == "president"
    assert person(by_text, "Medvedev").role_on().role == "deputy chairman of the Security Council"
    # nobody in office: the role that ended last
    assert person(by_text, "Yeltsin").role_on().end == date(1999, 12, 31)


def test_every_name_of_a_person_carries_the_same_person(tables, by_text):
    putin = tables.person("Vladimir Putin")
    assert putin is not None
    for text in ("Putin", "Vladimir Putin", "Vladimir Vladimirovich Putin"):
        assert person(by_text, text) == putin
    assert len(putin.roles) >= 5
    assert list(putin.roles) == sorted(putin.roles, key=lambda r: r.start or date.min)


@pytest.mark.parametrize(
    "text, code, country, sector",
    [
        ("Hamas", "PSEREBHMS", "PSE", "REB"),
        ("Qassam Brigades", "PSEREBHMS", "PSE", "REB"),
        ("Hezbollah", "LBNREBHEZ", "LBN", "REB"),
        ("Taliban", "AFGREBTAL", "AFG", "REB"),
        ("Islamic State", "IMGMUSISI", None, "REB"),
        ("ISIS", "IMGMUSISI", None, "REB"),
        ("Daesh", "IMGMUSISI", None, "REB"),
        ("al-Qaeda", "IMGMUSALQ", None, "REB"),
        ("Houthis", "YEMREBHTH", "YEM", "REB"),
        ("Ansar Allah", "YEMREBHTH", "YEM", "REB"),
        ("al-Shabaab", "SOMREBSHB", "SOM", "REB"),
        ("Boko Haram", "NGAREBBKH", "NGA", "REB"),
        ("PKK", "TURREBPKK", "TUR", "REB"),
        ("FARC", "COLREBFRC", "COL", "REB"),
        ("Wagner Group", "RUSPRMWAG", "RUS", "PRM"),
        ("Rapid Support Forces", "SDNREBRSF", "SDN", "REB"),
        ("M23", "CODREBM23", "COD", "REB"),
        ("TPLF", "ETHREBTPL", "ETH", "REB"),
        ("Peshmerga", "IRQMILPSH", "IRQ", "MIL"),
        ("Fatah", "PSEPTYFTH", "PSE", "PTY"),
        ("Tamil Tigers", "LKAREBLTT", "LKA", "REB"),
    ],
)
def test_armed_groups(by_text, text, code, country, sector):
    (phrase,) = by_text[text]
    assert phrase.kind is Kind.ARMED_GROUP
    assert (phrase.entry.code, phrase.entry.country, phrase.entry.sector) == (code, country, sector)


def test_enough_people_and_groups(tables):
    assert sum(len(p.roles) for p in tables.people) >= 300
    assert len(tables.armed_groups) >= 40


@pytest.mark.parametrize(
    "text",
    [
        *("Bush", "Clinton", "Kim", "Lee", "Abe", "Castro", "Hague", "Sharif", "IS", "SDF", "IRA"),
        *("Rajapaksa", "Déby", "Bongo", "Papandreou", "Shinawatra", "Masisi", "Palme"),
    ],
)
def test_ambiguous_people_and_group_names_are_left_out(by_text, text):
    assert text not in by_text


def test_rsf_stays_reporters_without_borders(by_text):
    (phrase,) = by_text["RSF"]
    assert phrase.kind is Kind.ORGANIZATION  # the Rapid Support Forces go by their full name


def test_no_person_acts_for_two_actors_at_once(tables):
    # Independent of the loader's own check: compare every pair of one person's periods.
    clashes = []
    for someone in tables.people:
        for i, a in enumerate(someone.roles):
            for b in someone.roles[i + 1 :]:
                overlap = (a.start or date.min) < (b.end or date.max) and (
                    b.start or date.min
                ) < (a.end or date.max)
                if overlap and a.actor_code != b.actor_code:
                    clashes.append((someone.name, a, b))
    assert not clashes


def test_people_codes_and_sectors_are_known(tables):
    codes = {org.code for org in tables.organizations} | {g.code for g in tables.armed_groups}
    for someone in tables.people:
        for role in someone.roles:
            assert role.sector in SECTORS
            assert role.code is None or role.code in codes
            assert role.country is not None or role.code is not None
            assert role.start is None or role.end is None or role.start < role.end


def test_tables_built_without_people_still_work():
    tables = ActorTables(countries=(), metonyms=(), organizations=(), agents=())
    assert (tables.people, tables.armed_groups) == ((), ())
    assert tables.person("Vladimir Putin") is None
    assert phrases(tables) == []


# --- bad tables -----------------------------------------------------------------------------

MINIMAL = {
    "countries.tsv": "iso3\tname\taliases\tdemonyms\nCHN\tChina\tPRC\tChinese\n",
    "metonyms.tsv": "text\tcountry\tsector\tname\nBeijing\tCHN\tGOV\tChina\n",
    "organizations.tsv": "code\tname\taliases\tsector\nIGOWSTNAT\tNATO\t\tIGO\n",
    "agents.tsv": "word\tsector\ntroops\tMIL\n",
    "nonactors.tsv": "text\treason\nSouth China Sea\tsea\n",
    "armed_groups.tsv": "code\tname\taliases\tcountry\tsector\nPSEREBHMS\tHamas\t\tPSE\tREB\n",
    "people.tsv": "name\taliases\tcountry\tsector\tcode\tstart\tend\trole\n"
    "Xi Jinping\tXi\tCHN\tGOV\t\t2013-03-14\t\tpresident\n",
}


def write_tables(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (directory / name).write_text(content, encoding="utf-8")
    return directory


def test_minimal_tables_load(tmp_path):
    tables = load_actor_tables(write_tables(tmp_path, MINIMAL))
    assert [p.text for p in phrases(tables)] == [
        "China",
        "PRC",
        "Chinese",
        "Beijing",
        "NATO",
        "Hamas",
        "Xi Jinping",
        "Xi",
        "troops",
        "South China Sea",
    ]


# (file, line appended after the minimal content — it becomes line 3 — , words in the message)
FAULTS = [
    ("countries.tsv", "JPN\tJapan\tJapanese", "expected 4 tab-separated columns"),
    ("countries.tsv", "JPN\tJapan\t\t\t", "expected 4 tab-separated columns"),
    ("countries.tsv", "XXX\tNowhere\t\t", "not an ISO 3166-1 alpha-3 code"),
    ("countries.tsv", "jpn\tJapan\t\t", "codes are upper case"),
    ("countries.tsv", "JPN\t\t\t", "column name is empty"),
    ("countries.tsv", "JPN\t...\t\t", "no letter or digit"),
    ("countries.tsv", "CHN\tCathay\t\t", "already defined at line 2"),
    ("countries.tsv", "JPN\tJapan\tChina\t", "already names country CHN"),
    ("countries.tsv", "TWN\tTaiwan\t\tchinese", "already names country CHN"),
    ("countries.tsv", "JPN\tJa\x07pan\t\t", "control character"),
    ("metonyms.tsv", "Tokyo\tJPN\tXYZ\tJapan", "unknown sector code 'XYZ'"),
    ("metonyms.tsv", "Tokyo\tJAP\tGOV\tJapan", "not an ISO 3166-1 alpha-3 code"),
    ("metonyms.tsv", "\tJPN\tGOV\tJapan", "column text is empty"),
    ("metonyms.tsv", "Beijing\tCHN\tMIL\tChina", "already names China (CHN GOV)"),
    ("metonyms.tsv", "PRC\tCHN\tGOV\tChina", "already names country CHN"),
    ("organizations.tsv", "IGOUN\tUnited Nations\t\tIGO", "not a CAMEO actor code"),
    ("organizations.tsv", "IGOUNO\tUnited Nations\t\tUNO", "unknown sector code"),
    ("organizations.tsv", "IGOUNO\tUnited Nations\tNATO\tIGO", "already names organisation NATO"),
    ("organizations.tsv", "IGOWSTNAT\tNATO\tOTAN\tIGO", "already defined at line 2"),
    ("agents.tsv", "soldiers\tmil", "unknown sector code 'mil'"),
    ("agents.tsv", "soldiers", "expected 2 tab-separated columns"),
    ("agents.tsv", "Troops\tREB", "already names the agent sector MIL"),
    ("agents.tsv", "china\tGOV", "already names country CHN"),
    ("agents.tsv", "\tMIL", "column word is empty"),
    ("nonactors.tsv", "China\tnot China", "already names country CHN"),
    ("armed_groups.tsv", "PSEREBPIJ\tIslamic Jihad\tPIJ\tPSE", "expected 5 tab-separated columns"),
    ("armed_groups.tsv", "PSE-REB\tIslamic Jihad\t\tPSE\tREB", "not a CAMEO actor code"),
    ("armed_groups.tsv", "PSEREBPIJ\t\t\tPSE\tREB", "column name is empty"),
    ("armed_groups.tsv", "LBNREBHEZ\tHezbollah\t\tLBX\tREB", "not an ISO 3166-1 alpha-3 code"),
    ("armed_groups.tsv", "LBNREBHEZ\tHezbollah\t\tLBN\tXYZ", "unknown sector code 'XYZ'"),
    ("armed_groups.tsv", "LBNREBHEZ\tHezbollah\t\tLBN\tMIL", "must begin with the group's"),
    ("armed_groups.tsv", "SYRREBHTS\tHTS\t\t\tREB", "begins with the country code SYR"),
    ("armed_groups.tsv", "PSEREBHMS\tHamas\tHAMAS\tPSE\tREB", "already defined at line 2"),
    ("armed_groups.tsv", "PSEREBPIJ\tPIJ\tHamas\tPSE\tREB", "already names armed group Hamas"),
    ("armed_groups.tsv", "PSEREBPIJ\tNATO\t\tPSE\tREB", "already names organisation NATO"),
    ("armed_groups.tsv", "CHNREBXYZ\tchinese\t\tCHN\tREB", "already names country CHN"),
    ("people.tsv", "Li Qiang\t\tCHN\tGOV", "expected 8 tab-separated columns"),
    ("people.tsv", "\t\tCHN\tGOV\t\t\t\tpremier", "column name is empty"),
    ("people.tsv", "Li Qiang\t\tCHX\tGOV\t\t\t\tpremier", "not an ISO 3166-1 alpha-3 code"),
    ("people.tsv", "Li Qiang\t\tCHN\tBOSS\t\t\t\tpremier", "unknown sector code 'BOSS'"),
    ("people.tsv", "Li Qiang\t\t\tGOV\t\t\t\tpremier", "columns country and code are both empty"),
    ("people.tsv", "Li Qiang\t\tCHN\tGOV\t\t2023-3-11\t\tpremier", "not a date written YYYY-MM-DD"),
    ("people.tsv", "Li Qiang\t\tCHN\tGOV\t\t11/03/2023\t\tpremier", "not a date written"),
    ("people.tsv", "Li Qiang\t\tCHN\tGOV\t\t2023-02-30\t\tpremier", "not a real day"),
    ("people.tsv", "Li Qiang\t\tCHN\tGOV\t\t\t2023-13-01\tpremier", "not a real day"),
    ("people.tsv", "Li Qiang\t\tCHN\tGOV\t\t2024-01-01\t2023-03-11\tpremier", "is not before end"),
    ("people.tsv", "Li Qiang\t\tCHN\tGOV\t\t2023-03-11\t2023-03-11\tpremier", "is not before end"),
    ("people.tsv", "Xi Jinping\t\tCHN\tMIL\t\t2020-01-01\t2021-01-01\tCMC", "overlaps Xi Jinping"),
    ("people.tsv", "Xi Jinping\t\tCHN\tGOV\t\t2013-03-14\t\tpresident", "repeats the period"),
    ("people.tsv", "Li Qiang\tXi\tCHN\tGOV\t\t\t\tpremier", "already names person Xi Jinping"),
    ("people.tsv", "Li Qiang\tPRC\tCHN\tGOV\t\t\t\tpremier", "already names country CHN"),
    ("people.tsv", "Hamas\t\tPSE\tREB\t\t\t\tleader", "already names armed group Hamas"),
    ("people.tsv", "Mark Rutte\t\t\tIGO\tIGOWSTNA\t\t\tNATO", "not a CAMEO actor code"),
    ("people.tsv", "Mark Rutte\t\t\tIGO\tIGOXYZ\t\t\tNATO", "names no organisation"),
    ("people.tsv", "Mark Rutte\t\t\tGOV\tIGOWSTNAT\t\t\tNATO", "GOV disagrees with IGOWSTNAT"),
    ("people.tsv", "Mark Rutte\t\tNLD\tIGO\tIGOWSTNAT\t\t\tNATO", "is not an actor of NLD"),
    ("people.tsv", "Yahya Sinwar\t\tCHN\tREB\tPSEREBHMS\t\t\tHamas", "is not an actor of CHN"),
]


@pytest.mark.parametrize("filename, line, words", FAULTS)
def test_bad_row_names_file_and_line(tmp_path, filename, line, words):
    files = dict(MINIMAL)
    files[filename] += line + "\n"
    directory = write_tables(tmp_path, files)
    with pytest.raises(DataTableError) as caught:
        load_actor_tables(directory)
    error = caught.value
    assert error.path == str(directory.resolve() / filename)
    assert error.line == 3
    assert words in error.problem
    assert f"{filename}:3: " in str(error)


@pytest.mark.parametrize(
    "content, line, words",
    [
        ("word\tsector\textra\ntroops\tMIL\t\n", 1, "the first row must be the header"),
        ("troops\tMIL\n", 1, "the first row must be the header"),
        ("# a comment\n\nword\tsector\n\ntroops\tMI L\n", 5, "unknown sector code"),
        ("word\tsector\ntroops\tMIL\r\nsoldiers\tMIL\rx\n", 3, "control character"),
    ],
)
def test_bad_layout_names_line(tmp_path, content, line, words):
    directory = write_tables(tmp_path, {**MINIMAL, "agents.tsv": content})
    with pytest.raises(DataTableError) as caught:
        load_actor_tables(directory)
    assert (caught.value.line, caught.value.path.endswith("agents.tsv")) == (line, True)
    assert words in caught.value.problem


def test_non_utf8_names_line(tmp_path):
    directory = write_tables(tmp_path, MINIMAL)
    (directory / "agents.tsv").write_bytes(b"word\tsector\ntroops\tMIL\nsold\xe9ats\tMIL\n")
    with pytest.raises(DataTableError, match=r"agents\.tsv:3: not UTF-8"):
        load_actor_tables(directory)


def test_comments_blank_lines_bom_and_crlf_are_fine(tmp_path):
    agents = "\ufeff# agents\r\n\r\nword\tsector\r\n  # indented comment\r\ntroops\tMIL\r\n"
    tables = load_actor_tables(write_tables(tmp_path, {**MINIMAL, "agents.tsv": agents}))
    assert tables.agents == (AgentEntry("troops", "MIL"),)


def test_missing_table_is_an_error(tmp_path):
    files = {k: v for k, v in MINIMAL.items() if k != "agents.tsv"}
    with pytest.raises(DataTableError, match="missing agents.tsv"):
        load_actor_tables(write_tables(tmp_path, files))


def test_missing_nonactors_is_fine(tmp_path):
    files = {k: v for k, v in MINIMAL.items() if k != "nonactors.tsv"}
    assert load_actor_tables(write_tables(tmp_path, files)).nonactors == ()


# --- user extensions ------------------------------------------------------------------------


def test_user_directory_adds_actors(tmp_path):
    extra = write_tables(
        tmp_path / "mine",
        {
            "organizations.tsv": "code\tname\taliases\tsector\n"
            "IGOPRX\tParis Club\tClub de Paris\tIGO\n",
            "countries.tsv": "iso3\tname\taliases\tdemonyms\nCHN\tMiddle Kingdom\tZhongguo\t\n",
            "agents.tsv": "word\tsector\nnaval militia\tPRM\n",
        },
    )
    tables = load_actor_tables(extra_dirs=[extra])
    texts = {p.text: p for p in phrases(tables)}
    assert texts["Paris Club"].entry.code == "IGOPRX"
    assert texts["Club de Paris"].kind is Kind.ORGANIZATION
    assert texts["naval militia"].entry.sector == "PRM"
    china = tables.country("CHN")
    assert china.name == "China"  # the packaged name stays canonical
    assert {"Middle Kingdom", "Zhongguo", "PRC"} <= set(china.aliases)
    assert "Paris Club" not in {p.text for p in phrases(load_actor_tables())}


def test_user_row_that_contradicts_the_package_names_the_user_file(tmp_path):
    extra = write_tables(
        tmp_path / "mine", {"metonyms.tsv": "text\tcountry\tsector\tname\nBeijing\tJPN\tGOV\tJapan\n"}
    )
    with pytest.raises(DataTableError) as caught:
        load_actor_tables(extra_dirs=[extra])
    assert caught.value.path == str(extra.resolve() / "metonyms.tsv")
    assert caught.value.line == 2
    assert "metonyms.tsv" in caught.value.problem  # and it says where the first one is


def test_people_messages_say_what_clashes_and_where(tmp_path):
    people = MINIMAL["people.tsv"] + "Xi Jinping\t\tCHN\tMIL\t\t2020-01-01\t2021-01-01\tCMC\n"
    directory = write_tables(tmp_path, {**MINIMAL, "people.tsv": people})
    with pytest.raises(DataTableError) as caught:
        load_actor_tables(directory)
    assert caught.value.problem.startswith(
        "Xi Jinping as CHNMIL 2020-01-01..2021-01-01 overlaps Xi Jinping as CHNGOV 2013-03-14..…"
    )
    assert f"{directory.resolve() / 'people.tsv'}:2" in caught.value.problem


def test_user_people_add_periods_to_a_packaged_person(tmp_path):
    extra = write_tables(
        tmp_path / "mine",
        {
            "people.tsv": "name\taliases\tcountry\tsector\tcode\tstart\tend\trole\n"
            "Donald Trump\tThe Donald\tUSA\tELI\t\t2021-01-20\t2025-01-20\tformer president\n"
            # repeating a packaged period adds nothing
            "Donald Trump\t\tUSA\tGOV\t\t2025-01-20\t\tpresident (second term)\n",
            "armed_groups.tsv": "code\tname\taliases\tcountry\tsector\n"
            "PSEREBHMS\tHamas\tHarakat Hamas\tPSE\tREB\n",
        },
    )
    tables = load_actor_tables(extra_dirs=[extra])
    trump = tables.person("Donald Trump")
    assert trump.role_on(date(2023, 6, 1)).sector == "ELI"
    assert trump.role_on(date(2025, 6, 1)).sector == "GOV"
    assert len(trump.roles) == len(load_actor_tables().person("Donald Trump").roles) + 1
    assert "The Donald" in trump.aliases
    texts = {p.text: p for p in phrases(tables)}
    assert texts["Harakat Hamas"].entry.code == "PSEREBHMS"
    assert load_actor_tables().person("Donald Trump").role_on(date(2023, 6, 1)) is None


def test_user_period_that_contradicts_the_package_names_both_files(tmp_path):
    extra = write_tables(
        tmp_path / "mine",
        {
            "people.tsv": "name\taliases\tcountry\tsector\tcode\tstart\tend\trole\n"
            "Vladimir Putin\t\tRUS\tMIL\t\t2020-01-01\t2021-01-01\tcommander\n"
        },
    )
    with pytest.raises(DataTableError) as caught:
        load_actor_tables(extra_dirs=[extra])
    assert caught.value.path == str(extra.resolve() / "people.tsv")
    assert caught.value.line == 2
    assert str(DATA_DIR / "people.tsv") in caught.value.problem


def test_user_directory_must_exist(tmp_path):
    with pytest.raises(DataTableError, match="not a directory"):
        load_actor_tables(extra_dirs=[tmp_path / "absent"])


# --- any input: a DataTableError or tables, never another exception ----------------------------

_cell = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\n"), max_size=12)
_row = st.lists(_cell, min_size=0, max_size=5).map("\t".join)
_likely = st.sampled_from(
    ["CHN", "JPN", "chn", "GOV", "MIL", "IGOUNO", "Beijing", "China", "a|b", "|", "#", " ", ""]
    + ["PSE", "REB", "IGO", "PSEREBHMS", "IGOWSTNAT", "Xi", "2020-01-01", "2019-02-30", "2020-1-1"]
)
_tidy_row = st.lists(_likely, min_size=1, max_size=5).map("\t".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    filename=st.sampled_from(sorted(MINIMAL)),
    rows=st.lists(st.one_of(_row, _tidy_row), max_size=6),
    keep_header=st.booleans(),
)
def test_random_rows_give_tables_or_data_table_error(filename, rows, keep_header):
    header = MINIMAL[filename].splitlines()[0]
    content = "\n".join(([header] if keep_header else []) + rows) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        directory = write_tables(Path(tmp), {**MINIMAL, filename: content})
        try:
            tables = load_actor_tables(directory)
        except DataTableError as error:
            # the fault is in the fuzzed file, or a clash with it that names both files
            assert error.path.endswith(filename) or filename in str(error)
        else:
            phrases(tables)


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=200))
def test_random_bytes_give_tables_or_data_table_error(data):
    with tempfile.TemporaryDirectory() as tmp:
        directory = write_tables(Path(tmp), MINIMAL)
        (directory / "countries.tsv").write_bytes(data)
        try:
            load_actor_tables(directory)
        except DataTableError:
            pass


# People rows from plausible pieces: dates, codes, overlapping periods of a few names.
_day = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)).map(date.isoformat)
_people_row = st.tuples(
    st.sampled_from(["Xi Jinping", "Li Qiang", "Mark Rutte", "Hamas", ""]),
    st.sampled_from(["", "Xi", "Li", "Rutte|M. Rutte", "China", "|"]),
    st.sampled_from(["CHN", "NLD", "PSE", "", "chn"]),
    st.sampled_from(["GOV", "MIL", "IGO", "REB", ""]),
    st.sampled_from(["", "", "IGOWSTNAT", "PSEREBHMS", "IGOXYZ", "X"]),
    st.one_of(st.just(""), _day, st.sampled_from(["2020-02-30", "2020/01/01", "soon"])),
    st.one_of(st.just(""), _day),
    st.sampled_from(["", "president", "premier"]),
).map("\t".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(_people_row, max_size=6), day=st.dates())
def test_random_people_give_consistent_tables_or_data_table_error(rows, day):
    header = MINIMAL["people.tsv"].splitlines()[0]
    content = "\n".join([header, *rows]) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        directory = write_tables(Path(tmp), {**MINIMAL, "people.tsv": content})
        try:
            tables = load_actor_tables(directory)
        except DataTableError as error:
            assert error.path.endswith("people.tsv")
            assert error.line is not None and 2 <= error.line <= len(rows) + 1
        else:
            for someone in tables.people:
                held = someone.role_on(day)
                covering = [r for r in someone.roles if r.covers(day)]
                assert (held is None) == (not covering)
                if held is not None:
                    # every period covering the day names the same actor
                    assert {r.actor_code for r in covering} == {held.actor_code}
                assert someone.role_on() in someone.roles
            phrases(tables)
