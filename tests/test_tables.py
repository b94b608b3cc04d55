"""The shared table reader: every data table is read through it, so faults name file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.errors import DataTableError
from detente.tables.reader import DATA_DIR, read_lines, read_rows, split_values

COLUMNS = ("word", "sector")
HEADER = b"word\tsector\n"


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "table.tsv"
    path.write_bytes(data)
    return path


def test_rows_are_dicts_of_stripped_cells_with_editor_line_numbers(tmp_path: Path) -> None:
    data = b"# agents\n\nword\tsector\n  # indented comment\n troops \tMIL\n\nrebels\tREB\n"
    rows = list(read_rows(write(tmp_path, data), COLUMNS))
    assert rows == [
        (5, {"word": "troops", "sector": "MIL"}),
        (7, {"word": "rebels", "sector": "REB"}),
    ]


def test_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbfword\tsector\r\ntroops\tMIL\r\n")
    assert list(read_rows(path, COLUMNS)) == [(2, {"word": "troops", "sector": "MIL"})]


def test_lines_split_only_at_newlines(tmp_path: Path) -> None:
    # str.splitlines would also break at the form feed and U+2028; an editor does not.
    path = write(tmp_path, "a\x0cb\nc\u2028d\n\n# note\ne\n".encode())
    assert list(read_lines(path)) == [(1, "a\x0cb"), (2, "c\u2028d"), (5, "e")]


@pytest.mark.parametrize(
    ("data", "line", "problem"),
    [
        (b"troops\tMIL\n", 1, "must be the header word<TAB>sector, found troops<TAB>MIL"),
        (b"word\tsector\textra\n", 1, "the first row must be the header"),
        (b"# only a comment\n\n", None, "no header row: the table needs word<TAB>sector"),
        (b"", None, "no header row"),
        (HEADER + b"troops\n", 2, "expected 2 tab-separated columns (word, sector), found 1"),
        (HEADER + b"troops\tMIL\t\n", 2, "2 tab-separated columns (word, sector), found 3"),
        (HEADER + b"troops\tMIL\nsold\xe9ats\tMIL\n", 3, "not UTF-8 text: save the file as"),
        (HEADER + b"\n\ntroops\tMI\x00L\n", 4, "column sector holds control character '\\x00'"),
        (HEADER + b"troops\tMIL\rx\n", 2, "column sector holds control character '\\r'"),
        (HEADER + "tro\u2028ops\tMIL\n".encode(), 2, "column word holds control character"),
    ],
    ids=[
        "no header",
        "wrong header",
        "only comments",
        "empty",
        "too few columns",
        "too many columns",
        "not utf-8",
        "nul byte",
        "lone carriage return",
        "line separator",
    ],
)
def test_fault_names_file_and_line(
    tmp_path: Path, data: bytes, line: int | None, problem: str
) -> None:
    path = write(tmp_path, data)
    with pytest.raises(DataTableError) as caught:
        list(read_rows(path, COLUMNS))
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert problem in caught.value.problem


def test_long_garbage_header_is_clipped(tmp_path: Path) -> None:
    path = write(tmp_path, b"x" * 500 + b"\n")
    with pytest.raises(DataTableError) as caught:
        list(read_rows(path, COLUMNS))
    assert caught.value.problem.endswith("...") and len(caught.value.problem) < 150


@pytest.mark.parametrize("reader", [read_lines, lambda path: read_rows(path, COLUMNS)])
def test_unreadable_file_is_a_data_table_error(tmp_path: Path, reader) -> None:
    for path in (tmp_path / "absent.tsv", tmp_path):  # missing, and a directory
        with pytest.raises(DataTableError, match="cannot read the file") as caught:
            list(reader(path))
        assert (caught.value.path, caught.value.line) == (str(path), None)


@pytest.mark.parametrize(
    ("cell", "values"),
    [("", ()), ("-", ()), ("a", ("a",)), ("a|b", ("a", "b")), (" a | b |", ("a", "b")), ("|", ())],
)
def test_split_values(cell: str, values: tuple[str, ...]) -> None:
    assert split_values(cell) == values


def test_every_shipped_table_reads() -> None:
    tables = sorted(DATA_DIR.glob("*.tsv"))
    assert len(tables) >= 8
    for path in tables:
        header = next(line for _number, line in read_lines(path))
        columns = tuple(cell.strip() for cell in header.split("\t"))
        assert list(read_rows(path, columns)), path.name
    assert list(read_lines(DATA_DIR / "place_stopwords.txt"))


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=200), with_header=st.booleans())
def test_random_bytes_give_rows_or_data_table_error(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, with_header: bool
) -> None:
    path = tmp_path_factory.getbasetemp() / "random.tsv"
    path.write_bytes((HEADER if with_header else b"") + data)
    lines = len(path.read_bytes().split(b"\n"))
    try:
        rows = list(read_rows(path, COLUMNS))
    except DataTableError as error:
        assert error.path == str(path)
        assert error.line is None or 1 <= error.line <= lines
    else:
        for number, row in rows:
            assert 1 < number <= lines
            assert tuple(row) == COLUMNS
            assert all(cell == cell.strip() for cell in row.values())
