"""Clean an article's text for NLP while keeping every character traceable to the original.

`clean(text)` returns a `CleanText`: the cleaned string plus, for each cleaned character, the
index of the original character it came from. Downstream stages work on the cleaned text and
map their spans back with `CleanText.original_span`, so an event's `char_start`/`char_end`
always slice the article text exactly as it was read.

What cleaning does, line by line (a "line" ends at any break `str.splitlines` knows):

1. Each character is normalised on its own with NFKC (so "ﬁ" becomes "fi", a no-break space
   becomes a space, full-width letters become ASCII). Per character, not per string: every
   cleaned character then comes from exactly one original character. The price is that a base
   letter followed by a separate combining accent stays decomposed.
2. Curly quotes are mapped to straight ones ("’" → "'", "“" → '"'), so "China’s" and
   "China's" look the same to actor dictionaries and patterns. Dashes and ellipses are left to
   NFKC ("…" becomes "...", dashes are kept).
3. Control characters, format characters (zero-width spaces and joiners, soft hyphens, BOMs,
   bidi marks) and lone surrogates are removed; every kind of whitespace becomes a space.
4. Runs of spaces collapse to one, and each line is trimmed.
5. A wire dateline opening one of the first lines ("NAIROBI, Kenya (AP) — ") is dropped: it
   names where the reporter filed from, not an actor or the event's place.
6. Lines that are scraped boilerplate ("Advertisement", "Share this article", "Read more: …",
   "Copyright 2024 …", see `BOILERPLATE`) are dropped whole, as are lines left empty.

The surviving lines are joined with one "\\n" each: one line, one paragraph; except that a line
that stops mid-sentence and runs on in the next line (hard-wrapped wire copy: a long line without
final punctuation, or a next line starting in lower case) is joined to it with a space.

`content_id(text)` is a short stable fingerprint of an article's content for de-duplication.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from array import array
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = ["CleanText", "clean", "content_id", "is_boilerplate", "BOILERPLATE"]

# Whole lines that scrapers leave behind. Each pattern must match the *entire* line, after the
# line is case-folded, whitespace-collapsed and stripped of surrounding punctuation (so
# "— ADVERTISEMENT —" and "[Advertisement]" match too). Patterns that allow trailing text are
# anchored on a marker a real sentence would not start with ("read more:" needs its colon).
BOILERPLATE: tuple[str, ...] = (
    r"advert(?:is(?:e)?ment|orial)s?",
    r"ad(?:vertisement)?\s*[-:]?\s*scroll to continue(?: reading)?",
    r"(?:story|article) continues below(?: (?:this )?advert(?:isement)?)?",
    r"sponsored(?: content| stories| links| post)?",
    r"(?:paid|promoted) content",
    r"share(?: this)?(?: article| story| post| page)?",
    r"share (?:on|via) \S+(?: (?:or|and) \S+)?",
    r"(?:(?:facebook|twitter|x|linkedin|whatsapp|telegram|reddit|email|e-mail|print|copy link)\s*){1,8}",
    r"tweet(?: this)?",
    r"subscribe(?: now| today| here)?",
    r"subscribe to (?:our|the) .{0,60}newsletters?.{0,80}",
    r"sign up (?:for|to) .{0,80}newsletters?.{0,80}",
    r"get (?:our|the) .{0,40}newsletter.{0,80}",
    r"click here(?: to .{0,120})?",
    r"read more(?: ?: ?.*)?",
    r"read (?:also|next|the full story)(?: ?: ?.*)?",
    r"(?:also read|see also|watch|watch now|listen)(?: ?: .*)?",
    r"related(?: articles| stories| news| content| coverage| reading| topics)?(?: ?: ?.*)?",
    r"follow us on .{0,120}",
    r"follow (?:us|@\S+)(?: on .{0,80})?",
    r"(?:copyright|©)(?: ?©)?",
    r"(?:copyright ?(?:©|\d{4})|©).*",
    r".{0,120}all rights reserved\.?",
    r"(?:image|photo|video) (?:credit|source)s?: .{0,120}",
    # the reporters' credits at an article's end: their cities are no actors ("…in Washington
    # contributed to this report")
    r"(?:[-–—] ?)?.{0,180} contributed (?:reporting|to this (?:report|story|article))(?: from .{0,60})?",
    r"contributing: .{0,180}",
    r"\((?:additional )?(?:reporting|writing|editing) by .{0,180}\)?",
    r"additional reporting by .{0,180}",
    r"reporting by [^.;]{0,80}; ?(?:additional reporting|writing|editing) by .{0,120}",
)

# A wire dateline opening one of an article's first paragraphs: "NAIROBI, Kenya (AP) — ",
# "WASHINGTON, March 31 - ", "Cairo (CNN) -- ". Where the reporter filed from is neither an actor
# nor the event's place, and the parser reads "WASHINGTON (Reuters) - U.S. Secretary of State
# Mike Pompeo" as one name. A city in capitals, or in title case only before an agency.
_DATELINE = re.compile(
    r"(?P<city>[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,3}"
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}(?=(?:, [A-Z][A-Za-z]+){0,2} ?\([A-Z]))"
    r"(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){0,2})?"  # the region or country
    r"(?:,? [A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?)?"  # the day: "Oct 19", "May 15"
    r"(?: ?\([A-Za-z][A-Za-z0-9 .&'/-]{0,40}\))?"  # the agency: "(AP)", "(Reuters)"
    r" ?(?:--|[-–—:]) ?(?=[A-Z\"'])"
)
_DATELINE_LINES = 3  # the title, a byline or a summary may come before it

# Never treat a long line as boilerplate: real paragraphs can start with "Related" or "Watch".
_MAX_BOILERPLATE_LEN = 200

_BOILERPLATE_RE = re.compile("|".join(f"(?:{p})" for p in BOILERPLATE))

# Line breaks, the same set str.splitlines() uses.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")

# ASCII control characters other than tab; a line without them needs no per-char work.
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_ASCII_WORD = re.compile(r"[^ \t]+")

_QUOTES = {
    "\u2018": "'",  # ‘
    "\u2019": "'",  # ’
    "\u201a": "'",  # ‚
    "\u201b": "'",  # ‛
    "\u2032": "'",  # ′ (often a scraped apostrophe)
    "\u201c": '"',  # “
    "\u201d": '"',  # ”
    "\u201e": '"',  # „
    "\u201f": '"',  # ‟
    "\u2033": '"',  # ″
}

_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})


@lru_cache(maxsize=65536)
def _normalise_char(ch: str) -> str:
    "What one original character becomes: zero or more characters, whitespace as ' '."
    out = []
    for c in unicodedata.normalize("NFKC", ch):
        if c.isspace():
            out.append(" ")
        elif unicodedata.category(c) in _DROPPED_CATEGORIES:
            continue
        else:
            out.append(_QUOTES.get(c, c))
    return "".join(out)


@dataclass(frozen=True)
class CleanText:
    """Cleaned text and the map back to the original.

    `offsets[i]` is the index in the original text of the character `text[i]` came from, and
    `offsets[len(text)]` is the length of the original. Treat `offsets` as read-only: it is an
    `array` (8 bytes a character) rather than a tuple (about 36) because articles can be large.
    """

    text: str
    offsets: array[int] = field(repr=False, hash=False)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that cleaned `text[start:end]` came from.

        From the first source character to the end of the last one, so `original[s:e]` holds
        exactly the source of the span (plus whatever cleaning removed in between).
        """
        n = len(self.text)
        if not 0 <= start <= end <= n:
            raise IndexError(f"span {start}:{end} is outside the cleaned text (length {n})")
        if start == end:
            return self.offsets[start], self.offsets[start]
        # Every cleaned character comes from exactly one original character (NFKC is applied
        # per character), so the source of text[end-1] ends one past its offset.
        return self.offsets[start], self.offsets[end - 1] + 1

    def paragraphs(self) -> list[tuple[int, int]]:
        "The (start, end) spans of the paragraphs in the cleaned text."
        spans = []
        start = 0
        text = self.text
        if not text:
            return spans
        while True:
            end = text.find("\n", start)
            if end == -1:
                spans.append((start, len(text)))
                return spans
            spans.append((start, end))
            start = end + 1


def is_boilerplate(line: str) -> bool:
    "Whether a (normalised) line is scraped boilerplate rather than article text."
    if len(line) > _MAX_BOILERPLATE_LEN:
        return False
    key = " ".join(line.casefold().replace("(c)", "©").split())
    key = _strip_punctuation(key)
    if not key:
        return False  # a line of only punctuation ("* * *") is a separator, kept as text
    return _BOILERPLATE_RE.fullmatch(key) is not None


def _strip_punctuation(s: str) -> str:
    start, end = 0, len(s)
    while start < end and _is_edge_junk(s[start]):
        start += 1
    while end > start and _is_edge_junk(s[end - 1]):
        end -= 1
    return s[start:end]


def _is_edge_junk(c: str) -> bool:
    return c.isspace() or unicodedata.category(c)[0] == "P" or c in "|>*~=+_•·»«›‹→←"


def _clean_line(text: str, start: int, end: int, chars: list[str], offs: array[int]) -> None:
    """Append the normalised, space-collapsed, trimmed characters of text[start:end] and their
    original indices to `chars`/`offs`."""
    line = text[start:end]
    if line.isascii() and not _ASCII_CONTROL.search(line):
        # Fast path: NFKC leaves ASCII alone, so only spaces need work.
        previous_end = -1
        for m in _ASCII_WORD.finditer(line):
            if previous_end >= 0:
                chars.append(" ")
                offs.append(start + previous_end)  # the first space of the run before it
            previous_end = m.end()
            chars.append(m.group())
            offs.extend(range(start + m.start(), start + m.end()))
        return
    pending_space = -1  # original index of the first space in the current run, if any
    emitted = False
    for i in range(start, end):
        for c in _normalise_char(text[i]):
            if c == " ":
                if pending_space < 0:
                    pending_space = i
                continue
            if pending_space >= 0 and emitted:
                chars.append(" ")
                offs.append(pending_space)
            pending_space = -1
            chars.append(c)
            offs.append(i)
            emitted = True


def clean(text: str) -> CleanText:
    "Clean `text` (see the module docstring), keeping the map back to it."
    pieces: list[str] = []
    offs: array[int] = array("q")
    line_start = 0
    previous_break = -1  # original index of the break after the last kept paragraph
    breaks = [(m.start(), m.end()) for m in _LINE_BREAK.finditer(text)]
    breaks.append((len(text), len(text)))
    previous_line = ""
    gap = False  # a blank or dropped line since the last kept one: a paragraph break
    kept = 0  # lines kept so far: a dateline opens one of the first
    for break_start, break_end in breaks:
        chars: list[str] = []
        line_offs: array[int] = array("q")
        _clean_line(text, line_start, break_start, chars, line_offs)
        line_start = break_end
        if not chars:
            gap = True
            continue
        line = "".join(chars)
        if is_boilerplate(line):
            gap = True
            continue
        if kept < _DATELINE_LINES and (end := _dateline_end(line)):
            line, line_offs = line[end:], line_offs[end:]
        kept += 1
        if pieces:
            pieces.append(" " if not gap and _wrapped(previous_line, line) else "\n")
            offs.append(previous_break)
        pieces.append(line)
        previous_line, gap = line, False
        offs.extend(line_offs)
        previous_break = break_start
    offs.append(len(text))
    return CleanText("".join(pieces), offs)


_SENTENCE_END = tuple('.!?:;"\')]')
_WRAP_WIDTH = 60  # a line this long that stops mid-sentence was wrapped, not a heading


def _dateline_end(line: str) -> int:
    """Where a dateline opening the line ends; 0 without one ("US - China talks" is none)."""
    found = _DATELINE.match(line)
    if found is None or found.end() >= len(line) or sum(c.isalpha() for c in found["city"]) < 4:
        return 0
    return found.end()


def _wrapped(previous: str, line: str) -> bool:
    """Whether a line break inside a paragraph is a hard wrap ("…scaling a pole and" / "unfurling
    banners…"), to be read as a space. A short line without final punctuation is a heading."""
    if previous.endswith(_SENTENCE_END):
        return False
    return line[:1].islower() or len(previous) >= _WRAP_WIDTH


def content_id(text: str) -> str:
    """A stable fingerprint of an article's content: the first 16 hex characters (64 bits) of
    the SHA-256 of the text after NFKC, case folding and collapsing all whitespace to single
    spaces. The same article read twice, or re-wrapped, gets the same id."""
    normalised = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    digest = hashlib.sha256(normalised.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]
