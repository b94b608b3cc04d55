"""What: find events in one parsed sentence, from the verb and noun patterns.

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
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Span, Token

from .actors import ActorMatcher, Terms, is_name
from ..models import Actor
from .nlp import with_entities
from .patterns import NounPattern, PatternSet, VerbPattern

__all__ = ["Candidate", "EventFinder"]

# Verbs whose object, not subject, is the actor of their infinitive: "urged Iran to stop".
OBJECT_CONTROL = {
    "urge", "ask", "call", "force", "persuade", "invite", "encourage", "tell", "order", "press",
    "push", "implore", "exhort", "beg", "allow", "authorize", "pressure", "warn", "help", "let",
    "enable", "permit", "compel", "require",
}  # fmt: skip
# Verbs whose complement is only alleged: "accused X of attacking", "blamed X for the attack".
ALLEGING_VERBS = {"accuse", "charge", "blame", "suspect", "allege", "indict", "convict"}
# Verbs that report what someone says: an event in their clause is attributed to the speaker.
SPEECH_VERBS = {
    "say", "claim", "allege", "report", "state", "tell", "insist", "assert", "contend", "add",
    "charge", "maintain", "argue", "write", "announce", "confirm", "acknowledge", "admit",
}  # fmt: skip
# Reporting that another used force is accusing them: coercion, assault, fighting, mass violence,
# when a party says it ("Russia said Ukraine shelled…"), not when a wire report cites a source.
ACCUSABLE_ROOTS = ("17", "18", "19", "20")
ACCUSING_SPEECH = {"say", "claim", "allege", "charge", "insist", "assert", "contend", "maintain", "tell"}
# Verbs whose clause about another actor is a public statement (010) when nothing else is coded.
STATEMENT_VERBS = {"say", "state", "clarify", "declare", "stress", "emphasize", "emphasise", "note", "reiterate", "underline"}
# Words that put their complement after the report: "is due to visit", "is scheduled to meet".
PLANNED_GOVERNORS = {"due", "schedule", "set", "expect", "plan", "going", "slate"}
# Verbs by which a state acts through its own forces: "ordered troops to withdraw".
COMMAND_VERBS = {"order", "instruct", "direct", "command"}
# Verbs of wanting: wanting another to act is asking them to ("the US wants Iran to halt…").
DESIRE_VERBS = {"want", "wish", "expect", "like", "prefer"}
# Weapons that name who fired them: "killed in Israeli tank fire", "hit by a Russian missile".
WEAPON_NOUNS = {
    "tank", "missile", "rocket", "drone", "mortar", "artillery", "bomb", "shell", "gunfire", "fire", "warplane",
    "jet", "helicopter", "gunship", "airstrike", "shelling", "bombardment",
}  # fmt: skip
# Participles that read as passives but describe what their subject does: "were engaged in".
STATIVE_PASSIVES = {"engage", "involve"}
# Governing words that leave their complement unrealised without a mood of their own.
HYPOTHETICAL_GOVERNORS = {"may", "able", "likely", "possible", "try", "attempt", "could", "consider"}
DENIAL_VERBS = {"deny", "fail"}
FUTURE_MODALS = {"will", "would", "shall", "'ll", "wo"}
UNCERTAIN_MODALS = {"could", "may", "might", "can", "ca"}
DEONTIC_MODALS = {"must", "should"}
CONDITIONAL_MARKS = {"if", "unless", "whether"}
PRONOUNS = {"it", "they", "he", "she", "we", "its", "their", "his", "her"}
# A nominal event is news, not background, when it is the subject of one of these verbs
# ("talks between X and Y began on Monday").
OCCURRENCE_VERBS = {
    "take", "begin", "start", "end", "resume", "open", "conclude", "close", "continue", "happen",
    "occur", "come", "hold", "convene", "kick", "get", "break", "erupt", "last", "go",
}  # fmt: skip
# Nouns that state a mood for the act in their to-infinitive: "Turkey's threat to invade".
MOOD_NOUNS = {
    "plan": "intent", "pledge": "intent", "promise": "intent", "offer": "intent", "proposal": "intent",
    "bid": "intent", "intention": "intent", "threat": "threat", "call": "appeal", "appeal": "appeal",
    "request": "appeal", "demand": "demand", "refusal": "reject",
}  # fmt: skip
# Events that are mutual when both sides are named together ("X and Y held talks", "talks
# between X and Y", "X met with Y"): coded in both directions. Visits, hosting, mediation and
# aid have a direction.
MUTUAL_ROOTS = {"03", "04", "05", "06", "19"}
MUTUAL_CODES = {"0871"}  # a ceasefire between two sides
DIRECTED_CODES = ("042", "043", "045", "039", "033", "07", "084", "085", "086", "087")
MUTUAL_FIGHTS = {"clash", "fight", "battle", "skirmish", "spar", "war"}
MUTUAL_VERBS = {"meet", "talk", "negotiate", "confer", "consult", "cooperate", "clash", "fight", "trade", "agree", "sign", "spar", "skirmish", "battle"}
MUTUAL_PREPS = {"with", "between"}


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


class EventFinder:
    "Finds events in parsed sentences; built once from the patterns and the actor matcher."

    def __init__(self, patterns: PatternSet, actors: ActorMatcher) -> None:
        self.patterns = patterns
        self.actors = actors

    def find(self, sent: Span, day: date | None = None) -> list[Candidate]:
        "The events of one sentence; `day` (the article's date) decides who a person was then."
        terms = self.actors.annotate(sent, day)
        if not terms:
            return []  # no actor of any kind: nothing to code
        consumed: set[int] = set()  # nouns coded through their verb, verbs through their complement
        found: list[Candidate] = []
        for token in sent:
            if token.pos_ == "VERB" or (token.pos_ == "NOUN" and token.dep_ == "ROOT"):
                candidate = self._verb_event(token, terms, consumed)
                if candidate:
                    found.append(self._in_mood(candidate, terms, consumed))
        for token in sent:
            if token.pos_ in ("NOUN", "PROPN") and token.i not in consumed:
                candidate = self._noun_event(token, terms)
                if candidate:
                    found.append(candidate)
        found = [c for c in found if c.trigger.i not in consumed and _identified(c)]
        found = [self._attributed(c, terms) for c in found]
        found += self._reported_accusations(found)
        found += self._statements(sent, terms, found)
        found = [dataclasses.replace(c, future=_is_future(c.trigger)) for c in found]
        named = tuple(dict.fromkeys(
            entry[1].country for _, entry in sorted(terms.items()) if entry[0] == "name" and entry[1].country  # type: ignore[union-attr]
        ))  # fmt: skip
        return _without_duplicates(
            [dataclasses.replace(c, named_countries=named) for candidate in found for c in _directions(candidate)]
        )

    # --- reported speech

    def _attributed(self, candidate: Candidate, terms: Terms) -> Candidate:
        """An event inside what someone says is theirs to claim: "Russia said Ukraine shelled
        Donetsk" is Ukraine's shelling, attributed to Russia. Not when the speaker is the actor
        ("Iran said it would retaliate")."""
        speech = _speech_verb(candidate.trigger)
        if speech is None:
            return candidate
        subject, _ = _logical_subject(speech)
        speakers = tuple(self.actors.actors_at(subject, terms)) if subject is not None else ()
        if not speakers or {a.code for a in speakers} <= {a.code for a in candidate.source}:
            return candidate
        return dataclasses.replace(candidate, attributed_to=speakers)

    def _reported_accusations(self, found: list[Candidate]) -> list[Candidate]:
        """Saying that another used force is accusing them (CAMEO 112): "Russia said Ukraine
        shelled Donetsk" is also Russia → Ukraine ACCUSE, unless the sentence already codes one."""
        accusations = []
        stated = {(tuple(a.code for a in c.source), tuple(a.code for a in c.target), c.cameo[:2]) for c in found}
        for c in found:
            if not (c.attributed_to and c.source and c.cameo[:2] in ACCUSABLE_ROOTS and not c.negated):
                continue
            key = (tuple(a.code for a in c.attributed_to), tuple(a.code for a in c.source), "11")
            speech = _speech_verb(c.trigger)
            if key in stated or speech is None or not _accuses(speech, c):
                continue
            stated.add(key)
            accusations.append(dataclasses.replace(
                c, cameo="112", source=c.attributed_to, target=c.source, trigger=speech,
                trigger_text=f"{speech.text} … {c.trigger_text}", rule=f"reported+{c.rule}",
                hypothetical=False, background=False, confidence=0.6, event_noun=None, mutual=False,
                peers=False, attributed_to=(),
            ))  # fmt: skip
        return accusations

    def _statements(self, sent: Span, terms: Terms, found: list[Candidate]) -> list[Candidate]:
        """A statement about another actor that codes no event of its own is a public statement
        (CAMEO 010): "Last year, NATO clarified that China is not seen as an adversary"."""
        inside = {t.i for c in found for t in _clause_of(c.trigger)}
        statements = []
        for verb in sent:
            if verb.lemma_.lower() not in STATEMENT_VERBS or verb.pos_ != "VERB":
                continue
            for clause in (c for c in verb.children if c.dep_ == "ccomp" and c.i not in inside):
                if any(t.i in inside for t in clause.subtree):
                    continue
                subject, _ = _logical_subject(verb)
                speakers = tuple(self.actors.actors_at(subject, terms)) if subject is not None else ()
                if not speakers:
                    continue
                # whom the statement is about: the first subject in the clause that is an actor
                # other than the speaker ("that while China is not seen as an adversary, …")
                subjects = (t for c in _subordinate(clause) for t in c.children if t.dep_ in ("nsubj", "nsubjpass"))
                about = next((found for t in subjects if (found := _others(speakers, tuple(self.actors.actors_at(t, terms))))), ())
                if not about:
                    continue
                negated, hypothetical = _modality(verb)
                statements.append(Candidate(
                    cameo="010", source=speakers, target=about, trigger=verb, trigger_text=verb.text,
                    rule="statement", negated=negated, hypothetical=hypothetical, background=False,
                    confidence=0.5,
                ))  # fmt: skip
        return statements

    # --- verbs

    def _verb_event(self, verb: Token, terms: Terms, consumed: set[int]) -> Candidate | None:
        """The verb's own event: the first pattern that finds both sides, else the first that
        finds one; a mood verb with an event noun ("called for sanctions against X") beats a
        generic row that finds one side only."""
        best: Candidate | None = None
        for pattern, obj in self._patterns_for(verb):
            candidate = self._fill(verb, obj, pattern, terms)
            if candidate is None:
                continue
            if candidate.source and candidate.target:
                best = candidate
                break
            best = best or candidate
        if best is None or not (best.source and best.target) and best.event_noun is None:
            best = self._mood_noun_event(verb, _direct_object(verb), terms) or best
        if best is not None and best.event_noun is not None:
            consumed.add(best.event_noun.i)
        return best

    def _patterns_for(self, verb: Token) -> Iterator[tuple[VerbPattern, Token | None]]:
        "The patterns whose frame the verb fills, each with the object it matched."
        dobj = _direct_object(verb)
        lemma = verb.lemma_.lower()
        patterns = self.patterns.verb_patterns(lemma)
        if not patterns and lemma.startswith("re") and len(lemma) > 6:
            patterns = self.patterns.verb_patterns(lemma[2:].lstrip("-"))  # "reimposed", "re-open"
        for pattern in patterns:
            if pattern.particle and not _has_particle(verb, pattern.particle):
                continue
            obj = dobj
            if pattern.objects:
                obj = _matching_object(verb, dobj, pattern.objects)
                if obj is None:
                    continue
            if pattern.is_light and (obj is None or not self.patterns.noun_patterns(obj.lemma_.lower())):
                continue
            yield pattern, obj

    def _fill(self, verb: Token, obj: Token | None, pattern: VerbPattern, terms: Terms) -> Candidate | None:
        noun_pattern: NounPattern | None = None
        source, inferred = self._verb_source(verb, pattern, terms)
        target, mutual = self._verb_target(verb, obj, pattern, terms)
        if pattern.is_light:
            assert obj is not None
            # the noun's rows in order, the first whose target the noun itself names: "held
            # exercises with India" (joint, 062) before "held exercises near Taiwan" (150)
            rows = self.patterns.noun_patterns(obj.lemma_.lower())
            noun_pattern = rows[0]
            if not target:
                for row in rows:
                    found = self._noun_slots(obj, row.target, terms)
                    if found:
                        noun_pattern, target = row, found
                        break
                mutual = mutual or noun_pattern.symmetric
        cameo = noun_pattern.cameo if noun_pattern else pattern.cameo
        assert cameo is not None
        lemma = verb.lemma_.lower()
        peers = False
        if not target and len(source) >= 2 and (cameo[:2] in MUTUAL_ROOTS or cameo in MUTUAL_CODES or lemma in MUTUAL_VERBS):
            source, target, mutual, peers = source[:1], source[1:], True, True  # "China and Russia held talks"
        source, target = _anchored(source, target)
        target = _others(source, target)
        if not source and not target:
            return None
        takes_object = bool(pattern.objects) or pattern.is_light
        negated, hypothetical = _modality(verb)
        one_sided = not (source and target)
        event_noun = obj if takes_object else None
        return Candidate(
            cameo=cameo,
            source=_with_event_sector(source, event_noun, cameo),
            target=_with_event_sector(target, event_noun, cameo),
            trigger=verb,
            trigger_text=_trigger_text(verb, obj if takes_object else None),
            rule=pattern.rule + (f"+{noun_pattern.rule}" if noun_pattern else ""),
            negated=negated,
            hypothetical=hypothetical,
            background=False,
            confidence=round((0.85 if not inferred else 0.7) - (0.25 if one_sided else 0), 2),
            event_noun=event_noun,
            mutual=mutual or lemma in MUTUAL_VERBS,
            peers=peers,
        )

    def _mood_noun_event(self, verb: Token, obj: Token | None, terms: Terms) -> Candidate | None:
        "A mood verb with an event noun: 'demanded the release of…', 'called for talks with…'."
        mood = self.patterns.mood_of(verb.lemma_.lower())
        if mood is None:
            return None
        nouns = [obj] if obj is not None else []
        nouns += list(_prep_objects(verb, "for"))  # "called for talks", "pushed for sanctions"
        if mood == "intent":
            nouns += [*_prep_objects(verb, "to"), *_prep_objects(verb, "on")]  # "agreed to a ceasefire"
        for noun in nouns:
            patterns = self.patterns.noun_patterns(noun.lemma_.lower())
            if not patterns:
                continue
            subject, inferred = _logical_subject(verb)
            source = tuple(self.actors.actors_at(subject, terms)) if subject is not None else ()
            participants = self._noun_slots(noun, patterns[0].source + patterns[0].target + ("between", "of"), terms)
            addressees = self._verb_addressees(verb, terms)
            source, target = _anchored(source, addressees or participants)
            target = _others(source, target)
            if not source and not target:
                continue
            negated, hypothetical = _modality(verb)
            return Candidate(
                cameo=self.patterns.in_mood(mood, patterns[0].cameo),
                source=source,
                target=target,
                trigger=verb,
                trigger_text=_trigger_text(verb, noun),
                rule=f"mood:{mood}+{patterns[0].rule}",
                negated=negated,
                hypothetical=hypothetical,
                background=False,
                confidence=0.6 if source and target else 0.4,
                event_noun=noun,
            )
        return None

    def _verb_addressees(self, verb: Token, terms: Terms) -> tuple[Actor, ...]:
        "Who an appeal or demand is addressed to: 'urged Russia', 'called on Iran', 'demanded of Israel'."
        actors: list[Actor] = []
        obj = _direct_object(verb)
        if obj is not None:
            actors += self.actors.actors_at(obj, terms)
        for preposition in ("on", "upon", "of", "from", "to"):
            for pobj in _prep_objects(verb, preposition):
                actors += self.actors.actors_at(pobj, terms)
        return _unique(actors)

    def _in_mood(self, candidate: Candidate, terms: Terms, consumed: set[int]) -> Candidate:
        "The act restated as intention, threat, appeal, demand or rejection when a mood governs it."
        verb = candidate.trigger
        mood, governor = self._mood(verb, candidate.cameo)
        if mood is None:
            return candidate
        source, target = candidate.source, candidate.target
        if governor is not None:
            if governor.pos_ == "ADJ" and governor.head.i != governor.i:
                governor = governor.head  # "China is ready to talk": the clause of "is"
            subject, _ = _logical_subject(governor)
            speakers = tuple(self.actors.actors_at(subject, terms)) if subject is not None else ()
            if governor.lemma_.lower() in COMMAND_VERBS and _own_forces(speakers, candidate.source):
                # "Putin ordered troops to withdraw": a state acting through its own forces,
                # not a demand on them
                consumed.add(governor.i)
                return dataclasses.replace(
                    candidate, source=tuple(self.actors.in_country(a, speakers[0].country) if a.country is None else a
                                            for a in candidate.source) or speakers,
                    trigger_text=f"{governor.text} … {candidate.trigger_text}", rule=f"command+{candidate.rule}",
                )  # fmt: skip
            both_sides = {a.code for a in candidate.source + candidate.target}
            # "Armenia and Azerbaijan agree to resume talks": the act already split the subject,
            # and both sides agree; "France is determined to mend ties with Rwanda" is France's
            # intention alone
            shared = {a.code for a in speakers} == both_sides
            if speakers and not shared:
                source = speakers
            mutual = candidate.mutual and shared
            if _is_deontic(verb) or mood == "demand" and self.patterns.mood_of(governor.lemma_.lower()) != "demand":
                # "Britain said Libya must hand over the suspects": a demand on Libya; "a
                # warning to Libya that it must…": on whom the warning is addressed to
                addressees = self._verb_addressees(governor, terms)
                pronoun = any(c.dep_ == "nsubj" and c.lower_ in PRONOUNS for c in verb.children)
                target = addressees if addressees and (pronoun or not candidate.source) else candidate.source
            elif mood in ("appeal", "demand", "threat"):
                # "urged Russia to withdraw": the appeal is addressed to Russia; a threat keeps the
                # target of what is threatened ("threatened Iran to strike Israel" is rare)
                addressees = self._verb_addressees(governor, terms)
                if governor.lemma_.lower() in DESIRE_VERBS and not addressees:
                    addressees = candidate.source  # "wants Iran to halt…": Iran is asked
                if addressees and (mood != "threat" or not target):
                    target = addressees
            negated, hypothetical = _modality(governor)
            negated = negated or (candidate.negated and mood == "intent")
        else:
            # "will not accept" is a rejection: the negation is in the code, not a flag
            negated, hypothetical = candidate.negated and mood != "reject", False
            mutual = candidate.mutual
        source, target = _anchored(source, target)
        target = _others(source, target)
        if not source and not target:
            return candidate
        if governor is not None:
            consumed.add(governor.i)  # "urged" is not coded again on its own
        words = f"{governor.text} … {candidate.trigger_text}" if governor is not None else candidate.trigger_text
        return dataclasses.replace(
            candidate,
            cameo=self.patterns.in_mood(mood, candidate.cameo),
            source=source,
            target=target,
            trigger_text=words,
            rule=f"mood:{mood}+{candidate.rule}",
            negated=negated,
            hypothetical=hypothetical,
            mutual=mutual,
        )

    def _mood(self, verb: Token, cameo: str) -> tuple[str | None, Token | None]:
        """(mood, governing word) for "threatened to invade", "ready to talk", "plan to attack",
        "will meet", and chains of complements: "agreed to allow aid workers to deliver food"."""
        node = verb
        for _ in range(4):
            head = node.head
            # "willing to send troops to help defend…": purpose clauses continue the chain
            purpose = node.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
            if head.i == node.i or node.dep_ not in ("xcomp", "ccomp") and not purpose:
                break
            mood = None if purpose else self.patterns.mood_of(head.lemma_.lower())
            if head.lemma_.lower() in DESIRE_VERBS and _wanted_of_another(node):
                return "appeal", head  # "the US wants Iran to halt enrichment": an appeal to Iran
            if head.lemma_.lower() == "fail" and "03" <= cameo[:2] <= "08":
                # "failed to reach a deal" refuses cooperation (PLOVER REJECT); "failed to
                # capture the town" is an attack that did not happen (negated)
                return "reject", head
            clause = head.head if head.pos_ == "ADJ" and head.head.i != head.i else head
            if mood == "intent" and _is_deontic(clause):
                # "said the US must be ready to mediate": an obligation on the US, a demand
                return "demand", _deontic_governor(clause)
            if mood:
                if node.dep_ == "ccomp" and (mood == "reject" or mood not in ("appeal", "demand") and not _has_future(node)):
                    return None, None  # "agreed that talks had been useful" states a fact
                return mood, head
            if node.dep_ == "ccomp":
                break
            node = head
        if _is_deontic(verb):
            return "demand", _deontic_governor(verb)
        if verb.dep_ == "acl" and verb.head.pos_ == "NOUN" and verb.head.lemma_.lower() in MOOD_NOUNS:
            return MOOD_NOUNS[verb.head.lemma_.lower()], None
        if _has_future(verb) and not _conditional(verb):
            # "Bangladesh says it will not accept refugees": a refusal of cooperation; "would not
            # attack" stays a negated threat
            refusal = _negated_here(verb) and cameo[:2] <= "09"
            return ("reject" if refusal else "intent"), None
        return None, None

    def _verb_source(self, verb: Token, pattern: VerbPattern, terms: Terms) -> tuple[tuple[Actor, ...], bool]:
        "Source actors and whether they were inferred (control, coordination) rather than read."
        actors: list[Actor] = []
        for slot in pattern.source:
            if slot == "subj":
                subject, inferred = _logical_subject(verb)
                if subject is not None:
                    actors += self.actors.actors_at(subject, terms) or self._owned_by_speaker(verb, subject, terms)
                    if actors:
                        return tuple(actors), inferred
            else:
                for pobj in _prep_objects(verb, slot):
                    actors += self.actors.actors_at(pobj, terms)
        if not actors and _is_passive(verb):
            return self._attack_agents(verb, terms), True
        return tuple(actors), False

    def _attack_agents(self, verb: Token, terms: Terms) -> tuple[Actor, ...]:
        """Who is behind a passive with no by-agent, when the attack that did it names them:
        "killed in Israeli tank shelling", "killed in an air strike by government forces"."""
        for pobj in _prep_objects(verb, "in"):
            lemma = pobj.lemma_.lower()
            violent = any(row.cameo[:2] in ("18", "19", "20") for row in self.patterns.noun_patterns(lemma))
            if violent or lemma in WEAPON_NOUNS:
                found = self._noun_slots(pobj, ("poss", "mod", "by"), terms)
                if found:
                    return found
        return ()

    def _owned_by_speaker(self, verb: Token, subject: Token, terms: Terms) -> list[Actor]:
        """"Bosnian Serbs said their forces had withdrawn": a sector word owned by a pronoun is
        the speaker's: BIH + MIL."""
        owned = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in subject.children)
        sector = terms.get(subject.i)
        antecedent = _antecedent(verb) if owned and sector is not None and sector[0] == "agent" else None
        if antecedent is None:
            return []
        return [
            self.actors.in_country(Actor(subject.text, str(sector[1]), str(sector[1]), None, str(sector[1])), a.country)
            for a in self.actors.actors_at(antecedent, terms)
            if a.country
        ]

    def _verb_target(
        self, verb: Token, obj: Token | None, pattern: VerbPattern, terms: Terms
    ) -> tuple[tuple[Actor, ...], bool]:
        "Target actors, and whether they came from a mutual slot ('with', 'between')."
        actors: list[Actor] = []
        mutual = False
        for slot in pattern.target:
            if slot == "subj":  # "received aid from X": the receiver is the target
                subject, _ = _logical_subject(verb)
                if subject is not None:
                    actors += self.actors.actors_at(subject, terms)
            elif slot == "dobj":
                # a frame on a prepositional object ("put X under investigation") still has
                # the verb's own object
                direct = obj if obj is not None and obj.dep_ != "pobj" else _direct_object(verb) if obj is not None else None
                if direct is not None:
                    actors += self.actors.actors_at(direct, terms)
            elif slot == "dative":
                for child in verb.children:
                    if child.dep_ == "dative":
                        actors += self.actors.actors_at(child, terms)
            else:
                holders = [verb] + ([obj] if obj is not None else [])
                for holder in holders:
                    for pobj in _prep_objects(holder, slot):
                        found = self.actors.actors_at(pobj, terms)
                        actors += found
                        mutual |= bool(found) and slot in MUTUAL_PREPS
        return _unique(actors), mutual

    # --- nouns

    def _noun_event(self, noun: Token, terms: Terms) -> Candidate | None:
        for pattern in self.patterns.noun_patterns(noun.lemma_.lower()):
            between = [a for pobj in _prep_objects(noun, "between") for a in self.actors.actors_at(pobj, terms)]
            source = self._noun_slots(noun, pattern.source, terms)
            target = self._noun_slots(noun, pattern.target, terms)
            mutual = bool(between)
            if between:
                if source:
                    target = target + tuple(between)
                else:
                    source, target = (between[0],), target + tuple(between[1:])
            peers = not target and len(source) >= 2 and pattern.symmetric
            if peers:
                source, target, mutual = source[:1], source[1:], True
            source, target = _anchored(source, _unique(list(target)))
            target = _others(source, target)
            if not source or not target:
                continue
            negated, hypothetical = _modality(noun)
            return Candidate(
                cameo=pattern.cameo,
                source=_with_event_sector(source, noun, pattern.cameo),
                target=_with_event_sector(target, noun, pattern.cameo),
                trigger=noun,
                trigger_text=noun.text,
                rule=pattern.rule,
                negated=negated,
                hypothetical=hypothetical,
                background=_is_background(noun),
                confidence=0.6,
                event_noun=noun,
                mutual=mutual or pattern.symmetric,
                peers=peers,
            )
        return None

    def _noun_slots(self, noun: Token, slots: tuple[str, ...], terms: Terms) -> tuple[Actor, ...]:
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
                for pobj in _prep_objects(noun, slot):
                    actors += self.actors.actors_at(pobj, terms)
        return _unique(actors)


def _directions(candidate: Candidate) -> list[Candidate]:
    "A mutual event in both directions: 'X and Y held talks' is X→Y and Y→X."
    code = candidate.cameo
    if not (candidate.mutual and candidate.source and candidate.target):
        return [candidate]
    if code.startswith("19"):
        if candidate.trigger.lemma_.lower() not in MUTUAL_FIGHTS:
            return [candidate]  # an attack has a direction; a clash does not
    elif code not in MUTUAL_CODES and (code[:2] not in MUTUAL_ROOTS or code.startswith(DIRECTED_CODES)):
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


def _identified(candidate: Candidate) -> bool:
    """Worth storing: at least one coded actor, as GDELT stores events with one actor ("China
    rejected the accusations") or sector-only actors ("police arrested protesters")."""
    if candidate.source and candidate.target:
        return True
    return bool(candidate.source or candidate.target)


def _anchored(source: tuple[Actor, ...], target: tuple[Actor, ...]) -> tuple[tuple[Actor, ...], tuple[Actor, ...]]:
    """"The government" without a country is the government of the other side's country
    ("Kenyan protesters marched against the government"); with no country there, it is dropped."""

    def anchor(side: tuple[Actor, ...], other: tuple[Actor, ...]) -> tuple[Actor, ...]:
        country = next((a.country for a in other if a.country), None)
        anchored = []
        for actor in side:
            # only a generic phrase ("the government", "authorities"), not "the Maduro government"
            # or "President Laurent Gbagbo" (the matcher keeps such unknown names as the name)
            generic = actor.name == actor.code
            if actor.country is None and actor.code == "GOV" and generic:
                if country is None:
                    continue
                actor = Actor(actor.text, country, country + "GOV", country, "GOV")
            # an unknown person with a title ("President Laurent Gbagbo") stays: the pipeline
            # places them in the country where the event happened, or drops them
            anchored.append(actor)
        return tuple(anchored)

    return anchor(source, target), anchor(target, source)


def _same_actor(a: Actor, b: Actor) -> bool:
    """Beijing (CHNGOV) and China (CHN) are one side: a country and its parts. Two sectors of
    one country are not: "Turkish police detained Turkish journalists" is a domestic event."""
    if a.code == b.code:
        return True
    return a.country is not None and a.country == b.country and (a.sector is None or b.sector is None)


def _others(source: tuple[Actor, ...], target: tuple[Actor, ...]) -> tuple[Actor, ...]:
    "The targets that are not on the source's side: no event of a country with itself."
    return tuple(t for t in target if not any(_same_actor(s, t) for s in source))


def _unique(actors: list[Actor]) -> tuple[Actor, ...]:
    seen: dict[str, Actor] = {}
    for actor in actors:
        seen.setdefault(actor.code, actor)
    return tuple(seen.values())


def _has_particle(verb: Token, particle: str) -> bool:
    "'carry out', 'call on Iran': a particle, or a preposition whose object is not a date."
    for child in verb.children:
        if child.lower_ != particle:
            continue
        if child.dep_ == "prt":
            return True
        if child.dep_ == "prep":
            with_entities(verb.doc)  # "met on Monday": a date is no particle
            if not any(g.ent_type_ in ("DATE", "TIME") for g in child.children):
                return True
    return False


# Participles that are adjectives after "be": "Israel is opposed to…" means Israel opposes.
STATIVE_PARTICIPLES = {"oppose", "commit", "determine", "prepare", "dedicate", "devote", "resolve", "poise", "set"}


def _is_passive(verb: Token) -> bool:
    if verb.lemma_.lower() in STATIVE_PARTICIPLES and not any(c.dep_ == "agent" for c in verb.children):
        return False
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN"
    )


def _direct_object(verb: Token) -> Token | None:
    "The logical object: the direct object, or the subject of a passive."
    if _is_passive(verb):
        for child in verb.children:
            if child.dep_ == "nsubjpass":
                return child
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            return verb.head  # "the dialogue, co-chaired by …": the dialogue was co-chaired
        return None
    for child in verb.children:
        if child.dep_ in ("dobj", "obj"):
            return child
    return None


def _object_matches(obj: Token | None, lemmas: frozenset[str] | set[str]) -> bool:
    """The object, its conjuncts and modifiers, and what it is of: "the return of inspectors",
    "part of a military aid program", "two of its nationals", "a partnership in energy"."""
    if obj is None:
        return False
    heads = [obj, *obj.conjuncts]
    heads += [g for h in heads for p in h.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
    candidates = heads + [c for h in heads for c in h.children if c.dep_ in ("compound", "amod")]
    # a domain said with a preposition modifies too: "a partnership in energy", "cooperation on trade"
    candidates += [g for h in heads for p in h.children if p.dep_ == "prep" and p.lower_ in ("in", "on") for g in p.children if g.dep_ == "pobj"]
    return any(t.lemma_.lower() in lemmas or t.lower_ in lemmas for t in candidates)


def _matching_object(verb: Token, dobj: Token | None, objects: frozenset[str]) -> Token | None:
    """The object a pattern asks for: the direct object ("imposed sanctions"), or with `p:noun`
    the object of a preposition ("went on strike" = on:strike, "withdrew from the treaty")."""
    plain = {o for o in objects if ":" not in o}
    if plain and _object_matches(dobj, plain):
        return dobj
    for entry in objects - plain:
        preposition, lemma = entry.split(":", 1)
        for pobj in _prep_objects(verb, preposition):
            if _object_matches(pobj, {lemma}):
                return pobj
    return None


def _prep_objects(holder: Token, preposition: str) -> Iterator[Token]:
    words = preposition.split()
    for child in holder.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ == words[0]:
            for pobj in child.children:
                if pobj.dep_ in ("pobj", "pcomp"):
                    yield pobj


def _logical_subject(verb: Token) -> tuple[Token | None, bool]:
    "Who does it: the subject, the by-agent of a passive, or one inherited from the clause above."
    if _is_passive(verb):
        for pobj in _prep_objects(verb, "by"):
            return pobj, False
        if verb.lemma_.lower() in STATIVE_PASSIVES:
            # "Serb forces were engaged in ethnic cleansing": a state of the subject, not a passive
            return next((c for c in verb.children if c.dep_ == "nsubjpass"), None), False
        return None, False
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj", "nsubjpass"):
            if child.lower_ in ("which", "who", "that") and verb.dep_ == "relcl":
                return verb.head, True
            if child.lower_ in PRONOUNS:
                # "Iran said it would retaliate": the pronoun is the reporting clause's subject
                antecedent = _antecedent(verb)
                return (antecedent, True) if antecedent is not None else (child, False)
            return child, False
    head = verb.head
    if head.i == verb.i:
        return None, False
    if verb.dep_ == "xcomp":
        if head.lemma_.lower() in OBJECT_CONTROL:
            obj = _direct_object(head)
            if obj is not None:
                return obj, True
        if head.pos_ == "ADJ" and head.head.i != head.i:
            head = head.head  # "China is ready to talk": the subject of "is"
        subject, _ = _logical_subject(head)
        return subject, True
    if verb.dep_ in ("conj", "advcl") and head.pos_ in ("VERB", "AUX"):
        if verb.dep_ == "conj" and not _coordinated(head, verb):
            # "jailed a student for helping militants join a group": a 'conjunct' with no "and"
            # or comma before it is the parser's error, and the subject is not shared
            return None, False
        if verb.dep_ == "conj" and _is_passive(head):
            # "the prime minister has been indicted by the court and will resign": the conjuncts
            # share the subject as written, not the passive's agent
            return next((c for c in head.children if c.dep_ == "nsubjpass"), None), True
        subject, _ = _logical_subject(head)
        return subject, True
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.i != head.i:
        # "accused Rwanda of making…", "jailed a student for helping…": the governing verb's
        # object acts; "resorted to throwing stones", "are guilty of violating…": its subject
        governor = head.head
        if governor.pos_ == "ADJ" and governor.head.i != governor.i:
            governor = governor.head
        if governor.pos_ in ("VERB", "AUX"):
            obj = _direct_object(governor)
            if obj is not None and not _is_passive(governor):
                return obj, True
            subject, _ = _logical_subject(governor) if not _is_passive(governor) else (obj, False)
            return subject, True
        return None, False
    if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
        for child in head.children:
            if child.dep_ == "poss":
                return child, True  # "Sweden's decision to join NATO"
        return head, True  # "troops deployed to the border"
    if verb.dep_ == "relcl":
        return head, True
    return None, False


def _speech_verb(trigger: Token) -> Token | None:
    """The verb of saying whose clause holds the event: "Russia said (that) Ukraine shelled…",
    "Ukraine shelled Donetsk, Russia said". None for an event stated by the article itself."""
    node = trigger
    for _ in range(5):
        head = node.head
        if head.i == node.i:
            return None
        if node.dep_ in ("ccomp", "parataxis") and head.lemma_.lower() in SPEECH_VERBS and head.pos_ == "VERB":
            return head
        if node.dep_ not in ("xcomp", "conj", "ccomp", "advcl", "acl", "pobj", "prep", "dobj", "pcomp"):
            return None
        node = head
    return None


def _accuses(speech: Token, candidate: Candidate) -> bool:
    """Whether saying that another used force is an accusation, not a news source: a party
    ("Russia said Ukraine shelled…") speaking before the clause, not the sourcing of a wire
    report ("…, police said", "officials said"), nor the media, nor the perpetrator's own side."""
    speakers = candidate.attributed_to
    if speech.lemma_.lower() not in ACCUSING_SPEECH or speech.i > candidate.trigger.i:
        return False
    if any(a.code == a.sector or a.sector == "MED" for a in speakers):
        return False  # "police", "officials", "sources", a newspaper
    blamed = {a.country for a in candidate.source}
    return not any(a.country and a.country in blamed for a in speakers)


def _subordinate(clause: Token) -> list[Token]:
    "The clause and the clauses inside it (not coordinated or relative ones): in token order."
    found, stack = [], [clause]
    while stack:
        node = stack.pop()
        found.append(node)
        stack += [c for c in node.children if c.dep_ in ("advcl", "ccomp")]
    return sorted(found, key=lambda t: t.i)


def _clause_of(trigger: Token) -> list[Token]:
    "The trigger and the clauses above it up to the sentence's root: where its event is said."
    chain = [trigger]
    while chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    return chain


def _is_future(trigger: Token) -> bool:
    """Stated to happen later: "will visit", "is going to meet", "is due to / scheduled to /
    set to / expected to visit" — not "would" in reported speech, which is the past's future."""
    node = trigger
    for _ in range(4):
        if any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll") for c in node.children):
            return True
        if node.dep_ == "xcomp" and node.head.lemma_.lower() in PLANNED_GOVERNORS:
            return True
        if node.dep_ != "xcomp" or node.head.i == node.i:
            return False
        node = node.head
    return False


def _own_forces(commanders: tuple[Actor, ...], ordered: tuple[Actor, ...]) -> bool:
    "Those ordered are the commander's own: a sector of no other country ('troops', 'Russian police')."
    country = commanders[0].country if commanders else None
    return country is not None and bool(ordered) and all(
        a.country in (None, country) and a.sector is not None and a.code == (a.country or "") + a.sector for a in ordered
    )


def _wanted_of_another(complement: Token) -> bool:
    "'wants Iran to halt': the complement has a subject of its own, or the wanting verb an object."
    own = any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in PRONOUNS for c in complement.children)
    return own or (complement.dep_ == "xcomp" and any(c.dep_ == "dobj" for c in complement.head.children))


def _coordinated(head: Token, verb: Token) -> bool:
    "A coordinating word or a comma between two conjoined verbs."
    return any(t.dep_ == "cc" or t.text in (",", ";") for t in head.doc[head.i + 1 : verb.i])


def _antecedent(verb: Token) -> Token | None:
    "The nearest non-pronoun subject of a clause above this one (reported speech, coordination)."
    node = verb
    # "King Hassan was quoted as saying he would…": through "as saying" to the quoted one
    while node.dep_ in ("ccomp", "xcomp", "conj", "advcl", "pcomp", "prep") and node.head.i != node.i:
        node = node.head
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ not in PRONOUNS and child.pos_ != "PRON":
                return child
    return None


def _has_future(verb: Token) -> bool:
    if any(c.dep_ == "aux" and c.lower_ in FUTURE_MODALS for c in verb.children):
        return True
    # "is going to attack"
    return verb.dep_ == "xcomp" and verb.head.lower_ == "going" and any(c.dep_ == "aux" for c in verb.head.children)


def _negated_here(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _is_deontic(verb: Token) -> bool:
    """'…said Libya must hand over the suspects', 'sent a warning to Libya that it must…': an
    obligation reported from someone (a demand)."""
    if _deontic_governor(verb) is None:
        return False
    # "Iraq has to allow…", "Israel needs to stop…" would sit on have/need: not taken yet
    return any(c.dep_ == "aux" and c.lower_ in DEONTIC_MODALS for c in verb.children)


def _deontic_governor(verb: Token) -> Token | None:
    "The verb reporting a clause: 'said (that…)', or the verb whose object holds it: 'issued a reminder (that…)'."
    head = verb.head
    if head.i == verb.i:
        return None
    if verb.dep_ == "ccomp" and head.pos_ == "VERB":
        return head
    if verb.dep_ in ("acl", "ccomp") and head.pos_ == "NOUN" and head.dep_ == "dobj" and head.head.pos_ == "VERB":
        return head.head
    return None


def _conditional(verb: Token) -> bool:
    node = verb
    while True:
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in node.children):
            return True
        if node.dep_ not in ("conj", "xcomp") or node.head.i == node.i:
            return False
        node = node.head


def _modality(trigger: Token) -> tuple[bool, bool]:
    "(negated, hypothetical) from negation, uncertain modals, conditionals and governing words."
    negated = any(c.dep_ == "neg" for c in trigger.children)
    hypothetical = any(c.dep_ == "aux" and c.lower_ in UNCERTAIN_MODALS for c in trigger.children)
    hypothetical |= _conditional(trigger)
    node = trigger
    # climb through complement clauses: "denied attacking", "may try to invade"
    while node.dep_ in ("xcomp", "ccomp", "acl", "pobj", "pcomp", "dobj", "prep", "acomp") and node.head.i != node.i:
        node = node.head
        lemma = node.lemma_.lower()
        if lemma in DENIAL_VERBS:
            negated = True
        if lemma in HYPOTHETICAL_GOVERNORS or lemma in ALLEGING_VERBS and node.i != trigger.i:
            hypothetical = True  # "accused Rwanda of attacking…": the attack is alleged, not asserted
        if any(c.dep_ == "neg" for c in node.children) and node.pos_ == "VERB":
            negated = True
        if node.pos_ == "VERB" and node.dep_ not in ("xcomp", "ccomp", "acl"):
            break
    return negated, hypothetical


def _is_background(noun: Token) -> bool:
    "A nominal event is news only when the sentence says it happened (it took place, began…)."
    if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.lemma_.lower() in OCCURRENCE_VERBS:
        return False
    return True


def _with_event_sector(actors: tuple[Actor, ...], noun: Token | None, cameo: str) -> tuple[Actor, ...]:
    """'military talks between China and NATO', 'joint military exercises': the countries
    consult or cooperate through their militaries ("military aid" is given by governments)."""
    if noun is None or cameo[:2] not in ("04", "06"):
        return actors
    modifiers = [t for t in noun.subtree if t.i < noun.i and t.dep_ in ("amod", "compound")]
    military = any(t.lower_ in ("military", "defense", "defence", "army", "naval") for t in modifiers)
    if not military:
        return actors
    return tuple(
        Actor(a.text, a.name, a.country + "MIL", a.country, "MIL")
        if a.country and a.sector in (None, "GOV")
        else a
        for a in actors
    )


def _trigger_text(verb: Token, obj: Token | None) -> str:
    particles = [c for c in verb.children if c.dep_ == "prt"]
    words = [verb, *particles] + ([obj] if obj is not None and obj.i > verb.i else [])
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))


def _without_duplicates(candidates: list[Candidate]) -> list[Candidate]:
    "One event per (trigger, code, source, target): coordination can reach a pair twice."
    seen: set[tuple[int, str, tuple[str, ...], tuple[str, ...]]] = set()
    unique = []
    for c in candidates:
        key = (c.trigger.i, c.cameo, tuple(a.code for a in c.source), tuple(a.code for a in c.target))
        if key not in seen:
            seen.add(key)
            unique.append(c)
    return unique
