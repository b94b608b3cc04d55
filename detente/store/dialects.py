"""The two databases a Store can write to, and what differs between them.

    connect("detente.duckdb")                          DuckDB: an embedded file, made when missing
    connect("postgresql://user:pw@host:5432/dbname")   PostgreSQL, through psycopg 3 (also postgres://)

The Store's SQL is written once, with `?` placeholders, in the SQL both databases read (`IN
(SELECT unnest(?::VARCHAR[]))`, `array_agg`, `starts_with`, `ON CONFLICT`). A dialect holds
what does differ: connecting, the placeholder, the column types (PostgreSQL has no DOUBLE and
no unsigned 64-bit integer: a MinHash signature, UBIGINT[] in DuckDB, is NUMERIC(20)[] there,
exact), the fastest bulk insert each has (DuckDB: one list parameter per column, unnested;
PostgreSQL: COPY), transactions, and how the database is named in messages (a URL's password
masked).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import duckdb

from ..errors import StoreError

__all__ = ["Database", "DuckDB", "PostgreSQL", "connect", "is_url", "masked", "one_line"]

URL_SCHEMES = ("postgresql://", "postgres://")
CONNECT_TIMEOUT = 10  # seconds: an unreachable server is an error, not a hang
LOCK_WAIT = 60  # seconds to wait for another process to let go of a DuckDB file


def is_url(target: str | Path) -> bool:
    "Whether `target` names a PostgreSQL server rather than a DuckDB file."
    return isinstance(target, str) and target.startswith(URL_SCHEMES)


def masked(url: str) -> str:
    "The URL with its password, if any, replaced by ***: safe to print."
    try:
        parts = urlsplit(url)
    except ValueError:  # malformed ("[::1" unclosed): mask what looks like user:password@
        return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)
    users, at, host = parts.netloc.rpartition("@")
    if at and ":" in users:
        parts = parts._replace(netloc=f"{users.split(':', 1)[0]}:***@{host}")
    query = re.sub(r"(?i)(^|&)(password=)[^&]*", r"\1\2***", parts.query)
    return urlunsplit(parts._replace(query=query))


def one_line(exc: BaseException) -> str:
    "An exception's message on one line (libpq's span several)."
    return " ".join(str(exc).split())


class Database:
    "A connection and its dialect. `execute` takes `?` placeholders on both databases."

    name: str  # the file, or the URL with its password masked
    con: Any  # the driver's connection (duckdb or psycopg)
    errors: tuple[type[Exception], ...]  # what the driver raises
    indexes: tuple[str, ...] = ()  # created with the tables

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        "Run one statement; the result has fetchone() and fetchall()."
        raise NotImplementedError

    def column_type(self, kind: str) -> str:
        "The type of a column the Store declares (in DuckDB's words) in this database."
        return kind

    def declared_type(self, kind: str) -> str:
        "The type to create a column with (column_type, with a collation where one matters)."
        return self.column_type(kind)

    def unnest(self, kind: str) -> str:
        """SQL that turns one list parameter (a column of values) into rows of `kind`. (A list of
        lists is DuckDB's alone: PostgreSQL's unnest would flatten it, so its insert is a COPY.)"""
        return f"unnest(?::{self.column_type(kind)}[])"

    def insert(self, table: str, columns: Sequence[str], kinds: Sequence[str], rows: Sequence[tuple[Any, ...]],
               conflict: str = "") -> None:  # fmt: skip
        """Rows into `table` in one statement, whatever their number: each column bound as one
        list and unnested back into rows (several times faster than multi-row VALUES)."""
        select = ", ".join(self.unnest(kind) for kind in kinds)
        params = [list(column) for column in zip(*rows)]
        self.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select} {conflict}", params)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        raise NotImplementedError
        yield

    def release(self) -> None:
        "Let other processes at the database until the next statement (a server shares it anyway)."

    def release_if_asked(self) -> None:
        "As `release`, if another process is waiting for the database."

    def lock_writers(self) -> None:
        "Inside a transaction: hold other writers off until it ends (one writer links incidents at a time)."

    def close(self) -> None:
        self.con.close()


class DuckDB(Database):
    """An embedded DuckDB file. DuckDB lets one process write a file and no other process even
    read it meanwhile, so processes hand it over: one that finds the file locked asks for it (it
    touches `FILE.wanted`) and waits, up to `LOCK_WAIT` seconds; the holder lets go at its next
    pause — a writer before coding its next batch (`release_if_asked`), the API after every
    request (`release`) — and the next statement opens the file again. A run nobody asks of
    never closes its file (closing writes out the indexes: its cost grows with the database)."""

    errors = (duckdb.Error,)

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.name = str(path)
        self.read_only = read_only
        # an in-memory database lives in its connection: never let go of it
        self.in_memory = self.name in ("", ":memory:") or self.name.startswith(":memory:")
        self._con: duckdb.DuckDBPyConnection | None = None
        self._opened_ns = 0
        self._in_transaction = False
        self._open()

    @property
    def con(self) -> duckdb.DuckDBPyConnection:  # type: ignore[override]
        return self._con if self._con is not None else self._open()

    def _open(self) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + LOCK_WAIT
        pause = 0.01
        while True:
            try:
                self._opened_ns = time.time_ns()
                self._con = duckdb.connect(self.name, read_only=self.read_only)
                return self._con
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                    raise StoreError(f"{self.name}: cannot open the database: {one_line(exc)}") from exc
            except duckdb.Error as exc:
                raise StoreError(f"{self.name}: cannot open the database: {one_line(exc)}") from exc
            self._ask()  # another process holds it: it lets go at its next pause
            time.sleep(pause)
            pause = min(pause * 2, 0.2)

    def _ask(self) -> None:
        try:
            Path(self.name + ".wanted").touch()
        except OSError:
            pass  # a folder we cannot write: the holder lets go when it ends

    def _asked(self) -> bool:
        "Whether another process asked for the file since this one opened it."
        try:
            return os.stat(self.name + ".wanted").st_mtime_ns >= self._opened_ns
        except OSError:
            return False

    def release(self) -> None:
        if self._con is not None and not self._in_transaction and not self.in_memory:
            self._con.close()
            self._con = None

    def release_if_asked(self) -> None:
        if self._con is not None and self._asked():
            self.release()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.con.execute(sql, params)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        con = self.con
        con.execute("BEGIN TRANSACTION")
        self._in_transaction = True
        try:
            yield
        except BaseException:
            try:
                con.execute("ROLLBACK")
            except duckdb.Error:
                pass  # a failed COMMIT has already ended the transaction: the first error is the one to tell
            raise
        finally:
            self._in_transaction = False
        con.execute("COMMIT")

    def close(self) -> None:
        self._in_transaction = False
        self.release()


class PostgreSQL(Database):
    # PostgreSQL's names for DuckDB's types. NUMERIC(20) holds every unsigned 64-bit value exactly
    # (a MinHash signature). Text columns compare and sort bytewise, as DuckDB's do, whatever the
    # database's locale: the same ORDER BY gives the same rows on both.
    TYPES = {"DOUBLE": "DOUBLE PRECISION", "UBIGINT[]": "NUMERIC(20)[]"}
    # DuckDB's joins need no index; PostgreSQL runs a correlated subquery (an incident's reports)
    # once per row, so it gets the index that makes that a lookup
    indexes = ("CREATE INDEX IF NOT EXISTS incident_events_incident ON incident_events (incident_id)",)

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        import psycopg
        from psycopg.conninfo import conninfo_to_dict
        from psycopg.types.string import TextLoader

        self.name = masked(url)
        self.errors = (psycopg.Error,)
        try:
            self._secret = unquote(urlsplit(url).password or "")
        except ValueError as exc:
            raise StoreError(f"{self.name}: not a PostgreSQL URL: {exc}") from None
        try:
            options = conninfo_to_dict(url)
            options.setdefault("connect_timeout", CONNECT_TIMEOUT)
            self.con = psycopg.connect(**options, autocommit=True)  # transactions are explicit, as in DuckDB
        except psycopg.Error as exc:
            raise StoreError(f"{self.name}: cannot connect to PostgreSQL: {self._clean(exc)}") from exc
        # JSON columns read back as the text stored, as DuckDB gives them (not parsed)
        self.con.adapters.register_loader("json", TextLoader)
        if read_only:
            self.con.execute("SET default_transaction_read_only = on")

    def _clean(self, exc: BaseException) -> str:
        message = one_line(exc)
        return message.replace(self._secret, "***") if self._secret else message

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        if not params:
            return self.con.execute(sql)  # no parameters: psycopg reads no placeholders either
        return self.con.execute(sql.replace("%", "%%").replace("?", "%s"), params)

    def column_type(self, kind: str) -> str:
        return self.TYPES.get(kind, kind)

    def declared_type(self, kind: str) -> str:
        return 'VARCHAR COLLATE "C"' if kind == "VARCHAR" else self.column_type(kind)

    def insert(self, table: str, columns: Sequence[str], kinds: Sequence[str], rows: Sequence[tuple[Any, ...]],
               conflict: str = "") -> None:  # fmt: skip
        """COPY is PostgreSQL's fast way in (faster than unnesting 36 array parameters when it was
        measured), but it resolves no conflict: the rows go through a temporary table."""
        names = ", ".join(columns)
        staging = f"detente_in_{table}"
        with self.con.transaction():  # a savepoint inside a batch's transaction
            self.con.execute(f"CREATE TEMP TABLE {staging} (LIKE {table})")
            with self.con.cursor().copy(f"COPY {staging} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            self.con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {staging} {conflict}")
            self.con.execute(f"DROP TABLE {staging}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.con.transaction():
            yield

    def lock_writers(self) -> None:
        # two writers' incident linking must not interleave: each would miss the other's new incidents
        self.con.execute("SELECT pg_advisory_xact_lock(hashtext('detente: Store.add'))")


def connect(target: str | Path, *, read_only: bool = False) -> Database:
    "The database `target` names: a postgresql:// URL, else a DuckDB file."
    if is_url(target):
        return PostgreSQL(str(target), read_only=read_only)
    return DuckDB(target, read_only=read_only)
