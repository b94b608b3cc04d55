"""Candidates: events found in a sentence before they are dated and placed, and what is done
with their two sides — anchoring "the government", dropping a country acting on itself, coding
mutual events both ways, merging what coordination found twice.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from spacy.tokens import Token

from ..models import Actor, actor_code
from ..tables.codebook import CameoCode
from ..tables.sectors import Sectors

__all__ = [
    "Candidate",
    "anchored",
    "directions",
    "identified",
    "others",
    "own_forces",
    "same_actor",
    "unique",
    "with_counterparts",
    "with_event_sector",
    "without_duplicates",
]

# CAMEO roots of consulting (04) and material cooperation (06): done through the military when
# a military word modifies the event noun
THROUGH_THE_MILITARY = ("04", "06")


@dataclass(frozen=True)
class Candidate:
    "An event found in a sentence, before dating and placing it."

    cameo: str
    source: tuple[Actor, ...]
    target: tuple[Actor, ...]
    trigger: Token  # the verb or noun that carries the event
    trigger_text: str
    rule: str
    negated: bool
    hypothetical: bool
    background: bool
    confidence: float
    event_noun: Token | None = None  # the noun of a light-verb or nominal event
    mutual: bool = False  # both sides named together: the reverse direction holds too
    named_countries: tuple[str, ...] = ()  # every country the sentence names, in order
    peers: bool = False  # the sides came from one list ("the US, Russia and Switzerland met")
    future: bool = False  # stated to happen after the report: "will visit", "is due to meet"
    attributed_to: tuple[Actor, ...] = ()  # who says so: "Russia said Ukraine shelled…" → Russia


def directions(candidate: Candidate, code: CameoCode, mutual_fights: frozenset[str]) -> list[Candidate]:
    """A mutual event in both directions: 'X and Y held talks' is X→Y and Y→X. Whether a code is
    mutual is cameo.tsv's `sides`: a visit has a direction; fights are mutual when the verb is
    one of mutual fighting ("clashed"), not an attack."""
    if not (candidate.mutual and candidate.source and candidate.target):
        return [candidate]
    if code.sides == "mutual-by-verb":
        if candidate.trigger.lemma_.lower() not in mutual_fights:
            return [candidate]  # an attack has a direction; a clash does not
    elif code.sides != "mutual":
        return [candidate]
    if candidate.peers:
        # every party of a list meets all the others: Russia→US+Switzerland, Switzerland→US+Russia
        parties = candidate.source + candidate.target
        others = lambda party: tuple(p for p in parties if p is not party)  # noqa: E731
        reverse = [
            dataclasses.replace(candidate, source=(party,), target=others(party), rule=candidate.rule + " (reverse)")
            for party in candidate.target
        ]
    else:
        reverse = [
            dataclasses.replace(candidate, source=(target,), target=candidate.source, rule=candidate.rule + " (reverse)")
            for target in candidate.target
        ]
    return [candidate, *reverse]


def identified(candidate: Candidate) -> bool:
    """Worth storing: at least one coded actor, as GDELT stores events with one actor ("China
    rejected the accusations") or sector-only actors ("police arrested protesters")."""
    if candidate.source and candidate.target:
        return True
    return bool(candidate.source or candidate.target)


def anchored(source: tuple[Actor, ...], target: tuple[Actor, ...]) -> tuple[tuple[Actor, ...], tuple[Actor, ...]]:
    """"The government" without a country is the government of the other side's country
    ("Kenyan protesters marched against the government"); with no country there, it is dropped."""

    def anchor(side: tuple[Actor, ...], other: tuple[Actor, ...]) -> tuple[Actor, ...]:
        country = next((a.country for a in other if a.country), None)
        kept = []
        for actor in side:
            # only a generic phrase ("the government", "authorities"), not "the Maduro government"
            # or "President Laurent Gbagbo" (the matcher keeps such unknown names as the name)
            generic = actor.name == actor.code
            if actor.country is None and actor.code == "GOV" and generic:
                if country is None:
                    continue
                actor = Actor(actor.text, country, actor_code(country, "GOV"), country, "GOV")
            # an unknown person with a title ("President Laurent Gbagbo") stays: the pipeline
            # places them in the country where the event happened, or drops them
            kept.append(actor)
        return tuple(kept)

    return anchor(source, target), anchor(target, source)


def same_actor(a: Actor, b: Actor, sectors: Sectors) -> bool:
    """Beijing (CHNGOV) and China (CHN) are one side: a country and the parts of its state. Two
    sectors of one country are not ("Turkish police detained Turkish journalists" is a domestic
    event), nor a country and its society or armed groups ("Croatia investigated Croatian
    extremists": HRV on HRVREB; sectors.tsv's `state`)."""
    if a.code == b.code:
        return True
    if a.country is None or a.country != b.country:
        return False
    return a.sector is None and (b.sector is None or sectors.of_state(b.sector)) or b.sector is None and sectors.of_state(a.sector)


def others(source: tuple[Actor, ...], target: tuple[Actor, ...], sectors: Sectors) -> tuple[Actor, ...]:
    "The targets that are not on the source's side: no event of a country with itself."
    return tuple(t for t in target if not any(same_actor(s, t, sectors) for s in source))


def unique(actors: list[Actor]) -> tuple[Actor, ...]:
    seen: dict[str, Actor] = {}
    for actor in actors:
        seen.setdefault(actor.code, actor)
    return tuple(seen.values())


def with_event_sector(
    actors: tuple[Actor, ...], noun: Token | None, cameo: str, military_words: frozenset[str]
) -> tuple[Actor, ...]:
    """'military talks between China and NATO', 'joint military exercises': the countries
    consult or cooperate through their militaries ("military aid" is given by governments)."""
    if noun is None or cameo[:2] not in THROUGH_THE_MILITARY:
        return actors
    modifiers = [t for t in noun.subtree if t.i < noun.i and t.dep_ in ("amod", "compound")]
    military = any(t.lower_ in military_words for t in modifiers)
    if not military:
        return actors
    return tuple(
        Actor(a.text, a.name, actor_code(a.country, "MIL"), a.country, "MIL")
        if a.country and a.sector in (None, "GOV")
        else a
        for a in actors
    )


def with_counterparts(candidate: Candidate, counterpart: frozenset[str], sectors: Sectors) -> Candidate:
    """"India's defence minister met his Australian counterpart": a counterpart holds the other
    side's office, so shares its state sector (AUSMIL, not the GOV the word alone gives)."""

    def office(side: tuple[Actor, ...], other: tuple[Actor, ...]) -> tuple[Actor, ...]:
        sector = next((a.sector for a in other if sectors.of_state(a.sector)), None)
        if sector is None:
            return side
        return tuple(
            Actor(a.text, a.name, actor_code(a.country, sector), a.country, sector)
            if a.country and a.sector in (None, "GOV") and counterpart & set(a.text.lower().split())
            else a
            for a in side
        )

    source, target = office(candidate.source, candidate.target), office(candidate.target, candidate.source)
    if (source, target) == (candidate.source, candidate.target):
        return candidate
    return dataclasses.replace(candidate, source=source, target=target)


def own_forces(commanders: tuple[Actor, ...], ordered: tuple[Actor, ...]) -> bool:
    "Those ordered are the commander's own: a sector of no other country ('troops', 'Russian police')."
    country = commanders[0].country if commanders else None
    return country is not None and bool(ordered) and all(
        a.country in (None, country) and a.sector is not None and a.code == actor_code(a.country, a.sector) for a in ordered
    )


def without_duplicates(candidates: list[Candidate]) -> list[Candidate]:
    "One event per (trigger, code, source, target): coordination can reach a pair twice."
    seen: set[tuple[int, str, tuple[str, ...], tuple[str, ...]]] = set()
    kept = []
    for c in candidates:
        key = (c.trigger.i, c.cameo, tuple(a.code for a in c.source), tuple(a.code for a in c.target))
        if key not in seen:
            seen.add(key)
            kept.append(c)
    return kept
