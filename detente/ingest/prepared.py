"""An article made ready for the coder: its text cleaned (with the offset map back to what was
read) and its id, the fingerprint that makes re-reading the same input add nothing."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import RawArticle
from .clean import CleanText, clean, content_id

__all__ = ["Prepared", "prepare"]


@dataclass(frozen=True)
class Prepared:
    "An article cleaned and identified, ready for the parser."

    raw: RawArticle
    text: CleanText
    id: str


def prepare(raw: RawArticle) -> Prepared:
    """Clean and identify an article. Its id is its content's fingerprint, and the outlet's and
    URL's when the input names them: a syndicated copy in another paper is another report (it
    joins the original's syndication group), while reading the same input twice adds nothing."""
    text = clean(raw.text)
    identity = content_id(text.text)
    if raw.source or raw.url:
        identity = content_id(f"{identity}\0{raw.source or ''}\0{raw.url or ''}")
    return Prepared(raw=raw, text=text, id=identity)
