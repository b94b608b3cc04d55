"""What: find events in one parsed sentence, from the verb and noun patterns.

For every verb with a pattern, the coder checks the frame (particle, object lemma), then fills
the source and target slots with actors from the dependency parse:

    active      "China accused NATO"                 subj → source, dobj → target
    passive     "Iran was sanctioned by the EU"       by-agent → source, subject → target
    control     "China agreed to meet NATO"           the governing verb's subject
    apposition  "Sweden's decision to join NATO"      the possessor of the noun
    light verb  "Russia launched an attack on Kyiv"   the object noun's pattern and its on-phrase
    nominal     "Russia's invasion of Ukraine"         possessor/modifier → source, of → target

Nominal events that nothing in the sentence says happened ("amid Russia's invasion of
Ukraine") are marked background: they describe the context, not the news of the day.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from .actors import ActorMatcher, Terms, is_name
from .models import Actor
from .patterns import NounPattern, PatternSet, VerbPattern

__all__ = ["Candidate", "EventFinder"]

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
# Verbs whose object, not subject, is the actor of their infinitive: "urged Iran to stop".
OBJECT_CONTROL = {"urge", "ask", "call", "force", "persuade", "invite", "encourage", "tell", "order", "press", "push"}
# Governing verbs that make their complement an intention, plan or threat rather than an act.
INTENT_VERBS = {
    "want", "plan", "intend", "threaten", "seek", "hope", "consider", "propose", "offer", "aim",
    "try", "attempt", "vow", "pledge", "promise", "agree", "expect", "prepare", "wish", "decide",
    "ready", "urge", "ask", "call", "demand", "warn", "may", "able",
}
DENIAL_VERBS = {"deny", "refuse", "decline", "reject", "fail"}
MODALS = {"will", "would", "could", "may", "might", "should", "shall", "must", "'ll", "wo", "ca"}
CONDITIONAL_MARKS = {"if", "unless", "whether"}
# A nominal event is news, not background, when it is the subject of one of these verbs
# ("talks between X and Y began on Monday").
OCCURRENCE_VERBS = {
    "take", "begin", "start", "end", "resume", "open", "conclude", "close", "continue", "happen",
    "occur", "come", "hold", "convene", "kick", "get", "break", "erupt", "last", "go",
}
# Consult-like events name both sides in one slot: "China and Russia held talks".
SYMMETRIC_ROOTS = {"03", "04", "05", "06"}
SYMMETRIC_VERBS = {"clash", "fight", "skirmish", "spar", "battle"}


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


class EventFinder:
    "Finds events in parsed sentences; built once from the patterns and the actor matcher."

    def __init__(self, patterns: PatternSet, actors: ActorMatcher) -> None:
        self.patterns = patterns
        self.actors = actors

    def find(self, sent: Span) -> list[Candidate]:
        terms = self.actors.annotate(sent)
        if not any(kind == "name" for kind, _ in terms.values()):
            return []  # no country, metonym or organisation: nothing international to code
        found: list[Candidate] = []
        consumed: set[int] = set()  # nouns already coded through their verb
        for token in sent:
            if token.pos_ == "VERB" or (token.pos_ == "NOUN" and token.dep_ == "ROOT"):
                candidate = self._verb_event(token, terms, consumed)
                if candidate:
                    found.append(candidate)
        for token in sent:
            if token.pos_ in ("NOUN", "PROPN") and token.i not in consumed:
                candidate = self._noun_event(token, terms)
                if candidate:
                    found.append(candidate)
        return _without_duplicates(found)

    # --- verbs

    def _verb_event(self, verb: Token, terms: Terms, consumed: set[int]) -> Candidate | None:
        lemma = verb.lemma_.lower()
        for pattern in self.patterns.verb_patterns(lemma):
            if pattern.particle and not _has_particle(verb, pattern.particle):
                continue
            obj = _direct_object(verb)
            if pattern.objects and not _object_matches(obj, pattern.objects):
                continue
            noun_pattern: NounPattern | None = None
            if pattern.is_light:
                if obj is None or not self.patterns.noun_patterns(obj.lemma_.lower()):
                    continue
                noun_pattern = self.patterns.noun_patterns(obj.lemma_.lower())[0]
            source, inferred = self._verb_source(verb, pattern, terms)
            target = self._verb_target(verb, obj, pattern, terms)
            if noun_pattern and obj is not None and not target:
                target = self._noun_slots(obj, noun_pattern.target, terms)
            cameo = noun_pattern.cameo if noun_pattern else pattern.cameo
            assert cameo is not None
            source, target = _split_symmetric(cameo, source, target, lemma)
            target = _others(source, target)
            if not source or not target:
                continue
            if pattern.objects or pattern.is_light:
                if obj is not None:
                    consumed.add(obj.i)
            negated, hypothetical = _modality(verb)
            return Candidate(
                cameo=cameo,
                source=_with_event_sector(source, obj),
                target=_with_event_sector(target, obj),
                trigger=verb,
                trigger_text=_trigger_text(verb, obj if (pattern.objects or pattern.is_light) else None),
                rule=pattern.rule + (f"+{noun_pattern.rule}" if noun_pattern else ""),
                negated=negated,
                hypothetical=hypothetical,
                background=False,
                confidence=round(0.85 if not inferred else 0.7, 2),
                event_noun=obj if (pattern.objects or pattern.is_light) else None,
            )
        return None

    def _verb_source(self, verb: Token, pattern: VerbPattern, terms: Terms) -> tuple[tuple[Actor, ...], bool]:
        "Source actors and whether they were inferred (control, coordination) rather than read."
        actors: list[Actor] = []
        for slot in pattern.source:
            if slot == "subj":
                subject, inferred = _logical_subject(verb)
                if subject is not None:
                    actors += self.actors.actors_at(subject, terms)
                    if actors:
                        return tuple(actors), inferred
            else:
                for pobj in _prep_objects(verb, slot):
                    actors += self.actors.actors_at(pobj, terms)
        return tuple(actors), False

    def _verb_target(self, verb: Token, obj: Token | None, pattern: VerbPattern, terms: Terms) -> tuple[Actor, ...]:
        actors: list[Actor] = []
        for slot in pattern.target:
            if slot == "dobj":
                if obj is not None:
                    actors += self.actors.actors_at(obj, terms)
            elif slot == "dative":
                for child in verb.children:
                    if child.dep_ == "dative":
                        actors += self.actors.actors_at(child, terms)
            else:
                holders = [verb] + ([obj] if obj is not None else [])
                for holder in holders:
                    for pobj in _prep_objects(holder, slot):
                        actors += self.actors.actors_at(pobj, terms)
        return _unique(actors)

    # --- nouns

    def _noun_event(self, noun: Token, terms: Terms) -> Candidate | None:
        for pattern in self.patterns.noun_patterns(noun.lemma_.lower()):
            between = [a for pobj in _prep_objects(noun, "between") for a in self.actors.actors_at(pobj, terms)]
            source = self._noun_slots(noun, pattern.source, terms)
            target = self._noun_slots(noun, pattern.target, terms)
            if between:
                if source:
                    target = target + tuple(between)
                else:
                    source, target = (between[0],), target + tuple(between[1:])
            source, target = _split_symmetric(pattern.cameo, source, target)
            target = _others(source, _unique(list(target)))
            if not source or not target:
                continue
            negated, hypothetical = _modality(noun)
            return Candidate(
                cameo=pattern.cameo,
                source=_with_event_sector(source, noun),
                target=_with_event_sector(target, noun),
                trigger=noun,
                trigger_text=noun.text,
                rule=pattern.rule,
                negated=negated,
                hypothetical=hypothetical,
                background=_is_background(noun),
                confidence=0.6,
                event_noun=noun,
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


def _unique(actors: list[Actor]) -> tuple[Actor, ...]:
    seen: dict[str, Actor] = {}
    for actor in actors:
        seen.setdefault(actor.code, actor)
    return tuple(seen.values())


def _same_actor(a: Actor, b: Actor) -> bool:
    "Beijing (CHNGOV) and China (CHN) are one side; two sectors of one country are too."
    return a.code == b.code or (a.country is not None and a.country == b.country)


def _others(source: tuple[Actor, ...], target: tuple[Actor, ...]) -> tuple[Actor, ...]:
    "The targets that are not on the source's side: no event of a country with itself."
    return tuple(t for t in target if not any(_same_actor(s, t) for s in source))


def _has_particle(verb: Token, particle: str) -> bool:
    return any(c.dep_ in ("prt", "prep") and c.lower_ == particle for c in verb.children)


def _is_passive(verb: Token) -> bool:
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


def _object_matches(obj: Token | None, lemmas: frozenset[str]) -> bool:
    if obj is None:
        return False
    candidates = [obj, *obj.conjuncts] + [c for c in obj.children if c.dep_ in ("compound", "amod")]
    return any(t.lemma_.lower() in lemmas or t.lower_ in lemmas for t in candidates)


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
        return None, False
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            if child.lower_ in ("which", "who", "that") and verb.dep_ == "relcl":
                return verb.head, True
            return child, False
    head = verb.head
    if head.i == verb.i:
        return None, False
    if verb.dep_ == "xcomp":
        if head.lemma_.lower() in OBJECT_CONTROL:
            obj = _direct_object(head)
            if obj is not None:
                return obj, True
        subject, _ = _logical_subject(head)
        return subject, True
    if verb.dep_ in ("conj", "advcl") and head.pos_ in ("VERB", "AUX"):
        subject, _ = _logical_subject(head)
        return subject, True
    if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
        for child in head.children:
            if child.dep_ == "poss":
                return child, True  # "Sweden's decision to join NATO"
        return head, True  # "troops deployed to the border"
    if verb.dep_ == "relcl":
        return head, True
    return None, False


def _split_symmetric(
    cameo: str, source: tuple[Actor, ...], target: tuple[Actor, ...], lemma: str = ""
) -> tuple[tuple[Actor, ...], tuple[Actor, ...]]:
    "'China and Russia held talks': both sides in the subject; the first is source."
    if not target and len(source) >= 2 and (cameo[:2] in SYMMETRIC_ROOTS or lemma in SYMMETRIC_VERBS):
        return source[:1], source[1:]
    return source, target


def _modality(trigger: Token) -> tuple[bool, bool]:
    "(negated, hypothetical) from negation, modal verbs, conditionals and governing verbs."
    negated = any(c.dep_ == "neg" for c in trigger.children)
    hypothetical = any(c.dep_ == "aux" and c.lower_ in MODALS for c in trigger.children)
    hypothetical |= any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in trigger.children)
    node = trigger
    # climb through complement clauses: "said it would not attack", "threatened to invade"
    while node.dep_ in ("xcomp", "ccomp", "acl", "pobj", "pcomp", "dobj", "prep") and node.head.i != node.i:
        node = node.head
        lemma = node.lemma_.lower()
        if lemma in DENIAL_VERBS:
            negated = True
        if lemma in INTENT_VERBS and node.pos_ in ("VERB", "ADJ", "NOUN", "AUX"):
            hypothetical = True
        if node.pos_ == "VERB" and node.dep_ not in ("xcomp", "ccomp", "acl"):
            break
    return negated, hypothetical


def _is_background(noun: Token) -> bool:
    "A nominal event is news only when the sentence says it happened (it took place, began…)."
    if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.lemma_.lower() in OCCURRENCE_VERBS:
        return False
    return True


def _with_event_sector(actors: tuple[Actor, ...], noun: Token | None) -> tuple[Actor, ...]:
    "'military talks between China and NATO': the countries act through their militaries."
    if noun is None:
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
