"""Whether a verb that a pattern matched is used in the sense of its event: naming ("called the
deal a disaster"), a particle, object or clause that makes another verb ("struck down the
statute", "met the deadline", "demonstrated that…"), striving ("fighting to regain confidence"),
nature or evidence doing it ("Hurricane Maria slammed Puerto Rico"), a label ("Contributing:");
and the frames that change an event's kind: a warning of what an actor will do is a threat,
talking with the press is no consultation."""

from __future__ import annotations

from spacy.tokens import Token

from .actors import Terms
from .clauses import PRONOUNS, matching_object, prep_objects
from .modality import infinitive
from .rules import Part

__all__ = ["Senses"]


class Senses(Part):
    "The sense checks of verbal events, with detente's word lists (words.tsv)."

    def another(self, verb: Token, terms: Terms) -> bool:
        """Asked only of verbs that code an event: naming ("called the deal a disaster"), a
        particle or object that makes another verb ("struck down the statute", "met the
        deadline"), nature doing it ("Hurricane Maria slammed Puerto Rico")."""
        lemma = verb.lemma_.lower()
        if verb.i == verb.sent.start and verb.i + 1 < verb.sent.end and verb.nbor(1).text == ":":
            return True  # a label opening the line: "Contributing: Greg Toppo, …"
        if lemma in self.words.naming_verb and _names_something(verb):
            return True
        if lemma in self.words.striving and any(self._strives_for(c, terms) for c in verb.children):
            return True  # "fighting to regain public confidence" (but "battling to dislodge troops" is force)
        obj = self.clauses.direct_object(verb)
        senses = [c.lower_ for c in verb.children if c.dep_ in ("prt", "advmod")] + ([obj.lemma_.lower()] if obj is not None else [])
        if verb.tag_ == "VBN" and any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children):
            senses.append("with")  # "the man, armed with a rifle": what he carried, not an arms supply
        clauses = [c for c in verb.children if c.dep_ == "ccomp"]
        if clauses:
            senses.append("that")  # "prosecutors demonstrated that J&J contributed…": showed, no protest
        if any(not _about_themselves(c) for c in clauses):
            # "sources agreed that a compromise could be reached": an opinion (but "agreed that they would…")
            senses.append("that-of-others")
        return any(f"{lemma} {word}" in self.words.other_sense for word in senses) or self._by_nature(verb, terms)

    def someone_acts_in_clause(self, verb: Token, terms: Terms) -> bool:
        "The verb's that-clause has an actor (or a pronoun for one) as its subject."
        return any(
            subject.dep_ in ("nsubj", "nsubjpass") and (subject.lower_ in PRONOUNS or self.actors.actors_at(subject, terms))
            for clause in verb.children
            if clause.dep_ == "ccomp"
            for subject in clause.children
        )

    def to_the_press(self, verb: Token) -> bool:
        "Whom the verb talks with or briefs is the press."
        obj = self.clauses.direct_object(verb)
        audience = [*([obj] if obj is not None else []), *prep_objects(verb, "with"), *prep_objects(verb, "to")]
        return any(t.lemma_.lower() in self.words.press for t in audience)

    def _strives_for(self, complement: Token, terms: Terms) -> bool:
        """A to-infinitive or a gerund of striving: neither force ("fought to retake the town") nor
        aimed at an actor ("battling to dislodge Iranian troops"); "Japan was fighting opening its
        markets" resists a policy."""
        if complement.dep_ != "xcomp" or not (infinitive(complement) or complement.tag_ == "VBG"):
            return False
        obj = self.clauses.direct_object(complement)
        if any(
            p.cameo is not None and p.cameo[:2] >= "18" and (not p.objects or matching_object(complement, obj, p.objects))
            for p in self.patterns.verb_patterns(complement.lemma_.lower())
        ):
            return False  # "fought to retake the town" (but "fighting opening its markets": not "open fire")
        return obj is None or not self.actors.actors_at(obj, terms)

    def _by_nature(self, verb: Token, terms: Terms) -> bool:
        "The subject is a storm, a quake or a disease (words.tsv nature), or evidence (non-agent), and no actor."
        subject, _ = self.clauses.logical_subject(verb)
        if subject is None or self.actors.actors_at(subject, terms):
            return False
        words = [subject, *(c for c in subject.children if c.dep_ == "compound")]
        return any(t.lemma_.lower() in self.words.nature | self.words.non_agent for t in words)


def _names_something(verb: Token) -> bool:
    """What something is called or taken for: an object predicate ("called the deal a disaster",
    "a company called Acme") or a verbless clause ("considers Taiwan a province")."""
    return any(c.dep_ == "oprd" or c.dep_ == "ccomp" and c.pos_ in ("NOUN", "PROPN", "ADJ") for c in verb.children)


def _about_themselves(clause: Token) -> bool:
    """A complement clause whose subject is a pronoun or is owned by one ("agreed that their
    countries should cooperate"): most often the ones who agreed or showed."""
    return any(
        c.dep_ in ("nsubj", "nsubjpass") and (c.lower_ in PRONOUNS or any(p.dep_ == "poss" and p.lower_ in PRONOUNS for p in c.children))
        for c in clause.children
    )
