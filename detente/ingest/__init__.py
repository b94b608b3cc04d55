"""Reading input: files, folders, globs, stdin, JSONL, HTML → `RawArticle`s or one-line `Reject`s
(never an exception), and cleaning an article's text with an offset map back to what was read."""

from .clean import CleanText, clean, content_id
from .files import HTML_EXTENSIONS, JSONL_EXTENSIONS, MAX_ARTICLE_BYTES, read_inputs
from .jsonl import read_jsonl_text

__all__ = ["read_inputs", "read_jsonl_text", "MAX_ARTICLE_BYTES", "JSONL_EXTENSIONS", "HTML_EXTENSIONS", "CleanText", "clean", "content_id"]
