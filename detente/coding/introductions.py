"""Who an article has introduced: people named once in full with their office ("Greek Prime
Minister Andreas Papandreou") and later by surname alone ("Papandreou accused Turkey"). The
actor matcher asks an article's `Introductions` for the names its tables do not know."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from .actors import ActorMatcher, Kind, Name, SectorWord, Terms, _close_phrase, _fold, _surname

__all__ = ["Introductions"]


class Introductions:
    """The people one article introduces with their office and then names alone: "Greek Prime
    Minister Andreas Papandreou" early on makes a later "Papandreou accused Turkey" GRCGOV. News
    writing names a person in full with a title once; the tables cannot know every minister."""

    def __init__(self) -> None:
        self._by_surname: dict[str, tuple[str, Name]] = {}  # surname → first name, who they are

    def read(self, sent: Span, found: Terms, matcher: ActorMatcher) -> None:
        """Names the tables do not know: one introduced earlier in the article is who it was
        then; one introduced here by a title and a country ("U.S. Trade Representative Clayton
        Yeutter", "Clayton Yeutter, the U.S. trade representative") is remembered, as is a person
        the tables know by full name only ("Andreas Papandreou … Papandreou")."""
        for run in _name_runs(sent, found, Kind.PERSON):
            self.learn(run, found[run[-1].i])  # type: ignore[arg-type]
        for run in _name_runs(sent, found, None):
            name = self.recall(run)
            if name is not None:
                for token in run:
                    found[token.i] = name
                continue
            head = max(run, key=lambda t: t.i if t.head.i not in {r.i for r in run} else -1)
            if not any(isinstance(found.get(t.i), SectorWord) for t in _close_phrase(head)):
                continue  # no title: "Robert Bergdahl" could be anyone's
            actors = matcher.actors_at(head, found)
            if len(actors) == 1 and (actors[0].country or actors[0].code != actors[0].sector):
                actor = actors[0]
                code = None if actor.country else actor.code
                self.learn(run, Name(Kind.PERSON, " ".join(t.text for t in run), actor.country, code, actor.sector))

    def learn(self, run: Sequence[Token], name: Name) -> None:
        self._by_surname.setdefault(_surname(run[-1].text), (_fold(run[0].text) if len(run) > 1 else "", name))

    def recall(self, run: Sequence[Token]) -> Name | None:
        "Who a later mention is: the surname alone, or with the same first name."
        first, name = self._by_surname.get(_surname(run[-1].text), ("", None))
        if name is not None and len(run) > 1 and first and _fold(run[0].text) != first:
            return None  # "George Papandreou" after "Andreas Papandreou": another person
        return name


def _name_runs(sent: Span, found: Terms, kind: Kind | None) -> list[list[Token]]:
    """Runs of capitalised proper nouns the tables name as one `kind` (a person), or with
    `kind` None that no table names: 'Andreas Papandreou', 'Yeutter'."""
    runs: list[list[Token]] = []
    run: list[Token] = []
    for token in (*sent, None):
        term = found.get(token.i) if token is not None else None
        fits = term is None if kind is None else isinstance(term, Name) and term.kind is kind
        if token is not None and token.pos_ == "PROPN" and token.text[:1].isupper() and fits:
            if run and kind is not None and found.get(run[-1].i) != term:
                runs.append(run)
                run = []
            run.append(token)
            continue
        if run:
            runs.append(run)
        run = []
    return runs
