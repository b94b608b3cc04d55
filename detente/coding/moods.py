"""Moods: the act in a complement restated as what was said about it (moods.tsv).

    "Turkey threatened to invade Syria"   threaten + invade (190)  → THREATEN 138, not ASSAULT
    "Iran agreed to release the sailors"  agree + release (0841)   → AGREE 0353
    "France urged Russia to withdraw"     urge + withdraw (087)    → REQUEST 0256, aimed at Russia
    "Israel refused to lift the blockade" refuse + lift (085)      → REJECT 1244
    "Britain said Libya must hand over the suspects"               → a demand on Libya
    "China will meet NATO"                a future is an intention (036)

Negation is a flag ("did not agree to…"), except that "will not accept" is itself a rejection.
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Token

from .actors import Terms
from .candidates import Candidate, anchored, others, own_forces
from .clauses import PRONOUNS, wanted_of_another
from .modality import conditional, deontic_governor, has_future, infinitive, is_deontic, negated_here
from .rules import Part, Rules
from .verb_events import VerbEvents

__all__ = ["Moods"]


class Moods(Part):
    "Restates an act when a mood governs it: intention, threat, appeal, demand or rejection."

    def __init__(self, rules: Rules, verbs: VerbEvents) -> None:
        super().__init__(rules)
        self.verbs = verbs  # who an appeal is addressed to is read as for a verb's own appeal

    def restate(self, candidate: Candidate, terms: Terms, consumed: set[int]) -> Candidate:
        "The act restated as intention, threat, appeal, demand or rejection when a mood governs it."
        verb = candidate.trigger
        mood, governor = self._mood(verb, candidate.cameo)
        if mood is None:
            return candidate
        source, target = candidate.source, candidate.target
        if governor is not None:
            if governor.pos_ == "ADJ" and governor.head.i != governor.i:
                governor = governor.head  # "China is ready to talk": the clause of "is"
            subject, _ = self.clauses.logical_subject(governor)
            speakers = tuple(self.actors.actors_at(subject, terms)) if subject is not None else ()
            if governor.lemma_.lower() in self.words.command and own_forces(speakers, candidate.source):
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
            if is_deontic(verb) or mood == "demand" and self.patterns.mood_of(governor.lemma_.lower()) != "demand":
                # "Britain said Libya must hand over the suspects": a demand on Libya; "a
                # warning to Libya that it must…": on whom the warning is addressed to
                addressees = self.verbs.addressees(governor, terms)
                pronoun = any(c.dep_ == "nsubj" and c.lower_ in PRONOUNS for c in verb.children)
                target = addressees if addressees and (pronoun or not candidate.source) else candidate.source
            elif mood in ("appeal", "demand", "threat"):
                # "urged Russia to withdraw": the appeal is addressed to Russia; a threat keeps the
                # target of what is threatened ("threatened Iran to strike Israel" is rare)
                addressees = self.verbs.addressees(governor, terms)
                asked_in_clause = mood != "threat" and verb.dep_ == "ccomp" and wanted_of_another(verb)
                if (governor.lemma_.lower() in self.words.desire or asked_in_clause) and not addressees:
                    # "wants Iran to halt…", "demanded that the Turkish government provide…": the
                    # one who is to act is asked
                    addressees = candidate.source
                if addressees and (mood != "threat" or not target):
                    target = addressees
                elif mood != "threat" and not addressees and self._addressed_to_someone(governor):
                    # "urged the Western leaders to stand up to Russian aggression": the appeal
                    # is to leaders the tables do not code, not to Russia
                    target = ()
            negated, hypothetical = self.modality.of(governor)
            negated = negated or (candidate.negated and mood == "intent")
        else:
            # "will not accept" is a rejection: the negation is in the code, not a flag; "the US
            # would deploy F-35s", said by nobody, stays hypothetical
            negated, hypothetical = candidate.negated and mood != "reject", candidate.hypothetical
            mutual = candidate.mutual
        source, target = anchored(source, target)
        target = others(source, target, self.sectors)
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

    def _addressed_to_someone(self, governor: Token) -> bool:
        "The verb of appeal has an object of its own that is no pronoun: someone is addressed."
        obj = self.clauses.direct_object(governor)
        return obj is not None and obj.pos_ in ("NOUN", "PROPN") and obj.lower_ not in PRONOUNS

    def _mood(self, verb: Token, cameo: str) -> tuple[str | None, Token | None]:
        """(mood, governing word) for "threatened to invade", "ready to talk", "plan to attack",
        "will meet", and chains of complements: "agreed to allow aid workers to deliver food"."""
        node = verb
        for _ in range(4):
            head = node.head
            # "willing to send troops to help defend…": purpose clauses continue the chain
            purpose = node.dep_ == "advcl" and infinitive(node)
            if head.i == node.i or node.dep_ not in ("xcomp", "ccomp") and not purpose:
                break
            mood = None if purpose else self.patterns.mood_of(head.lemma_.lower())
            if head.lemma_.lower() in self.words.desire and wanted_of_another(node):
                return "appeal", head  # "the US wants Iran to halt enrichment": an appeal to Iran
            if head.lemma_.lower() == "fail" and "03" <= cameo[:2] <= "08":
                # "failed to reach a deal" refuses cooperation (PLOVER REJECT); "failed to
                # capture the town" is an attack that did not happen (negated)
                return "reject", head
            clause = head.head if head.pos_ == "ADJ" and head.head.i != head.i else head
            if mood == "intent" and is_deontic(clause):
                # "said the US must be ready to mediate": an obligation on the US, a demand
                return "demand", deontic_governor(clause)
            if mood:
                if node.dep_ == "ccomp" and (mood == "reject" or mood not in ("appeal", "demand") and not has_future(node)):
                    return None, None  # "agreed that talks had been useful" states a fact
                return mood, head
            if node.dep_ == "ccomp":
                break
            node = head
        if is_deontic(verb):
            return "demand", deontic_governor(verb)
        noun_mood = self.patterns.mood_of_noun(verb.head.lemma_.lower())
        if verb.dep_ == "acl" and verb.head.pos_ == "NOUN" and noun_mood is not None:
            return noun_mood, None  # "Turkey's threat to invade": moods.tsv's nouns
        if has_future(verb) and not conditional(verb) and verb.dep_ != "relcl":
            # (not "any bill Reagan would sign": a case imagined, modality.py)
            # "Bangladesh says it will not accept refugees": a refusal of cooperation; "would not
            # attack" stays a negated threat
            refusal = negated_here(verb) and cameo[:2] <= "09"
            return ("reject" if refusal else "intent"), None
        return None, None
