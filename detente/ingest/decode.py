"""Bytes to text: known binary formats refused by their first bytes, then UTF-8 (BOM or not),
UTF-16/32 when a BOM says so, and otherwise charset-normalizer's guess, except that for
Latin-script guesses we decode as cp1252 (the legacy encoding of most English news; it is a
superset of Latin-1's letters), so "Café … Zürich … São Paulo" survives."""

from __future__ import annotations

import re

__all__ = ["binary_kind", "decode", "mostly_text", "SURROGATE"]

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

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # Cc, except the whitespace ones
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
SURROGATE = re.compile(r"[\ud800-\udfff]")

# Characters in the Latin-1 symbol block that, between two letters, betray a wrong single-byte
# decoding ("Za¿ó³æ" is Polish read as cp1252).
_MOJIBAKE = re.compile(r"(?<=[^\W\d_])[\u00a1-\u00a9\u00ab-\u00b9\u00bb-\u00bf](?=[^\W\d_])")


def binary_kind(data: bytes) -> str | None:
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


def decode(data: bytes) -> str | None:
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
        return text if mostly_text(text) else None
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
    if not mostly_text(text):
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


def mostly_text(text: str) -> bool:
    "Few control characters: random bytes decoded as a code page are full of them."
    if not text:
        return True
    controls = sum(1 for _ in _CONTROL.finditer(text))
    return controls <= max(1, len(text) // 100)
