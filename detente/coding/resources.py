"""Everything the coder loads, in one place: the language model and its sentence splitter, the
tables (codebook, patterns, word lists, actors) and the gazetteer, with what is built from them
(the actor matcher, the event finder, placement, the series reader).

Loading takes seconds (spaCy's model, ten thousand actor phrases, the gazetteer), so a process
loads them once: `Resources.shared(tables)` is the one cache of the process, keyed by the user
table folders; the coder, a worker process, a Ray task and the API all ask it, and everything
below them receives what it needs explicitly. `Resources.load(tables)` loads afresh (tests of
edited tables).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from spacy.language import Language

from ..tables.actors import ActorTables, load_actor_tables
from ..tables.codebook import Codebook, load_codebook
from ..tables.patterns import PatternSet, load_patterns
from ..tables.sectors import Sectors, load_sectors
from ..tables.words import Words, load_words
from .actors import ActorMatcher, Name
from .events import EventFinder
from .nlp import load_nlp, load_splitter
from .placement import Placement
from .places import Gazetteer, load_gazetteer
from .series import SeriesReader

__all__ = ["Resources"]


@dataclass(frozen=True)
class Resources:
    "What the coder reads with, loaded once. `tables`: the user table folders it was loaded with."

    tables: tuple[Path, ...]
    nlp: Language
    splitter: Language  # the model's sentence recognizer alone: the pre-filter's splitter
    codebook: Codebook
    patterns: PatternSet
    words: Words
    sectors: Sectors
    actor_tables: ActorTables
    gazetteer: Gazetteer
    actors: ActorMatcher
    finder: EventFinder
    placement: Placement
    series: SeriesReader

    _shared: ClassVar[dict[tuple[Path, ...], Resources]] = {}

    @classmethod
    def load(cls, tables: Sequence[Path | str] = ()) -> Resources:
        """Load everything afresh. `tables`: folders of user tables (actors: countries.tsv,
        metonyms.tsv, organizations.tsv, agents.tsv, nonactors.tsv, armed_groups.tsv,
        people.tsv; patterns: verbs.tsv, nouns.tsv, moods.tsv, mood_codes.tsv; words.tsv) read
        after the shipped ones."""
        folders = tuple(Path(t) for t in tables)
        nlp = load_nlp()
        codebook = load_codebook()
        patterns = load_patterns(folders, known_codes={code.code for code in codebook})
        words = load_words(folders)
        actor_tables = load_actor_tables(extra_dirs=folders)
        gazetteer = load_gazetteer()

        def place_country(place: str) -> str | None:
            location = gazetteer.lookup(place)
            return location.country if location is not None else None

        sectors = load_sectors()
        actors = ActorMatcher(nlp, actor_tables, place_country=place_country, words=words, sectors=sectors)

        def parties(text: str) -> tuple[str, ...]:
            "The actors a phrase names ('China and NATO'), as countries or organisation codes."
            doc = nlp(text[:300])
            terms = actors.annotate(doc[:]).values()
            return tuple(sorted({t.country or t.code for t in terms if isinstance(t, Name) and (t.country or t.code)}))

        return cls(
            tables=folders, nlp=nlp, splitter=load_splitter(nlp), codebook=codebook, patterns=patterns,
            words=words, sectors=sectors, actor_tables=actor_tables, gazetteer=gazetteer, actors=actors,
            finder=EventFinder(patterns, actors, codebook, words),
            placement=Placement(actors, gazetteer, codebook, words, sectors), series=SeriesReader(words, parties),
        )  # fmt: skip

    @classmethod
    def shared(cls, tables: Sequence[Path | str] = ()) -> Resources:
        "This process's resources for these table folders, loaded on first use."
        key = tuple(Path(t).resolve() for t in tables)
        if key not in cls._shared:
            cls._shared[key] = cls.load(key)
        return cls._shared[key]
