"""The verb and noun pattern tables: shipped ones load and cover CAMEO; bad rows name file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.errors import DataTableError
from detente.tables.codebook import load_codebook
from detente.tables.patterns import load_patterns


def default_patterns():
    return load_patterns(known_codes={code.code for code in load_codebook()})

VERB_HEADER = "id\tcameo\tverb\tobject\tsource\ttarget\tpriority\n"
NOUN_HEADER = "id\tcameo\tnoun\tsource\ttarget\tboth\tpriority\n"


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
        ("verbs.tsv", "U1\t999\taccuse\t-\tsubj\tdobj\t1", "not in the codebook"),
        ("verbs.tsv", "U1\t11\taccuse\t-\tsubj\t1", "expected 7 tab-separated columns"),
        ("verbs.tsv", "U1\tabc\taccuse\t-\tsubj\tdobj\t1", "not 2-4 digits"),
        ("verbs.tsv", "U1\t112\tcarry out now\t-\tsubj\tdobj\t1", "one word, or a verb and its particle"),
        ("verbs.tsv", "U1\t112\taccuse\t-\t\tdobj\t1", "column 'source' is empty"),
        ("verbs.tsv", "U1\t112\taccuse\t-\tsubj\tDOBJ!\t1", "is not a slot"),
        ("verbs.tsv", "1st\t112\taccuse\t-\tsubj\tdobj\t1", "starting with a letter"),
        ("verbs.tsv", "U1\t112\taccuse\t-\tsubj\tdobj\tfirst", "not a whole number"),
        ("verbs.tsv", "V0001\t112\taccuse\t-\tsubj\tdobj\t1", "already the id of .*verbs.tsv:"),
        # the shipped table has a general row for "accuse" with priority 1: which is tried first?
        ("verbs.tsv", "U1\t111\taccuse\t-\tsubj\tdobj\t1", "could both apply and have the same priority 1"),
        ("nouns.tsv", "U1\t190\tinvasion\tposs\tof\tmaybe\t1", "must be yes or no"),
        ("nouns.tsv", "U1\t190\tinvasion\tposs\tof\tno\t1", "could both apply and have the same priority 1"),
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


def test_rows_carry_stable_ids_and_explicit_priorities() -> None:
    patterns = default_patterns()
    rows = [p for group in (*patterns.verbs.values(), *patterns.nouns.values()) for p in group]
    assert all(p.rule.startswith(("V", "N")) and p.rule[1:].isdigit() for p in rows)
    assert len({p.rule for p in rows}) == len(rows)
    # "withdraw" has many equally specific senses: they are tried in their written priority
    withdraw = [p for p in patterns.verb_patterns("withdraw") if p.objects and not p.particle]
    assert [p.priority for p in withdraw] == sorted(p.priority for p in withdraw)


def test_a_user_row_decides_its_place_among_a_verbs_senses(tmp_path: Path) -> None:
    # priority 0 is refused; a free priority puts the row where it says, whatever its line
    (tmp_path / "verbs.tsv").write_text(VERB_HEADER + "U1\t111\taccuse\t-\tsubj\tdobj\t9\n", encoding="utf-8")
    known = {code.code for code in load_codebook()}
    accuse = [p for p in load_patterns([tmp_path], known_codes=known).verb_patterns("accuse") if not p.objects]
    assert accuse[-1].rule == "U1" and accuse[0].priority < 9


def test_a_user_table_from_before_rule_ids_still_loads(tmp_path: Path) -> None:
    "No id, no priority: rules named by file and line, tried after the shipped senses in row order."
    (tmp_path / "verbs.tsv").write_text(
        "cameo\tverb\tobject\tsource\ttarget\n111\taccuse\t-\tsubj\tdobj\n112\taccuse\t-\tsubj\tdobj\n", encoding="utf-8"
    )
    (tmp_path / "nouns.tsv").write_text("cameo\tnoun\tsource\ttarget\tboth\n111\tharangue\tposs\tof\tno\n", encoding="utf-8")
    known = {code.code for code in load_codebook()}
    patterns = load_patterns([tmp_path], known_codes=known)
    accuse = [p.rule for p in patterns.verb_patterns("accuse") if not p.objects and not p.particle]
    assert accuse[-2:] == ["verbs.tsv:2", "verbs.tsv:3"] and accuse[0].startswith("V")
    assert [p.rule for p in patterns.nouns["harangue"]] == ["nouns.tsv:2"]


def test_a_word_with_two_moods_is_refused(tmp_path: Path) -> None:
    (tmp_path / "moods.tsv").write_text("mood\tverbs\tnouns\nintent\tvow\t-\nthreat\tvow\t-\n", encoding="utf-8")
    with pytest.raises(DataTableError, match="already of mood intent") as caught:
        load_patterns([tmp_path])
    assert caught.value.line == 3


def test_mood_nouns_come_from_the_table() -> None:
    patterns = default_patterns()
    assert (patterns.mood_of_noun("threat"), patterns.mood_of_noun("refusal"), patterns.mood_of_noun("talk")) == (
        "threat", "reject", None,
    )
