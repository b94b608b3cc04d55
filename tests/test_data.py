"""The data folder's contract: every table documents itself in its header, is validated when
loaded (a fault names file, line and problem), and names only codes and sectors that exist."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from detente.coding.places import Gazetteer
from detente.errors import DataTableError
from detente.tables.actors import load_actor_tables
from detente.tables.codebook import load_codebook
from detente.tables.countries import load_countries
from detente.tables.patterns import load_patterns
from detente.tables.reader import DATA_DIR, read_lines
from detente.tables.sectors import load_sectors
from detente.tables.words import load_words


def _patterns(data: Path) -> object:
    # a copy of the data folder read as a user's folder: its rows are checked like the shipped ones
    return load_patterns([data], known_codes={code.code for code in load_codebook()})


def _gazetteer(data: Path) -> object:
    return Gazetteer.build(min_city_population=15000, data_dir=data)


# Each file of detente/data/ and a loader that reads it from a copy of the folder, validating.
LOADERS: dict[str, Callable[[Path], object]] = {
    "cameo.tsv": lambda data: load_codebook(data / "cameo.tsv"),
    "verbs.tsv": _patterns,
    "nouns.tsv": _patterns,
    "moods.tsv": _patterns,
    "mood_codes.tsv": _patterns,
    "words.tsv": lambda data: load_words([data]),
    "sectors.tsv": lambda data: load_sectors(data / "sectors.tsv"),
    "countries.tsv": lambda data: load_countries(data / "countries.tsv"),
    "metonyms.tsv": load_actor_tables,
    "organizations.tsv": load_actor_tables,
    "agents.tsv": load_actor_tables,
    "nonactors.tsv": load_actor_tables,
    "armed_groups.tsv": load_actor_tables,
    "people.tsv": load_actor_tables,
    "regions.tsv": _gazetteer,
    "place_names.tsv": _gazetteer,
    "place_stopwords.txt": _gazetteer,
}


def test_every_data_file_has_a_validating_loader() -> None:
    assert {path.name for path in DATA_DIR.iterdir()} == set(LOADERS)


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_every_table_documents_itself_in_its_header(name: str) -> None:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    head = text.split("\n")[: text.split("\n").index(next(line for line in text.split("\n") if not line.startswith("#")))]
    assert len(head) >= 3, f"{name}: say what the table is, its columns and its choices in # lines at the top"


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_a_bad_row_names_file_and_line(name: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / name
    if name.endswith(".txt"):  # a word list: any line is a word, but it must be text
        bad = b"Somewhere\xff\n"
    else:  # one cell where every table has more than one column
        bad = b"a lone cell\n"
    with path.open("ab") as handle:
        handle.write(bad)
    line = path.read_bytes().count(b"\n")
    with pytest.raises(DataTableError) as caught:
        LOADERS[name](data)
    assert (Path(caught.value.path).name, caught.value.line) == (name, line), str(caught.value)
    assert str(caught.value).startswith(f"{caught.value.path}:{line}: ")


def test_every_code_and_sector_a_table_names_exists() -> None:
    # codes: every pattern and mood code is in the codebook (load_patterns refuses others);
    # sectors: every actor table's sector is in sectors.tsv (the actor tables refuse others)
    codebook = load_codebook()
    patterns = load_patterns(known_codes={code.code for code in codebook})
    named = {p.cameo for rows in patterns.verbs.values() for p in rows if p.cameo}
    named |= {p.cameo for rows in patterns.nouns.values() for p in rows} | set(patterns.mood_codes.values())
    assert named <= {code.code for code in codebook}
    sectors = load_sectors()
    tables = load_actor_tables()
    used = {a.sector for a in tables.agents} | {m.sector for m in tables.metonyms if m.sector}
    used |= {o.sector for o in tables.organizations} | {g.sector for g in tables.armed_groups}
    used |= {role.sector for person in tables.people for role in person.roles if role.sector}
    assert used <= set(sectors)
    # every country the actor tables name has its facts
    assert {c.iso3 for c in tables.countries} == set(load_countries())


def test_a_pattern_naming_an_unknown_code_is_refused(tmp_path: Path) -> None:
    (tmp_path / "verbs.tsv").write_text(
        "id\tcameo\tverb\tobject\tsource\ttarget\tpriority\nU1\t0999\thector\t-\tsubj\tdobj\t1\n", encoding="utf-8"
    )
    with pytest.raises(DataTableError, match="not in the codebook") as caught:
        load_patterns([tmp_path], known_codes={code.code for code in load_codebook()})
    assert caught.value.line == 2


def test_an_actor_naming_an_unknown_sector_is_refused(tmp_path: Path) -> None:
    (tmp_path / "agents.tsv").write_text("word\tsector\nwizards\tWIZ\n", encoding="utf-8")
    with pytest.raises(DataTableError, match="unknown sector code 'WIZ'") as caught:
        load_actor_tables(extra_dirs=[tmp_path])
    assert caught.value.line == 2


def test_data_files_are_not_read_as_comments_only() -> None:
    for name in LOADERS:
        assert list(read_lines(DATA_DIR / name)), name
