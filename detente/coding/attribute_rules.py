"""The model's attribute ruler, with its one-word rules answered from a cache.

The English pipeline's `attribute_ruler` maps tags to parts of speech and fixes a few words
("n't" is PART, "is" is AUX) with 179 Matcher rules. Run as spaCy runs it, every rule is tried
on every word of every sentence: it cost as much as the parser. Almost all of its rules look at
one word only, and what they do to a word depends on nothing but that word's lower-cased text,
tag and dependency label; so the rules' effect on each such triple is worked out once, by the
model's own Matcher on a document of unseen triples, and remembered. The few rules that span two
words ("gon na", "there is") still run through a Matcher of their own on each document.

`CachedAttributeRuler` gives the same annotations as the model's ruler (tests/test_attribute_rules.py
compares them on real text and on generated word sequences); `use_cached_rules(nlp)` swaps it in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs
from spacy.vocab import Vocab

__all__ = ["CachedAttributeRuler", "use_cached_rules"]

# What a one-word rule may look at; the cache key is exactly this.
WORD_ATTRS = {"LOWER", "TAG", "DEP", "IS_SPACE"}
Key = tuple[int, int, int]  # (lower-cased text, tag, dependency label) as string-store ids
CACHE_LIMIT = 200_000  # entries (a few tens of MB); past it the cache starts again


class CachedAttributeRuler:
    "The attribute ruler's rules (spaCy's pattern format, in its order), applied with a cache."

    def __init__(self, vocab: Vocab, patterns: Iterable[dict[str, Any]], name: str = "attribute_ruler") -> None:
        self.vocab = vocab
        self.name = name
        self.attrs: list[dict[int, Any]] = []  # per rule, in order: later rules win, as in spaCy
        self.indices: list[int] = []
        self.word_rules = Matcher(vocab, validate=True)
        self.span_rules = Matcher(vocab, validate=True)
        # the first words of the longer rules, as one-word rules: a document none of whose words
        # could start one skips the span Matcher (most sentences)
        self.span_starts = Matcher(vocab, validate=True)
        self.span_starts_open = False  # a longer rule starts with a word the cache cannot judge
        for rule, pattern in enumerate(patterns):
            self.attrs.append(normalize_token_attrs(vocab, pattern["attrs"]))
            self.indices.append(pattern.get("index", 0))
            for alternative in pattern["patterns"]:
                if len(alternative) == 1 and set(alternative[0]) <= WORD_ATTRS:
                    self.word_rules.add(str(rule), [alternative])
                    continue
                self.span_rules.add(str(rule), [alternative])
                if set(alternative[0]) <= WORD_ATTRS:  # (an optional first word, "OP", is not one)
                    self.span_starts.add("start", [alternative[:1]])
                else:
                    self.span_starts_open = True
        self.cache: dict[Key, tuple[tuple[int, ...], bool]] = {}  # a word's one-word rules in order; can it start a longer one

    def __call__(self, doc: Doc) -> Doc:
        keys = [(token.lower, token.tag, token.dep) for token in doc]
        unseen = {key for key in keys if key not in self.cache}
        if unseen and len(self.cache) + len(unseen) > CACHE_LIMIT:
            self.cache.clear()  # bounded memory over a long run: unusual words pile up
            unseen = set(keys)
        self._learn(unseen)
        spans: dict[int, list[int]] = {}  # word → rules over several words that set it
        if self.span_starts_open or any(self.cache[key][1] for key in keys):
            for match_id, start, end in self.span_rules(doc, allow_missing=True, as_spans=False):
                rule = int(self.vocab.strings[match_id])
                spans.setdefault(doc[start:end][self.indices[rule]].i, []).append(rule)
        for token, key in zip(doc, keys):
            rules = self.cache[key][0]
            if token.i in spans:
                rules = tuple(sorted(rules + tuple(spans[token.i])))
            for rule in rules:
                set_token_attrs(token, self.attrs[rule])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def _learn(self, keys: set[Key]) -> None:
        "Run the one-word rules once on a document of the unseen words, each its own root."
        if not keys:
            return
        unseen = sorted(keys)
        strings = self.vocab.strings
        words, tags, deps = ([strings[value] for value in column] for column in zip(*unseen))
        probe = Doc(self.vocab, words=words, spaces=[True] * len(words), tags=tags, deps=deps, heads=list(range(len(words))))
        found: dict[int, list[int]] = {}
        for match_id, start, _end in self.word_rules(probe, allow_missing=True, as_spans=False):
            found.setdefault(start, []).append(int(self.vocab.strings[match_id]))
        starts = {start for _, start, _end in self.span_starts(probe, allow_missing=True, as_spans=False)}
        for i, key in enumerate(unseen):
            self.cache[key] = (tuple(sorted(found.get(i, ()))), i in starts)


@Language.factory("detente_attribute_ruler", default_config={"patterns": []})
def _make_ruler(nlp: Language, name: str, patterns: list[dict[str, Any]]) -> CachedAttributeRuler:
    return CachedAttributeRuler(nlp.vocab, patterns, name=name)


def use_cached_rules(nlp: Language) -> Language:
    "Swap the pipeline's attribute ruler for the cached one with the same rules (in place)."
    if "attribute_ruler" in nlp.pipe_names and nlp.get_pipe_meta("attribute_ruler").factory == "attribute_ruler":
        patterns = nlp.get_pipe("attribute_ruler").patterns
        nlp.replace_pipe("attribute_ruler", "detente_attribute_ruler", config={"patterns": patterns})
    return nlp
