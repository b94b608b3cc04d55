"""How often an event whose sentence names two parties has both a source and a target.

    python bench/two_parties.py --db X.duckdb

For every asserted event (not negated, hypothetical, background or future) in the database, the
event's sentence is read again by detente's actor matcher. The sentence *names two parties* when
the names it holds (countries, demonyms, capitals standing for governments, organisations, armed
groups, people the tables know) belong to at least two different parties: two countries, or a
country and an organisation, or two organisations. Sector words alone ("police", "rebels") do not
count: they name a party only with a country. Prints how many asserted events there are, how many
of those have a sentence naming two parties, and the share of these with both actors coded.
"""

from __future__ import annotations

import argparse

from detente.coding.actors import Name
from detente.coding.resources import Resources
from detente.store import Store


def parties(resources: Resources, sentence: str) -> set[str]:
    "The parties a sentence names: each name's country, or the organisation's own code."
    doc = resources.nlp(sentence)
    terms = resources.actors.annotate(doc[:], None)
    return {term.country or term.code or term.name for term in terms.values() if isinstance(term, Name)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    args = parser.parse_args()
    resources = Resources.load()
    with Store(args.db, read_only=True) as store:
        events = [
            e for e in store.events() if not (e.negated or e.hypothetical or e.background or e.future)
        ]  # fmt: skip
    named: dict[str, bool] = {}
    for sentence in {e.sentence for e in events}:
        named[sentence] = len(parties(resources, sentence)) >= 2
    two = [e for e in events if named[e.sentence]]
    both = sum(1 for e in two if e.source and e.target)
    print(
        f"{len(events)} asserted events; {len(two)} in sentences naming two parties, of which "
        f"{both} ({both / max(1, len(two)):.2f}) have both actors; all asserted events with both: "
        f"{sum(1 for e in events if e.source and e.target) / max(1, len(events)):.2f}"
    )


if __name__ == "__main__":
    main()
