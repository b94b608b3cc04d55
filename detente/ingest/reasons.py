"""How a `Reject` says what is wrong, in one line: sizes against the limit, JSON types by name,
quoted values cut short, and an OS error by its reason ("permission denied")."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["too_big", "json_type", "quote", "one_line", "os_reason"]


def too_big(size: int | None, limit: int, what: str) -> str:
    limit_mb = f"{limit / 1_000_000:g}"
    if size is None:
        return f"{what} is larger than the {limit_mb} MB limit for one article"
    return f"{what} is {size / 1_000_000:.1f} MB, larger than the {limit_mb} MB limit for one article"


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def quote(value: str, limit: int = 40) -> str:
    value = one_line(value)
    return json.dumps(value if len(value) <= limit else value[:limit] + "…", ensure_ascii=False)


def one_line(text: str) -> str:
    return " ".join(text.split())


def os_reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower() if error.strerror[1:].islower() else error.strerror
    return one_line(str(error)) or type(error).__name__
