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
import logging
import os
import re
import sys
from collections.abc import Iterator, Sequence
from typing import IO, Any, BinaryIO, TextIO

from ..models import RawArticle, Reject
from .decode import SURROGATE, binary_kind, decode, mostly_text
from .jsonl import looks_like_jsonl, parse_day, read_jsonl
from .reasons import one_line, os_reason, too_big

__all__ = ["read_inputs", "MAX_ARTICLE_BYTES", "JSONL_EXTENSIONS", "HTML_EXTENSIONS"]

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

_DATE_PREFIX = re.compile(r"\A\s*date[ \t]+(\d[\d./-]*)(?=\s|\Z)")
_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)

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
        yield Reject(folder, f"cannot read folder: {os_reason(error)}")
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
                yield from read_jsonl(f, path, max_bytes)
                return
            if not f.seekable():  # a pipe, e.g. bash's <(...): sniff it line by line
                yield from _read_stream(f, path, max_bytes)
                return
            head = f.read(_SNIFF_BYTES)
            if looks_like_jsonl(head):
                f.seek(0)
                yield from read_jsonl(f, path, max_bytes)
                return
            size = os.fstat(f.fileno()).st_size
            if size > max_bytes:
                yield Reject(path, too_big(size, max_bytes, "file"))
                return
            # Read to one byte past the limit: the file may have grown since fstat.
            data = head + f.read(max_bytes + 1 - len(head))
    except OSError as error:
        yield Reject(path, f"cannot read: {os_reason(error)}")
        return
    if len(data) > max_bytes:
        yield Reject(path, too_big(len(data), max_bytes, "file"))
        return
    yield _document(data, path, html=extension in HTML_EXTENSIONS)


def _read_stream(stream: IO[Any], origin: str, max_bytes: int) -> Iterator[RawArticle | Reject]:
    "Standard input: JSONL if its first line is a JSON object with text, else one document."
    try:
        first = stream.readline(max_bytes + 1)
        if looks_like_jsonl(_as_bytes(first)):
            yield from read_jsonl(stream, origin, max_bytes, first=first)
            return
        rest = stream.read(max_bytes + 1 - len(first)) if len(first) <= max_bytes else first[:0]
    except (OSError, ValueError) as error:  # ValueError: reading a closed stream
        yield Reject(origin, f"cannot read: {os_reason(error)}")
        return
    data = first + rest
    if len(data) > max_bytes:
        yield Reject(origin, too_big(len(data), max_bytes, "input"))
        return
    if isinstance(data, str):
        # A text stream may carry undecodable bytes as surrogate escapes (Python does this for
        # stdin under a C locale); go back to bytes so every input is decoded the same way.
        data = data.encode("utf-8", "surrogateescape" if _escapes_only(data) else "replace")
    yield _document(data, origin, html=False)


def _escapes_only(text: str) -> bool:
    return all("\udc80" <= c <= "\udcff" for c in SURROGATE.findall(text))


def _document(data: bytes, origin: str, *, html: bool) -> RawArticle | Reject:
    "One plain-text or HTML article from a file's (or stdin's) whole content."
    if not data.strip():
        return Reject(origin, "empty file")
    problem = binary_kind(data)
    if problem:
        return Reject(origin, f"binary file ({problem}), not text")
    text = decode(data)
    if text is None:
        return Reject(origin, "undecodable: not UTF-8, and not text in any encoding we can detect")
    if not text.strip():
        return Reject(origin, "empty file")
    if not mostly_text(text):
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
            published = parse_day(value)
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
        return Reject(origin, f"HTML could not be parsed: {one_line(str(error)) or type(error).__name__}")
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        return Reject(origin, "HTML page has no article text")
    published = None
    raw_date = getattr(document, "date", None)
    if raw_date:
        try:
            published = parse_day(str(raw_date))
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


# --- helpers ---------------------------------------------------------------------------------


def _default_stdin() -> IO[Any]:
    return getattr(sys.stdin, "buffer", sys.stdin)


def _as_bytes(chunk: bytes | str) -> bytes:
    return chunk if isinstance(chunk, bytes) else chunk.encode("utf-8", "replace")
