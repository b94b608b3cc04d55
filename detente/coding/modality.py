"""Whether a coded act happened: negation, uncertainty, conditions, the future, and background.

An event is stored with flags, not dropped: "did not attack" is an attack, negated; "may invade"
and "if Iran attacks" are hypothetical; "will visit" is future; "amid Russia's invasion" is
background. `Modality` reads the word lists (words.tsv) that govern these; the rest are functions
of the parse alone (modals, conditional conjunctions).
"""

from __future__ import annotations

from spacy.tokens import Token

from ..tables.words import Words

__all__ = ["Modality", "conditional", "deontic_governor", "has_future", "infinitive", "is_deontic", "negated_here"]

FUTURE_MODALS = {"will", "would", "shall", "'ll", "wo"}
UNCERTAIN_MODALS = {"could", "may", "might", "can", "ca"}
DEONTIC_MODALS = {"must", "should"}
CONDITIONAL_MARKS = {"if", "unless", "whether"}
# Conjunctions of a clause that happens when its main clause does: "will smart when she visits"
TEMPORAL_MARKS = {"when", "after", "before", "once", "until"}
# Modals of a mood, not a report: "the US would deploy F-35s", "Congress should sign off"
CONDITIONAL_MODALS = {"would", "should", "must"}


class Modality:
    "Negation, hypothesis, future and background of an event's trigger, with detente's word lists."

    def __init__(self, words: Words) -> None:
        self.words = words

    def of(self, trigger: Token) -> tuple[bool, bool]:
        "(negated, hypothetical) from negation, uncertain modals, conditionals and governing words."
        negated = any(c.dep_ == "neg" for c in trigger.children) or _without(trigger) or _nor(trigger)
        hypothetical = any(c.lower_ in UNCERTAIN_MODALS for c in auxiliaries(trigger))
        hypothetical |= conditional(trigger) or self._unreported_mood(trigger) or self._reporters_question(trigger)
        hypothetical |= _imperative(trigger)
        node = trigger
        # climb through complement clauses: "denied attacking", "may try to invade"
        while (
            node.dep_ in ("xcomp", "ccomp", "acl", "pobj", "pcomp", "dobj", "prep", "acomp", "attr")
            or node.dep_ in ("advcl", "relcl") and infinitive(node)
            or _shares_clause(node)
        ) and node.head.i != node.i:
            node = node.head
            lemma = node.lemma_.lower()
            if lemma in self.words.denial or _yet_to(node) or _without(node):
                negated = True  # "denied attacking", "have yet to agree", "without taking action"
            if any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in self.words.hypothetical_governor for c in node.children):
                hypothetical = True  # "one option is to arm the rebels", "the aim is to compel"
            if any(c.lower_ in UNCERTAIN_MODALS | CONDITIONAL_MODALS for c in auxiliaries(node)):
                hypothetical = True  # "China can play a role by joining…", "would use its powers to ban…"
            if self._reporters_question(node):
                hypothetical = True  # "Asked whether Iran would retaliate, …": a question, no act
            if lemma in self.words.hypothetical_governor or lemma in self.words.alleging and node.i != trigger.i:
                hypothetical = True  # "accused Rwanda of attacking…": the attack is alleged, not asserted
            if any(c.dep_ == "neg" for c in node.children) and node.pos_ in ("VERB", "AUX"):
                negated = True  # "did not try to invade", "isn't interested in helping"
            if node.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "no" for c in node.children):
                negated = True  # "has no plans to shut down U.S. companies", "no intention of attacking"
            if node.pos_ == "VERB" and node.dep_ not in ("xcomp", "ccomp", "acl", "pcomp"):
                break
        return negated, hypothetical

    def is_future(self, trigger: Token) -> bool:
        """Stated to happen later: "will visit", "is going to meet", "is due to / scheduled to /
        set to / expected to visit" — not "would" in reported speech, which is the past's future;
        and a clause that happens when a future one does ("will be smarting when she visits",
        "will seek loans after the agreement is signed")."""
        node = trigger
        for _ in range(4):
            if any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll") for c in node.children):
                return True
            if node.dep_ == "xcomp" and (node.head.lemma_.lower() in self.words.planned or _is_to(node)):
                return True  # "is due to visit", "the Council is to meet on Monday"
            # "when" is the parser's advmod, "after" its mark; a purpose comes with its act ("will
            # visit Washington to meet Obama")
            temporal = node.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod") and c.lower_ in TEMPORAL_MARKS for c in node.children)
            purpose = node.dep_ == "advcl" and infinitive(node)
            # "will stand with Ukraine and provide weapons": a conjunct without its own subject or
            # auxiliary shares the first verb's tense
            # ("then meet with Merkel on Wednesday": a bare verb the parser left as `dep`, too)
            shared = (node.dep_ == "conj" or node.dep_ == "dep" and node.tag_ == "VB") and not any(
                c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in node.children
            )
            if not (node.dep_ == "xcomp" or temporal or purpose or shared) or node.head.i == node.i:
                return False
            node = node.head
        return False

    def habitual(self, trigger: Token) -> bool:
        """A standing position, a habit or a tally, not news of the day: 'has long supported',
        'historically opposed', '10,000 people have been killed in the past year'."""
        if any(c.dep_ == "advmod" and c.lower_ in self.words.habitual for c in trigger.children):
            return True
        if not any(c.dep_ == "aux" and c.lemma_ == "have" for c in trigger.children):
            return False
        spans = (g for p in trigger.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj")
        return any(
            span.lemma_.lower() in self.words.period and any(m.lower_ in self.words.span_modifier for m in span.children)
            for span in spans
        )

    def _unreported_mood(self, trigger: Token) -> bool:
        """"The US would deploy F-35s", "Congress should sign off": a conditional or an obligation
        the article states itself is no act; reported from someone ("said it would retaliate",
        "said Libya must…") it is an intention or a demand (moods.py)."""
        if not any(c.lower_ in CONDITIONAL_MODALS for c in auxiliaries(trigger)):
            return False
        node = trigger
        if trigger.dep_ == "relcl":
            return True  # "any trade bill Reagan would sign": a case imagined, not one reported
        for _ in range(5):
            if node.head.i == node.i:
                return True
            if node.dep_ in ("ccomp", "parataxis", "acl", "advcl") and node.head.lemma_.lower() in self.words.speech:
                return False
            if node.dep_ in ("acl", "ccomp") and node.head.pos_ == "NOUN":
                return False  # "a warning that it must…", "its promise that it would…"
            node = node.head
        return True

    def _reporters_question(self, verb: Token) -> bool:
        "A bare participle of asking opening a clause: 'Asked whether Iran would retaliate, the minister said…'."
        return (
            verb.lemma_.lower() in self.words.question
            and verb.tag_ == "VBN"
            and verb.dep_ in ("advcl", "ROOT")
            and not any(c.dep_ in ("nsubjpass", "agent", "aux", "auxpass") for c in verb.children)
        )

    def describes(self, trigger: Token) -> bool:
        """A relative clause or a participle that describes an actor rather than reports the news:
        "Sadr, who has opposed both…", "resolutions that impose sanctions on Iran" (perfect or
        present tense; "Israel, which struck Gaza on Monday, said…" is news), "countries fighting ISIS"."""
        if trigger.dep_ == "acl" and trigger.tag_ == "VBG" and trigger.head.pos_ in ("NOUN", "PROPN"):
            return True  # "aid to countries fighting ISIS", "the US-led coalition fighting ISIS said…"
        if trigger.dep_ == "acl" and infinitive(trigger) and trigger.head.pos_ == "NOUN":
            return True  # "Bush's decision to invade Iraq": what a noun names, not the news
        if trigger.dep_ != "relcl":
            return False
        perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in trigger.children)
        return perfect or trigger.tag_ in ("VBZ", "VBP")

    def is_background(self, noun: Token) -> bool:
        "A nominal event is news only when the sentence says it happened (it took place, began…)."
        if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.lemma_.lower() in self.words.occurrence:
            return False
        return True


def _without(node: Token) -> bool:
    """'without the United Nations taking action', 'instead of attacking Syria', 'rather than
    invading', 'stopped short of blaming': the act did not happen."""
    if node.dep_ == "pcomp" and node.head.lower_ == "without":
        return True
    if node.dep_ == "pcomp" and node.head.lower_ == "of" and node.head.head.lower_ == "short":
        return True  # "stopped short of blaming", "fell short of recognising"
    before = tuple(t.lower_ for t in node.doc[max(node.i - 2, 0) : node.i])
    return node.tag_ == "VBG" and before in (("instead", "of"), ("rather", "than"))


def _imperative(verb: Token) -> bool:
    "'Please call 1-800-CALL-FBI', 'Stop the war': a bidding, not an act."
    if verb.tag_ != "VB" or verb.dep_ != "ROOT":
        return False
    return not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "expl") for c in verb.children)


def _nor(verb: Token) -> bool:
    "'…is not liable, nor does it endorse any product', 'neither confirmed nor denied'."
    if any(c.dep_ in ("cc", "preconj") and c.lower_ in ("nor", "neither") for c in verb.children):
        return True
    return verb.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ == "nor" and c.i < verb.i for c in verb.head.children)


def _shares_clause(verb: Token) -> bool:
    """A conjunct inside a complement, with no subject of its own: "isn't interested in
    intervening or helping the rebels", "denied that Iran attacked and killed…"."""
    return (
        verb.dep_ == "conj"
        and verb.head.dep_ in ("pcomp", "xcomp", "ccomp")
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
    )


def infinitive(verb: Token) -> bool:
    "'to retake the town': a to-infinitive."
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _is_to(verb: Token) -> bool:
    "'The Council is to meet on Monday': a plan (but 'Iran is to blame' is an accusation)."
    head = verb.head
    return head.lemma_ == "be" and infinitive(verb) and verb.lemma_.lower() != "blame" and any(
        c.dep_ == "nsubj" for c in head.children
    )


def _yet_to(node: Token) -> bool:
    "'have yet to agree', 'is yet to decide': not done so far."
    return node.lemma_.lower() in ("have", "be") and any(c.lower_ == "yet" for c in node.children)


def has_future(verb: Token) -> bool:
    if any(c.dep_ == "aux" and c.lower_ in FUTURE_MODALS for c in verb.children):
        return True
    # "is going to attack"
    return verb.dep_ == "xcomp" and verb.head.lower_ == "going" and any(c.dep_ == "aux" for c in verb.head.children)


def auxiliaries(verb: Token) -> list[Token]:
    """The verb's auxiliaries, or, for a conjunct with no subject or auxiliary of its own, the
    first verb's: "protesters should hand over weapons and withdraw" (withdraw: should)."""
    own = [c for c in verb.children if c.dep_ == "aux"]
    if own or verb.dep_ != "conj" or verb.head.pos_ not in ("VERB", "AUX"):
        return own
    if any(c.dep_ in ("nsubj", "nsubjpass", "auxpass") for c in verb.children):
        return own
    return [c for c in verb.head.children if c.dep_ == "aux"]


def negated_here(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def is_deontic(verb: Token) -> bool:
    """'…said Libya must hand over the suspects', 'sent a warning to Libya that it must…': an
    obligation reported from someone (a demand)."""
    if deontic_governor(verb) is None:
        return False
    # "Iraq has to allow…", "Israel needs to stop…" would sit on have/need: not taken yet
    return any(c.dep_ == "aux" and c.lower_ in DEONTIC_MODALS for c in verb.children)


def deontic_governor(verb: Token) -> Token | None:
    "The verb reporting a clause: 'said (that…)', or the verb whose object holds it: 'issued a reminder (that…)'."
    head = verb.head
    if head.i == verb.i:
        return None
    if verb.dep_ == "ccomp" and head.pos_ == "VERB":
        return head
    if verb.dep_ in ("acl", "ccomp") and head.pos_ == "NOUN" and head.dep_ == "dobj" and head.head.pos_ == "VERB":
        return head.head
    return None


def conditional(verb: Token) -> bool:
    node = verb
    while True:
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in node.children):
            return True
        if node.dep_ not in ("conj", "xcomp") or node.head.i == node.i:
            return False
        node = node.head
