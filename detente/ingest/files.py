"""Read inputs into `RawArticle`s, and everything that cannot be read into `Reject`s.

`read_inputs(paths)` takes what a user types after `detente code`: files, folders (read
recursively, in sorted order, skipping hidden files and folders), glob patterns, and `-` for
standard input. It yields one `RawArticle` per article and one `Reject` per input (or JSONL
line) that cannot be one, in input order. Bad input never raises and never stops the
iteration; the Reject says which file (and line) and what is wrong, in one line.

Formats, by extension first and then by content:

    .jsonl .ndjson   one JSON object per line: "text" (required), "id", "published",
                     "title", "url", "source". Streamed line by line, never read whole.
    .html .htm       main text extracted with trafilatura, with its title, date, URL and site
                     name when it finds them. Also any file starting `<!doctype html` / `<html`.
    anything else    plain text. A first line starting ` date YYYY-MM-DD` gives the
                     publication date; the prefix is removed from the text. A file whose
                     first line is a JSON object with "text" is read as JSONL.

Plain and HTML files larger than `MAX_ARTICLE_BYTES` are rejected (one article is never that
big; it is usually a mistaken input). Text is decoded as UTF-8 (BOM or not), then UTF-16/32
if a BOM says so; otherwise charset-normalizer guesses, and for Latin-script guesses we decode
as cp1252 (the legacy encoding of most English news; it is a superset of Latin-1's letters), so
"Café … Zürich … São Paulo" survives.
"""

from __future__ import annotations

import glob
import json
import logging
import os
import re
import sys
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import IO, Any, BinaryIO, TextIO

from ..models import RawArticle, Reject

__all__ = ["read_jsonl_text", "read_inputs", "MAX_ARTICLE_BYTES", "JSONL_EXTENSIONS", "HTML_EXTENSIONS"]

MAX_ARTICLE_BYTES = 20_000_000
"Plain-text and HTML files larger than this (20 MB) are rejected; JSONL lines too."

JSONL_EXTENSIONS = frozenset({".jsonl", ".ndjson"})
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml"})

STDIN_ORIGIN = "<stdin>"

# trafilatura logs an ERROR for every page it cannot parse. We report those pages as Rejects,
# so without a handler of our own Python's last-resort handler would print each one to stderr
# a second time. A NullHandler stops that; an application that configures logging still sees
# the records.
logging.getLogger("trafilatura").addHandler(logging.NullHandler())
logging.getLogger("htmldate").addHandler(logging.NullHandler())

# Known binary formats, by their first bytes. Checked before decoding so a stray image in a
# folder of articles gets a reason a person understands.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "GZIP archive"),
    (b"BZh", "BZIP2 archive"),
    (b"\xfd7zXZ\x00", "XZ archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "Zstandard archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office document"),
    (b"PAR1", "Parquet file"),
    (b"ID3", "MP3 audio"),
    (b"OggS", "Ogg media"),
    (b"\x00\x00\x00\x18ftyp", "MP4 video"),
    (b"\x00\x00\x00\x1cftyp", "MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "MP4 video"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

# `MZ` is two printable letters; only call it an executable when the file is not text anyway.
_WEAK_MAGIC = frozenset({b"MZ", b"ID3", b"BZh", b"PAR1", b"OggS"})

_DATE_PREFIX = re.compile(r"\A\s*date[ \t]+(\d[\d./-]*)(?=\s|\Z)")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # Cc, except the whitespace ones
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")

# Characters in the Latin-1 symbol block that, between two letters, betray a wrong single-byte
# decoding ("Za¿ó³æ" is Polish read as cp1252).
_MOJIBAKE = re.compile(r"(?<=[^\W\d_])[\u00a1-\u00a9\u00ab-\u00b9\u00bb-\u00bf](?=[^\W\d_])")

_SNIFF_BYTES = 65536


def read_inputs(
    paths: Sequence[str],
    *,
    stdin: TextIO | BinaryIO | None = None,
    max_bytes: int = MAX_ARTICLE_BYTES,
) -> Iterator[RawArticle | Reject]:
    """Yield an article or a reject for every input in `paths`, in order.

    Each path is a file, a folder (recursive, sorted, hidden entries skipped), a glob pattern,
    or `-` for `stdin` (default: the process's standard input). `max_bytes` caps the size of
    one plain-text or HTML article and of one JSONL line.
    """
    if isinstance(paths, (str, bytes)):
        raise TypeError("read_inputs takes a list of paths, not one string: read_inputs([path])")
    for path in map(os.fspath, paths):
        if path == "-":
            stream = stdin if stdin is not None else _default_stdin()
            yield from _read_stream(stream, STDIN_ORIGIN, max_bytes)
            continue
        for item in _expand(path):
            if isinstance(item, Reject):
                yield item
            else:
                yield from _read_file(item, max_bytes)


# --- finding files ---------------------------------------------------------------------------


def _expand(path: str) -> Iterator[str | Reject]:
    "The files a path names: itself, the files under a folder, or a glob's matches."
    if os.path.isdir(path):
        yield from _walk(path, set())
    elif os.path.lexists(path):
        yield path
    elif glob.has_magic(path):
        matches = sorted(glob.glob(path, recursive=True))
        if not matches:
            yield Reject(path, "no files match this pattern")
        for match in matches:
            if os.path.isdir(match):
                yield from _walk(match, set())
            else:
                yield match
    else:
        yield Reject(path, "no such file or directory")


def _walk(folder: str, seen: set[tuple[int, int]]) -> Iterator[str | Reject]:
    "Files under `folder`, sorted by name at each level, hidden entries skipped."
    try:
        info = os.stat(folder)
        # A symlink back up the tree would otherwise recurse forever.
        key = (info.st_dev, info.st_ino)
        if key in seen:
            return
        seen.add(key)
        with os.scandir(folder) as entries:
            names = sorted(
                (e.name, e.is_dir(), e.is_file()) for e in entries if not e.name.startswith(".")
            )
    except OSError as error:
        yield Reject(folder, f"cannot read folder: {_os_reason(error)}")
        return
    for name, is_dir, is_file in names:
        child = os.path.join(folder, name)
        if is_dir:
            yield from _walk(child, seen)
        elif is_file:
            yield child
        else:
            yield Reject(child, "not a regular file (a broken link, pipe, socket or device)")


# --- reading one input -----------------------------------------------------------------------


def _read_file(path: str, max_bytes: int) -> Iterator[RawArticle | Reject]:
    extension = os.path.splitext(path)[1].lower()
    try:
        with open(path, "rb") as f:
            if extension in JSONL_EXTENSIONS:
                yield from _read_jsonl(f, path, max_bytes)
                return
            if not f.seekable():  # a pipe, e.g. bash's <(...): sniff it line by line
                yield from _read_stream(f, path, max_bytes)
                return
            head = f.read(_SNIFF_BYTES)
            if _looks_like_jsonl(head):
                f.seek(0)
                yield from _read_jsonl(f, path, max_bytes)
                return
            size = os.fstat(f.fileno()).st_size
            if size > max_bytes:
                yield Reject(path, _too_big(size, max_bytes, "file"))
                return
            # Read to one byte past the limit: the file may have grown since fstat.
            data = head + f.read(max_bytes + 1 - len(head))
    except OSError as error:
        yield Reject(path, f"cannot read: {_os_reason(error)}")
        return
    if len(data) > max_bytes:
        yield Reject(path, _too_big(len(data), max_bytes, "file"))
        return
    yield _document(data, path, html=extension in HTML_EXTENSIONS)


def _read_stream(stream: IO[Any], origin: str, max_bytes: int) -> Iterator[RawArticle | Reject]:
    "Standard input: JSONL if its first line is a JSON object with text, else one document."
    try:
        first = stream.readline(max_bytes + 1)
        if _looks_like_jsonl(_as_bytes(first)):
            yield from _read_jsonl(stream, origin, max_bytes, first=first)
            return
        rest = stream.read(max_bytes + 1 - len(first)) if len(first) <= max_bytes else first[:0]
    except (OSError, ValueError) as error:  # ValueError: reading a closed stream
        yield Reject(origin, f"cannot read: {_os_reason(error)}")
        return
    data = first + rest
    if len(data) > max_bytes:
        yield Reject(origin, _too_big(len(data), max_bytes, "input"))
        return
    if isinstance(data, str):
        # A text stream may carry undecodable bytes as surrogate escapes (Python does this for
        # stdin under a C locale); go back to bytes so every input is decoded the same way.
        data = data.encode("utf-8", "surrogateescape" if _escapes_only(data) else "replace")
    yield _document(data, origin, html=False)


def _escapes_only(text: str) -> bool:
    return all("\udc80" <= c <= "\udcff" for c in _SURROGATE.findall(text))


def _document(data: bytes, origin: str, *, html: bool) -> RawArticle | Reject:
    "One plain-text or HTML article from a file's (or stdin's) whole content."
    if not data.strip():
        return Reject(origin, "empty file")
    problem = _binary_kind(data)
    if problem:
        return Reject(origin, f"binary file ({problem}), not text")
    text = _decode(data)
    if text is None:
        return Reject(origin, "undecodable: not UTF-8, and not text in any encoding we can detect")
    if not text.strip():
        return Reject(origin, "empty file")
    if not _mostly_text(text):
        return Reject(origin, "binary file (control characters), not text")
    if html or _HTML_START.match(text, 0, 4096):
        return _html_article(text, origin)
    return _text_article(text, origin)


def _text_article(text: str, origin: str) -> RawArticle | Reject:
    published = None
    prefix = _DATE_PREFIX.match(text)
    if prefix:
        value = prefix.group(1)
        try:
            published = _parse_day(value)
        except ValueError as error:
            return Reject(origin, f'bad date prefix "date {value}": {error}')
        text = text[prefix.end() :].lstrip()
        if not text:
            return Reject(origin, "no text after the date prefix")
    return RawArticle(doc_id=origin, text=text, origin=origin, published=published)


def _html_article(html: str, origin: str) -> RawArticle | Reject:
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - trafilatura is a dependency
        return Reject(origin, "HTML input needs trafilatura: pip install trafilatura")
    try:
        document = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            # Dates only from the page's metadata: guessing from its text is slow and often
            # picks a date mentioned in the article.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    # trafilatura and lxml parse arbitrary outside markup; whatever they raise on a bad page,
    # that page is a reject and the rest of the batch goes on.
    except Exception as error:  # noqa: BLE001
        return Reject(origin, f"HTML could not be parsed: {_one_line(str(error)) or type(error).__name__}")
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        return Reject(origin, "HTML page has no article text")
    published = None
    raw_date = getattr(document, "date", None)
    if raw_date:
        try:
            published = _parse_day(str(raw_date))
        except ValueError:
            published = None  # a metadata date we cannot read is no reason to lose the text
    return RawArticle(
        doc_id=origin,
        text=text,
        origin=origin,
        published=published,
        title=getattr(document, "title", None) or None,
        url=getattr(document, "url", None) or None,
        source=getattr(document, "sitename", None) or None,
    )


# --- JSONL -----------------------------------------------------------------------------------


def _read_jsonl(
    stream: IO[Any], path: str, max_bytes: int, *, first: bytes | str | None = None
) -> Iterator[RawArticle | Reject]:
    lines = _lines(stream, max_bytes, first)
    empty = True
    for number, line in enumerate(lines, start=1):
        origin = f"{path}:{number}"
        if line is None:
            empty = False
            yield Reject(origin, _too_big(None, max_bytes, "line"))
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
        return Reject(origin, f"not a JSON object (got {_json_type(record)})")
    text = record.get("text")
    if "text" not in record:
        return Reject(origin, 'missing "text"')
    if not isinstance(text, str):
        return Reject(origin, f'"text" must be a string, got {_json_type(text)}')
    if not text.strip():
        return Reject(origin, 'empty "text"')
    fields: dict[str, str | None] = {}
    for name in ("title", "url", "source"):
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return Reject(origin, f'"{name}" must be a string, got {_json_type(value)}')
        fields[name] = _SURROGATE.sub("\ufffd", value) if value else None
    doc_id = record.get("id")
    if doc_id is None:
        doc_id = f"{path}:{number}"
    elif isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)):
        return Reject(origin, f'"id" must be a string or integer, got {_json_type(doc_id)}')
    elif isinstance(doc_id, str) and not doc_id.strip():
        return Reject(origin, 'empty "id" (leave it out to use the file and line)')
    published = record.get("published")
    if published is not None:
        if not isinstance(published, str):
            return Reject(origin, f'"published" must be a date string, got {_json_type(published)}')
        try:
            published = _parse_published(published)
        except ValueError as error:
            return Reject(origin, f'bad "published" {_quote(published)}: {error}')
    return RawArticle(
        doc_id=_SURROGATE.sub("\ufffd", str(doc_id)),
        # JSON may escape lone surrogates ("\ud800"); they cannot be written out as UTF-8 later.
        text=_SURROGATE.sub("\ufffd", text),
        origin=origin,
        published=published,
        title=fields["title"],
        url=fields["url"],
        source=fields["source"],
    )


def _looks_like_jsonl(head: bytes) -> bool:
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


def _parse_day(value: str) -> date:
    "A YYYY-MM-DD date; ValueError naming the problem otherwise."
    value = value.strip()
    if not _ISO_DATE.fullmatch(value):
        raise ValueError("expected YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(str(error)) from None


def _parse_published(value: str) -> date:
    "YYYY-MM-DD or an ISO 8601 datetime (its date, as written, without time-zone shifting)."
    value = value.strip()
    if len(value) <= 10:
        return _parse_day(value)
    if not _ISO_DATE.match(value):
        raise ValueError("expected YYYY-MM-DD or an ISO 8601 datetime")
    try:
        return datetime.fromisoformat(value).date()
    except ValueError as error:
        raise ValueError(str(error)) from None


# --- bytes to text ---------------------------------------------------------------------------


def _binary_kind(data: bytes) -> str | None:
    "What binary format `data` is, or None if it may be text."
    for bom, _ in _BOMS:
        if data.startswith(bom):
            return None  # UTF-16/32 text has NUL bytes by design
    for magic, kind in _MAGIC:
        if data.startswith(magic) and (magic not in _WEAK_MAGIC or b"\x00" in data[:4096]):
            return kind
    if data.startswith(b"RIFF") and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "WEBP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}[data[8:12]]
    if b"\x00" in data:
        return "contains NUL bytes"
    return None


def _decode(data: bytes) -> str | None:
    "Decoded text, or None when no encoding gives text."
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few stray bytes (a cp1252 quote pasted in) is still UTF-8: re-reading it
    # all as a code page would garble every other accent. Pure legacy text has next to no
    # valid multi-byte sequences, so it fails this test and goes on to detection.
    lenient = data.decode("utf-8-sig", "replace")
    bad = lenient.count("\ufffd")
    if len(_NON_ASCII.findall(lenient)) - bad >= 2 * bad:
        return lenient
    guess = _guess(data)
    if guess is not None:
        return guess
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text if _mostly_text(text) else None
    return None  # pragma: no cover - latin-1 decodes any bytes


def _guess(data: bytes) -> str | None:
    """charset-normalizer's decoding, unless it is a Latin-script code page: those it often
    mistakes for each other (cp1250 for cp1252 turns "São" into "Săo"), and for English news
    cp1252 is by far the likeliest, so we return None and let the caller use it."""
    try:
        import charset_normalizer
    except ImportError:  # pragma: no cover - a dependency
        return None
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return None
    text = str(best)
    if not _mostly_text(text):
        return None
    if all(_latin_range(name) for name in best.alphabets):
        try:
            western = data.decode("cp1252")
        except UnicodeDecodeError:
            return None
        # Keep the guess only when cp1252 visibly garbles words and the guess does not.
        if _MOJIBAKE.search(western) and not _MOJIBAKE.search(text):
            return text
        return None
    return text


def _latin_range(name: str) -> bool:
    return "Latin" in name or name in {
        "General Punctuation",
        "Currency Symbols",
        "Control character",
        "Letterlike Symbols",
        "Spacing Modifier Letters",
        "Number Forms",
        "Mathematical Operators",
        "Box Drawing",
        "Arrows",
    }


def _mostly_text(text: str) -> bool:
    "Few control characters: random bytes decoded as a code page are full of them."
    if not text:
        return True
    controls = sum(1 for _ in _CONTROL.finditer(text))
    return controls <= max(1, len(text) // 100)


# --- helpers ---------------------------------------------------------------------------------


def _default_stdin() -> IO[Any]:
    return getattr(sys.stdin, "buffer", sys.stdin)


def _as_bytes(chunk: bytes | str) -> bytes:
    return chunk if isinstance(chunk, bytes) else chunk.encode("utf-8", "replace")


def _too_big(size: int | None, limit: int, what: str) -> str:
    limit_mb = f"{limit / 1_000_000:g}"
    if size is None:
        return f"{what} is larger than the {limit_mb} MB limit for one article"
    return f"{what} is {size / 1_000_000:.1f} MB, larger than the {limit_mb} MB limit for one article"


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _quote(value: str, limit: int = 40) -> str:
    value = _one_line(value)
    return json.dumps(value if len(value) <= limit else value[:limit] + "…", ensure_ascii=False)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _os_reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower() if error.strerror[1:].islower() else error.strerror
    return _one_line(str(error)) or type(error).__name__
