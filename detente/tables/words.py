"""The open-class word lists the coder's rules read (detente/data/words.tsv).

Each list has an id in the table and a field here; the rules read `words.speech`,
`words.object_control`, … so a list the code asks for is always there, and a list the table
gives that no rule reads is a typo. The table's header says what each list means and quotes a
sentence it handles.

    >>> words = load_words()
    >>> "say" in words.speech
    True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataTableError
from .reader import DATA_DIR, read_rows, split_values

__all__ = ["Words", "load_words", "WORDS_FILE"]

WORDS_FILE = "words.tsv"
COLUMNS = ("list", "words")


@dataclass(frozen=True)
class Words:
    "One frozen set of lemmas per list of words.tsv (its id with `-` written `_`)."

    speech: frozenset[str]
    statement: frozenset[str]
    alleging: frozenset[str]
    object_control: frozenset[str]
    command: frozenset[str]
    desire: frozenset[str]
    planned: frozenset[str]
    hypothetical_governor: frozenset[str]
    country_noun: frozenset[str]
    example_word: frozenset[str]
    newspaper_word: frozenset[str]
    topic_verb: frozenset[str]
    topic_preposition: frozenset[str]
    habitual: frozenset[str]
    span_modifier: frozenset[str]
    period: frozenset[str]
    denial: frozenset[str]
    occurrence: frozenset[str]
    stative_passive: frozenset[str]
    stative_participle: frozenset[str]
    mutual_verb: frozenset[str]
    mutual_fight: frozenset[str]
    one_way_verb: frozenset[str]
    press: frozenset[str]
    weapon: frozenset[str]
    military_modifier: frozenset[str]
    counterpart: frozenset[str]
    naming_verb: frozenset[str]
    figurative_modifier: frozenset[str]
    other_sense: frozenset[str]
    striving: frozenset[str]
    nature: frozenset[str]
    non_agent: frozenset[str]
    question: frozenset[str]
    message: frozenset[str]
    issuing: frozenset[str]
    envoy: frozenset[str]
    place_noun: frozenset[str]
    thing: frozenset[str]
    government_word: frozenset[str]
    based: frozenset[str]
    series_head: frozenset[str]
    edition_word: frozenset[str]
    series_body: frozenset[str]
    edition_modifier: frozenset[str]
    mechanism_noun: frozenset[str]
    history_start: frozenset[str]
    history_resumed: frozenset[str]
    history_suspended: frozenset[str]
    history_held: frozenset[str]


LISTS = tuple(field.name.replace("_", "-") for field in dataclasses.fields(Words))
# Lists an earlier release read and this one does not: a user file's row for one is skipped.
RETIRED = {"accusing-speech"}  # saying another used force is no accusation by itself (speech.py)


def load_words(extra_dirs: Sequence[Path] = ()) -> Words:
    """The shipped lists, with the words of any words.tsv in `extra_dirs` added to them."""
    found: dict[str, set[str]] = {}
    shipped = DATA_DIR / WORDS_FILE
    for path in (shipped, *(Path(d) / WORDS_FILE for d in extra_dirs)):
        if path != shipped and not path.exists():
            continue
        for line, row in read_rows(path, COLUMNS):
            name = row["list"]
            if name in RETIRED and path != shipped:
                continue
            if name not in LISTS:
                raise DataTableError(str(path), line, f"unknown list {name!r}: the lists are {', '.join(LISTS)}")
            if path == shipped and name in found:
                raise DataTableError(str(path), line, f"list {name!r} is given twice: keep one row per list")
            words = split_values(row["words"])
            for word in words:
                if word != word.lower() or "  " in word:
                    raise DataTableError(str(path), line, f"list {name}: {word!r} is not lower case with single spaces")
            if len(set(words)) != len(words):
                raise DataTableError(str(path), line, f"list {name} names a word twice")
            found.setdefault(name, set()).update(words)
    missing = [name for name in LISTS if name not in found]
    if missing:
        raise DataTableError(str(shipped), None, f"no row for the list(s) {', '.join(missing)}")
    return Words(**{name.replace("-", "_"): frozenset(found[name]) for name in LISTS})
