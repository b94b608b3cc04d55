"""Reading detente's tab-separated data tables, with errors that name the file and line.

Every table in detente/data (and every user table beside it) has the same shape: a header row,
tab-separated columns, `#` comments and blank lines ignored, multi-values separated by `|`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .errors import DataTableError

__all__ = ["DATA_DIR", "read_rows", "split_values"]

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    "Yield (line number, row) for each data row, checking the header and the column count."
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataTableError(str(path), None, f"cannot read the table: {exc}") from exc
    header_seen = False
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if not header_seen:
            if tuple(cells) != columns:
                raise DataTableError(
                    str(path), number, f"header must be {'<TAB>'.join(columns)}, found {line!r}"
                )
            header_seen = True
            continue
        if len(cells) != len(columns):
            raise DataTableError(
                str(path),
                number,
                f"expected {len(columns)} tab-separated columns ({', '.join(columns)}), "
                f"found {len(cells)}",
            )
        yield number, dict(zip(columns, cells))
    if not header_seen:
        raise DataTableError(str(path), None, f"no header row ({'<TAB>'.join(columns)})")


def split_values(cell: str) -> tuple[str, ...]:
    "`a|b|c` → ('a', 'b', 'c'); `-` or empty → ()."
    if cell in ("", "-"):
        return ()
    return tuple(value.strip() for value in cell.split("|") if value.strip())
