"""Series mentions: recurring named mechanisms named in an article, found when it is coded.

    reader.mentions("Beijing hosted the eighth military staff dialogue between China and NATO.")
    → [SeriesMention(text='eighth military staff dialogue between China and NATO',
                     name='military staff dialogue', ordinal=8, year=None,
                     parties=('CHN', 'IGOWSTNAT'), ...)]
    reader.history("The talks, initiated in 2010, resumed in 2018.")
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
A head is a mechanism noun (words.tsv: series-head, series-body). The parties are read from
"between/among A and B" after the mention and from a hyphenated compound of names inside it
("the China-NATO dialogue"), coded by the actor matcher to countries (ISO3) or organisation codes
(IGOWSTNAT); a series' key is its normalised name and the sorted parties, so "between China and
NATO" and "between NATO and China" are one series. A bare head without name or parties ("the
first summit") is too generic to be a series and is skipped; so are "the first time", "the
second largest city", "third-party".

History statements are a mechanism verb with a year in the same sentence (words.tsv:
history-start, history-resumed, history-suspended). The sentence must be about a mechanism: it
names one (series-head, series-body, mechanism-noun) and an active verb's object is one ("Russia
launched its invasion in 2022" is not history). These lists hold words as written, not lemmas.

The coder stores what it finds with the article (store tables series_mentions, series_history);
`detente series` builds the series from them and the events (analysis/series.py) without a model.
Nothing here raises on any text.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ..errors import DetenteError
from ..models import HistoryKind, HistoryMention, SeriesMention
from ..tables.words import Words
from .dates import find_dates

__all__ = ["PartyCoder", "SeriesReader", "parse_ordinal", "sentences"]

# text naming parties ("China and the North Atlantic Treaty Organization (NATO)") → their codes
PartyCoder = Callable[[str], tuple[str, ...]]

# --- closed-class vocabulary: ordinal numerals and the words a name never holds

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
# after an active verb: an adverb or preposition (passive, intransitive) or an object
_INTRANSITIVE_NEXT = frozenset({
    "in", "on", "at", "since", "from", "during", "after", "before", "until", "by", "only", "again",
    "earnest", "formally", "officially", "briefly", "back", "but", "and", "when", "as", "for",
    "following", "amid", "last", "this", "early", "late", "mid", "around", "nearly", "about",
})  # fmt: skip
_ABBREVIATIONS = re.compile(r"(?:\b[A-Z]|\bMr|\bMrs|\bMs|\bDr|\bGen|\bLt|\bCol|\bSt|\bNo|\bvs|\bU\.S|\bU\.N|\bU\.K|\bE\.U)\.$")

_WORD = r"(?:[A-Z]\.){2,}|[A-Za-z0-9][\w'’&+]*(?:[-–][\w'’&+]+)*"
_TOKEN = re.compile(rf"[ \u00a0]+({_WORD})")


def _trie(words: Iterable[str]) -> str:
    """One regex for many words, written as a tree of their shared prefixes ("fi(?:fth|rst)"): the
    engine tests a handful of letters at each position instead of every word, and a longer word
    still wins over its prefix."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, dict]) -> str:
        branches = [re.escape(char).replace(r"\ ", "[ ]") + pattern(node[char]) for char in sorted(node) if char]
        if not branches:
            return ""
        ends_here = "" in node
        body = branches[0] if len(branches) == 1 and not ends_here else "(?:" + "|".join(branches) + ")"
        return body + ("?" if ends_here else "")

    return pattern(tree)


_ORDINAL = re.compile(
    r"(?<![\w-])(?:"
    + _trie(_ORDINAL_WORDS)
    + r"|(?P<num>\d{1,3})(?P<suffix>st|nd|rd|th)|(?P<year>(?:19|20)\d\d))(?![\w-]|[.,]\d)",
    re.IGNORECASE,
)
_ANNUAL = re.compile(r"(?<![\w-])(?:annual|biennial|yearly)(?![\w-])", re.IGNORECASE)
_DETERMINER_BEFORE = re.compile(r"(?:\b(?:the|its|their|this|that|a)|'s)\s+$", re.IGNORECASE)
_CAPITAL_NAME = re.compile(
    r"\b[Tt]he[ \u00a0]+((?:(?:[A-Z][\w'’&+]*(?:[-–][\w'’&+]+)*|(?:[A-Z]\.){2,}|and|of|on|for)[ \u00a0]+){1,6}?)"
    r"(Dialogue|Dialog|Talks|Summit|Conference|Forum|Consultations|Congress|Symposium|Roundtable)\b"
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

class SeriesReader:
    "Finds series mentions and history statements in text, with the word lists and a party coder."

    def __init__(self, words: Words, parties: PartyCoder) -> None:
        self.parties = parties
        self.heads = words.series_head
        self.edition_words = words.edition_word
        self.bodies = words.series_body
        self.modifiers = words.edition_modifier
        self.mechanism_nouns = self.heads | self.bodies | words.mechanism_noun
        self.held = words.history_held  # say a meeting took place: their subject needs no mechanism noun
        self.history_verbs: dict[str, HistoryKind] = {
            **dict.fromkeys(words.history_start, "start"),
            **dict.fromkeys(words.history_resumed, "resumed"),
            **dict.fromkeys(words.history_suspended, "suspended"),
        }
        # longest first, so that "first held" wins over a shorter verb at the same place
        verbs = sorted(self.history_verbs, key=lambda v: (-len(v), v))
        self.verb_pattern = re.compile(
            r"(?<![\w-])(" + "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in verbs) + r")(?![\w-])",
            re.IGNORECASE,
        )

    def mentions(self, text: str) -> list[SeriesMention]:
        """Every edition of a recurring mechanism named in `text` (a sentence or a whole article), in
        text order."""
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
            add(self._read_name(text, cue.start(), cue.end(), ordinal, year))
        for cue in _ANNUAL.finditer(text):
            add(self._read_name(text, cue.start(), cue.end(), None, None))
        for match in _CAPITAL_NAME.finditer(text):
            words = [(m.group(1), m.start(1)) for m in re.finditer(rf"({_WORD})", match[0])][1:]  # drop "the"
            if any(w.lower() in ("of", "on", "for") or parse_ordinal(w) for w, _ in words[:1]):
                continue
            tokens = [(w, match.start() + s, match.start() + s + len(w)) for w, s in words]
            add(self._mention(text, tokens[0][1], tokens[:-1], tokens[-1], None, None, named=True))
        return sorted(found, key=lambda m: m.start)

    def _read_name(
        self, text: str, start: int, cue_end: int, ordinal: int | None, year: int | None
    ) -> SeriesMention | None:
        tokens = _tokens(text, cue_end)
        name: list[tuple[str, int, int]] = []
        for k, token in enumerate(tokens):
            word = token[0].lower()
            nxt = tokens[k + 1][0].lower() if k + 1 < len(tokens) else ""
            if word in self.edition_words and nxt == "of" and not name:
                # "the third session of the strategic dialogue", "the fifth round of talks"
                return self._edition_of(text, start, tokens[k + 2 :], ordinal, year)
            if word in self.heads or (word in self.bodies and name):
                head = self._run_on(token, tokens[k + 1 :], name, stop=("round",))
                return self._mention(text, start, name, head, ordinal, year)
            if not _name_word(token[0], bool(name)):
                return None
            name.append(token)
            if len(name) > 6:
                return None
        return None

    def _run_on(
        self, head: tuple[str, int, int], rest: list[tuple[str, int, int]], name: list[tuple[str, int, int]],
        stop: tuple[str, ...] = (),
    ) -> tuple[str, int, int]:
        """"summit meeting", "Ministerial Conference": the head runs on over the head words that
        follow it; the earlier ones join the name (in place). Returns the last head word."""
        for extra in rest:
            if extra[0].lower() not in self.heads | self.bodies or extra[0].lower() in stop:
                break
            name.append(head)
            head = extra
        return head

    def _edition_of(
        self, text: str, start: int, tokens: list[tuple[str, int, int]], ordinal: int | None, year: int | None
    ) -> SeriesMention | None:
        if tokens and tokens[0][0].lower() in ("the", "this", "these"):
            tokens = tokens[1:]
        name: list[tuple[str, int, int]] = []
        for k, token in enumerate(tokens):
            word = token[0].lower()
            if word in self.heads or word in self.bodies:
                head = self._run_on(token, tokens[k + 1 :], name)
                return self._mention(text, start, name, head, ordinal, year)
            if not _name_word(token[0], bool(name)):
                break
            name.append(token)
        # "the 12th session of the Astana Process"-like proper names without a known head
        capitals = [t for t in name if t[0][:1].isupper()]
        if capitals and capitals == name and len(name) >= 2:
            return self._mention(text, start, name[:-1], name[-1], ordinal, year)
        return None

    def _mention(
        self,
        text: str,
        start: int,
        name: Sequence[tuple[str, int, int]],
        head: tuple[str, int, int],
        ordinal: int | None,
        year: int | None,
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
                codes = [self._code_parties(p) for p in parts]
                if all(len(c) == 1 for c in codes) and len({c[0] for c in codes}) == len(parts):
                    parties.update(c[0] for c in codes)
                    words[k] = ""
        end = head[2]
        parties_text = None
        after = _PARTIES.match(text, end)
        if after:
            parties_text = _party_list(after[1])
            if parties_text:
                parties.update(self._code_parties(parties_text))
                end = after.start(1) + len(parties_text)
        head_word = head[0].lower()
        title_words = [w for w in words if w and w.lower() not in self.modifiers] + [head[0]]
        title = " ".join(title_words)
        name_text = " ".join(w.lower() for w in title_words)
        name_text = re.sub(r"\bdialog\b", "dialogue", name_text).replace("–", "-")
        generic = name_text in self.heads | self.edition_words | self.bodies
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

    def article(self, text: str) -> tuple[tuple[SeriesMention, ...], tuple[HistoryMention, ...]]:
        """What an article says about series: its mentions, each with the sentence naming it as
        evidence, and its history statements (read only when it names a series: a history
        statement belongs to a series the article names)."""
        mentions = self.mentions(text)
        if not mentions:
            return (), ()
        spans = sentences(text)
        with_evidence = tuple(
            dataclasses.replace(m, evidence=next((text[s:e] for s, e in spans if s <= m.start < e), m.text))
            for m in mentions
        )
        return with_evidence, tuple(self.history(text))

    def history(self, text: str) -> list[HistoryMention]:
        """Every dated history statement about a mechanism in `text`, in text order. Only absolute
        years count ("in 2010", "since 2018", "in March 2018"): relative dates need the article's."""
        found = []
        for s_start, s_end in sentences(text):
            sentence = text[s_start:s_end]
            words = {w.lower() for w in re.findall(r"[A-Za-z]+", sentence)}
            dates = [d for d in _safe_dates(sentence) if d.precision in ("year", "month", "day")]
            if not dates:
                continue
            for verb in self.verb_pattern.finditer(sentence):
                phrase = re.sub(r"\s+", " ", verb[1].lower())
                if phrase not in self.held and not (words & self.mechanism_nouns):
                    continue
                if not self._about_mechanism(sentence[verb.end() :]):
                    continue
                when = self._date_of(sentence, verb, dates)
                if when is None:
                    continue
                lo, hi = min(verb.start(), when.start), max(verb.end(), when.end)
                found.append(
                    HistoryMention(
                        start=s_start + lo, end=s_start + hi, text=sentence[lo:hi], kind=self.history_verbs[phrase],
                        verb=phrase, year=when.date.year, sentence_start=s_start, sentence_end=s_end, sentence=sentence,
                    )  # fmt: skip
                )
        return found

    def _about_mechanism(self, after: str) -> bool:
        "An active verb's object must be a mechanism: 'launched the dialogue', not 'launched its invasion'."
        words = re.findall(r"[A-Za-z'’-]+|[^\sA-Za-z]", after[:80])
        if not words or not words[0][:1].isalpha() or words[0].lower() in _INTRANSITIVE_NEXT:
            return True
        for word in words[:6]:
            lower = word.lower()
            if lower in self.mechanism_nouns:
                return True
            if not word[:1].isalpha() or (lower in _INTRANSITIVE_NEXT and lower not in ("this", "last")):
                break
        return False

    def _date_of(self, sentence: str, verb: re.Match[str], dates: Sequence[Any]) -> Any:
        "The date after the verb (up to three words between), else one shortly before it in its clause."
        for when in dates:
            gap = sentence[verb.end() : when.start]
            if when.start >= verb.end() and re.fullmatch(r"(?:\s+[\w'’-]+){0,3}\s*", gap):
                return when
        before = [d for d in dates if d.end <= verb.start()]
        if before:
            when = before[-1]
            gap = sentence[when.end : verb.start()]
            if len(gap.split()) <= 8 and not self.verb_pattern.search(gap) and not re.search(r"[;:]", gap):
                return when
        return None

    def _code_parties(self, text: str) -> tuple[str, ...]:
        try:
            return tuple(self.parties(text))
        except DetenteError:
            raise  # a missing model is an install problem, not text we cannot read
        except Exception:  # a user's coder must not make reading text fail
            return ()


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


def _name_word(word: str, inside: bool) -> bool:
    lower = word.lower()
    if lower == "and":
        return inside  # "Strategic and Economic Dialogue"; never first
    if lower in _STOP or lower in _ORDINAL_WORDS or word.isdigit():
        return False
    if word.islower() and (lower.endswith("est") and len(lower) > 5 or lower.endswith("ly")):
        return False  # "largest", "closely": not a name
    return True


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


def _safe_dates(sentence: str) -> list[Any]:
    try:
        return find_dates(sentence, None)
    except Exception:  # find_dates promises not to raise; a history line is not worth a crash
        return []
