"""What every rule of the event finder consults: the pattern tables, the actor matcher, the CAMEO
codebook, the word lists, and the readers of the parse built on them. Built once per coder."""

from __future__ import annotations

from dataclasses import dataclass

from ..tables.codebook import Codebook
from ..tables.patterns import PatternSet
from ..tables.sectors import Sectors
from ..tables.words import Words
from .actors import ActorMatcher
from .clauses import Clauses
from .modality import Modality

__all__ = ["Rules", "Part"]


@dataclass(frozen=True)
class Rules:
    patterns: PatternSet
    actors: ActorMatcher
    codebook: Codebook
    words: Words
    clauses: Clauses
    modality: Modality

    @classmethod
    def build(cls, patterns: PatternSet, actors: ActorMatcher, codebook: Codebook, words: Words) -> Rules:
        return cls(patterns, actors, codebook, words, Clauses(words), Modality(words))


class Part:
    "A part of the event finder (verbs, nouns, moods, reported speech): it reads through `Rules`."

    def __init__(self, rules: Rules) -> None:
        self.patterns = rules.patterns
        self.actors = rules.actors
        self.codebook = rules.codebook
        self.words = rules.words
        self.clauses = rules.clauses
        self.modality = rules.modality
        self.sectors: Sectors = rules.actors.sectors  # which parts are the state's (one side with it)
