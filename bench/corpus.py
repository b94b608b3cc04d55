"""A generator of varied news-like articles for benchmarks, written for detente; and real
articles from JSON lines as a folder of text files, one per article.

Articles mix sentences that hold events (actors, event verbs, dates, places) with the filler
that makes up most of real news, so the pre-filter and the parser see a realistic load. The
generator is seeded: the same arguments give the same corpus.

    python bench/corpus.py --from-jsonl ../shared/eval/realnews-dev/*.jsonl --out DIR
    python bench/throughput.py --corpus DIR

writes each JSON line's `text` as DIR/<id>.txt, its `published` date as the ` date YYYY-MM-DD`
prefix detente reads from text files.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from datetime import date, timedelta
from pathlib import Path

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


# Filler is put together from parts, so that words and sentences vary as in real news (a
# handful of repeated sentences would flatter every cache on the way).
OPENERS = [
    "Markets", "Analysts", "Local newspapers", "Residents", "Economists", "Farmers", "Shares of energy companies",
    "The weather service", "Officials at the port", "A spokesperson", "Critics", "Supporters of the plan",
    "Commuters", "The central bank", "Hospital staff", "Teachers' unions", "Investors", "Tourism operators",
    "Researchers at the university", "Shop owners", "The ministry's figures", "Several witnesses",
]  # fmt: skip
MIDDLES = [
    "were little changed", "said the move was largely symbolic", "devoted several pages to the story",
    "described long queues at fuel stations", "rose sharply after the announcement", "declined to comment",
    "forecast heavy rain", "argued the policy had done little", "expected the talks to continue",
    "reported a fall in exports", "warned of higher prices", "called the figures disappointing",
    "pointed to a shortage of skilled workers", "noted a rise in applications", "waited for inflation data",
    "were not independently verified", "questioned the timing of the decision", "welcomed the new rules",
]  # fmt: skip
ENDINGS = [
    "", "in early trading", "for the coming days", "across the region", "in the months ahead",
    "according to people familiar with the plans", "on the ground", "for the second year running",
    "despite the holiday", "in the capital's northern districts", "after a slow start to the year",
    "as costs kept climbing", "in a statement on its website", "before the end of the quarter",
]  # fmt: skip
NUMBERS = [
    "Unemployment stood at {n} percent.", "About {n},000 people attended.", "The index closed {n} points higher.",
    "Prices have risen {n} percent since January.", "The project is expected to cost ${n} million.",
    "Turnout was {n} percent, officials said.", "The company employs about {n},000 workers.",
]  # fmt: skip


def filler(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return rng.choice(NUMBERS).format(n=rng.randint(2, 99))
    return " ".join(f"{rng.choice(OPENERS)} {rng.choice(MIDDLES)} {rng.choice(ENDINGS)}".split()) + "."


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
                sentences.append(rng.choice(FILLER) if rng.random() < 0.2 else filler(rng))
        paragraphs.append(" ".join(sentences))
        if rng.random() < 0.2:
            paragraphs.append("Advertisement")
    return f" date {published.isoformat()} " + "\n\n".join(paragraphs)


def corpus(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    return [article(rng, start + timedelta(days=rng.randint(0, 365))) + f"\n\n(ref {i})" for i in range(n)]


def split_jsonl(paths: list[Path], folder: Path) -> int:
    "Write every record of these JSON-lines files as a text file in `folder`; how many were written."
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if not line.strip():
                continue
            record = json.loads(line)
            name = re.sub(r"[^\w.-]+", "_", str(record.get("id") or f"{path.stem}-{n}"))
            prefix = f" date {record['published']} " if record.get("published") else ""
            (folder / f"{name}.txt").write_text(prefix + record["text"], encoding="utf-8")
            written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--from-jsonl", type=Path, nargs="+", required=True, help="JSON-lines files of articles")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write one text file per article in")
    args = parser.parse_args()
    print(f"{split_jsonl(args.from_jsonl, args.out)} articles → {args.out}")


if __name__ == "__main__":
    main()
