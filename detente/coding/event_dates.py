"""When an event happened: a date stated in its clause, else the publication day.

    "On Wednesday, Beijing hosted the dialogue" (published Friday 2024-03-15)  → 2024-03-13, stated
    "On Monday, China said it had accused NATO…"   the reporting clause's date  → Monday, stated
    "China accused NATO of distorting its position"  no date said               → 2024-03-15, publication
    "amid Russia's invasion of Ukraine"               background                 → no date

The date mentions of a sentence come from dates.py; this module decides which one is the event's.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Span, Token

from .candidates import Candidate
from .dates import DateMention

__all__ = ["event_date", "governor"]


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
    if candidate.background:
        return None, None, None
    if reporting is not None:
        return reporting.date, reporting.precision, "stated"
    if published is None:
        return None, None, None
    return published, "day", "publication"
