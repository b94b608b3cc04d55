"""The other side of a verb event whose frame found only the source: where news writing puts the
one an act is aimed at when it is not the verb's object.

    inside the object     "demanded the removal of President Habyarimana"   the object's of-phrase
                          "defended Trump's decision"                       the object's possessor
                          "rejected every offer made by the Taliban"         the object's by-agent
    shared object         "killed or wounded 2,600 Iraqis"                  a coordinated verb's object
    a protest's purpose   "marched to demand the release of Kurdish prisoners from Turkey"
    addressed clause      "demanded that Hamas renounce violence"           the complement's subject
                          "threatened a strike unless Israel rescinded…"     a condition's subject
    on the verb           "lifted embargoes on sales to Iran"               the verb's to/on/against…
    where force fell      "imposed a curfew in Cizre", "shelled positions in Syria"
    any act's purpose     "battling to dislodge Iranian troops", "provided credits to help Indonesia"

Each is tried in this order and only when the frame's own slots named no target; the rule of the
event says which found it (`+target:object`, …), so an analyst can filter them out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from spacy.tokens import Token

from ..models import Actor
from .actors import Terms
from .candidates import Candidate, anchored, others, unique
from .clauses import PRONOUNS, prep_objects
from .modality import DEONTIC_MODALS
from .rules import Part

__all__ = ["Targets"]

# Prepositions whose object is what an act is aimed at ("sanctions against Iran", "a demand
# from the US", "talks with India"), unlike those that place or time it (in, at, during).
AIMED = ("against", "on", "upon", "to", "toward", "towards", "with", "from", "by", "of", "over", "for", "into", "among", "between")
# Conjunctions by which a threat or a demand names who must act: "unless Israel rescinds…"
CONDITIONS = ("unless", "if", "until")
# Where force or coercion fell: "a curfew in Cizre", "shelling near Aleppo"
PLACES = ("in", "at", "near", "inside", "across", "around", "outside")
# CAMEO roots whose complement's subject is the one addressed: appeal (02), demand (10),
# threaten (13), and the permissions of yield (08: "gave approval for the UN to deliver aid")
ADDRESSING = ("02", "08", "10", "13")
APPEAL = "02"
PROTEST = "14"  # a protest's target may be named only by what it demands
DEPTH = 2  # noun phrases nested inside the object: "demands for freedom from the government"


class Targets(Part):
    "Finds the target of a one-sided verb event from the object's phrase, a clause or the place."

    def complete(self, candidate: Candidate, terms: Terms) -> Candidate:
        "The candidate with a target when the frame found none and the sentence names one."
        verb = candidate.trigger
        if not candidate.source or candidate.target or verb.pos_ not in ("VERB", "AUX"):
            return candidate
        code = self.codebook[candidate.cameo]
        finders = [
            ("object", lambda: self._inside_object(verb, candidate.event_noun, terms)),
            ("shared", lambda: self._shared_object(verb, terms)),
            ("purpose", lambda: self._purpose(verb, terms) if code.root == PROTEST else ()),
            ("clause", lambda: self._addressed(verb, terms) if code.root in ADDRESSING else ()),
            ("verb", lambda: self._on_the_verb(verb, terms)),
            # force with a direction: "fought alongside militants in Syria" is not against Syria
            ("place", lambda: self._place(verb, candidate.event_noun, terms) if code.force and not candidate.mutual else ()),
            ("purpose", lambda: self._purpose(verb, terms, own_events=False) if code.root != PROTEST else ()),
        ]
        obj = self.clauses.direct_object(verb)
        asking = code.root == APPEAL and any(c.dep_ == "xcomp" for c in verb.children)
        if asking and obj is not None and obj.pos_ in ("NOUN", "PROPN"):
            # "urged the Western leaders to stand up to Russian aggression": the appeal is to its
            # object, coded or not; what it asks them to face is no addressee
            finders = finders[:4]
        for name, find in finders:
            source, target = anchored(candidate.source, unique(list(find())))
            target = others(source, target, self.sectors)
            if target:
                return dataclasses.replace(
                    candidate, source=source, target=target, rule=f"{candidate.rule}+target:{name}"
                )
        return candidate

    def _inside_object(self, verb: Token, noun: Token | None, terms: Terms) -> Iterator[Actor]:
        """An actor the object's phrase names: its possessor, a by-agent, an aimed preposition. Not
        the object itself: a frame that wanted it as the target says so ("sent troops to X": the
        troops are the sender's)."""
        obj = noun if noun is not None else self.clauses.direct_object(verb)
        if obj is None or obj.lower_ in PRONOUNS:
            return
        yield from self._within(obj, terms, DEPTH)

    def _within(self, noun: Token, terms: Terms, depth: int) -> Iterator[Actor]:
        for child in noun.children:
            if child.dep_ == "poss":
                yield from self.actors.actors_at(child, terms)
            elif child.dep_ == "acl" and child.tag_ == "VBN" and depth == DEPTH:
                # "the offer made by the Taliban", "a bill signed by the minister"
                for pobj in prep_objects(child, "by"):
                    yield from self.actors.actors_at(pobj, terms)
        for preposition in AIMED:
            for pobj in prep_objects(noun, preposition):
                found = self.actors.actors_at(pobj, terms)
                yield from found
                if not found and depth > 1:
                    yield from self._within(pobj, terms, depth - 1)

    def _shared_object(self, verb: Token, terms: Terms) -> Iterator[Actor]:
        "The object of a coordinated verb that has none of its own: 'killed or wounded 2,600 Iraqis'."
        if self.clauses.direct_object(verb) is not None:
            return
        for conj in verb.children:
            if conj.dep_ == "conj" and conj.pos_ == "VERB" and not any(c.dep_.startswith("nsubj") for c in conj.children):
                obj = self.clauses.direct_object(conj)
                if obj is not None and obj.i > conj.i and obj.lower_ not in PRONOUNS:
                    yield from self.actors.actors_at(obj, terms)

    def _purpose(self, verb: Token, terms: Terms, own_events: bool = True) -> Iterator[Actor]:
        """Whom an act is aimed at, from the clause that says what for: "staged demonstrations to
        demand reforms by Suharto's government", "battling to dislodge Iranian troops", "agreed
        to provide credits to help Indonesia". A complement that codes an event of its own keeps its
        target to itself, except a protest's demand (`own_events`)."""
        clauses = [c for c in verb.children if c.dep_ in ("advcl", "xcomp")]
        clauses += [
            g
            for p in verb.children
            if p.dep_ == "prep" and p.lower_ not in self.words.topic_preposition
            for g in p.children
            if g.dep_ == "pcomp"
        ]
        if own_events:
            # "a hunger strike in protest against violations by Algerian security forces"
            for p in verb.children:
                for noun in (g for g in p.children if p.dep_ == "prep" and g.dep_ == "pobj"):
                    if self.patterns.noun_patterns(noun.lemma_.lower()):
                        yield from self._within(noun, terms, DEPTH)
        for clause in clauses:
            if not own_events and clause.dep_ == "xcomp" and self.patterns.verb_patterns(clause.lemma_.lower()):
                continue  # "helped support the Palestinians": the support is an event of its own
            if clause.lemma_.lower() in self.words.topic_verb:
                continue  # "held a meeting to discuss Syria": Syria is the topic, not a party
            if clause.pos_ == "VERB":
                obj = self.clauses.direct_object(clause)
                if obj is not None and obj.lower_ not in PRONOUNS:
                    yield from self.actors.actors_at(obj, terms)
                yield from self._inside_object(clause, None, terms)
                yield from self._on_the_verb(clause, terms)

    def _addressed(self, verb: Token, terms: Terms) -> Iterator[Actor]:
        "The subject of the clause that says what the addressee must do, or on what condition."
        # "threatened to stop the talks if the US goes ahead": the condition may hang on the complement
        clauses = [verb, *(c for c in verb.children if c.dep_ == "xcomp")]
        for child in (c for clause in clauses for c in clause.children):
            conditional = child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITIONS for m in child.children)
            if child.dep_ == "xcomp" or child.dep_ == "ccomp" and _wanted(child) or conditional:
                for subject in child.children:
                    if subject.dep_ in ("nsubj", "nsubjpass") and subject.lower_ not in PRONOUNS:
                        yield from self.actors.actors_at(subject, terms)
                if child.dep_ == "xcomp" and child.head.i == verb.i:
                    # "allowed Syrian refugees to return": the one allowed or urged is the object
                    obj = self.clauses.direct_object(verb)
                    if obj is not None and obj.lower_ not in PRONOUNS:
                        yield from self.actors.actors_at(obj, terms)
                        if obj.pos_ in ("NOUN", "PROPN"):
                            # "urged the Western leaders to stand up to Russian aggression": asked of
                            # the leaders (whoever's they are), not of Russia
                            continue
                if child.dep_ == "xcomp":
                    # "threatened to deliver blows to the United States", "threatened to cut off
                    # electricity to Nakhichevan": whom what is threatened or asked is aimed at
                    yield from self._on_the_verb(child, terms)
            elif child.dep_ == "prep" and child.lower_ == "for":
                # "gave approval for the UN to deliver aid": the for-phrase's subject of the infinitive
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and any(c.dep_ in ("acl", "relcl") for c in pobj.children):
                        yield from self.actors.actors_at(pobj, terms)

    def _on_the_verb(self, verb: Token, terms: Terms) -> Iterator[Actor]:
        "An aimed preposition of the verb itself: 'lifted the embargo on Iran', 'broke off ties with Qatar'."
        for preposition in AIMED:
            if preposition in ("of", "for") or preposition == "by" and self.clauses.is_passive(verb):
                continue  # "accused of", "for years", a passive's agent: not whom the act is aimed at
            # an active verb's by-phrase is the parser's attachment of the object's agent:
            # "investigating war crimes by Croatian extremists"
            for pobj in prep_objects(verb, preposition):
                yield from self.actors.actors_at(pobj, terms)

    def _place(self, verb: Token, noun: Token | None, terms: Terms) -> Iterator[Actor]:
        "Force falls on the country where it is used: 'shelled positions in Syria', 'a curfew in Cizre'."
        holders = [verb] + ([noun] if noun is not None else [])
        obj = self.clauses.direct_object(verb)
        if obj is not None and obj is not noun:
            holders.append(obj)
        for holder in holders:
            for preposition in PLACES:
                for pobj in prep_objects(holder, preposition):
                    yield from self.actors.actors_at(pobj, terms)


def _wanted(clause: Token) -> bool:
    """A that-clause saying what someone must do, not what is: "demanded that Hamas renounce"
    (a bare verb), "insisted Assad needs to go" (an obligation); not "insisted ties were close"."""
    # the parser tags a subjunctive after a plural-looking name as VBP ("that the United States match")
    bare = clause.tag_ in ("VB", "VBP") and not any(c.dep_ == "aux" and c.lower_ != "to" for c in clause.children)
    obliged = any(c.dep_ == "aux" and c.lower_ in DEONTIC_MODALS for c in clause.children)
    return bare or obliged or clause.lemma_ in ("need", "have") and any(c.dep_ == "xcomp" for c in clause.children)
