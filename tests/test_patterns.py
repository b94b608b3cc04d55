"""The verb and noun pattern tables: shipped ones load and cover CAMEO; bad rows name file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.tables.codebook import load_codebook
from detente.errors import DataTableError
from detente.coding.patterns import default_patterns, load_patterns

VERB_HEADER = "cameo\tverb\tobject\tsource\ttarget\n"
NOUN_HEADER = "cameo\tnoun\tsource\ttarget\tboth\n"


def test_every_cameo_root_has_a_pattern() -> None:
    patterns = default_patterns()
    codes = {p.cameo for rows in patterns.verbs.values() for p in rows if p.cameo}
    codes |= {p.cameo for rows in patterns.nouns.values() for p in rows}
    assert {code[:2] for code in codes} == {f"{root:02d}" for root in range(1, 21)}


def test_specific_patterns_are_tried_first() -> None:
    host = default_patterns().verb_patterns("host")
    assert host[0].objects and not host[-1].objects


@pytest.mark.parametrize(
    "table, row, problem",
    [
        ("verbs.tsv", "999\taccuse\t-\tsubj\tdobj", "not in the codebook"),
        ("verbs.tsv", "11\taccuse\t-\tsubj", "expected 5 tab-separated columns"),
        ("verbs.tsv", "abc\taccuse\t-\tsubj\tdobj", "not 2-4 digits"),
        ("verbs.tsv", "112\tcarry out now\t-\tsubj\tdobj", "one word, or a verb and its particle"),
        ("verbs.tsv", "112\taccuse\t-\t\tdobj", "column 'source' is empty"),
        ("verbs.tsv", "112\taccuse\t-\tsubj\tDOBJ!", "is not a slot"),
        ("nouns.tsv", "190\tinvasion\tposs\tof\tmaybe", "must be yes or no"),
    ],
)
def test_bad_row_names_file_and_line(tmp_path: Path, table: str, row: str, problem: str) -> None:
    header = VERB_HEADER if table == "verbs.tsv" else NOUN_HEADER
    (tmp_path / table).write_text(f"# a user table\n{header}{row}\n", encoding="utf-8")
    known = {code.code for code in load_codebook()}
    with pytest.raises(DataTableError, match=problem) as caught:
        load_patterns([tmp_path], known_codes=known)
    assert caught.value.path == str(tmp_path / table) and caught.value.line == 3


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40), max_size=5))
def test_any_user_table_loads_or_fails_cleanly(tmp_path_factory: pytest.TempPathFactory, lines: list[str]) -> None:
    folder = tmp_path_factory.mktemp("user")
    (folder / "verbs.tsv").write_text(VERB_HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    try:
        load_patterns([folder])
    except DataTableError:
        pass
