"""The CAMEO/PLOVER codebook: the shipped table against GDELT's and PLOVER's published facts,
and the loader's handling of broken tables."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.errors import DataTableError
from detente.tables.codebook import (
    DEFAULT_CODEBOOK_PATH,
    PLOVER_MODES,
    PLOVER_TYPES,
    CameoCode,
    Codebook,
    load_codebook,
)

HEADER = "code\tgoldstein\tplover_type\tplover_mode\tname\tsides\tundirected\tforce\tstate_act\tby_society"
PROPERTIES = "\tmutual\tyes\t-\tno\tno"  # a meeting's: both sides, one incident whoever is named first
ROOT_04 = "04\t1.0\tCONSULT\t\tConsult" + PROPERTIES

# Codes where our table departs from CAMEO2PLOVER's event type on purpose, each explained in the
# table's header comments (the test below checks that it is).
PLOVER_DEPARTURES = {"055", "0813", "0814", "0831", "116", "163"}


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return load_codebook()


def gdelt_goldstein(shared: Path) -> dict[str, float]:
    rows = (shared / "reference/cameo/CAMEO.goldsteinscale.txt").read_text().splitlines()[1:]
    weights = {}
    for row in rows:
        if row.strip():
            code, weight = row.split("\t")
            weights[code.strip()] = float(weight)
    return weights


def cameo2plover(shared: Path) -> dict[str, set[str]]:
    "code -> PLOVER types CAMEO2PLOVER gives it (root 08 is listed under two)."
    types: dict[str, set[str]] = {}
    for row in (shared / "reference/plover/CAMEO2PLOVER-2021.txt").read_text().splitlines():
        match = re.match(r"(\d{2,4}):\s*([A-Z]+)", row)
        if match:
            types.setdefault(match[1], set()).add(match[2])
    return types


# --- the shipped table ------------------------------------------------------------------------


def test_exactly_gdelts_codes_with_gdelts_weights(codebook: Codebook, shared: Path) -> None:
    weights = gdelt_goldstein(shared)
    assert len(weights) == 311  # the reference README says 310; the file has 311
    assert {code.code for code in codebook} == set(weights)
    for code, weight in weights.items():
        assert codebook[code].goldstein == weight, code


def test_twenty_roots(codebook: Codebook) -> None:
    roots = codebook.roots()
    assert [root.code for root in roots] == [f"{n:02d}" for n in range(1, 21)]
    assert all(root.root == root.code for root in roots)


@pytest.mark.parametrize(
    ("code", "quad"),
    [("01", 1), ("010", 1), ("0214", 1), ("043", 1), ("057", 1), ("06", 2), ("073", 2),
     ("0874", 2), ("094", 2), ("10", 3), ("112", 3), ("1385", 3), ("1454", 3), ("15", 4),
     ("163", 4), ("1724", 4), ("186", 4), ("190", 4), ("2042", 4)],
)  # fmt: skip
def test_quad_class(codebook: Codebook, code: str, quad: int) -> None:
    assert codebook[code].quad_class == quad


def test_every_code_sits_under_its_root(codebook: Codebook) -> None:
    for code in codebook:
        assert code.root == code.code[:2]
        assert code.root in codebook
        assert code.quad_class == codebook[code.root].quad_class


@pytest.mark.parametrize(
    ("code", "plover_type", "plover_mode"),
    [
        ("043", "CONSULT", "visit"),
        ("042", "CONSULT", "visit"),
        ("041", "CONSULT", "phone"),
        ("036", "AGREE", None),
        ("057", "SUPPORT", None),
        ("061", "COOPERATE", None),
        ("073", "AID", None),
        ("0871", "RETREAT", "ceasefire"),
        ("1041", "REQUEST", "change"),
        ("112", "ACCUSE", "disapprove"),
        ("1123", "ACCUSE", "allege"),
        ("091", "ACCUSE", "investigate"),
        ("125", "REJECT", "meet"),
        ("1384", "THREATEN", "violence"),
        ("141", "PROTEST", "demo"),
        ("154", "MOBILIZE", "troops"),
        ("163", "SANCTION", "discontinue"),
        ("173", "COERCE", "arrest"),
        ("190", "ASSAULT", None),
        ("186", "ASSAULT", "targeted"),
        ("2041", "ASSAULT", "unconventional"),
        # codes PLOVER leaves out, and our own choices for some of them
        ("010", None, None),
        ("015", None, None),
        ("019", None, None),
        ("016", "REJECT", None),
        ("020", "REQUEST", None),
        ("0233", "REQUEST", "assist"),
    ],
)
def test_plover_type(codebook: Codebook, code: str, plover_type: str, plover_mode: str) -> None:
    assert (codebook[code].plover_type, codebook[code].plover_mode) == (plover_type, plover_mode)


def test_plover_types_follow_cameo2plover(codebook: Codebook, shared: Path) -> None:
    reference = cameo2plover(shared)
    differ = {
        code
        for code, types in reference.items()
        if code in codebook and codebook[code].plover_type not in types
    }
    assert differ == PLOVER_DEPARTURES


def test_departures_from_plover_are_documented_in_the_table() -> None:
    comments = "\n".join(
        line for line in DEFAULT_CODEBOOK_PATH.read_text().splitlines() if line.startswith("#")
    )
    for code in sorted(PLOVER_DEPARTURES | {"016", "02x", "08"}):
        assert re.search(rf"\b{code}\b", comments), f"{code} is not explained in the table"


def test_every_plover_type_is_used_and_modes_are_current(codebook: Codebook) -> None:
    assert {code.plover_type for code in codebook} - {None} == set(PLOVER_TYPES)
    for code in codebook:
        if code.plover_mode is not None:
            assert code.plover_mode in PLOVER_MODES[code.plover_type or ""], code


def test_lookup(codebook: Codebook) -> None:
    assert len(codebook) == 311
    assert "043" in codebook
    assert "43" not in codebook and 43 not in codebook
    assert codebook.get("999") is None
    host = codebook["043"]
    assert host == CameoCode("043", "Host a visit", "04", 1, 2.8, "CONSULT", "visit", "paired", True, None, False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        host.goldstein = 0.0  # type: ignore[misc]


@pytest.mark.parametrize(("key", "hint"), [("43", "'043'"), ("999", "2-4 digits"), (43, "strings")])
def test_unknown_code_says_what_to_do(codebook: Codebook, key: object, hint: str) -> None:
    with pytest.raises(KeyError, match=hint):
        codebook[key]  # type: ignore[index]


def test_code_properties_read_by_coder_and_linker(codebook: Codebook) -> None:
    # "X and Y met": both sides, both ways; a visit: both sides, one way; a meeting is one
    # incident whoever is named first; force and what only a state does
    assert [codebook[c].sides for c in ("040", "042", "190", "112")] == ["mutual", "paired", "mutual-by-verb", "separate"]
    assert [codebook[c].undirected for c in ("042", "057", "0871", "112", "190")] == [True, True, True, False, False]
    assert [codebook[c].force for c in ("173", "190", "200", "112")] == ["coercion", "violence", "violence", None]
    assert [codebook[c].state_act for c in ("090", "173", "190")] == [True, True, False]
    assert [codebook[c].by_society for c in ("141", "1242", "120", "040", "190")] == [True, True, False, False, False]


# --- user tables ------------------------------------------------------------------------------


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "my-cameo.tsv"
    if isinstance(text, str):
        text = text.encode()
    path.write_bytes(text)
    return path


def test_user_table_tolerates_comments_blanks_spaces_crlf_and_bom(tmp_path: Path) -> None:
    row = " 043 \t 2.8\tCONSULT\tvisit\t Host a visit \tpaired\tyes\t-\tno\tno"
    text = f"\ufeff# mine\r\n{HEADER}\r\n\r\n{ROOT_04}\r\n{row}\r\n"
    book = load_codebook(write(tmp_path, text))
    assert [code.code for code in book] == ["04", "043"]
    assert book["043"] == CameoCode("043", "Host a visit", "04", 1, 2.8, "CONSULT", "visit", "paired", True, None, False)
    assert book.path == str(tmp_path / "my-cameo.tsv")


# Each bad row goes on line 4, after a comment, the header and a good root row.
BAD_ROWS = {
    "too few columns": ("043\t2.8\tHost a visit", "10 tab-separated columns"),
    "too many columns": ("043\t2.8\tCONSULT\tvisit\tHost" + PROPERTIES + "\textra", "found 11"),
    "non-numeric code": ("04a\t2.8\tCONSULT\t\tHost" + PROPERTIES, "not a number"),
    "one-digit code": ("4\t2.8\tCONSULT\t\tHost" + PROPERTIES, "2 to 4"),
    "five-digit code": ("04311\t2.8\tCONSULT\t\tHost" + PROPERTIES, "2 to 4"),
    "root beyond 20": ("21\t-10.0\tASSAULT\t\tMore violence" + PROPERTIES, "01 to 20"),
    "goldstein not a number": ("043\thigh\tCONSULT\t\tHost" + PROPERTIES, "not a number"),
    "goldstein above 10": ("043\t10.5\tCONSULT\t\tHost" + PROPERTIES, "outside"),
    "goldstein below -10": ("043\t-11\tCONSULT\t\tHost" + PROPERTIES, "outside"),
    "goldstein nan": ("043\tnan\tCONSULT\t\tHost" + PROPERTIES, "outside"),
    "unknown plover type": ("043\t2.8\tMEET\t\tHost" + PROPERTIES, "unknown PLOVER type"),
    "plover type in lower case": ("043\t2.8\tconsult\t\tHost" + PROPERTIES, "unknown PLOVER type"),
    "unknown plover mode": ("043\t2.8\tCONSULT\thost\tHost" + PROPERTIES, "unknown mode"),
    "mode for a type without modes": ("036\t4.0\tAGREE\tmeet\tIntend to meet" + PROPERTIES, "takes no mode"),
    "mode without type": ("043\t2.8\t\tvisit\tHost" + PROPERTIES, "without a PLOVER type"),
    "empty name": ("043\t2.8\tCONSULT\tvisit\t" + PROPERTIES, "no name"),
    "duplicate code": ("04\t1.0\tCONSULT\t\tConsult again" + PROPERTIES, "already given on line 3"),
    "missing root": ("111\t-2.0\tACCUSE\tdisapprove\tCriticize" + PROPERTIES, "add a row for '11'"),
    "unknown sides": ("043\t2.8\tCONSULT\tvisit\tHost\tboth\tyes\t-\tno\tno", "sides 'both'"),
    "undirected not yes or no": ("043\t2.8\tCONSULT\tvisit\tHost\tpaired\ttrue\t-\tno\tno", "undirected must be yes or no"),
    "unknown force": ("043\t2.8\tCONSULT\tvisit\tHost\tpaired\tyes\tsoft\tno\tno", "force 'soft'"),
}


@pytest.mark.parametrize(("row", "problem"), BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_bad_row_names_file_and_line(tmp_path: Path, row: str, problem: str) -> None:
    path = write(tmp_path, f"# my codes\n{HEADER}\n{ROOT_04}\n{row}\n")
    with pytest.raises(DataTableError, match=re.escape(problem)) as caught:
        load_codebook(path)
    assert (caught.value.path, caught.value.line) == (str(path), 4)
    assert str(caught.value).startswith(f"{path}:4: ")


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        (f"code\tweight\tplover_type\tplover_mode\tname\tsides\tundirected\tforce\tstate_act\tby_society\n{ROOT_04}\n", 1, "header"),
        (f"{ROOT_04}\n", 1, "header"),
        (f"{HEADER}\n{ROOT_04}\n".encode() + b"043\t2.8\tCONSULT\t\tH\xf4te\tpaired\tyes\t-\tno\n", 3, "UTF-8"),
        ("# nothing but comments\n", None, "no header"),
        (f"{HEADER}\n", None, "no codes"),
    ],
    ids=["wrong header", "no header before rows", "not utf-8", "empty", "header only"],
)
def test_bad_table_names_file_and_line(
    tmp_path: Path, text: str | bytes, line: int | None, problem: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(DataTableError, match=problem) as caught:
        load_codebook(path)
    assert (caught.value.path, caught.value.line) == (str(path), line)


def test_missing_file_is_a_data_table_error(tmp_path: Path) -> None:
    with pytest.raises(DataTableError, match="cannot read") as caught:
        load_codebook(tmp_path / "nope.tsv")
    assert caught.value.path == str(tmp_path / "nope.tsv")


# Pieces that look like table cells, so that random lines get past the early checks too.
CELLS = st.one_of(
    st.sampled_from(["", "04", "043", "0431", "21", "00", "1.0", "-10", "10.01", "nan", "inf",
                     "1_0", "CONSULT", "consult", "visit", "ASSAULT", "Host", " ", "#", "\r"]),
    st.text(max_size=8),
)  # fmt: skip
GARBAGE_LINES = st.one_of(st.text(), st.lists(CELLS, max_size=7).map("\t".join))


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(GARBAGE_LINES, min_size=1, max_size=4))
def test_garbage_lines_give_data_table_error(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str]
) -> None:
    path = tmp_path_factory.getbasetemp() / "garbage.tsv"
    # surrogatepass lets lone surrogates through as invalid UTF-8: the decoding path gets tried too.
    text = "\n".join([HEADER, ROOT_04, *lines]) + "\n"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        book = load_codebook(path)
    except DataTableError as error:
        assert error.path == str(path)
        assert error.line is None or 1 <= error.line <= len(path.read_bytes().split(b"\n"))
    else:
        assert "04" in book


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=200))
def test_garbage_bytes_give_data_table_error(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.getbasetemp() / "garbage-bytes.tsv"
    path.write_bytes(f"{HEADER}\n{ROOT_04}\n".encode() + data)
    try:
        load_codebook(path)
    except DataTableError:
        pass
