"""Reported speech: what someone says happened is theirs to claim, and saying another used force
is accusing them; a statement about another actor that codes nothing else is a public statement.

    "Russia said Ukraine shelled Donetsk"   UKR→? 190 attributed to RUS, and RUS→UKR 112
    "NATO clarified that China is not seen as an adversary"   IGOWSTNAT→CHN 010
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Span, Token

from ..models import Actor
from .actors import Terms
from .candidates import Candidate, others
from .clauses import clause_of, subordinate
from .rules import Part

__all__ = ["Speech"]


class Speech(Part):
    "Attribution, accusations by report, and public statements."

    def attributed(self, candidate: Candidate, terms: Terms) -> Candidate:
        """An event inside what someone says is theirs to claim: "Russia said Ukraine shelled
        Donetsk" is Ukraine's shelling, attributed to Russia. Not when the speaker is the actor
        ("Iran said it would retaliate")."""
        speech = self.clauses.speech_verb(candidate.trigger)
        if speech is None:
            return candidate
        subject, _ = self.clauses.logical_subject(speech)
        speakers = tuple(self.actors.actors_at(subject, terms)) if subject is not None else ()
        if not speakers or {a.code for a in speakers} <= {a.code for a in candidate.source}:
            return candidate
        return dataclasses.replace(candidate, attributed_to=speakers)

    def reported_accusations(self, found: list[Candidate]) -> list[Candidate]:
        """Saying that another used force is accusing them (CAMEO 112): "Russia said Ukraine
        shelled Donetsk" is also Russia → Ukraine ACCUSE, unless the sentence already codes one."""
        accusations = []
        stated = {(tuple(a.code for a in c.source), tuple(a.code for a in c.target), c.cameo[:2]) for c in found}
        for c in found:
            if not (c.attributed_to and c.source and self.codebook[c.cameo].force and not c.negated):
                continue
            key = (tuple(a.code for a in c.attributed_to), tuple(a.code for a in c.source), "11")
            speech = self.clauses.speech_verb(c.trigger)
            if key in stated or speech is None or not self._accuses(speech, c):
                continue
            stated.add(key)
            accusations.append(dataclasses.replace(
                c, cameo="112", source=c.attributed_to, target=c.source, trigger=speech,
                trigger_text=f"{speech.text} … {c.trigger_text}", rule=f"reported+{c.rule}",
                hypothetical=False, background=False, confidence=0.6, event_noun=None, mutual=False,
                peers=False, attributed_to=(),
            ))  # fmt: skip
        return accusations

    def statements(self, sent: Span, terms: Terms, found: list[Candidate]) -> list[Candidate]:
        """A statement about another actor that codes no event of its own is a public statement
        (CAMEO 010): "Last year, NATO clarified that China is not seen as an adversary"."""
        inside = {t.i for c in found for t in clause_of(c.trigger)}
        statements = []
        for verb in sent:
            if verb.lemma_.lower() not in self.words.statement or verb.pos_ != "VERB":
                continue
            for clause in (c for c in verb.children if c.dep_ == "ccomp" and c.i not in inside):
                if any(t.i in inside for t in clause.subtree):
                    continue
                subject, _ = self.clauses.logical_subject(verb)
                speakers = tuple(self.actors.actors_at(subject, terms)) if subject is not None else ()
                if not speakers:
                    continue
                # whom the statement is about: the first subject in the clause that is an actor
                # other than the speaker ("that while China is not seen as an adversary, …")
                subjects = (t for c in subordinate(clause) for t in c.children if t.dep_ in ("nsubj", "nsubjpass"))
                about = next((named for t in subjects if (named := self._party(others(speakers, tuple(self.actors.actors_at(t, terms)), self.sectors)))), ())
                if not about:
                    continue
                negated, hypothetical = self.modality.of(verb)
                statements.append(Candidate(
                    cameo="010", source=speakers, target=about, trigger=verb, trigger_text=verb.text,
                    rule="statement", negated=negated, hypothetical=hypothetical, background=False,
                    confidence=0.5,
                ))  # fmt: skip
        return statements

    def _party(self, actors: tuple[Actor, ...]) -> tuple[Actor, ...]:
        """Those a public statement can be about: a state, its parts or an organisation, not
        society's ("lawyers said 4,000 people died of overdoses" is no statement about anyone)."""
        return tuple(a for a in actors if a.sector is None or self.sectors.takes_part(None, a.sector))

    def _accuses(self, speech: Token, candidate: Candidate) -> bool:
        """Whether saying that another used force is an accusation, not a news source: a party
        ("Russia said Ukraine shelled…") speaking before the clause, not the sourcing of a wire
        report ("…, police said", "officials said"), nor the media, nor the perpetrator's own side."""
        speakers = candidate.attributed_to
        if speech.lemma_.lower() not in self.words.accusing_speech or speech.i > candidate.trigger.i:
            return False
        if any(a.code == a.sector or a.sector == "MED" for a in speakers):
            return False  # "police", "officials", "sources", a newspaper
        blamed = {a.country for a in candidate.source}
        return not any(a.country and a.country in blamed for a in speakers)
