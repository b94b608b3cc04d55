"""Verb and noun patterns: which words, in which syntactic frame, code which CAMEO event.

The tables are data (detente/data/verbs.tsv, nouns.tsv; their headers document the columns).
This module only reads and validates them, and indexes them by lemma for the coder.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataTableError
from .reader import DATA_DIR, read_rows, split_values

__all__ = ["VerbPattern", "NounPattern", "PatternSet", "load_patterns"]

VERB_COLUMNS = ("id", "cameo", "verb", "object", "source", "target", "priority")
MOOD_COLUMNS = ("mood", "verbs", "nouns")
MOOD_CODE_COLUMNS = ("mood", "from", "to")
MOODS = ("intent", "threat", "appeal", "demand", "reject")
NOUN_COLUMNS = ("id", "cameo", "noun", "source", "target", "both", "priority")
# A user's table from before rule ids (the columns without id and priority) is still read: its
# rules are named file:line as they were, and tried in row order after every ranked row.
UNRANKED = 1_000_000
LIGHT = "noun"  # the cameo cell of a light verb: the object noun carries the code
ARGUMENT_SLOTS = {"subj", "dobj", "dative"}
RULE_ID = re.compile(r"[A-Za-z][A-Za-z0-9._-]*")
NOUN_SLOTS = {"poss", "mod"}


@dataclass(frozen=True)
class VerbPattern:
    cameo: str | None  # None: a light verb, the object noun's pattern gives the code
    verb: str
    particle: str | None  # "out" in "carry out", "on" in "call on"
    objects: frozenset[str]  # lemmas the direct object must have; empty: any
    source: tuple[str, ...]
    target: tuple[str, ...]
    rule: str  # the row's stable id ("V0116"), stored with the events it codes
    priority: int = 1  # among rows of the verb as specific as this one: 1 is tried first
    where: str = ""  # "verbs.tsv:116", for load errors

    @property
    def is_light(self) -> bool:
        return self.cameo is None


@dataclass(frozen=True)
class NounPattern:
    cameo: str
    noun: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    symmetric: bool
    rule: str  # the row's stable id ("N0012")
    priority: int = 1  # the order of the noun's senses: 1 first
    where: str = ""  # "nouns.tsv:12", for load errors


@dataclass(frozen=True)
class PatternSet:
    verbs: dict[str, tuple[VerbPattern, ...]]  # lemma → patterns, most specific first
    nouns: dict[str, tuple[NounPattern, ...]]
    moods: dict[str, str] = field(default_factory=dict)  # verb lemma → mood
    mood_nouns: dict[str, str] = field(default_factory=dict)  # noun lemma → mood ("threat to invade")
    mood_codes: dict[tuple[str, str], str] = field(default_factory=dict)  # (mood, code prefix or *) → code

    def verb_patterns(self, lemma: str) -> tuple[VerbPattern, ...]:
        return self.verbs.get(lemma, ())

    def noun_patterns(self, lemma: str) -> tuple[NounPattern, ...]:
        return self.nouns.get(lemma, ())

    def mood_of(self, lemma: str) -> str | None:
        return self.moods.get(lemma)

    def mood_of_noun(self, lemma: str) -> str | None:
        return self.mood_nouns.get(lemma)

    def in_mood(self, mood: str, code: str) -> str:
        "The code of `code` stated as intent, threat, appeal, demand or rejection."
        for length in range(len(code), 1, -1):
            found = self.mood_codes.get((mood, code[:length]))
            if found:
                return found
        return self.mood_codes[(mood, "*")]


def _check_code(path: Path, line: int, code: str, known: Collection[str] | None) -> str:
    if not (code.isdigit() and 2 <= len(code) <= 4):
        raise DataTableError(str(path), line, f"CAMEO code {code!r} is not 2-4 digits")
    if known is not None and code not in known:
        raise DataTableError(str(path), line, f"CAMEO code {code!r} is not in the codebook")
    return code


def _check_slots(path: Path, line: int, column: str, slots: tuple[str, ...], allowed: set[str]) -> None:
    if not slots:
        raise DataTableError(str(path), line, f"column {column!r} is empty")
    for slot in slots:
        # a slot is a syntactic role or a preposition (a lower-case word, possibly several)
        if slot not in allowed and not all(part.isalpha() and part.islower() for part in slot.split()):
            raise DataTableError(str(path), line, f"column {column!r}: {slot!r} is not a slot")


def _rule_id(path: Path, line: int, row: dict[str, str]) -> str:
    if row["id"] == "" and row["priority"] == "":  # an older release's table: its rules were named by line
        return f"{path.name}:{line}"
    if not RULE_ID.fullmatch(row["id"]):
        raise DataTableError(str(path), line, f"id {row['id']!r}: letters, digits, '.', '_' or '-', starting with a letter")
    return row["id"]


def _priority(path: Path, line: int, row: dict[str, str]) -> int:
    if row["id"] == "" and row["priority"] == "":  # an older release's table: tried in row order, after the rest
        return UNRANKED + line
    if not (row["priority"].isdigit() and int(row["priority"]) >= 1):
        raise DataTableError(str(path), line, f"priority {row['priority']!r} is not a whole number from 1")
    return int(row["priority"])


def _read_verbs(path: Path, known: Collection[str] | None) -> list[VerbPattern]:
    patterns = []
    for line, row in read_rows(path, VERB_COLUMNS, older=[VERB_COLUMNS[1:-1]]):
        cameo = None if row["cameo"] == LIGHT else _check_code(path, line, row["cameo"], known)
        words = row["verb"].split()
        if not 1 <= len(words) <= 2:
            raise DataTableError(str(path), line, f"verb {row['verb']!r}: one word, or a verb and its particle")
        source, target = split_values(row["source"]), split_values(row["target"])
        _check_slots(path, line, "source", source, ARGUMENT_SLOTS)
        _check_slots(path, line, "target", target, ARGUMENT_SLOTS)
        for value in split_values(row["object"]):
            if value.count(":") > 1 or ":" in value and not all(value.split(":")):
                raise DataTableError(str(path), line, f"object {value!r}: a lemma, or preposition:lemma")
        patterns.append(
            VerbPattern(
                cameo=cameo,
                verb=words[0].lower(),
                particle=words[1].lower() if len(words) == 2 else None,
                objects=frozenset(value.lower() for value in split_values(row["object"])),
                source=source,
                target=target,
                rule=_rule_id(path, line, row),
                priority=_priority(path, line, row),
                where=f"{path}:{line}",
            )
        )
    return patterns


def _read_nouns(path: Path, known: Collection[str] | None) -> list[NounPattern]:
    patterns = []
    for line, row in read_rows(path, NOUN_COLUMNS, older=[NOUN_COLUMNS[1:-1]]):
        cameo = _check_code(path, line, row["cameo"], known)
        source, target = split_values(row["source"]), split_values(row["target"])
        _check_slots(path, line, "source", source, NOUN_SLOTS)
        _check_slots(path, line, "target", target, NOUN_SLOTS)
        if row["both"] not in ("yes", "no"):
            raise DataTableError(str(path), line, f"column 'both' must be yes or no, found {row['both']!r}")
        patterns.append(
            NounPattern(
                cameo=cameo,
                noun=row["noun"].lower(),
                source=source,
                target=target,
                symmetric=row["both"] == "yes",
                rule=_rule_id(path, line, row),
                priority=_priority(path, line, row),
                where=f"{path}:{line}",
            )
        )
    return patterns


def _specificity(pattern: VerbPattern) -> tuple[int, int]:
    # patterns that demand more of the sentence are tried first
    return (-(pattern.particle is not None), -bool(pattern.objects))


def _verb_order(pattern: VerbPattern) -> tuple[int, int, int]:
    return (*_specificity(pattern), pattern.priority)


def _check_ids(patterns: Sequence[VerbPattern | NounPattern]) -> None:
    "Every row's id is its own: an event's `rule` names one row, in every release."
    seen: dict[str, str] = {}
    for pattern in patterns:
        if pattern.rule in seen:
            path, _, line = pattern.where.rpartition(":")
            raise DataTableError(path, int(line), f"id {pattern.rule} is already the id of {seen[pattern.rule]}")
        seen[pattern.rule] = pattern.where


def _check_order(rows: Sequence[VerbPattern | NounPattern], what: str) -> None:
    "Rows tried in turn must say which comes first: equal priorities are a load error, not file order."
    for a, b in zip(rows, rows[1:]):
        if a.priority == b.priority:
            path, _, line = b.where.rpartition(":")
            raise DataTableError(
                path, int(line), f"{what}: this row and {a.where} could both apply and have the same "
                f"priority {a.priority}: give the one to try first the smaller priority",
            )  # fmt: skip


def _read_moods(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    "(verb → mood, noun → mood); a word with two moods in one file is an error."
    verbs: dict[str, str] = {}
    nouns: dict[str, str] = {}
    for line, row in read_rows(path, MOOD_COLUMNS):
        if row["mood"] not in MOODS:
            raise DataTableError(str(path), line, f"mood {row['mood']!r} is not one of {', '.join(MOODS)}")
        for column, moods in (("verbs", verbs), ("nouns", nouns)):
            for word in split_values(row[column]):
                word = word.lower()
                if moods.get(word, row["mood"]) != row["mood"]:
                    raise DataTableError(str(path), line, f"{word!r} is already of mood {moods[word]}: one mood per word")
                moods[word] = row["mood"]
    return verbs, nouns


def _read_mood_codes(path: Path, known: Collection[str] | None) -> dict[tuple[str, str], str]:
    codes: dict[tuple[str, str], str] = {}
    for line, row in read_rows(path, MOOD_CODE_COLUMNS):
        if row["mood"] not in MOODS:
            raise DataTableError(str(path), line, f"mood {row['mood']!r} is not one of {', '.join(MOODS)}")
        prefix = row["from"]
        if prefix != "*" and not (prefix.isdigit() and 1 <= len(prefix) <= 4):
            raise DataTableError(str(path), line, f"'from' must be a CAMEO code prefix or *, found {prefix!r}")
        if (row["mood"], prefix) in codes:
            raise DataTableError(str(path), line, f"a second row for mood {row['mood']} from {prefix}")
        codes[(row["mood"], prefix)] = _check_code(path, line, row["to"], known)
    return codes


def build_pattern_set(
    verbs: Sequence[VerbPattern],
    nouns: Sequence[NounPattern],
    moods: dict[str, str] | None = None,
    mood_codes: dict[tuple[str, str], str] | None = None,
    mood_nouns: dict[str, str] | None = None,
) -> PatternSet:
    _check_ids([*verbs, *nouns])
    verb_index: dict[str, list[VerbPattern]] = {}
    for verb in verbs:
        verb_index.setdefault(verb.verb, []).append(verb)
    noun_index: dict[str, list[NounPattern]] = {}
    for noun in nouns:
        noun_index.setdefault(noun.noun, []).append(noun)
    for lemma, rows in verb_index.items():
        rows.sort(key=_verb_order)
        for specificity in {_specificity(row) for row in rows}:
            _check_order([row for row in rows if _specificity(row) == specificity], f"verb {lemma!r}")
    for lemma, rows in noun_index.items():
        rows.sort(key=lambda row: row.priority)
        _check_order(rows, f"noun {lemma!r}")
    return PatternSet(
        verbs={lemma: tuple(rows) for lemma, rows in verb_index.items()},
        nouns={lemma: tuple(rows) for lemma, rows in noun_index.items()},
        moods=dict(moods or {}),
        mood_codes=dict(mood_codes or {}),
        mood_nouns=dict(mood_nouns or {}),
    )


def load_patterns(
    extra_dirs: Sequence[Path] = (), known_codes: Collection[str] | None = None
) -> PatternSet:
    """The shipped patterns plus any verbs.tsv, nouns.tsv, moods.tsv, mood_codes.tsv in
    `extra_dirs` (user extensions).

    `known_codes` (the codebook) makes an unknown CAMEO code an error at load time."""
    verbs: list[VerbPattern] = []
    nouns: list[NounPattern] = []
    moods: dict[str, str] = {}
    mood_nouns: dict[str, str] = {}
    mood_codes: dict[tuple[str, str], str] = {}
    for directory in (DATA_DIR, *extra_dirs):
        if (directory / "verbs.tsv").exists():
            verbs += _read_verbs(directory / "verbs.tsv", known_codes)
        if (directory / "nouns.tsv").exists():
            nouns += _read_nouns(directory / "nouns.tsv", known_codes)
        if (directory / "moods.tsv").exists():
            verb_moods, noun_moods = _read_moods(directory / "moods.tsv")
            moods.update(verb_moods)
            mood_nouns.update(noun_moods)
        if (directory / "mood_codes.tsv").exists():
            mood_codes.update(_read_mood_codes(directory / "mood_codes.tsv", known_codes))
    for mood in MOODS:
        if (mood, "*") not in mood_codes:
            raise DataTableError(str(DATA_DIR / "mood_codes.tsv"), None, f"mood {mood!r} needs a row with from = *")
    return build_pattern_set(verbs, nouns, moods, mood_codes, mood_nouns)

