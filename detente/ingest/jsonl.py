"""JSON lines: one article per line ("text" required; "id", "published", "title", "url",
"source" optional), streamed line by line and never read whole, each bad line a `Reject`
naming file and line; and the publication dates articles give (YYYY-MM-DD or ISO 8601)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import IO, Any

from ..models import RawArticle, Reject
from .decode import SURROGATE
from .reasons import json_type, quote, too_big

__all__ = ["read_jsonl", "read_jsonl_text", "looks_like_jsonl", "parse_day", "parse_published"]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def read_jsonl(
    stream: IO[Any], path: str, max_bytes: int, *, first: bytes | str | None = None
) -> Iterator[RawArticle | Reject]:
    lines = _lines(stream, max_bytes, first)
    empty = True
    for number, line in enumerate(lines, start=1):
        origin = f"{path}:{number}"
        if line is None:
            empty = False
            yield Reject(origin, too_big(None, max_bytes, "line"))
            continue
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                yield Reject(origin, f"not UTF-8 (byte {error.start + 1} of the line)")
                continue
        if not line.strip():
            continue  # blank lines (a trailing newline, spacing) are not records
        empty = False
        yield _jsonl_record(line, origin, path, number)
    if empty:
        yield Reject(path, "empty file")


_SKIP_BYTES = 1 << 20  # the reads that skip the rest of an over-long line


def _lines(stream: IO[Any], max_bytes: int, first: bytes | str | None) -> Iterator[bytes | str | None]:
    """The stream's lines, each at most `max_bytes`; None for a line that was longer (its
    remainder is skipped without being held in memory)."""
    pending = first
    while True:
        line = pending if pending is not None else stream.readline(max_bytes + 1)
        pending = None
        if not line:
            return
        if len(line) > max_bytes:
            del line  # the rest is skipped in small reads: nothing of it is held
            rest = stream.readline(_SKIP_BYTES)
            while rest and not _ends_line(rest):
                rest = stream.readline(_SKIP_BYTES)
            yield None
            continue
        yield line


def _ends_line(line: bytes | str) -> bool:
    return line.endswith(b"\n") if isinstance(line, bytes) else line.endswith("\n")


def read_jsonl_text(text: str, origin: str) -> tuple[list[RawArticle], list[Reject]]:
    "JSON lines given as a string (an API request body): the articles, and a reject per bad line."
    articles: list[RawArticle] = []
    rejects: list[Reject] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        item = _jsonl_record(line, f"{origin}:{number}", origin, number)
        (articles if isinstance(item, RawArticle) else rejects).append(item)  # type: ignore[arg-type]
    return articles, rejects


def _jsonl_record(line: str, origin: str, path: str, number: int) -> RawArticle | Reject:
    try:
        record = json.loads(line.rstrip("\r\n"))
    except json.JSONDecodeError as error:
        return Reject(origin, f"bad JSON: {error.msg} at column {error.colno}")
    except RecursionError:
        return Reject(origin, "bad JSON: nested too deeply")
    if not isinstance(record, dict):
        return Reject(origin, f"not a JSON object (got {json_type(record)})")
    text = record.get("text")
    if "text" not in record:
        return Reject(origin, 'missing "text"')
    if not isinstance(text, str):
        return Reject(origin, f'"text" must be a string, got {json_type(text)}')
    if not text.strip():
        return Reject(origin, 'empty "text"')
    fields: dict[str, str | None] = {}
    for name in ("title", "url", "source"):
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return Reject(origin, f'"{name}" must be a string, got {json_type(value)}')
        fields[name] = SURROGATE.sub("\ufffd", value) if value else None
    doc_id = record.get("id")
    if doc_id is None:
        doc_id = f"{path}:{number}"
    elif isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)):
        return Reject(origin, f'"id" must be a string or integer, got {json_type(doc_id)}')
    elif isinstance(doc_id, str) and not doc_id.strip():
        return Reject(origin, 'empty "id" (leave it out to use the file and line)')
    published = record.get("published")
    if published is not None:
        if not isinstance(published, str):
            return Reject(origin, f'"published" must be a date string, got {json_type(published)}')
        try:
            published = parse_published(published)
        except ValueError as error:
            return Reject(origin, f'bad "published" {quote(published)}: {error}')
    return RawArticle(
        doc_id=SURROGATE.sub("\ufffd", str(doc_id)),
        # JSON may escape lone surrogates ("\ud800"); they cannot be written out as UTF-8 later.
        text=SURROGATE.sub("\ufffd", text),
        origin=origin,
        published=published,
        title=fields["title"],
        url=fields["url"],
        source=fields["source"],
    )


def looks_like_jsonl(head: bytes) -> bool:
    "Whether the first non-blank line of `head` is a JSON object with a text field."
    for raw in head.splitlines():
        stripped = raw.strip().removeprefix(b"\xef\xbb\xbf")
        if not stripped:
            continue
        if not stripped.startswith(b"{"):
            return False
        try:
            record = json.loads(stripped)
        except (ValueError, RecursionError):
            return False
        return isinstance(record, dict) and "text" in record
    return False


# --- dates -----------------------------------------------------------------------------------


def parse_day(value: str) -> date:
    "A YYYY-MM-DD date; ValueError naming the problem otherwise."
    value = value.strip()
    if not _ISO_DATE.fullmatch(value):
        raise ValueError("expected YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(str(error)) from None


def parse_published(value: str) -> date:
    "YYYY-MM-DD or an ISO 8601 datetime (its date, as written, without time-zone shifting)."
    value = value.strip()
    if len(value) <= 10:
        return parse_day(value)
    if not _ISO_DATE.match(value):
        raise ValueError("expected YYYY-MM-DD or an ISO 8601 datetime")
    try:
        return datetime.fromisoformat(value).date()
    except ValueError as error:
        raise ValueError(str(error)) from None
