"""The actor tables: packaged facts, validation of bad rows, user extensions."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pycountry
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.actor_tables import (
    DATA_DIR,
    SECTORS,
    AgentEntry,
    CountryEntry,
    Kind,
    MetonymEntry,
    OrganizationEntry,
    Phrase,
    load_actor_tables,
    phrases,
)
from detente.errors import DataTableError


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


def test_default_tables_are_cached():
    assert load_actor_tables() is load_actor_tables(DATA_DIR)


# --- bad tables -----------------------------------------------------------------------------

MINIMAL = {
    "countries.tsv": "iso3\tname\taliases\tdemonyms\nCHN\tChina\tPRC\tChinese\n",
    "metonyms.tsv": "text\tcountry\tsector\tname\nBeijing\tCHN\tGOV\tChina\n",
    "organizations.tsv": "code\tname\taliases\tsector\nIGOWSTNAT\tNATO\t\tIGO\n",
    "agents.tsv": "word\tsector\ntroops\tMIL\n",
    "nonactors.tsv": "text\treason\nSouth China Sea\tsea\n",
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


def test_user_directory_must_exist(tmp_path):
    with pytest.raises(DataTableError, match="not a directory"):
        load_actor_tables(extra_dirs=[tmp_path / "absent"])


# --- any input: a DataTableError or tables, never another exception ----------------------------

_cell = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\n"), max_size=12)
_row = st.lists(_cell, min_size=0, max_size=5).map("\t".join)
_likely = st.sampled_from(
    ["CHN", "JPN", "chn", "GOV", "MIL", "IGOUNO", "Beijing", "China", "a|b", "|", "#", " ", ""]
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
            assert error.path.endswith(filename)
        else:
            phrases(tables)
        finally:
            load_actor_tables.cache_clear()


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
        finally:
            load_actor_tables.cache_clear()
