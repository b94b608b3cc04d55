"""Reading detente's data tables, with errors that name the file and line.

Every table in detente/data (and every user table beside it) has the same shape: UTF-8 text
(a leading byte-order mark is fine), a header row, tab-separated columns, `#` comments and blank
lines ignored, several values in one cell separated by `|`. Word lists (`place_stopwords.txt`)
are the same without the columns. Line numbers are the ones an editor shows.

    read_lines(path)           (line, text) of each line that is not blank or a comment
    read_rows(path, columns)   (line, {column: cell}) of each data row, header checked
    split_values(cell)         'a|b' → ('a', 'b')

Every fault is a `DataTableError(path, line, problem)`, never a stray OSError or ValueError.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..errors import DataTableError

__all__ = ["DATA_DIR", "read_lines", "read_rows", "split_values"]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# Characters no cell may hold: a table edited by hand should not hide one where nobody sees it.
_CONTROL = frozenset({"Cc", "Cs", "Zl", "Zp"})


def read_lines(path: Path) -> Iterator[tuple[int, str]]:
    "Yield (line number, line) for each line that is not blank or a `#` comment."
    try:
        data = path.read_bytes()
    except OSError as exc:
        problem = f"cannot read the file: {exc.strerror or exc}"
        raise DataTableError(str(path), None, problem) from exc
    if data.startswith(codecs.BOM_UTF8):  # spreadsheet exports often add one
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataTableError(str(path), line, "not UTF-8 text: save the file as UTF-8") from None
    # Split on "\n" only (not str.splitlines, which also breaks at \f, \x1c, \u2028...) so that
    # line numbers agree with what editors show.
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line


def read_rows(
    path: Path, columns: tuple[str, ...], *, optional: int = 0, older: Sequence[tuple[str, ...]] = ()
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for each data row, checking the header, column count and cells.

    `optional`: how many of the last columns a file may leave out of its header (columns added in
    a later release, which a user's older table lacks); their cells then read as "". `older`:
    whole headers of older releases that are still read, their missing columns as ""."""
    header_seen = False
    given = columns
    for number, line in read_lines(path):
        cells = [cell.strip() for cell in line.split("\t")]
        if not header_seen:
            shorter = [columns[: len(columns) - k] for k in range(1, optional + 1)]
            if tuple(cells) != columns and tuple(cells) not in shorter and tuple(cells) not in older:
                raise DataTableError(
                    str(path),
                    number,
                    f"the first row must be the header {_tabbed(columns)}, "
                    f"found {_clip(_tabbed(cells))}",
                )
            given = tuple(cells)
            header_seen = True
            continue
        if len(cells) != len(given):
            raise DataTableError(
                str(path),
                number,
                f"expected {len(given)} tab-separated columns ({', '.join(given)}), "
                f"found {len(cells)}",
            )
        for column, cell in zip(given, cells):
            bad = next((ch for ch in cell if unicodedata.category(ch) in _CONTROL), None)
            if bad is not None:
                raise DataTableError(
                    str(path), number, f"column {column} holds control character {bad!r}: remove it"
                )
        row = dict(zip(given, cells))
        yield number, {column: row.get(column, "") for column in columns}
    if not header_seen:
        raise DataTableError(str(path), None, f"no header row: the table needs {_tabbed(columns)}")


def split_values(cell: str) -> tuple[str, ...]:
    "`a|b|c` → ('a', 'b', 'c'); `-` or empty → ()."
    if cell in ("", "-"):
        return ()
    return tuple(value.strip() for value in cell.split("|") if value.strip())


def _tabbed(cells: Sequence[str]) -> str:
    return "<TAB>".join(cells)


def _clip(text: str, limit: int = 60) -> str:
    "Keep messages one readable line even when the table holds garbage."
    return text if len(text) <= limit else text[: limit - 3] + "..."
