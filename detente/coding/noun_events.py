"""Nominal events: "Russia's invasion of Ukraine", "talks between China and NATO", "US sanctions
on Iran". The noun's rows in nouns.tsv say where its source and target sit; a noun that nothing in
the sentence says happened is background ("amid Russia's invasion")."""

from __future__ import annotations

from spacy.tokens import Token

from ..models import Actor
from .actors import Terms, is_name
from .candidates import Candidate, anchored, others, unique, with_event_sector
from .clauses import prep_objects
from .rules import Part

__all__ = ["NounEvents"]


class NounEvents(Part):
    "Events carried by a noun, and the actors in a noun's slots (also for light verbs' nouns)."

    def event(self, noun: Token, terms: Terms) -> Candidate | None:
        "The noun's own event: its rows in priority order, the first that finds both sides."
        for pattern in self.noun_rows(noun):
            between = [a for pobj in prep_objects(noun, "between") for a in self.actors.actors_at(pobj, terms)]
            source = self.slots(noun, pattern.source, terms)
            target = self.slots(noun, pattern.target, terms)
            mutual = bool(between)
            if between:
                if source:
                    target = target + tuple(between)
                else:
                    source, target = (between[0],), target + tuple(between[1:])
            peers = not target and len(source) >= 2 and pattern.symmetric
            if peers:
                source, target, mutual = source[:1], source[1:], True
            source, target = anchored(source, unique(list(target)))
            target = others(source, target, self.sectors)
            if not source or not target:
                continue
            negated, hypothetical = self.modality.of(noun)
            return Candidate(
                cameo=pattern.cameo,
                source=with_event_sector(source, noun, pattern.cameo, self.words.military_modifier),
                target=with_event_sector(target, noun, pattern.cameo, self.words.military_modifier),
                trigger=noun,
                trigger_text=noun.text,
                rule=pattern.rule,
                negated=negated,
                hypothetical=hypothetical,
                background=self.modality.is_background(noun),
                confidence=0.6,
                event_noun=noun,
                mutual=mutual or pattern.symmetric,
                peers=peers,
            )
        return None

    def slots(self, noun: Token, slots: tuple[str, ...], terms: Terms) -> tuple[Actor, ...]:
        "The actors in a noun's slots: its possessor, a name modifying it, its prepositions' objects."
        actors: list[Actor] = []
        for slot in slots:
            if slot == "poss":
                for child in noun.children:
                    if child.dep_ == "poss":
                        actors += self.actors.actors_at(child, terms)
            elif slot == "mod":
                for child in noun.children:
                    # only names count here: "military" in "military talks" is a sector, not an actor
                    if child.dep_ in ("compound", "amod", "nmod") and is_name(child, terms):
                        actors += self.actors.actors_at(child, terms)
            else:
                for pobj in prep_objects(noun, slot):
                    actors += self.actors.actors_at(pobj, terms)
        return unique(actors)
