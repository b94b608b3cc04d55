"""What: find events in one parsed sentence, from the verb and noun patterns. The parts:

    verb_events  a verb's frame and slots          noun_events  nominal events
    moods        acts restated in a mood           speech       reported speech and statements
    candidates   the two sides of an event         clauses, modality   reading the parse

For every verb with a pattern, the coder checks the frame (particle, object lemma), then fills
the source and target slots with actors from the dependency parse:

    active      "China accused NATO"                  subj → source, dobj → target
    passive     "Iran was sanctioned by the EU"        by-agent → source, subject → target
    control     "China agreed to meet NATO"            the governing verb's subject
    apposition  "Sweden's decision to join NATO"       the possessor of the noun
    light verb  "Russia launched an attack on Kyiv"    the object noun's pattern and its on-phrase
    nominal     "Russia's invasion of Ukraine"          possessor/modifier → source, of → target
    pronoun     "Iran said it would retaliate"         the subject of the reporting verb

Moods (moods.tsv) turn the act in a complement into what was said about it: "threatened to
invade" is a THREATEN (138), "agreed to release" an AGREE (0353), "urged Russia to withdraw" a
REQUEST (0256) aimed at Russia, "refused to lift" a REJECT (1244). A future ("will meet") is an
intention (036). Negation is a flag: "did not attack" is an attack, negated.

Mutual events ("China and Russia held talks", "talks between X and Y") are coded in both
directions, as each side consulted the other. An event needs at least one coded actor; a verb
event may leave the other side empty ("China rejected the accusations"). Nominal events that
nothing in the sentence says happened ("amid Russia's invasion of Ukraine") are marked
background: they describe the context, not the news of the day.
"""


from __future__ import annotations

import dataclasses
from datetime import date

from spacy.tokens import Span

from ..tables.codebook import Codebook
from ..tables.patterns import PatternSet
from ..tables.words import Words
from .actors import ActorMatcher, Name
from .candidates import Candidate, directions, identified, with_counterparts, without_duplicates
from .introductions import Introductions
from .moods import Moods
from .noun_events import NounEvents
from .rules import Rules
from .speech import Speech
from .targets import Targets
from .verb_events import VerbEvents

__all__ = ["Candidate", "EventFinder", "headline_case"]

# Words a sentence writes in lower case, and a title-case headline with a capital
# ("Florida Governor Declares State Of Emergency")
_SMALL_WORDS = frozenset("a after amid and as at by for from in of on over the to with".split())


class EventFinder:
    "Finds events in parsed sentences; built once from the tables and the actor matcher."

    def __init__(self, patterns: PatternSet, actors: ActorMatcher, codebook: Codebook, words: Words) -> None:
        rules = Rules.build(patterns, actors, codebook, words)
        self.actors = actors
        self.codebook = codebook
        self.words = words
        self.modality = rules.modality
        self.nouns = NounEvents(rules)
        self.verbs = VerbEvents(rules, self.nouns)
        self.moods = Moods(rules, self.verbs)
        self.speech = Speech(rules)
        self.targets = Targets(rules)

    def find(self, sent: Span, day: date | None = None, introductions: Introductions | None = None) -> list[Candidate]:
        """The events of one sentence; `day` (the article's date) decides who a person was then;
        `introductions`: the people the article named with their office so far (read in order)."""
        if headline_case(sent):
            return []  # the tagger reads a title-case headline's capitals as names; its lead says the same
        terms = self.actors.annotate(sent, day, introductions)
        if not terms:
            return []  # no actor of any kind: nothing to code
        consumed: set[int] = set()  # nouns coded through their verb, verbs through their complement
        found: list[Candidate] = []
        for token in sent:
            if token.pos_ == "VERB" or (token.pos_ == "NOUN" and token.dep_ == "ROOT"):
                candidate = self.verbs.event(token, terms, consumed)
                if candidate:
                    found.append(self.targets.complete(self.moods.restate(candidate, terms, consumed), terms))
        for token in sent:
            if token.pos_ in ("NOUN", "PROPN") and token.i not in consumed:
                candidate = self.nouns.event(token, terms)
                if candidate:
                    found.append(candidate)
        found = [c for c in found if c.trigger.i not in consumed and identified(c)]
        found = [self.speech.attributed(c, terms) for c in found]
        found += self.speech.statements(sent, terms, found)
        found = [
            dataclasses.replace(c, future=self.modality.is_future(c.trigger), background=c.background
                                or self.modality.describes(c.trigger) or self.modality.habitual(c.trigger))
            for c in found
        ]
        found = [with_counterparts(c, self.words.counterpart, self.actors.sectors) for c in found]
        # a news agency ("Agence France-Presse reported") says who reported, not where: no context
        named = tuple(dict.fromkeys(
            term.country for _, term in sorted(terms.items()) if isinstance(term, Name) and term.country and term.sector != "MED"
        ))  # fmt: skip
        fights = self.words.mutual_fight
        return without_duplicates([
            dataclasses.replace(c, named_countries=named)
            for candidate in found for c in directions(candidate, self.codebook[candidate.cameo], fights)
        ])  # fmt: skip


def headline_case(sent: Span) -> bool:
    """A headline in title case: a small word capitalised after the start ("Of", "To"), and
    nearly every word capitalised. Names never look like this ("Bank of America")."""
    words = [t.text for t in sent if t.is_alpha][1:]
    if len(words) < 4 or not any(w[0].isupper() and w.lower() in _SMALL_WORDS for w in words):
        return False
    return sum(w[0].isupper() for w in words) >= 0.8 * len(words)
