"""Series: recurring named mechanisms (dialogues, rounds of talks, summits) and their editions.

Reading text (pure, no database):

    find_mentions("Beijing hosted the eighth military staff dialogue between China and NATO.")
    → [SeriesMention(text='eighth military staff dialogue between China and NATO',
                     name='military staff dialogue', ordinal=8, year=None,
                     parties=('CHN', 'IGOWSTNAT'), ...)]
    find_history("The talks, initiated in 2010, resumed in 2018.")
    → [HistoryMention(kind='start', verb='initiated', year=2010, ...),
       HistoryMention(kind='resumed', verb='resumed', year=2018, ...)]

A mention is recognised in these shapes (the cue word is what makes it an edition of a series):
- ordinal + name + head     "the eighth military staff dialogue", "the 12th BRICS summit",
                            "the twenty-first summit", "the inaugural Raisina Dialogue" (1)
- year + name + head        "the 2024 G20 summit" (an edition named by its year)
- edition word + of + name  "the third session of the strategic dialogue", "the fifth round of
                            talks", "the 78th session of the UN General Assembly"
- annual + name + head      "the annual Shangri-La Dialogue"
- a capitalised name        "the Munich Security Conference", "the Strategic and Economic Dialogue"
A head is a mechanism noun (dialogue, talks, summit, conference, forum, consultations, meeting,
session, negotiations, congress, …). The parties are read from "between/among A and B" after the
mention and from a hyphenated compound of names inside it ("the China-NATO dialogue"), coded by
detente's actor matcher to countries (ISO3) or organisation codes (IGOWSTNAT); a series' key is
its normalised name and the sorted parties, so "between China and NATO" and "between NATO and
China" are one series. A bare head without name or parties ("the first summit") is too generic to
be a series and is skipped; so are "the first time", "the second largest city", "third-party".

History statements are a mechanism verb with a year in the same sentence: started (initiated,
launched, established, inaugurated, founded, began, started, first held/convened), resumed
(resumed, restarted, revived, relaunched, reconvened) or suspended (suspended, interrupted, halted,
frozen, stalled, broken off, called off). The sentence must be about a mechanism: it names one
(dialogue, talks, communication, contacts, exchanges, mechanism, …) and an active verb's object
is one ("Russia launched its invasion in 2022" is not history).

From the database, `series(store)` builds each series with its editions and history; see there for
how mentions are tied to events and how history finds its series.

Nothing here raises on any text.
"""

from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ..coding.dates import find_dates
from ..errors import DetenteError

if TYPE_CHECKING:
    from ..store import Store

__all__ = [
    "SeriesMention",
    "HistoryMention",
    "Edition",
    "History",
    "Series",
    "PartyCoder",
    "code_parties",
    "find_mentions",
    "find_history",
    "parse_ordinal",
    "series",
]

HistoryKind = Literal["start", "resumed", "suspended"]
# text naming parties ("China and the North Atlantic Treaty Organization (NATO)") → their codes
PartyCoder = Callable[[str], tuple[str, ...]]

# --- vocabulary

_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
          "seventeenth", "eighteenth", "nineteenth"]  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_ORDINAL_WORDS: dict[str, int] = {word: n for n, word in enumerate(_UNITS, start=1)}
_ORDINAL_WORDS.update({word: n for n, word in enumerate(_TEENS, start=10)})
for _tens, _value in _TENS.items():
    _ORDINAL_WORDS[_tens[:-1] + "ieth"] = _value  # twentieth, thirtieth, …
    for _n, _unit in enumerate(_UNITS, start=1):
        _ORDINAL_WORDS[f"{_tens}-{_unit}"] = _value + _n
        _ORDINAL_WORDS[f"{_tens} {_unit}"] = _value + _n
_ORDINAL_WORDS["hundredth"] = 100
_ORDINAL_WORDS["inaugural"] = 1

# Nouns that name a meeting that recurs. "dialog" is the American spelling.
HEADS = frozenset({
    "dialogue", "dialogues", "dialog", "talks", "summit", "summits", "conference", "forum",
    "consultations", "consultation", "meeting", "meetings", "negotiations", "discussions",
    "session", "sessions", "congress", "plenum", "assembly", "ministerial", "round",
    "roundtable", "symposium", "expo", "exercise", "exercises", "drills", "review",
})  # fmt: skip
# Heads that count an edition of something named after "of": "the third session of the …"
EDITION_WORDS = frozenset({"round", "session", "edition", "meeting", "plenary", "sitting", "iteration", "summit"})
# Bodies whose meetings are counted: "the tenth meeting of the joint commission"
BODIES = frozenset({"commission", "committee", "council", "group", "mechanism", "process", "format", "board"})
# Words before a head that describe the edition, not the series: dropped from the name
MODIFIERS = frozenset({"annual", "biennial", "yearly", "regular", "latest", "inaugural", "ongoing", "upcoming",
                       "next", "recent", "new", "fresh", "formal", "informal"})  # fmt: skip
# Words that cannot be part of a series name: "the first time", "the second largest city"
_STOP = frozenset({
    "the", "a", "an", "of", "in", "on", "at", "to", "for", "from", "by", "with", "since", "into", "as",
    "is", "was", "were", "are", "be", "been", "has", "have", "had", "that", "which", "who", "this",
    "these", "those", "its", "their", "his", "her", "time", "times", "ever", "most", "least", "such",
    "more", "less", "than", "place", "day", "week", "month", "year", "years", "half", "quarter",
    "largest", "biggest", "highest", "lowest", "best", "worst", "last", "only", "one", "ones",
    "person", "people", "party", "phase", "stage", "step", "wave", "term", "not", "it", "they",
    "he", "she", "we", "after", "before", "during", "but", "or", "nor", "so", "if", "when",
})  # fmt: skip
# Nouns that make a sentence about a mechanism (history statements need one)
MECHANISM_NOUNS = HEADS | BODIES | frozenset({
    "communication", "communications", "contacts", "contact", "exchanges", "exchange", "channel",
    "channels", "series", "format", "hotline", "framework", "platform", "visits", "engagement",
})  # fmt: skip

_HISTORY_VERBS: dict[str, HistoryKind] = {
    **dict.fromkeys(
        ["initiated", "launched", "established", "inaugurated", "instituted", "founded", "created",
         "set up", "began", "begun", "started", "first held", "first convened", "first met",
         "first took place", "kicked off"], "start"),
    **dict.fromkeys(
        ["resumed", "restarted", "re-started", "revived", "relaunched", "re-launched", "reconvened",
         "restored", "reinstated"], "resumed"),
    **dict.fromkeys(
        ["suspended", "interrupted", "halted", "frozen", "froze", "stalled", "paused", "broken off",
         "broke off", "cut off", "discontinued", "called off", "cancelled", "canceled", "shelved"],
        "suspended"),
}  # fmt: skip
# verbs that say a meeting took place: their subject needs no mechanism noun ("It was first held in 2002")
_SELF_EVIDENT = {"first held", "first convened", "first took place", "reconvened"}

_WORD = r"(?:[A-Z]\.){2,}|[A-Za-z0-9][\w'’&+]*(?:[-–][\w'’&+]+)*"
_TOKEN = re.compile(rf"[ \u00a0]+({_WORD})")
_ORDINAL = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(sorted((re.escape(w).replace(r"\ ", "[ ]") for w in _ORDINAL_WORDS), key=len, reverse=True))
    + r"|(?P<num>\d{1,3})(?P<suffix>st|nd|rd|th)|(?P<year>(?:19|20)\d\d))(?![\w-]|[.,]\d)",
    re.IGNORECASE,
)
_ANNUAL = re.compile(r"(?<![\w-])(?:annual|biennial|yearly)(?![\w-])", re.IGNORECASE)
_DETERMINER_BEFORE = re.compile(r"(?:\b(?:the|its|their|this|that|a)|'s)\s+$", re.IGNORECASE)
_CAPITAL_NAME = re.compile(
    rf"\b[Tt]he[ \u00a0]+((?:(?:[A-Z][\w'’&+]*(?:[-–][\w'’&+]+)*|(?:[A-Z]\.){{2,}}|and|of|on|for)[ \u00a0]+){{1,6}}?)"
    rf"(Dialogue|Dialog|Talks|Summit|Conference|Forum|Consultations|Congress|Symposium|Roundtable)\b"
)
_PARTIES = re.compile(r"[ \u00a0]+(?:between|among|amongst|involving)[ \u00a0]+([^.;:!?\n]{1,160})", re.IGNORECASE)
# words that end a list of parties: the clause goes on ("…and NATO in Beijing", "…and Iran was held")
_PARTIES_END = re.compile(
    r"\s(?:in|on|at|was|were|is|are|has|have|had|held|which|that|who|to|for|over|since|last|this|"
    r"after|before|will|would|began|ended|concluded|took|opened|marking|amid|as|when|where|with|"
    r"from|during|under|about|said|says|the\s+first|met|began|broke|came|went|saw|got|kept|made|"
    r"(?!armed\b)[a-z]{2,}ed)\b"
)


def parse_ordinal(word: str) -> int | None:
    """'eighth' → 8, 'Twenty-first' → 21, '21st' → 21, 'inaugural' → 1; None if not an ordinal
    ('2th' has the wrong suffix)."""
    word = word.strip().lower().replace("–", "-")
    word = re.sub(r"\s+", " ", word)
    if word in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[word]
    match = re.fullmatch(r"(\d{1,3})(st|nd|rd|th)", word)
    if not match:
        return None
    n, suffix = int(match[1]), match[2]
    expected = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return n if suffix == expected and n > 0 else None


# --- mentions


@dataclass(frozen=True)
class SeriesMention:
    "One edition of a series named in a text: `text == source[start:end]`."

    start: int
    end: int
    text: str
    name: str  # normalised: lower case, no edition words or parties: "military staff dialogue"
    title: str  # the name as written: "Shangri-La Dialogue", "BRICS summit"
    ordinal: int | None  # eighth → 8
    year: int | None  # "the 2024 G20 summit" → 2024
    parties: tuple[str, ...]  # sorted codes: ("CHN", "IGOWSTNAT")
    parties_text: str | None  # as written: "China and the North Atlantic Treaty Organization (NATO)"

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        return (self.name, self.parties)


@functools.lru_cache(maxsize=1)
def _actor_matcher() -> Any:
    from ..coding.actors import ActorMatcher
    from ..coding.nlp import load_nlp

    return ActorMatcher(load_nlp())


@functools.lru_cache(maxsize=4096)
def code_parties(text: str) -> tuple[str, ...]:
    """The actors named in `text`, as countries (ISO3: a government, capital or leader stands for
    its country) or organisation codes, sorted. Uses detente's actor tables."""
    from ..coding.nlp import load_nlp

    doc = load_nlp()(text[:300])
    codes = {
        name.country or name.code
        for kind, name in _actor_matcher().annotate(doc[:]).values()
        if kind == "name" and (name.country or name.code)
    }
    return tuple(sorted(codes))


def find_mentions(text: str, *, parties: PartyCoder | None = None) -> list[SeriesMention]:
    """Every edition of a recurring mechanism named in `text` (a sentence or a whole article), in
    text order. `parties` codes a phrase naming the parties (default: `code_parties`)."""
    coder = parties or code_parties
    found: list[SeriesMention] = []
    taken: list[tuple[int, int]] = []

    def add(mention: SeriesMention | None) -> None:
        if mention is not None and not any(s < mention.end and mention.start < e for s, e in taken):
            found.append(mention)
            taken.append((mention.start, mention.end))

    for cue in _ORDINAL.finditer(text):
        if cue["year"] and not _DETERMINER_BEFORE.search(text[max(0, cue.start() - 12) : cue.start()]):
            continue  # a bare year is a date ("in 2024 summit talks"), not an edition's name
        ordinal = None if cue["year"] else parse_ordinal(cue[0])
        if ordinal is None and not cue["year"]:
            continue
        year = int(cue["year"]) if cue["year"] else None
        add(_read_name(text, cue.start(), cue.end(), ordinal, year, coder))
    for cue in _ANNUAL.finditer(text):
        add(_read_name(text, cue.start(), cue.end(), None, None, coder))
    for match in _CAPITAL_NAME.finditer(text):
        words = [(m.group(1), m.start(1)) for m in re.finditer(rf"({_WORD})", match[0])][1:]  # drop "the"
        if any(w.lower() in ("of", "on", "for") or parse_ordinal(w) for w, _ in words[:1]):
            continue
        tokens = [(w, match.start() + s, match.start() + s + len(w)) for w, s in words]
        add(_mention(text, tokens[0][1], tokens[:-1], tokens[-1], None, None, coder, named=True))
    return sorted(found, key=lambda m: m.start)


def _tokens(text: str, pos: int, limit: int = 9) -> list[tuple[str, int, int]]:
    "The words after `pos`, separated by spaces only: a comma or a full stop ends the phrase."
    out = []
    while len(out) < limit:
        match = _TOKEN.match(text, pos)
        if not match:
            break
        out.append((match[1], match.start(1), match.end(1)))
        pos = match.end()
    return out


def _read_name(
    text: str, start: int, cue_end: int, ordinal: int | None, year: int | None, coder: PartyCoder
) -> SeriesMention | None:
    tokens = _tokens(text, cue_end)
    name: list[tuple[str, int, int]] = []
    for k, token in enumerate(tokens):
        word = token[0].lower()
        nxt = tokens[k + 1][0].lower() if k + 1 < len(tokens) else ""
        if word in EDITION_WORDS and nxt == "of" and not name:
            # "the third session of the strategic dialogue", "the fifth round of talks"
            return _edition_of(text, start, tokens[k + 2 :], ordinal, year, coder)
        if word in HEADS or (word in BODIES and name):
            head = _run_on(token, tokens[k + 1 :], name, stop=("round",))
            return _mention(text, start, name, head, ordinal, year, coder)
        if not _name_word(token[0], bool(name)):
            return None
        name.append(token)
        if len(name) > 6:
            return None
    return None


def _run_on(
    head: tuple[str, int, int], rest: list[tuple[str, int, int]], name: list[tuple[str, int, int]], stop: tuple[str, ...] = ()
) -> tuple[str, int, int]:
    """"summit meeting", "Ministerial Conference": the head runs on over the head words that
    follow it; the earlier ones join the name (in place). Returns the last head word."""
    for extra in rest:
        if extra[0].lower() not in HEADS | BODIES or extra[0].lower() in stop:
            break
        name.append(head)
        head = extra
    return head


def _edition_of(
    text: str, start: int, tokens: list[tuple[str, int, int]], ordinal: int | None, year: int | None, coder: PartyCoder
) -> SeriesMention | None:
    if tokens and tokens[0][0].lower() in ("the", "this", "these"):
        tokens = tokens[1:]
    name: list[tuple[str, int, int]] = []
    for k, token in enumerate(tokens):
        word = token[0].lower()
        if word in HEADS or word in BODIES:
            head = _run_on(token, tokens[k + 1 :], name)
            return _mention(text, start, name, head, ordinal, year, coder)
        if not _name_word(token[0], bool(name)):
            break
        name.append(token)
    # "the 12th session of the Astana Process"-like proper names without a known head
    capitals = [t for t in name if t[0][:1].isupper()]
    if capitals and capitals == name and len(name) >= 2:
        return _mention(text, start, name[:-1], name[-1], ordinal, year, coder)
    return None


def _name_word(word: str, inside: bool) -> bool:
    lower = word.lower()
    if lower == "and":
        return inside  # "Strategic and Economic Dialogue"; never first
    if lower in _STOP or lower in _ORDINAL_WORDS or word.isdigit():
        return False
    if word.islower() and (lower.endswith("est") and len(lower) > 5 or lower.endswith("ly")):
        return False  # "largest", "closely": not a name
    return True


def _mention(
    text: str,
    start: int,
    name: Sequence[tuple[str, int, int]],
    head: tuple[str, int, int],
    ordinal: int | None,
    year: int | None,
    coder: PartyCoder,
    named: bool = False,
) -> SeriesMention | None:
    words = [t[0] for t in name]
    while words and words[-1].lower() == "and":
        words.pop()
    parties: set[str] = set()
    # a compound of names inside the name: "the China-NATO dialogue", "the US-China Strategic Dialogue"
    for k, word in enumerate(words):
        parts = [p for p in re.split(r"[-–]", word) if p]
        if len(parts) >= 2 and not any(p.islower() for p in parts):
            codes = [_safe_code(coder, p) for p in parts]
            if all(len(c) == 1 for c in codes) and len({c[0] for c in codes}) == len(parts):
                parties.update(c[0] for c in codes)
                words[k] = ""
    end = head[2]
    parties_text = None
    after = _PARTIES.match(text, end)
    if after:
        parties_text = _party_list(after[1])
        if parties_text:
            parties.update(_safe_code(coder, parties_text))
            end = after.start(1) + len(parties_text)
    head_word = head[0].lower()
    title_words = [w for w in words if w and w.lower() not in MODIFIERS] + [head[0]]
    title = " ".join(title_words)
    name_text = " ".join(w.lower() for w in title_words)
    name_text = re.sub(r"\bdialog\b", "dialogue", name_text).replace("–", "-")
    generic = name_text in HEADS | EDITION_WORDS | BODIES
    if generic and not parties and not named:
        return None  # "the first summit": no series without a name or parties
    if named and head_word and len(title_words) < 2:
        return None
    if ordinal is None and year is None and generic and not parties:
        return None
    return SeriesMention(
        start=start,
        end=end,
        text=text[start:end],
        name=name_text,
        title=title,
        ordinal=ordinal,
        year=year,
        parties=tuple(sorted(parties)),
        parties_text=parties_text,
    )


def _party_list(raw: str) -> str:
    "'China and NATO, marking a new era' → 'China and NATO'; 'the US, Russia and Ukraine in…' → the three."
    cut = _PARTIES_END.search(raw)
    if cut:
        raw = raw[: cut.start()]
    kept: list[str] = []
    for segment in raw.split(","):
        kept.append(segment)
        if re.search(r"\band\b|&", segment):
            break
    return ",".join(kept).rstrip(" ,")


def _safe_code(coder: PartyCoder, text: str) -> tuple[str, ...]:
    try:
        return tuple(coder(text))
    except DetenteError:
        raise  # a missing model is an install problem, not text we cannot read
    except Exception:  # a user's coder must not make reading text fail
        return ()


# --- history


@dataclass(frozen=True)
class HistoryMention:
    "A statement of when a mechanism started, resumed or was suspended: `text == source[start:end]`."

    start: int
    end: int
    text: str  # the verb through the year: "initiated in 2010"
    kind: HistoryKind
    verb: str
    year: int
    sentence_start: int
    sentence_end: int
    sentence: str


_VERB = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in sorted(_HISTORY_VERBS, key=len, reverse=True)) + r")(?![\w-])",
    re.IGNORECASE,
)
# after an active verb: an adverb or preposition (passive, intransitive) or an object
_INTRANSITIVE_NEXT = frozenset({
    "in", "on", "at", "since", "from", "during", "after", "before", "until", "by", "only", "again",
    "earnest", "formally", "officially", "briefly", "back", "but", "and", "when", "as", "for",
    "following", "amid", "last", "this", "early", "late", "mid", "around", "nearly", "about",
})  # fmt: skip
_ABBREVIATIONS = re.compile(r"(?:\b[A-Z]|\bMr|\bMrs|\bMs|\bDr|\bGen|\bLt|\bCol|\bSt|\bNo|\bvs|\bU\.S|\bU\.N|\bU\.K|\bE\.U)\.$")


def sentences(text: str) -> list[tuple[int, int]]:
    "Sentence offsets in `text`: a rough split at . ! ? before a capital, and at line breaks."
    out: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"“‘'(]?[A-Z0-9])|\n+", text):
        if match[0].strip() == "" and "\n" not in match[0] and _ABBREVIATIONS.search(text[start : match.start()]):
            continue
        _append_trimmed(text, start, match.start(), out)
        start = match.end()
    _append_trimmed(text, start, len(text), out)
    return out


def _append_trimmed(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


def find_history(text: str) -> list[HistoryMention]:
    """Every dated history statement about a mechanism in `text`, in text order. Only absolute
    years count ("in 2010", "since 2018", "in March 2018"): relative dates need the article's."""
    found = []
    for s_start, s_end in sentences(text):
        sentence = text[s_start:s_end]
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", sentence)}
        dates = [d for d in _safe_dates(sentence) if d.precision in ("year", "month", "day")]
        if not dates:
            continue
        for verb in _VERB.finditer(sentence):
            phrase = re.sub(r"\s+", " ", verb[1].lower())
            if phrase not in _SELF_EVIDENT and not (words & MECHANISM_NOUNS):
                continue
            if not _about_mechanism(sentence[verb.end() :]):
                continue
            when = _date_of(sentence, verb, dates)
            if when is None:
                continue
            lo, hi = min(verb.start(), when.start), max(verb.end(), when.end)
            found.append(
                HistoryMention(
                    start=s_start + lo, end=s_start + hi, text=sentence[lo:hi], kind=_HISTORY_VERBS[phrase],
                    verb=phrase, year=when.date.year, sentence_start=s_start, sentence_end=s_end, sentence=sentence,
                )  # fmt: skip
            )
    return found


def _safe_dates(sentence: str) -> list[Any]:
    try:
        return find_dates(sentence, None)
    except Exception:  # find_dates promises not to raise; a history line is not worth a crash
        return []


def _about_mechanism(after: str) -> bool:
    "An active verb's object must be a mechanism: 'launched the dialogue', not 'launched its invasion'."
    words = re.findall(r"[A-Za-z'’-]+|[^\sA-Za-z]", after[:80])
    if not words or not words[0][:1].isalpha() or words[0].lower() in _INTRANSITIVE_NEXT:
        return True
    for word in words[:6]:
        lower = word.lower()
        if lower in MECHANISM_NOUNS:
            return True
        if not word[:1].isalpha() or (lower in _INTRANSITIVE_NEXT and lower not in ("this", "last")):
            break
    return False


def _date_of(sentence: str, verb: re.Match[str], dates: Sequence[Any]) -> Any:
    "The date after the verb (up to three words between), else one shortly before it in its clause."
    for when in dates:
        gap = sentence[verb.end() : when.start]
        if when.start >= verb.end() and re.fullmatch(r"(?:\s+[\w'’-]+){0,3}\s*", gap):
            return when
    before = [d for d in dates if d.end <= verb.start()]
    if before:
        when = before[-1]
        gap = sentence[when.end : verb.start()]
        if len(gap.split()) <= 8 and not _VERB.search(gap) and not re.search(r"[;:]", gap):
            return when
    return None


# --- series in the database


@dataclass(frozen=True)
class Edition:
    "One edition of a series: when and where it met, and the reports it was read from."

    ordinal: int | None
    year: int | None  # as named ("the 2024 G20 summit"), else None
    date: str | None  # ISO 8601, from the events coded from the mention's sentence, else the year
    date_precision: str | None  # day, month, year
    place: str | None
    country: str | None  # ISO 3166 alpha-3 of the place
    lat: float | None
    lon: float | None
    incident_id: str | None  # the incident of the report that gave the date
    event_ids: tuple[str, ...]
    incident_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    evidence: str  # the first sentence naming it

    def to_dict(self) -> dict[str, Any]:
        return {
            "ordinal": self.ordinal, "year": self.year, "date": self.date, "date_precision": self.date_precision,
            "place": self.place, "country": self.country, "lat": self.lat, "lon": self.lon,
            "incident_id": self.incident_id, "event_ids": list(self.event_ids),
            "incident_ids": list(self.incident_ids), "article_ids": list(self.article_ids), "evidence": self.evidence,
        }  # fmt: skip


@dataclass(frozen=True)
class History:
    "A stated moment of a series' history: started, resumed or suspended in `year`."

    kind: HistoryKind
    year: int
    verb: str
    evidence: str  # the sentence
    article_id: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "year": self.year, "verb": self.verb, "evidence": self.evidence,
                "article_id": self.article_id}  # fmt: skip


@dataclass(frozen=True)
class Series:
    "A recurring mechanism: its name and parties (the key), its editions and stated history."

    name: str
    parties: tuple[str, ...]
    title: str  # the name as most often written
    editions: tuple[Edition, ...]
    history: tuple[History, ...]
    article_ids: tuple[str, ...] = field(default=())

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        return (self.name, self.parties)

    def to_dict(self) -> dict[str, Any]:
        "A JSON-ready dict; the intended shape of `detente series --format json`."
        return {
            "name": self.name,
            "parties": list(self.parties),
            "title": self.title,
            "editions": [e.to_dict() for e in self.editions],
            "history": [h.to_dict() for h in self.history],
            "article_ids": list(self.article_ids),
        }


@dataclass
class _Report:
    "An event row that may date and place an edition."

    id: str
    start: int
    end: int
    date: str | None
    precision: str | None
    date_source: str | None
    place: str | None
    country: str | None
    lat: float | None
    lon: float | None
    incident_id: str | None
    actors: frozenset[str]
    flagged: bool  # background, negated or hypothetical: not this edition's report
    at: int  # where its trigger is in the article text (the sentence start if not found)
    words: tuple[str, ...]  # its actors as written ("G20"), to tell two mentions in a sentence apart


@dataclass
class _Found:
    mention: SeriesMention
    article_id: str
    evidence: str
    reports: list[_Report]


_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


def series(store: Store, *, parties: PartyCoder | None = None) -> list[Series]:
    """Every series named in the stored articles, sorted by name and parties.

    Editions. A mention is tied to the events coded from its sentence (the event's
    char_start ≤ mention < char_end): events that are background, negated or hypothetical are
    not the edition; when the series has parties, events whose actors include one of them are
    preferred; when the sentence names several series, an event goes to the mention that
    contains one of its actors ("…the 2024 G20 summit" for an event aimed at the G20), else to
    the mention nearest its trigger. The edition's date is the best of those events' dates (a
    stated date before a publication-day one, then the most precise; a year named in the mention
    wins over a publication-day date), its place the best-dated event's with a location, and it
    lists their event and incident ids. A mention with no events is still an edition, dated by its year if named so.
    Mentions of one series merge into one edition by ordinal, else by named year, else by date;
    a year edition joins the one ordinal edition of that year when there is exactly one.

    Parties. When the mention says "between …" but the actor tables know none of the names, the
    parties are taken from the sentence's events' actors.

    History. A history statement (see `find_history`) in the sentence of a mention belongs to
    that mention's series. Elsewhere it is anaphoric ("The ongoing communication between China
    and NATO, initiated in 2010, …"): it is attached to the series the article names when the
    article names exactly one series, else to the series whose name the sentence contains, and is
    dropped when that is still ambiguous."""
    coder = parties or code_parties
    articles = store.execute("SELECT id, text FROM articles WHERE text IS NOT NULL ORDER BY id").fetchall()
    reports = _reports(store)
    found: list[_Found] = []
    history: dict[tuple[str, tuple[str, ...]], list[History]] = defaultdict(list)
    for article_id, text in articles:
        mentions = find_mentions(text, parties=coder)
        if not mentions:
            continue
        spans = sentences(text)
        article_found = []
        for mention in mentions:
            in_sentence = [
                r for r in reports.get(article_id, [])
                if r.start <= mention.start < r.end and _nearest(r, mentions) is mention
            ]
            if mention.parties_text and not mention.parties:
                codes = sorted({code for r in in_sentence if not r.flagged for code in r.actors})
                mention = _with_parties(mention, tuple(codes))
            evidence = next((text[s:e] for s, e in spans if s <= mention.start < e), mention.text)
            article_found.append(_Found(mention, article_id, evidence, in_sentence))
        found += article_found
        keys = sorted({f.mention.key for f in article_found})
        for statement in find_history(text):
            key = _history_key(statement, article_found, keys)
            if key is not None:
                history[key].append(History(statement.kind, statement.year, statement.verb, statement.sentence, article_id))
    by_key: dict[tuple[str, tuple[str, ...]], list[_Found]] = defaultdict(list)
    for f in found:
        by_key[f.mention.key].append(f)
    out = [_build(key, items, history.get(key, [])) for key, items in by_key.items()]
    return sorted(out, key=lambda s: s.key)


def _nearest(report: _Report, mentions: Sequence[SeriesMention]) -> SeriesMention | None:
    "Of the mentions in the report's sentence, the one nearest its trigger: its edition."
    here = [m for m in mentions if report.start <= m.start < report.end]
    named = [m for m in here if any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", m.text) for w in report.words)]
    if len(named) == 1:
        return named[0]  # "…prepared for the 2024 G20 summit": the event aimed at the G20 is the G20's
    return min(here, key=lambda m: (0 if m.start <= report.at < m.end else min(abs(report.at - m.start), abs(report.at - m.end)), m.start), default=None)


def _with_parties(mention: SeriesMention, codes: tuple[str, ...]) -> SeriesMention:
    return SeriesMention(mention.start, mention.end, mention.text, mention.name, mention.title, mention.ordinal,
                         mention.year, codes, mention.parties_text)  # fmt: skip


def _history_key(
    statement: HistoryMention, found: Sequence[_Found], keys: Sequence[tuple[str, tuple[str, ...]]]
) -> tuple[str, tuple[str, ...]] | None:
    here = sorted({f.mention.key for f in found if statement.sentence_start <= f.mention.start < statement.sentence_end})
    if len(here) == 1:
        return here[0]
    if len(keys) == 1:
        return keys[0]
    named = [key for key in keys if key[0] in statement.sentence.lower()]
    return named[0] if len(named) == 1 else None


def _reports(store: Store) -> dict[str, list[_Report]]:
    rows = store.execute(
        """
        SELECT e.article_id, e.id, e.char_start, e.char_end, CAST(e.date AS VARCHAR), e.date_precision,
               e.date_source, e.location_name, e.location_country, e.location_lat, e.location_lon,
               ie.incident_id, coalesce(e.background, false) OR coalesce(e.negated, false)
                   OR coalesce(e.hypothetical, false),
               (SELECT array_agg(coalesce(a.country, a.code)) FROM event_actors a WHERE a.event_id = e.id),
               e.sentence, e.trigger, e.source, e.target
        FROM events e LEFT JOIN incident_events ie ON ie.event_id = e.id
        ORDER BY e.article_id, e.char_start, e.id
        """
    ).fetchall()
    out: dict[str, list[_Report]] = defaultdict(list)
    for row in rows:
        sentence, trigger = row[14] or "", row[15] or ""
        at = row[2] + max(0, sentence.find(trigger.split(" ")[0])) if trigger else row[2]
        words = tuple(a["text"] for side in (row[16], row[17]) for a in json.loads(side or "[]") if a.get("text"))
        out[row[0]].append(_Report(*row[1:12], frozenset(c for c in row[13] or [] if c), bool(row[12]), at, words))
    return out


def _chosen(found: _Found) -> list[_Report]:
    "The reports that are this edition: asserted, and by its parties when some are."
    usable = [r for r in found.reports if not r.flagged]
    parties = set(found.mention.parties)
    if parties:
        ours = [r for r in usable if r.actors & parties]
        usable = ours or usable
    return usable


def _build(key: tuple[str, tuple[str, ...]], items: list[_Found], history: Iterable[History]) -> Series:
    items = sorted(items, key=lambda f: (f.article_id, f.mention.start))
    groups: dict[tuple[Any, ...], list[_Found]] = {}
    for f in items:
        m = f.mention
        reports = _chosen(f)
        dated = sorted((r for r in reports if r.date), key=_date_rank)
        if m.ordinal is not None:
            edition_key: tuple[Any, ...] = ("ordinal", m.ordinal)
        elif m.year is not None:
            edition_key = ("year", m.year)
        elif dated:
            edition_key = ("date", dated[0].date)
        else:
            edition_key = ("article", f.article_id)  # undated: one edition per article
        groups.setdefault(edition_key, []).append(f)
    # "the 2024 summit" is the 12th summit when the 12th is the only one dated 2024
    for edition_key in [k for k in groups if k[0] == "year"]:
        same_year = [k for k in groups if k[0] == "ordinal" and _edition(groups[k]).date
                     and _edition(groups[k]).date.startswith(str(edition_key[1]))]  # type: ignore[union-attr]
        if len(same_year) == 1:
            groups[same_year[0]] += groups.pop(edition_key)
    editions = sorted((_edition(g) for g in groups.values()), key=_edition_order)
    titles = sorted(((-sum(f.mention.title == t for f in items), t) for t in {f.mention.title for f in items}))
    seen: set[tuple[str, int, str]] = set()
    stated = []
    for h in sorted(history, key=lambda h: (h.year, ("start", "suspended", "resumed").index(h.kind), h.article_id)):
        if (h.kind, h.year, h.article_id) not in seen:
            seen.add((h.kind, h.year, h.article_id))
            stated.append(h)
    return Series(
        name=key[0], parties=key[1], title=titles[0][1], editions=tuple(editions), history=tuple(stated),
        article_ids=tuple(sorted({f.article_id for f in items})),
    )  # fmt: skip


def _date_rank(report: _Report) -> tuple[Any, ...]:
    return (report.date_source != "stated", _PRECISION_RANK.get(report.precision or "", 3), report.date, report.id)


def _edition(group: Sequence[_Found]) -> Edition:
    reports = sorted({r.id: r for f in group for r in _chosen(f)}.values(), key=lambda r: r.id)
    ordinal = next((f.mention.ordinal for f in group if f.mention.ordinal is not None), None)
    year = next((f.mention.year for f in group if f.mention.year is not None), None)
    # a named year wins over a report dated by its publication day only
    dated = sorted((r for r in reports if r.date and (year is None or r.date_source == "stated")), key=_date_rank)
    placed = sorted((r for r in reports if r.place), key=lambda r: (_date_rank(r) if r.date else (True, 3, "", r.id)))
    date, precision = (dated[0].date, dated[0].precision) if dated else (None, None)
    if date is None and year is not None:
        date, precision = f"{year:04d}-01-01", "year"
    place = placed[0] if placed else None
    representative = dated[0] if dated else (reports[0] if reports else None)
    return Edition(
        ordinal=ordinal, year=year, date=date, date_precision=precision,
        place=place.place if place else None, country=place.country if place else None,
        lat=place.lat if place else None, lon=place.lon if place else None,
        incident_id=representative.incident_id if representative else None,
        event_ids=tuple(r.id for r in reports),
        incident_ids=tuple(sorted({r.incident_id for r in reports if r.incident_id})),
        article_ids=tuple(sorted({f.article_id for f in group})),
        evidence=group[0].evidence,
    )  # fmt: skip


def _edition_order(edition: Edition) -> tuple[Any, ...]:
    return (edition.ordinal is None, edition.ordinal or 0, edition.date or "9999", edition.article_ids, edition.evidence)
