"""The register of surface strings: one string read in the actor tables may name one actor only.

A meaning is a small tuple naming the actor: ("country", "CHN"), ("metonym", "RUS", "GOV",
"Kremlin"), ("organization", code, name), ("armed group", code, name), ("person", name),
("agent", sector), ("nonactor",). A string that already names another meaning is refused with
an error naming both places.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import DataTableError
from .actor_entries import is_case_sensitive

__all__ = ["Surfaces"]


@dataclass
class _Seen:
    "Where a surface string was defined, and the actor it names."

    text: str
    meaning: tuple[str, ...]
    path: str
    line: int


class Surfaces:
    "Every surface string seen so far, with where it was defined and what it names."

    def __init__(self) -> None:
        self._definitions: dict[str, list[_Seen]] = {}  # lower-cased text -> definitions

    def claim(self, text: str, meaning: tuple[str, ...], path: str, line: int) -> None:
        """Record that `text` names `meaning`; refuse it if it already names something else.

        Two strings collide when they are the same, or when either matches in any case and
        they are equal ignoring case ("pentagon" would also match "Pentagon").
        """
        case_sensitive = is_case_sensitive(text)
        definitions = self._definitions.setdefault(text.lower(), [])
        for seen in definitions:
            if seen.meaning == meaning:
                continue
            if seen.text == text or not case_sensitive or not is_case_sensitive(seen.text):
                raise DataTableError(
                    path,
                    line,
                    f"{text!r} already names {_describe(seen.meaning)} "
                    f"({seen.path}:{seen.line}); one string cannot name two actors: "
                    "remove one or make it longer",
                )
        definitions.append(_Seen(text, meaning, path, line))


def _describe(meaning: tuple[str, ...]) -> str:
    kind, *rest = meaning
    if kind == "country":
        return f"country {rest[0]}"
    if kind == "metonym":
        country, sector, name = rest
        return f"{name} ({country}{' ' + sector if sector else ''})"
    if kind == "organization":
        return f"organisation {rest[1]} ({rest[0]})"
    if kind == "armed group":
        return f"armed group {rest[1]} ({rest[0]})"
    if kind == "person":
        return f"person {rest[0]}"
    if kind == "agent":
        return f"the agent sector {rest[0]}"
    return "a nonactor phrase"
