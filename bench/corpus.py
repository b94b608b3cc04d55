"""A generator of varied news-like articles for benchmarks, written for detente.

Articles mix sentences that hold events (actors, event verbs, dates, places) with the filler
that makes up most of real news, so the pre-filter and the parser see a realistic load. The
generator is seeded: the same arguments give the same corpus.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

ACTORS = [
    "China", "Russia", "the United States", "Ukraine", "Iran", "Israel", "Turkey", "India",
    "Pakistan", "Japan", "South Korea", "North Korea", "Germany", "France", "Britain", "NATO",
    "the European Union", "the United Nations", "Brazil", "Egypt", "Saudi Arabia", "Qatar",
    "Beijing", "Moscow", "Washington", "the Kremlin", "the Pentagon", "Chinese troops",
    "Russian forces", "the French president", "Germany's foreign minister", "Iranian officials",
    "Syrian rebels", "Kenyan police", "the African Union", "ASEAN", "Venezuela", "Colombia",
]  # fmt: skip
PLACES = [
    "Beijing", "Geneva", "Brussels", "Doha", "Cairo", "Ankara", "New Delhi", "Tokyo", "Seoul",
    "Paris", "Berlin", "London", "Nairobi", "Bogota", "Kyiv", "Vienna", "Oslo", "Riyadh",
]  # fmt: skip
WHEN = ["on Monday", "on Tuesday", "on Wednesday", "last week", "yesterday", "on March 7", "earlier this month", ""]
EVENT_TEMPLATES = [
    "{a} accused {b} of violating the agreement {when}.",
    "{a} held talks with {b} in {place} {when}.",
    "{a} condemned {b} for the strikes {when}.",
    "{a} imposed new sanctions on {b} {when}.",
    "{a} hosted a delegation from {b} in {place} {when}.",
    "{a} pledged $200 million in aid to {b}.",
    "{a} and {b} signed a trade agreement in {place} {when}.",
    "{a} urged {b} to show restraint.",
    "{a} threatened to cut ties with {b}.",
    "{a} attacked positions held by {b} near the border {when}.",
    "{a} rejected the proposal from {b}.",
    "Officials said {a} would not meet {b} in {place}.",
    "{a} praised {b} for its role in the negotiations.",
    "{a} expelled two diplomats from {b} {when}.",
]  # fmt: skip
FILLER = [
    "Markets were little changed in early trading as investors waited for inflation data.",
    "The statement did not give further details.",
    "Analysts said the move was largely symbolic, but it could complicate the months ahead.",
    "The weather service forecast heavy rain for the coming days.",
    "Local newspapers devoted several pages to the story.",
    "It was the first such meeting in more than two years.",
    "The figures were not independently verified.",
    "A spokesperson declined to comment on the matter.",
    "Shares of several energy companies rose sharply after the announcement.",
    "The talks are expected to continue in the autumn, according to people familiar with the plans.",
    "Critics argue the policy has done little to change behaviour on the ground.",
    "Residents described long queues at fuel stations across the region.",
]  # fmt: skip


def article(rng: random.Random, published: date) -> str:
    paragraphs = []
    for _ in range(rng.randint(3, 7)):
        sentences = []
        for _ in range(rng.randint(2, 5)):
            if rng.random() < 0.35:
                a, b = rng.sample(ACTORS, 2)
                text = rng.choice(EVENT_TEMPLATES).format(a=a, b=b, place=rng.choice(PLACES), when=rng.choice(WHEN))
                text = " ".join(text.split()).replace(" .", ".")
                sentences.append(text[0].upper() + text[1:])
            else:
                sentences.append(rng.choice(FILLER))
        paragraphs.append(" ".join(sentences))
        if rng.random() < 0.2:
            paragraphs.append("Advertisement")
    return f" date {published.isoformat()} " + "\n\n".join(paragraphs)


def corpus(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    return [article(rng, start + timedelta(days=rng.randint(0, 365))) + f"\n\n(ref {i})" for i in range(n)]
