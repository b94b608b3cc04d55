"""When an event happened: a date stated in its clause, else the publication day.

    "On Wednesday, Beijing hosted the dialogue" (published Friday 2024-03-15)  → 2024-03-13, stated
    "On Monday, China said it had accused NATO…"   the reporting clause's date  → Monday, stated
    "China accused NATO of distorting its position"  no date said               → 2024-03-15, publication
    "amid Russia's invasion of Ukraine"               background                 → no date
    "bin Laden was killed in a 2011 U.S. raid"        the year of its episode    → 2011, stated

The date mentions of a sentence come from dates.py; this module decides which one is the event's.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Span, Token

from .candidates import Candidate
from .dates import DateMention

__all__ = ["attributive_year", "event_date", "governor"]

# Prepositions that put an act inside an episode: "killed in a 2011 raid", "during the 2003 war"
# (not "after the 2014 annexation": what followed it is not of that year).
INSIDE = {"in", "during"}


def governor(token: Token, stop: Token) -> Token:
    "The nearest verb (or the trigger itself) above a token."
    node = token
    while node.i != stop.i and node.head.i != node.i and node.pos_ not in ("VERB", "AUX"):
        node = node.head
    return node


def event_date(
    candidate: Candidate, sent: Span, mentions: list[DateMention], published: date | None
) -> tuple[date | None, str | None, str | None]:
    "(date, precision, source): a date stated in the event's clause, else the publication day."
    anchors = {candidate.trigger.i}
    if candidate.trigger.pos_ != "VERB":
        anchors.add(governor(candidate.trigger.head, candidate.trigger).i)
    reporting: DateMention | None = None
    for mention in mentions:
        span = sent.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        head = governor(span.root, candidate.trigger)
        if head.i in anchors:
            return mention.date, mention.precision, "stated"
        if reporting is None and head.i in {a.i for a in candidate.trigger.ancestors}:
            reporting = mention  # "On Monday, China said it had accused NATO…"
    year = attributive_year(candidate.trigger)
    if year is not None:
        return date(year, 1, 1), "year", "stated"
    if candidate.background:
        return None, None, None
    if reporting is not None:
        return reporting.date, reporting.precision, "stated"
    if published is None:
        return None, None, None
    return published, "day", "publication"


def attributive_year(trigger: Token) -> int | None:
    """The year of the episode an act belongs to, said as a modifier of its noun: the act's own
    noun ("the 2014 annexation"), its subject ("the 2011 NATO campaign helped oust…"), what it is
    inside ("killed in a 2011 U.S. raid"), or what its relative clause describes ("the 2015
    deal, which saw the US release…"). Not a count: "2000 troops" is plural."""
    nouns = [trigger] if trigger.pos_ in ("NOUN", "PROPN") else []
    clause = trigger
    while clause.dep_ in ("xcomp", "ccomp") and clause.head.i != clause.i:
        clause = clause.head  # "the deal, which saw the US release…": the clause of "saw"
    if clause.dep_ == "relcl":
        nouns.append(clause.head)
    for child in trigger.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            nouns.append(child)
        if child.dep_ == "prep" and child.lower_ in INSIDE:
            nouns += [pobj for pobj in child.children if pobj.dep_ == "pobj"]
    for noun in nouns:
        if noun.tag_ not in ("NN", "NNP"):
            continue
        for modifier in noun.children:
            if modifier.dep_ in ("nummod", "compound", "amod") and modifier.i < noun.i and _is_year(modifier.text):
                return int(modifier.text)
    return None


def _is_year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and 1900 <= int(text) <= 2099
