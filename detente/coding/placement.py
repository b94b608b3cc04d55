"""Where an event happened, and the actors that the place names: the choice of an event's place.

    "On Wednesday, Beijing hosted the dialogue"        the host city: Beijing
    "Chinese and Russian diplomats met in Moscow"      a place in the event's clause: Moscow
    "Russian forces shelled Kharkiv"                   the place acted on: Kharkiv
    "…talks following developments in Ukraine"        another clause's place: not the event's
    "police arrested protesters in Tbilisi"            sector actors take the place's country: GEOCOP → GEOCVL

Places come from the entity recognizer's GPE/LOC/FAC spans (a NORP or PERSON span only in a
place slot), looked up in the gazetteer; homonyms go to the event's actors' countries, then to
the countries the article is about ("Tripoli").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from spacy.tokens import Span, Token

from ..models import Actor, Location
from ..tables.codebook import CameoCode, Codebook
from ..tables.sectors import Sectors
from ..tables.words import Words
from .actors import ActorMatcher
from .candidates import Candidate
from .places import Gazetteer

__all__ = ["Placement", "titled", "unplaced_dropped"]

# Prepositions that put an event somewhere: "met in Beijing", "clashed near Bakhmut".
LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "across", "throughout", "around", "off", "along", "over"}
VISIT = "042"
# Prepositions whose object can hold the event's place: "met with his counterpart in Moscow".
HOLDING_PREPS = {"with", "between", "at", "in", "to", "by", "near", "on"}
# The host of a visit, when it is a place, is also where the event happened: "Beijing hosted".
HOSTING = "043"
PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Meetings (CAMEO root 04, consult): where a titled stranger meets someone, they may be abroad.
CONSULT = "04"


class Placement:
    """Places events and the actors a place names; built once with the actor matcher, the
    gazetteer, the codebook (which codes use force, which only a state does), the word lists and
    the sectors (which are a state's, placed in the country an article is about)."""

    def __init__(
        self, actors: ActorMatcher, gazetteer: Gazetteer, codebook: Codebook, words: Words, sectors: Sectors
    ) -> None:
        self.actors = actors
        self.sectors = sectors
        self.gazetteer = gazetteer
        self.codebook = codebook
        self.words = words

    def location(
        self, candidate: Candidate, sent: Span, countries: list[str], article: Sequence[str] = ()
    ) -> Location | None:
        """A place named in the event's clause ("met in Beijing"), the town attacked or visited
        ("shelled Kharkiv", "visited Havana"), or the city that hosted it ("Beijing hosted…").

        A place in another clause of the sentence ("…following developments in Ukraine") is not
        the event's; nor is a place used as an actor ("Beijing said"); nor the topic of talks or
        the object of sanctions ("sanctions on Russia"). Homonyms go to the event's actors'
        countries, then to the article's ("Tripoli" in an article about Lebanon)."""
        trigger = candidate.trigger
        forceful = self.codebook[candidate.cameo].force is not None
        own = {trigger.i} | ({candidate.event_noun.i} if candidate.event_noun is not None else set())
        own |= {verb.i for verb in _clause_heads(trigger)}  # "pledged in Paris to take action"
        holders = set(own)
        # the parser often hangs "in Moscow" on the object ("met his counterpart in Moscow")
        holders |= {c.i for c in trigger.children if c.dep_ in ("dobj", "pobj", "attr", "nsubj", "nsubjpass")}
        holders |= {c.i for c in trigger.children if c.dep_ == "prep" and c.lower_ in LOCATIVE_PREPS | HOLDING_PREPS}
        objects = {
            g.i for c in trigger.children if c.dep_ == "prep" and c.lower_ in HOLDING_PREPS for g in c.children if g.dep_ == "pobj"
        }  # not "following developments in Ukraine"
        holders |= objects
        found: list[tuple[int, int, str]] = []  # (how close to the event, position, name)
        for ent in sent.ents:
            if ent.label_ not in PLACE_LABELS | {"NORP", "PERSON"}:
                continue
            root = ent.root
            if root.dep_ == "compound" and root.head.lower_ in self.words.place_noun:
                root = root.head  # "in Zulia state": the phrase is headed by "state"
            preposition = root.head
            if root.dep_ == "pobj" and preposition.lower_ == "of" and preposition.head.lower_ in self.words.place_noun:
                # "near the town of Samarra": the place is the town's name
                town = preposition.head
                root, preposition = town, town.head
            if preposition.lower_ == "of" and preposition.head.lower_ in ("outside", "out"):
                preposition = preposition.head  # "outside of the city"
            # "an attack on Kyiv", "rockets fired from Gaza": force happens on or from a place too,
            # said of the event itself (not "a missionary from Calgary was arrested")
            direct = root.dep_ == "pobj" and (
                preposition.head.i in own and preposition.lower_ in LOCATIVE_PREPS
                # the parser hangs "from Gaza" on "fired rockets at Israeli towns"' towns
                or forceful and preposition.lower_ in ("on", "from") and preposition.head.i in own | objects
            )
            in_clause = direct or root.dep_ == "pobj" and preposition.lower_ in LOCATIVE_PREPS and (
                preposition.head.i in holders or _nested_in(preposition.head, holders)
            )
            if ent.label_ in ("NORP", "PERSON") and not in_clause:
                # a nationality or a person, unless the parser mislabelled a town in a place slot
                # ("students in Valencia" is tagged PERSON)
                continue
            hosting = root.dep_ == "nsubj" and root.head.i == trigger.i and candidate.cameo == HOSTING
            # "shelled Kharkiv", "Kharkiv was shelled", "visited Havana": the place acted on
            acted_on = root.head.i == trigger.i and root.dep_ in ("dobj", "nsubjpass") and (forceful or candidate.cameo == VISIT)
            # "travelled to the United States": where a visit goes
            acted_on |= candidate.cameo == VISIT and root.dep_ == "pobj" and preposition.lower_ == "to" and preposition.head.i == trigger.i
            if in_clause or hosting or acted_on:
                name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
                found.append((0 if direct or hosting or acted_on else 1, ent.start, name))
        # a place said of the event itself before one hung on a participant
        for _, _, name in sorted(found):
            location = self.gazetteer.lookup(name, prefer_countries=countries)
            if location is not None and location.country not in countries and article:
                # the event's actors do not settle it: the article's countries may
                other = self.gazetteer.lookup(name, prefer_countries=article)
                location = other if other is not None and other.country in article else location
            if location is not None:
                return location
        return None

    def place_actors(
        self, candidate: Candidate, code: CameoCode, where: Location | None, plain: str | None = None
    ) -> tuple[tuple[Actor, ...], tuple[Actor, ...]]:
        """Actors named only by their sector take the country where the event happened
        ("police arrested protesters in Tbilisi": GEOCOP → GEOCVL), else the one country the
        sentence names, else — for a state's sectors and armed groups, not society's — the
        country the article is plainly about (`plain`: "police" in a report from Egypt); an attack
        nobody is named for is by unidentified forces there ("a roadside bomb near Samarra
        killed…"), and an arrest, a curfew or an investigation nobody is named for is by that
        country's authorities ("a US national has been put under investigation in Italy": ITAGOV)."""
        source, target = candidate.source, candidate.target
        if code.root == CONSULT and titled(source + target):
            # a titled stranger meeting someone somewhere may well be abroad
            return unplaced_dropped(source), unplaced_dropped(target)
        if where is None or not where.country:
            source = self._by_context(source, target, candidate, plain)
            target = self._by_context(target, candidate.source, candidate, plain)
            return self._in_country(source, plain, target), self._in_country(target, plain, source)
        country = where.country
        actors = self.actors

        def place(side: tuple[Actor, ...]) -> tuple[Actor, ...]:
            placed = []
            for a in side:
                if a.country is None and a.code == a.sector:
                    a = actors.in_country(a, country)
                elif a.country not in (None, country) and "ethnic" in a.text.lower().split() and not a.sector:
                    # "ethnic Albanians demonstrated in Serbia": a people where it lives (CVL)
                    a = actors.in_country(dataclasses.replace(a, sector="CVL"), country)
                placed.append(a)
            return tuple(placed)

        source, target = place(source), place(target)
        if not source and code.violent:
            source = (actors.in_country(Actor("unidentified attackers", "UAF", "UAF", None, "UAF"), country),)
        elif not source and code.state_act:
            source = (actors.in_country(Actor("authorities", "GOV", "GOV", None, "GOV"), country),)
        return source, target

    def _in_country(self, side: tuple[Actor, ...], country: str | None, other: tuple[Actor, ...]) -> tuple[Actor, ...]:
        """Actors named only by a state's or an armed group's sector (not titled strangers, not
        society: "the company" is no state's) placed in a country — unless the other side is of
        it: "Israeli jets struck militants" does not make the militants Israeli, while a state's
        part facing that country's society is its own ("police arrested Algerian journalists")."""
        if country is None:
            return side
        # the country's own people on the other side: only a state's part is placed there
        # ("police arrested journalists" in a report from Algeria: DZACOP on DZAMED)
        facing = any(a.country == country for a in other)
        if facing and not self._facing_society(other, country):
            return side
        return tuple(
            self.actors.in_country(a, country)
            if _sector_only(a) and self.sectors.takes_part(None, a.sector) and (not facing or self.sectors.of_state(a.sector))
            else a
            for a in side
        )

    def _of_the_state_there(self, actor: Actor) -> bool:
        "A title or a state's sector with no country, and no envoy: 'Ambassador X' serves abroad."
        envoy = bool(self.words.envoy & set(actor.text.lower().split()))
        return (titled((actor,)) or _sector_only(actor)) and self.sectors.of_state(actor.sector) and not envoy

    def _facing_society(self, other: tuple[Actor, ...], country: str) -> bool:
        "The other side's actors of this country are all of its society or armed groups, none of its state."
        theirs = [a for a in other if a.country == country]
        return bool(theirs) and not any(a.sector is None or self.sectors.of_state(a.sector) for a in theirs)

    def _by_context(
        self, side: tuple[Actor, ...], other: tuple[Actor, ...], candidate: Candidate, plain: str | None = None
    ) -> tuple[Actor, ...]:
        """An official known only by title, or an actor only by its sector, where no place says
        whose: the one country the sentence names besides the other side's ("Ousted President
        Askar Akayev agreed to resign without returning to Kyrgyzstan" → KGZGOV; "Turkish police
        stopped a protest staged by students": the students' protest is TUREDU's); with none or
        several, nobody's."""
        others = {a.country for a in other}
        states = {a.country for a in other if a.country and (a.sector is None or self.sectors.of_state(a.sector))}
        if len(states) == 1:
            # "opposition leaders met Prime Minister Papandreou": an opposition is of the state it faces
            (state,) = states
            side = tuple(self.actors.in_country(a, state) if a.country is None and self.sectors.domestic(a.sector) else a for a in side)
        left = [c for c in candidate.named_countries if c not in others]
        if not left:
            # "Fijian rebels freed Prime Minister Mahendra Chaudhry", "police arrested Algerian
            # journalists": a state's part facing only one country's society or armed groups is
            # that country's
            own = [c for c in candidate.named_countries if c in others and self._facing_society(other, c)]
            civil = {"GOV", "LEG", "JUD"}
            if not own and len(candidate.named_countries) == 1 and all(a.sector in civil for a in other if a.country):
                # "Iceland's president refused a request from the prime minister": one country's
                # civil state facing a titled official of no known country, and no other country
                # named, is domestic politics; an envoy serves abroad ("China summoned Ambassador X")
                own = [c for c in candidate.named_countries if c in others]
            if len(own) == 1:
                return unplaced_dropped(tuple(
                    self.actors.in_country(a, own[0]) if self._of_the_state_there(a) else a for a in side
                ))  # fmt: skip
        if len(left) != 1:
            return unplaced_dropped(side)
        # "The Senate voted to seek a probe of Canadian tariffs" in a report plainly about the US:
        # a legislature named alone ("the Senate", "lawmakers") is the article's country's, not
        # that of a country the sentence mentions in passing (`_in_country` places it)
        mentioned = plain is not None and left[0] != plain
        return tuple(
            self.actors.in_country(a, left[0])
            if titled((a,)) or _sector_only(a) and not (mentioned and a.sector == "LEG")
            else a
            for a in side
        )


def _clause_heads(verb: Token) -> list[Token]:
    """The verbs whose place is also this one's: the governor of a complement ("pledged in Paris
    to take action") and the first of conjuncts that share a subject ("destroyed a platform in
    the Gulf and raided another")."""
    heads = []
    while verb.head.i != verb.i and len(heads) < 3 and (
        verb.dep_ == "xcomp" or verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
    ):
        verb = verb.head
        heads.append(verb)
    return heads


def _nested_in(token: Token, holders: set[int]) -> bool:
    """A place inside a phrase of the event: "killed in a car bomb explosion in Beirut",
    "killed in a raid on a village near Hama". Climbs prepositional phrases only, never a clause."""
    for _ in range(4):
        if token.dep_ not in ("pobj", "prep", "compound", "appos") or token.head.i == token.i:
            return False
        token = token.head
        if token.dep_ == "prep" and token.lower_ not in LOCATIVE_PREPS | HOLDING_PREPS:
            return False  # "in the context of the conflict in Ukraine", "following developments in…"
        if token.i in holders:
            return True
    return False


def _sector_only(actor: Actor) -> bool:
    "'police', 'the company': a sector word alone, no country, no name."
    return actor.country is None and actor.code == actor.sector == actor.name


def titled(actors: tuple[Actor, ...]) -> bool:
    """Someone we know only by a title and a name: 'President Laurent Gbagbo' (GOV, no country),
    'Lt. Gen. Prosper Avril' (MIL). The matcher keeps the unknown name as the actor's name."""
    return any(a.country is None and a.code == a.sector and a.name != a.code for a in actors)


def unplaced_dropped(actors: tuple[Actor, ...]) -> tuple[Actor, ...]:
    "A government of no known country is nobody's: 'President Laurent Gbagbo' where no place says whose."
    return tuple(a for a in actors if not (a.country is None and a.code == "GOV"))
