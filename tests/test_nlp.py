"""The shared spaCy pipeline, and entities left for later: the same as the full pipeline's."""

from __future__ import annotations

from detente.coding.nlp import entities_later, entities_pending, settle_entities, with_entities
from detente.coding.resources import Resources

SENTENCES = [
    "On Wednesday, Beijing hosted the eighth military staff dialogue with NATO.",
    "Russian forces shelled Kharkiv on Monday, Ukrainian officials said.",
    "The talks in Geneva ended without a deal, the United Nations said on 3 March 2024.",
]


def entities(doc) -> list[tuple[str, str, int, int]]:
    return [(e.text, e.label_, e.start, e.end) for e in doc.ents] + [(t.text, t.ent_type_, t.i, 0) for t in doc]


def test_entities_read_later_are_those_of_the_full_pipeline() -> None:
    nlp = Resources.shared().nlp
    full = [entities(doc) for doc in nlp.pipe(SENTENCES)]
    later = [entities_later(doc, nlp.get_pipe("ner")) for doc in nlp.pipe(SENTENCES, disable=["ner"])]
    assert all(entities_pending(doc) and not doc.ents for doc in later)
    assert entities(with_entities(later[0])) == full[0]  # recognised when first read
    assert not entities_pending(later[0])
    settle_entities(later)  # the rest in one batch; the first is not recognised again
    assert [entities(doc) for doc in later] == full
    assert not any(entities_pending(doc) for doc in later)


def test_a_document_parsed_whole_needs_nothing_later() -> None:
    doc = Resources.shared().nlp(SENTENCES[0])
    assert not entities_pending(doc) and with_entities(doc) is doc and doc.ents
