"""Verbal events: a verb whose frame matches a row of verbs.tsv, its source and target read from
the parse.

    active      "China accused NATO"                  subj → source, dobj → target
    passive     "Iran was sanctioned by the EU"        by-agent → source, subject → target
    control     "China agreed to meet NATO"            the governing verb's subject
    light verb  "Russia launched an attack on Kyiv"    the object noun's pattern and its on-phrase
    pronoun     "Iran said it would retaliate"         the subject of the reporting verb
    mood noun   "called for sanctions against Iran"    the noun's code in the verb's mood

A compound subject of a verb whose code has sides ("China and Russia held talks") is the two sides
of one event (cameo.tsv `sides`, words.tsv mutual-verb).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from ..models import Actor
from ..tables.patterns import NounPattern, VerbPattern
from .actors import SectorWord, Terms
from .candidates import Candidate, anchored, others, unique, with_event_sector
from .clauses import antecedent, has_particle, matching_object, prep_objects, trigger_text
from .noun_events import NounEvents
from .rules import Part, Rules
from .senses import Senses

__all__ = ["VerbEvents"]

# Prepositions that name whom or what an act is aimed at: "gave support to", "called for" (not
# "on": a day or a topic, "renewed negotiations on Monday on a pullback").
ADDRESSED_PREPS = {"against", "for", "to"}
# Prepositions whose actors are the other side of a mutual event: "met with", "talks between".
MUTUAL_PREPS = {"with", "between"}


class VerbEvents(Part):
    "Events carried by a verb, and whom an appeal or demand is addressed to."

    def __init__(self, rules: Rules, nouns: NounEvents) -> None:
        super().__init__(rules)
        self.nouns = nouns  # light verbs and mood verbs take their code and actors from a noun
        self.senses = Senses(rules)

    def event(self, verb: Token, terms: Terms, consumed: set[int]) -> Candidate | None:
        """The verb's own event: the first pattern that finds both sides, else the first that
        finds one; a mood verb with an event noun ("called for sanctions against X") beats a
        generic row that finds one side only. None when the verb is used in a sense that is no
        event (senses.py)."""
        best: Candidate | None = None
        # "warned that police will no longer tolerate rallies" is a threat; "warned that quitting
        # the deal would undermine…", a clause in which no actor acts, a comment (verbs.tsv: warn)
        threat = self.patterns.mood_of(verb.lemma_.lower()) == "threat" and self.senses.someone_acts_in_clause(verb, terms)
        for pattern, obj in self._patterns_for(verb):
            if threat and pattern.cameo is not None and pattern.cameo.startswith("01"):
                continue
            candidate = self._fill(verb, obj, pattern, terms)
            if candidate is None:
                continue
            if candidate.source and candidate.target:
                best = candidate
                break
            best = best or candidate
        if best is None or not (best.source and best.target) and best.event_noun is None:
            best = self._mood_noun_event(verb, self.clauses.direct_object(verb), terms) or best
        if best is None or self.senses.another(verb, terms):
            return None
        if best.cameo.startswith("04") and self.senses.to_the_press(verb):
            return None  # "briefed reporters", "speaking with reporters": a statement, coded by its verb of saying
        if best.event_noun is not None:
            consumed.add(best.event_noun.i)
        return best

    def _event_noun(self, obj: Token | None) -> Token | None:
        "The object if nouns.tsv has it, else what it measures: '58 tons of aid', 'a package of sanctions'."
        if obj is None or self.noun_rows(obj):
            return obj
        return next((pobj for pobj in prep_objects(obj, "of") if self.noun_rows(pobj)), None)

    def _patterns_for(self, verb: Token) -> Iterator[tuple[VerbPattern, Token | None]]:
        "The patterns whose frame the verb fills, each with the object it matched."
        dobj = self.clauses.direct_object(verb)
        lemma = verb.lemma_.lower()
        patterns = self.patterns.verb_patterns(lemma)
        if not patterns and lemma.startswith("re") and len(lemma) > 6:
            patterns = self.patterns.verb_patterns(lemma[2:].lstrip("-"))  # "reimposed", "re-open"
        for pattern in patterns:
            if pattern.particle and not has_particle(verb, pattern.particle):
                continue
            obj = dobj
            if pattern.objects:
                obj = matching_object(verb, dobj, pattern.objects)
                if obj is None:
                    continue
            if pattern.is_light:
                obj = self._event_noun(obj)  # "delivered 58 tons of aid": the aid
                if obj is None:
                    continue
            yield pattern, obj

    def _fill(self, verb: Token, obj: Token | None, pattern: VerbPattern, terms: Terms) -> Candidate | None:
        "The event one pattern codes: its slots filled from the parse, a light verb's from its noun."
        noun_pattern: NounPattern | None = None
        source, inferred = self._source(verb, pattern, terms)
        target, mutual = self._target(verb, obj, pattern, terms)
        if pattern.is_light:
            assert obj is not None
            # the noun's rows in order, the first whose target the noun itself names: "held
            # exercises with India" (joint, 062) before "held exercises near Taiwan" (150)
            rows = self.noun_rows(obj)
            noun_pattern = rows[0]
            if not target:
                for row in rows:
                    found = self.nouns.slots(obj, row.target, terms)
                    if found:
                        noun_pattern, target = row, found
                        break
                mutual = mutual or noun_pattern.symmetric
        cameo = noun_pattern.cameo if noun_pattern else pattern.cameo
        assert cameo is not None
        lemma = verb.lemma_.lower()
        peers = False
        if not target and len(source) >= 2 and (
            lemma in self.words.mutual_verb or self.codebook[cameo].splits_sides and not _addresses_another(verb)
        ):
            source, target, mutual, peers = source[:1], source[1:], True, True  # "China and Russia held talks"
        source, target = anchored(source, target)
        target = others(source, target, self.sectors)
        if not source and not target:
            return None
        takes_object = bool(pattern.objects) or pattern.is_light
        negated, hypothetical = self.modality.of(verb)
        one_sided = not (source and target)
        event_noun = obj if takes_object else None
        return Candidate(
            cameo=cameo,
            source=with_event_sector(source, event_noun, cameo, self.words.military_modifier),
            target=with_event_sector(target, event_noun, cameo, self.words.military_modifier),
            trigger=verb,
            trigger_text=trigger_text(verb, obj if takes_object else None),
            rule=pattern.rule + (f"+{noun_pattern.rule}" if noun_pattern else ""),
            negated=negated,
            hypothetical=hypothetical,
            background=False,
            confidence=round((0.85 if not inferred else 0.7) - (0.25 if one_sided else 0), 2),
            event_noun=event_noun,
            # "shared this information with the Iraqis" goes one way, "cooperated with" both
            mutual=peers or (mutual or lemma in self.words.mutual_verb) and lemma not in self.words.one_way_verb,
            peers=peers,
        )

    def _mood_noun_event(self, verb: Token, obj: Token | None, terms: Terms) -> Candidate | None:
        "A mood verb with an event noun: 'demanded the release of…', 'called for talks with…'."
        mood = self.patterns.mood_of(verb.lemma_.lower())
        if mood is None:
            return None
        nouns = [obj] if obj is not None else []
        nouns += list(prep_objects(verb, "for"))  # "called for talks", "pushed for sanctions"
        if mood == "intent":
            nouns += [*prep_objects(verb, "to"), *prep_objects(verb, "on")]  # "agreed to a ceasefire"
        for noun in nouns:
            patterns = self.noun_rows(noun)
            if not patterns:
                continue
            subject, inferred = self.clauses.logical_subject(verb)
            source = tuple(self.actors.actors_at(subject, terms)) if subject is not None else ()
            participants = self.nouns.slots(noun, patterns[0].source + patterns[0].target + ("between", "of"), terms)
            addressees = self.addressees(verb, terms)
            source, target = anchored(source, addressees or participants)
            target = others(source, target, self.sectors)
            if not source and not target:
                continue
            negated, hypothetical = self.modality.of(verb)
            return Candidate(
                cameo=self.patterns.in_mood(mood, patterns[0].cameo),
                source=source,
                target=target,
                trigger=verb,
                trigger_text=trigger_text(verb, noun),
                rule=f"mood:{mood}+{patterns[0].rule}",
                negated=negated,
                hypothetical=hypothetical,
                background=False,
                confidence=0.6 if source and target else 0.4,
                event_noun=noun,
            )
        return None

    def addressees(self, verb: Token, terms: Terms) -> tuple[Actor, ...]:
        "Who an appeal or demand is addressed to: 'urged Russia', 'called on Iran', 'demanded of Israel'."
        actors: list[Actor] = []
        obj = self.clauses.direct_object(verb)
        if obj is not None:
            actors += self.actors.actors_at(obj, terms)
        for preposition in ("on", "upon", "of", "from", "to"):
            for pobj in prep_objects(verb, preposition):
                actors += self.actors.actors_at(pobj, terms)
        return unique(actors)

    def _source(self, verb: Token, pattern: VerbPattern, terms: Terms) -> tuple[tuple[Actor, ...], bool]:
        "Source actors and whether they were inferred (control, coordination) rather than read."
        actors: list[Actor] = []
        for slot in pattern.source:
            if slot == "subj":
                subject, inferred = self.clauses.logical_subject(verb)
                if subject is not None:
                    actors += (
                        self.actors.actors_at(subject, terms)
                        or self._owned_by_speaker(subject.head, subject, terms)  # the verb whose subject it is
                        or self._in_apposition(subject, terms)
                    )
                    if actors:
                        return tuple(actors), inferred
            else:
                for pobj in prep_objects(verb, slot):
                    actors += self.actors.actors_at(pobj, terms)
        if not actors and self.clauses.is_passive(verb):
            return self._attack_agents(verb, terms), True
        return tuple(actors), False

    def _in_apposition(self, subject: Token, terms: Terms) -> list[Actor]:
        """A name the tables do not know, placed by its apposition: "Calero, head of the
        Nicaraguan Democratic Force, provided…", "Bolivia's ambassador, Sacha Llorenti, who
        criticized…" (the relative clause hangs on the name)."""
        beside = [c for c in subject.children if c.dep_ == "appos"]
        if subject.dep_ == "appos":
            beside.append(subject.head)
        return [a for token in beside for a in self.actors.actors_at(token, terms)]

    def _attack_agents(self, verb: Token, terms: Terms) -> tuple[Actor, ...]:
        """Who is behind a passive with no by-agent, when the attack that did it names them:
        "killed in Israeli tank shelling", "killed in an air strike by government forces"."""
        for pobj in prep_objects(verb, "in"):
            lemma = pobj.lemma_.lower()
            violent = any(self.codebook[row.cameo].violent for row in self.patterns.noun_patterns(lemma))
            if violent or lemma in self.words.weapon:
                found = self.nouns.slots(pobj, ("poss", "mod", "by"), terms)
                if found:
                    return found
        return ()

    def _owned_by_speaker(self, verb: Token, subject: Token, terms: Terms) -> list[Actor]:
        """"Bosnian Serbs said their forces had withdrawn": a sector word owned by a pronoun is
        the speaker's: BIH + MIL."""
        owned = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in subject.children)
        word = terms.get(subject.i)
        speaker = antecedent(verb) if owned and isinstance(word, SectorWord) else None
        if speaker is None or not isinstance(word, SectorWord):
            return []
        return [
            self.actors.in_country(Actor(subject.text, word.sector, word.sector, None, word.sector), a.country)
            for a in self.actors.actors_at(speaker, terms)
            if a.country
        ]

    def _target(
        self, verb: Token, obj: Token | None, pattern: VerbPattern, terms: Terms
    ) -> tuple[tuple[Actor, ...], bool]:
        "Target actors, and whether they came from a mutual slot ('with', 'between')."
        actors: list[Actor] = []
        mutual = False
        for slot in pattern.target:
            if slot == "subj":  # "received aid from X": the receiver is the target
                subject, _ = self.clauses.logical_subject(verb)
                if subject is not None:
                    actors += self.actors.actors_at(subject, terms)
            elif slot == "dobj":
                # a frame on a prepositional object ("put X under investigation") still has
                # the verb's own object
                direct = obj if obj is not None and obj.dep_ != "pobj" else self.clauses.direct_object(verb) if obj is not None else None
                if direct is not None:
                    actors += self.actors.actors_at(direct, terms)
            elif slot == "dative":
                for child in verb.children:
                    if child.dep_ == "dative":
                        actors += self.actors.actors_at(child, terms)
            else:
                holders = [verb] + ([obj] if obj is not None else [])
                for holder in holders:
                    for pobj in prep_objects(holder, slot):
                        found = self.actors.actors_at(pobj, terms)
                        actors += found
                        mutual |= bool(found) and slot in MUTUAL_PREPS
        return unique(actors), mutual


def _addresses_another(verb: Token) -> bool:
    """The act is aimed at someone or something the tables do not code: "the Dutch and British
    delegations gave support to the Commission line" is not the two supporting each other (what
    the event's noun is about is no addressee: "renewed negotiations on a pullback")."""
    return any(
        prep.dep_ in ("prep", "dative") and prep.lower_ in ADDRESSED_PREPS and any(_no_duration(c) for c in prep.children)
        for prep in verb.children
    )


def _no_duration(pobj: Token) -> bool:
    "An object of 'for' that is not a stretch of time: 'for a maximum output', not 'for two days'."
    return pobj.dep_ == "pobj" and not pobj.like_num and not any(c.dep_ == "nummod" for c in pobj.children)
