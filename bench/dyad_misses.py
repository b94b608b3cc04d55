"""Why gold pairs are not coded: the dev gold's source–target pairs that no event joins, by kind.

    python bench/dyad_misses.py ../shared/eval/dev/PLV_train.tsv --format plv-tsv [--show KIND] [--n 25]

Codes the gold's sentences, and for every gold event with a source and a target (or a reciprocal
GSR event) that no stated event joins (`evaluation.scoring.joins_dyad`, as `spans.dyad_recall`),
says what the sentence's events got instead, by word overlap with the gold spans:

    source, no target      an event has the gold source and no target
    source, other target   an event has the gold source, and a target that is not the gold's
    other source           an event has the gold target, with another source
    swapped                the gold target is an event's source
    one side only          events with no source, none of the above
    no event               the sentence has no stated event

It also prints the share of gold pairs whose two spans both hold a word the actor tables know (a
name or a sector word): the pairs a coder that codes only the tables' actors can join at best.
`--show KIND` prints the sentences of one kind, with the gold and the coded events.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter

from detente.coding.pipeline import Pipeline
from detente.coding.resources import Resources
from detente.evaluation.readers import read_plover_gsr, read_plv_tsv
from detente.evaluation.runner import code_gold
from detente.evaluation.scoring import joins_dyad
from detente.models import Event

READERS = {"plv-tsv": read_plv_tsv, "plover-gsr": read_plover_gsr}


def _words(text: str | None) -> set[str]:
    return set((text or "").lower().split())


def kind(gold_source: list[str], gold_target: list[str], events: list[Event]) -> str:
    "What the sentence's events got instead of the gold pair."
    if not events:
        return "no event"

    def touches(actors, spans) -> bool:  # type: ignore[no-untyped-def]
        return any(_words(a.text) & _words(s) for a in actors for s in spans)

    with_source = [e for e in events if touches(e.source, gold_source)]
    if any(not e.target for e in with_source):
        return "source, no target"
    if with_source:
        return "source, other target"
    if any(touches(e.source, gold_target) for e in events):
        return "swapped"
    if any(touches(e.target, gold_target) for e in events):
        return "other source"
    return "one side only" if any(not e.source for e in events) else "both other"


def known_span(resources: Resources, sentence: str, span: str | None) -> bool:
    "Whether a gold span holds a word the actor tables know (a name or a sector word)."
    doc = resources.nlp(sentence)
    terms = resources.actors.annotate(doc[:], None)
    start = sentence.lower().find((span or "").lower())
    if not span or start < 0:
        return False
    return any(t.i in terms for t in doc if start <= t.idx < start + len(span))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold")
    parser.add_argument("--format", choices=sorted(READERS), required=True)
    parser.add_argument("--show", help="print the sentences of this kind")
    parser.add_argument("--n", type=int, default=25)
    args = parser.parse_args()
    gold = READERS[args.format](args.gold)
    pipeline = Pipeline()
    coded = code_gold(gold, pipeline)
    resources = Resources.load()
    kinds: Counter[str] = Counter()
    shown: list[str] = []
    pairs = joined = known = 0
    for sentence, events in zip(gold.sentences, coded):
        stated = [e for e in events if not e.negated]
        for g in sentence.events:
            if not (g.source and g.target) and not g.reciprocal:
                continue
            pairs += 1
            sources = [a.text or "" for a in g.source]
            targets = [a.text or "" for a in (g.target or g.source[1:])]
            known += known_span(resources, sentence.text, sources[0]) and known_span(resources, sentence.text, targets[0])
            if any(joins_dyad(g, e) for e in stated):
                joined += 1
                continue
            found = kind(sources[:1] if g.reciprocal else sources, targets, stated)
            kinds[found] += 1
            if found == args.show:
                coded_events = "; ".join(
                    f"{e.cameo} {'+'.join(a.code for a in e.source) or '-'}→{'+'.join(a.code for a in e.target) or '-'} ({e.rule})"
                    for e in stated
                )
                shown.append(f"{sentence.text}\n    gold {sources} → {targets} {g.plover_type}\n    coded {coded_events}")
    print(f"{pairs} gold pairs, {joined} joined ({joined / max(1, pairs):.3f}); both spans name a known actor: "
          f"{known} ({known / max(1, pairs):.3f})")
    for name, count in kinds.most_common():
        print(f"  {name:22} {count:5} ({count / max(1, pairs - joined):.2f} of the misses)")
    for text in random.Random(1).sample(shown, min(args.n, len(shown))):
        print("---", text)


if __name__ == "__main__":
    main()
