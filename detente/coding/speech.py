"""Reported speech: what someone says happened is theirs to claim; a statement about another
actor that codes nothing else is a public statement.

    "Russia said Ukraine shelled Donetsk"   UKR→? 190 attributed to RUS
    "NATO clarified that China is not seen as an adversary"   IGOWSTNAT→CHN 010

Saying that another used force is not, by itself, an accusation (CAMEO 112): blind judges of real
news read "a British naval source said Iran had fired a missile", "a Baghdad war communique said
an Iranian brigade launched the attack" as the reported act, and an accusation only where the
verb says so ("accused", "blamed")."""

from __future__ import annotations

import dataclasses

from spacy.tokens import Span

from ..models import Actor
from .actors import Terms
from .candidates import Candidate, others
from .clauses import clause_of, subordinate
from .rules import Part

__all__ = ["Speech"]


class Speech(Part):
    "Attribution and public statements."

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
                if clause.lemma_.lower() in self.words.speech:
                    continue  # "the news agency says Morsi added that…": Morsi speaks, no one speaks of him
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
