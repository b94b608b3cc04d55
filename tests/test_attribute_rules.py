"""The cached attribute ruler annotates exactly as the model's own ruler does."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from detente.coding.attribute_rules import CachedAttributeRuler, use_cached_rules
from detente.coding.nlp import MODEL
from detente.coding.resources import Resources

# Words the rules single out, the two-word rules' words among them, and ordinary news words.
WORDS = [
    "is", "'s", "are", "'re", "am", "'m", "have", "'ve", "has", "had", "do", "does", "did", "'d", "be",
    "not", "n't", "nt", "ai", "gon", "na", "got", "gets", "ta", "let", "c'm", "on", "y'", "y", "all",
    "there", "that", "which", "this", "those", "if", "because", "while", "I", "you", "it", "me", "his",
    "her", "their", "will", "would", "to", "nothin'", "China", "NATO", "accused", "met", "talks",
    "Beijing", "the", "of", "in", "said", "sanctions", "troops", "fired", "on", "Monday", ",", ".", "?",
    "\n", "  ",
]  # fmt: skip
SENTENCES = [
    "Y'all gon na see it, ai n't it? There is a cat in the house.",
    "Let's go. C'm on, nothin' got ta give. I saw you and it. It is here.",
    "That is what he did: he had them do it, and which of those was it?",
    "Iran's foreign minister has condemned the decision, which he said was not lawful.",
]


def annotations(doc: Doc) -> list[tuple[str, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, str(t.head.i)) for t in doc]


@pytest.fixture(scope="module")
def stock() -> Language:
    return spacy.load(MODEL, exclude=["ner"])


@pytest.fixture(scope="module")
def cached() -> Language:
    return use_cached_rules(spacy.load(MODEL, exclude=["ner"]))


def test_the_detente_pipeline_uses_the_cached_ruler() -> None:
    assert isinstance(Resources.shared().nlp.get_pipe("attribute_ruler"), CachedAttributeRuler)
    assert Resources.shared().nlp.pipe_names == ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]


def test_real_news_is_annotated_the_same(stock: Language, cached: Language, example_article: Path, shared: Path) -> None:
    with open(shared / "eval" / "dev" / "PLV_train.tsv", encoding="utf-8") as handle:
        plv = [row["sentence"] for row, _ in zip(csv.DictReader(handle, delimiter="\t"), range(300))]
    texts = [example_article.read_text(encoding="utf-8"), *SENTENCES, *plv]
    expected = [annotations(doc) for doc in stock.pipe(texts)]
    assert [annotations(doc) for doc in cached.pipe(texts)] == expected
    # and again, now that every word is in the cache
    assert [annotations(doc) for doc in cached.pipe(texts)] == expected


@settings(max_examples=60)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40))
def test_any_sequence_of_the_rules_words_is_annotated_the_same(stock: Language, cached: Language, words: list[str]) -> None:
    text = " ".join(words)
    assert annotations(cached(text)) == annotations(stock(text))


def test_a_full_cache_starts_again_and_annotates_the_same(
    stock: Language, monkeypatch: pytest.MonkeyPatch, example_article: Path
) -> None:
    import detente.coding.attribute_rules as rules

    monkeypatch.setattr(rules, "CACHE_LIMIT", 50)
    small = use_cached_rules(spacy.load(MODEL, exclude=["ner"]))
    texts = [*SENTENCES, example_article.read_text(encoding="utf-8")]
    assert [annotations(doc) for doc in small.pipe(texts)] == [annotations(doc) for doc in stock.pipe(texts)]
    assert len(small.get_pipe("attribute_ruler").cache) <= max(50, max(len(doc) for doc in stock.pipe(texts)))
