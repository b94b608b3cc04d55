"""Reading the parse: who does what in a clause, and where clauses sit.

The event finder asks these questions of spaCy's dependency parse: the logical subject and object
of a verb (through passives, control, coordination and relative clauses), the objects of its
prepositions, the verb of saying whose clause holds an event. The answers that depend on word
lists (words.tsv) come from `Clauses`, built once with the lists; the rest are functions.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from ..tables.words import Words
from .nlp import with_entities

__all__ = [
    "Clauses",
    "PRONOUNS",
    "antecedent",
    "clause_of",
    "coordinated",
    "has_particle",
    "matching_object",
    "object_matches",
    "prep_objects",
    "subordinate",
    "trigger_text",
    "wanted_of_another",
]

# Personal pronouns: their actor is in the clause above ("Iran said it would retaliate").
PRONOUNS = {"it", "they", "he", "she", "we", "its", "their", "his", "her"}
SINGULAR_PRONOUNS = {"he", "she", "it", "his", "her", "its"}
# Words that open a clause but that the parser also reads as prepositions ("after the minister accused…")
SUBORDINATORS = {"after", "before", "since", "until", "as", "while"}
# Prepositions after which the governing verb's object does what the gerund says ("accused
# Rwanda of making", "jailed a student for helping", "barred Iran from buying", "joined Kenya in
# condemning", "pressured Cuba into releasing"); after the others ("after briefing", "by
# sending") its subject does.
OBJECT_ACTS = {"of", "for", "from", "in", "into"}


class Clauses:
    "The parse read with detente's word lists: passives, subjects, objects, verbs of saying."

    def __init__(self, words: Words) -> None:
        self.words = words

    def is_passive(self, verb: Token) -> bool:
        "A passive, or a participle modifying a noun ('the dialogue, co-chaired by…'); not 'is opposed to'."
        if verb.lemma_.lower() in self.words.stative_participle and not any(c.dep_ == "agent" for c in verb.children):
            return False
        return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
            verb.dep_ == "acl" and verb.tag_ == "VBN"
        ) or _absolute(verb) or self._shares_passive(verb)

    def _shares_passive(self, verb: Token) -> bool:
        "'A soldier was shot and seriously hurt': a participle conjoined to a passive, with no subject of its own."
        return (
            verb.dep_ == "conj" and verb.tag_ == "VBN" and self.is_passive(verb.head)
            and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in verb.children)
        )  # fmt: skip

    def direct_object(self, verb: Token) -> Token | None:
        "The logical object: the direct object, or the subject of a passive."
        if self.is_passive(verb):
            for child in verb.children:
                if child.dep_ == "nsubjpass" or child.dep_ == "nsubj" and _absolute(verb):
                    return child
            if verb.dep_ == "acl" and verb.tag_ == "VBN":
                return verb.head  # "the dialogue, co-chaired by …": the dialogue was co-chaired
            if self._shares_passive(verb):
                return self.direct_object(verb.head)  # "was shot and hurt": the one shot was hurt
            return None
        for child in verb.children:
            if child.dep_ in ("dobj", "obj"):
                return child
        return None

    def logical_subject(self, verb: Token) -> tuple[Token | None, bool]:
        "Who does it: the subject, the by-agent of a passive, or one inherited from the clause above."
        if self.is_passive(verb):
            for pobj in prep_objects(verb, "by"):
                return pobj, False
            for hands in prep_objects(verb, "at"):
                if hands.lemma_.lower() == "hand":  # "killed at the hands of Boko Haram"
                    for pobj in prep_objects(hands, "of"):
                        return pobj, False
            if verb.lemma_.lower() in self.words.stative_passive:
                # "Serb forces were engaged in ethnic cleansing": a state of the subject, not a passive
                return next((c for c in verb.children if c.dep_ == "nsubjpass"), None), False
            return None, False
        for child in verb.children:
            if child.dep_ in ("nsubj", "csubj", "nsubjpass"):
                if child.lower_ in ("which", "who", "that") and verb.dep_ == "relcl":
                    return verb.head, True
                if child.lower_ in PRONOUNS:
                    # "Iran said it would retaliate": the pronoun is the reporting clause's subject;
                    # not one named after it ("It struck near Ridgecrest, the US Geological Survey
                    # said": the pronoun points back to an earlier sentence)
                    found = antecedent(verb)
                    if found is not None and found.i < child.i and _agrees(child, found):
                        return found, True
                    return child, False
                return child, False
        head = verb.head
        if head.i == verb.i:
            return None, False
        if verb.dep_ == "xcomp":
            if head.lemma_.lower() in self.words.object_control:
                obj = self.direct_object(head)
                if obj is not None:
                    return obj, True
            if head.pos_ == "ADJ" and head.head.i != head.i:
                head = head.head  # "China is ready to talk": the subject of "is"
            subject, _ = self.logical_subject(head)
            return subject, True
        stranded = _stranded_subject(verb)
        if stranded is not None:
            return stranded, False
        bare = verb.dep_ == "dep" and verb.tag_ == "VB"  # "will visit Washington…, then meet with Merkel"
        if (verb.dep_ in ("conj", "advcl") or bare) and head.pos_ in ("VERB", "AUX"):
            if verb.dep_ == "conj" and not coordinated(head, verb):
                # "jailed a student for helping militants join a group": a 'conjunct' with no "and"
                # or comma before it is the parser's error, and the subject is not shared
                return None, False
            if verb.dep_ == "conj" and self.is_passive(head):
                # "the prime minister has been indicted by the court and will resign": the conjuncts
                # share the subject as written, not the passive's agent
                return next((c for c in head.children if c.dep_ == "nsubjpass"), None), True
            subject, _ = self.logical_subject(head)
            return subject, True
        if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.i != head.i:
            # "accused Rwanda of making…", "jailed a student for helping…": the governing verb's
            # object acts; "resorted to throwing stones", "are guilty of violating…", "spoke
            # after briefing the leaders": its subject
            governor = head.head
            if governor.pos_ == "ADJ" and governor.head.i != governor.i:
                governor = governor.head
            if governor.pos_ in ("VERB", "AUX"):
                if self.is_passive(governor):
                    # "Rwanda was accused of making…", "was arrested after attacking…"
                    return self.direct_object(governor), True
                obj = self.direct_object(governor) if head.lower_ in OBJECT_ACTS else None
                if obj is not None:
                    return obj, True
                subject, _ = self.logical_subject(governor)
                return subject, True
            return None, False
        if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
            for child in head.children:
                if child.dep_ == "poss":
                    return child, True  # "Sweden's decision to join NATO"
            issuer = self._issuer(head) if verb.tag_ == "VBG" else None
            if issuer is not None:
                subject, _ = self.logical_subject(issuer)
                return subject, True
            return head, True  # "troops deployed to the border"
        if verb.dep_ == "relcl":
            return head, True
        return None, False

    def _issuer(self, noun: Token) -> Token | None:
        """The verb whose subject issued a message: "the US issued a statement condemning…",
        "Russia said in a letter urging…" (not "Russia vetoed a resolution condemning Syria")."""
        if noun.lemma_.lower() not in self.words.message:
            return None
        # what the message says is a participle; its to-infinitive is what the addressee must do
        # ("an ultimatum to Ecuador to halt attacks")
        governor = noun.head
        if noun.dep_ == "dobj" and governor.lemma_.lower() in self.words.issuing:
            return governor
        if noun.dep_ == "pobj" and governor.lower_ == "in" and governor.head.pos_ == "VERB":
            return governor.head
        return None

    def speech_verb(self, trigger: Token) -> Token | None:
        """The verb of saying whose clause holds the event: "Russia said (that) Ukraine shelled…",
        "Ukraine shelled Donetsk, Russia said". None for an event stated by the article itself."""
        node = trigger
        for _ in range(5):
            head = node.head
            if head.i == node.i:
                return None
            if node.dep_ in ("ccomp", "parataxis") and head.lemma_.lower() in self.words.speech and head.pos_ == "VERB":
                return head
            if node.dep_ not in ("xcomp", "conj", "ccomp", "advcl", "acl", "pobj", "prep", "dobj", "pcomp"):
                return None
            node = head
        return None


def _absolute(verb: Token) -> bool:
    "'with 14 people killed in an attack': a participle whose 'subject' suffered it (no auxiliary)."
    return (
        verb.tag_ == "VBN"
        and verb.dep_ in ("pcomp", "advcl")
        and any(c.dep_ == "nsubj" for c in verb.children)
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    )


def prep_objects(holder: Token, preposition: str) -> Iterator[Token]:
    words = preposition.split()
    for child in holder.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ == words[0]:
            for pobj in child.children:
                if pobj.dep_ in ("pobj", "pcomp"):
                    yield pobj


def object_matches(obj: Token | None, lemmas: frozenset[str] | set[str]) -> bool:
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


def matching_object(verb: Token, dobj: Token | None, objects: frozenset[str]) -> Token | None:
    """The object a pattern asks for: the direct object ("imposed sanctions"), or with `p:noun`
    the object of a preposition ("went on strike" = on:strike, "withdrew from the treaty")."""
    plain = {o for o in objects if ":" not in o}
    if plain and object_matches(dobj, plain):
        return dobj
    for entry in objects - plain:
        preposition, lemma = entry.split(":", 1)
        for pobj in prep_objects(verb, preposition):
            if object_matches(pobj, {lemma}):
                return pobj
    return None


def has_particle(verb: Token, particle: str) -> bool:
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


def subordinate(clause: Token) -> list[Token]:
    "The clause and the clauses inside it (not coordinated or relative ones): in token order."
    found, stack = [], [clause]
    while stack:
        node = stack.pop()
        found.append(node)
        stack += [c for c in node.children if c.dep_ in ("advcl", "ccomp")]
    return sorted(found, key=lambda t: t.i)


def clause_of(trigger: Token) -> list[Token]:
    "The trigger and the clauses above it up to the sentence's root: where its event is said."
    chain = [trigger]
    while chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    return chain


def _agrees(pronoun: Token, noun: Token) -> bool:
    "'Police believe he carried out the attack': a singular pronoun does not point to a plural noun."
    return pronoun.lower_ not in SINGULAR_PRONOUNS or noun.tag_ not in ("NNS", "NNPS")


def _stranded_subject(verb: Token) -> Token | None:
    """"…come after North Korea's foreign minister earlier this week accused the U.S.": the parser
    read the conjunction as a preposition and its clause's subject as the preposition's object;
    a finite clause with no subject of its own takes that object when nothing but its own
    modifiers stands between them."""
    if verb.dep_ != "advcl" or verb.tag_ not in ("VBD", "VBZ", "VBP") or any(c.dep_.startswith("nsubj") for c in verb.children):
        return None
    for prep in verb.head.children:
        if prep.dep_ != "prep" or prep.lower_ not in SUBORDINATORS or prep.i > verb.i:
            continue
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            end = max(t.i for t in pobj.subtree)
            between = verb.doc[end + 1 : verb.i]
            if all(t.head.i == verb.i or t.head.i in {b.i for b in between} for t in between):
                return pobj
    return None


def coordinated(head: Token, verb: Token) -> bool:
    "A coordinating word or a comma between two conjoined verbs."
    return any(t.dep_ == "cc" or t.text in (",", ";") for t in head.doc[head.i + 1 : verb.i])


def antecedent(verb: Token) -> Token | None:
    "The nearest non-pronoun subject of a clause above this one (reported speech, coordination)."
    node = verb
    # "King Hassan was quoted as saying he would…": through "as saying" to the quoted one
    while node.dep_ in ("ccomp", "xcomp", "conj", "advcl", "pcomp", "prep") and node.head.i != node.i:
        node = node.head
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ not in PRONOUNS and child.pos_ != "PRON":
                return child
    return None


def trigger_text(verb: Token, obj: Token | None) -> str:
    particles = [c for c in verb.children if c.dep_ == "prt"]
    words = [verb, *particles] + ([obj] if obj is not None and obj.i > verb.i else [])
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))


def wanted_of_another(complement: Token) -> bool:
    "'wants Iran to halt': the complement has a subject of its own, or the wanting verb an object."
    own = any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in PRONOUNS for c in complement.children)
    return own or (complement.dep_ == "xcomp" and any(c.dep_ == "dobj" for c in complement.head.children))
