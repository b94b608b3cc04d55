"""Errors raised by detente.

    DetenteError                 root: catch this to handle anything detente raises
    ├── InputError               an input file or record cannot be read (names file and line)
    ├── DataTableError           a data table (actors, patterns, codebook) is invalid (file, line)
    ├── StoreError               the database cannot be opened or written
    └── EngineError              the distributed engine (Ray) is missing, unreachable, or a task failed

Every message names the thing that failed and, where there is one, the fix.
"""

from __future__ import annotations

__all__ = ["DetenteError", "InputError", "DataTableError", "StoreError", "EngineError"]


class DetenteError(Exception):
    "Root of every error detente raises on purpose."


class InputError(DetenteError):
    "An input (file, JSONL line, stdin) cannot be read as an article."

    def __init__(self, origin: str, problem: str) -> None:
        self.origin = origin
        self.problem = problem
        super().__init__(f"{origin}: {problem}")

    def __reduce__(self) -> tuple[object, ...]:  # pickled whole: it crosses to and from worker processes
        return (type(self), (self.origin, self.problem))


class DataTableError(DetenteError):
    "A data table shipped with detente or edited by a user is invalid."

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {problem}")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.path, self.line, self.problem))


class StoreError(DetenteError):
    "The event database cannot be opened, read or written."


class EngineError(DetenteError):
    "The Ray engine cannot run: Ray is not installed, the cluster cannot be reached, or a task failed."
