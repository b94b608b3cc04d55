"""What every rule of the event finder consults: the pattern tables, the actor matcher, the CAMEO
codebook, the word lists, and the readers of the parse built on them. Built once per coder."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ..tables.codebook import Codebook
from ..tables.patterns import NounPattern, PatternSet
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

    def noun_rows(self, noun: Token) -> list[NounPattern]:
        """The noun's rows in nouns.tsv; with a modifier that makes force a figure of speech ("trade
        war", "charm offensive", "legal battle"), none of its violent ones."""
        rows = self.patterns.noun_patterns(noun.lemma_.lower())
        if any(c.dep_ in ("compound", "amod") and c.lower_ in self.words.figurative_modifier for c in noun.children):
            return [row for row in rows if not self.codebook[row.cameo].violent]
        return rows
