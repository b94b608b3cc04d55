"""Read the three gold formats into one shape (`GoldSet`):

    petrarch-xml   PETRARCH-2 validation records: CAMEO code + Phoenix actor codes per event
    plover-gsr     the PLOVER gold standard (JSON): a PLOVER 0.5b1 type + ISO3 actors per record
    plv-tsv        the PLV sentences (TSV): a PLOVER root + quad class for one marked dyad

Only the gold's text is coded (never its parses or markup); markup is used for scoring only.
A file that is not what its format says raises `InputError` naming the file and line or record.
"""

from __future__ import annotations

import csv
import html
import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..tables.codebook import load_codebook, quad_class_of
from ..tables.countries import is_country
from ..tables.sectors import load_sectors
from .gold import (
    COUNTRY_ALIASES,
    GSR_SECTORS,
    INTERNATIONAL,
    PLOVER_05B1,
    PLOVER_QUAD,
    PLV_ROOTS,
    GoldActor,
    GoldEvent,
    GoldSentence,
    GoldSet,
)

__all__ = ["read_petrarch_xml", "read_plover_gsr", "read_plv_tsv", "PLV_COLUMNS"]

_XML_TOKENS = re.compile(
    r"(?P<comment><!--.*?-->)"
    r"|(?P<hash>^[ \t]*\#[^\n]*)"
    r"|(?P<text><Text>(?P<body>.*?)</Text>)"
    r"|(?P<parse><Parse>.*?</Parse>)"
    r"|(?P<sentence><Sentence\b[^>]*>)"
    r"|(?P<coding><EventCoding\b[^>]*>)",
    re.S | re.M,
)
_ATTRIBUTE = re.compile(r'([\w:.-]+)\s*=\s*"([^"]*)"')
_CAMEO = re.compile(r"\d{2,4}")


# the sector codes a gold actor's code may carry (sectors.tsv)
SECTORS = frozenset(load_sectors())


def read_petrarch_xml(path: str | Path) -> GoldSet:
    """Read PETRARCH-2 validation records.

    The file is not well-formed XML (``#`` comment blocks, self-closed ``<Sentence .../>`` tags
    followed by their children and a stray ``</Sentence>``), so it is scanned as a stream of
    tags: each ``<Sentence>`` starts a record, and the ``<EventCoding>``s and ``<Text>`` after it
    belong to it. XML comments are dropped first (one comments out the record VERB_6).
    """
    name = str(path)
    source = _read_text(path)
    records: list[dict[str, Any]] = []
    for match in _XML_TOKENS.finditer(source):
        kind = match.lastgroup
        line = source.count("\n", 0, match.start()) + 1
        if kind == "sentence":
            attrs = dict(_ATTRIBUTE.findall(match.group()))
            if not attrs.get("id"):
                raise InputError(f"{name}:{line}", "<Sentence> without an id attribute")
            records.append({"attrs": attrs, "line": line, "codings": [], "text": None})
        elif kind in ("coding", "text"):
            tag = "<EventCoding>" if kind == "coding" else "<Text>"
            if not records:
                raise InputError(f"{name}:{line}", f"{tag} before any <Sentence>: is this a PETRARCH validation file?")
            record = records[-1]
            if kind == "text":
                if record["text"] is not None:
                    raise InputError(f"{name}:{line}", f"sentence {record['attrs']['id']} has a second <Text>")
                record["text"] = " ".join(html.unescape(match.group("body")).split())
            else:
                record["codings"].append((line, dict(_ATTRIBUTE.findall(match.group()))))
    if not records:
        raise InputError(name, "no <Sentence> records: is this a PETRARCH validation file?")
    codebook = load_codebook()
    sentences: list[GoldSentence] = []
    skipped: list[tuple[str, str]] = []
    ids: Counter[str] = Counter()
    for record in records:
        attrs, line = record["attrs"], record["line"]
        sid = _unique(attrs["id"], ids)
        where = f"{name}:{line} (sentence {attrs['id']})"
        if record["text"] is None:
            raise InputError(where, "no <Text>: every <Sentence> needs one")
        events: list[GoldEvent] = []
        for coding_line, coding in record["codings"]:
            if coding.get("noevents", "").lower() == "true":
                continue
            here = f"{name}:{coding_line} (sentence {attrs['id']})"
            missing = [a for a in ("eventcode", "sourcecode", "targetcode") if not coding.get(a)]
            if missing:
                raise InputError(here, f"<EventCoding> lacks {', '.join(missing)}")
            cameo = coding["eventcode"]
            if not _CAMEO.fullmatch(cameo) or not "01" <= cameo[:2] <= "20":
                raise InputError(here, f"eventcode {cameo!r} is not a CAMEO code (2-4 digits, root 01-20)")
            code = codebook.get(cameo) or codebook.get(cameo[:2])
            events.append(
                GoldEvent(
                    source=(_phoenix_actor(coding["sourcecode"]),),
                    target=(_phoenix_actor(coding["targetcode"]),),
                    cameo=cameo,
                    plover_type=code.plover_type if code else None,
                    quad_class=quad_class_of(cameo[:2]),
                )
            )
        meta = {"line": line, "category": attrs.get("category", "")}
        published = _yyyymmdd(attrs.get("date", ""))
        if attrs.get("date") and published is None:
            meta["date_unreadable"] = attrs["date"]
        if not record["text"]:
            skipped.append((sid, "empty <Text>"))
            continue
        sentences.append(GoldSentence(sid, record["text"], published, tuple(events), meta))
    return GoldSet(name, "petrarch-xml", tuple(sentences), tuple(skipped))


def read_plover_gsr(path: str | Path) -> GoldSet:
    """Read the PLOVER gold standard: a JSON array, the first record documentation.

    Event types are PLOVER 0.5b1 and are mapped to current PLOVER (`PLOVER_05B1`); the original
    is kept in `meta["plover_0.5b1"]`. A record whose markup marks its actors SRC/TAR and which has
    no target is reciprocal: each of its actors acts on the others.
    """
    name = str(path)
    try:
        records = json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}:{exc.lineno}", f"not JSON: {exc.msg}") from None
    if not isinstance(records, list):
        raise InputError(name, "expected a JSON array of PLOVER records")
    sentences: list[GoldSentence] = []
    ids: Counter[str] = Counter()
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            raise InputError(f"{name} record {index}", f"expected a JSON object, found {type(record).__name__}")
        rid = str(record.get("id") or f"record-{index}")
        where = f"{name} record {index} ({rid})"
        event = record.get("event")
        if event == "DOCUMENT":
            continue
        if event not in PLOVER_05B1:
            raise InputError(where, f"unknown event type {event!r}: PLOVER 0.5b1 types are {', '.join(PLOVER_05B1)}")
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            raise InputError(where, "no text")
        meta: dict[str, Any] = {"index": index, "plover_0.5b1": event}
        source = _gsr_actors(record.get("source"), where, "source", meta)
        target = _gsr_actors(record.get("target"), where, "target", meta)
        markup = record.get("textInfo")
        markup = markup.get("markup", "") if isinstance(markup, dict) else str(markup or "")
        plover = PLOVER_05B1[event]
        gold = GoldEvent(
            source=source,
            target=target,
            plover_type=plover,
            quad_class=PLOVER_QUAD[plover],
            reciprocal="(SRC/TAR:" in markup and not target and len(source) > 1,
        )
        published = _iso_date(record.get("date"))
        sentences.append(GoldSentence(_unique(rid, ids), " ".join(text.split()), published, (gold,), meta))
    if not sentences:
        raise InputError(name, "no event records: is this a PLOVER gold-standard file?")
    return GoldSet(name, "plover-gsr", tuple(sentences))


PLV_COLUMNS = ("sentence_id", "sentence", "marked_sentence", "gold_root", "gold_penta")
_SPAN = {"source": re.compile(r"<s>(.*?)</s>", re.S), "target": re.compile(r"<t>(.*?)</t>", re.S)}


def read_plv_tsv(path: str | Path) -> GoldSet:
    """Read PLV sentences: one marked dyad per row, labelled with a PLV root and a quad class.

    The unmarked `sentence` is what gets coded; the `<s>`/`<t>` spans of `marked_sentence`
    become the gold actors' text, used only to tell which coded event is the marked one.
    """
    name = str(path)
    try:
        return _plv_rows(name, csv.reader(_read_text(path).splitlines(), delimiter="\t"))
    except csv.Error as exc:
        raise InputError(name, f"not a tab-separated file: {exc}") from None


def _plv_rows(name: str, reader: Iterator[list[str]]) -> GoldSet:
    header = next(reader, None)
    if header is None:
        raise InputError(name, "empty file")
    missing = [c for c in PLV_COLUMNS if c not in header]
    if missing:
        problem = f"missing column(s) {', '.join(missing)}: a PLV file has {', '.join(PLV_COLUMNS)}"
        raise InputError(f"{name}:1", problem)
    column = {c: header.index(c) for c in PLV_COLUMNS}
    sentences: list[GoldSentence] = []
    ids: Counter[str] = Counter()
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"{name}:{line}"
        if len(row) != len(header):
            raise InputError(where, f"{len(row)} tab-separated cells, the header has {len(header)}")
        cell = {c: row[i].strip() for c, i in column.items()}
        if cell["gold_root"] not in PLV_ROOTS:
            problem = f"gold_root {cell['gold_root']!r} is not a PLV root: use one of {', '.join(PLV_ROOTS)}"
            raise InputError(where, problem)
        if cell["gold_penta"] not in ("1", "2", "3", "4"):
            raise InputError(where, f"gold_penta {cell['gold_penta']!r} is not a quad class 1-4")
        if not cell["sentence"]:
            raise InputError(where, "empty sentence")
        spans = {}
        for role, pattern in _SPAN.items():
            found = pattern.search(cell["marked_sentence"])
            spans[role] = tuple([GoldActor(text=" ".join(found.group(1).split()))] if found else [])
        gold = GoldEvent(
            spans["source"], spans["target"], plover_type=cell["gold_root"], quad_class=int(cell["gold_penta"])
        )
        sid = _unique(cell["sentence_id"] or f"row-{line}", ids)
        sentences.append(GoldSentence(sid, cell["sentence"], None, (gold,), {"line": line}))
    if not sentences:
        raise InputError(name, "no rows")
    return GoldSet(name, "plv-tsv", tuple(sentences))


def _read_text(path: str | Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except UnicodeDecodeError:
        raise InputError(str(path), "not UTF-8 text") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None


def _unique(raw: str, seen: Counter[str]) -> str:
    "Ids repeat in the gold (the GSR has two COERCE-0004s): the second becomes 'id#2'."
    seen[raw] += 1
    return raw if seen[raw] == 1 else f"{raw}#{seen[raw]}"


def _yyyymmdd(value: str) -> date | None:
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:8])) if re.fullmatch(r"\d{8}", value) else None
    except ValueError:
        return None


def _iso_date(value: object) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _primary(code: str) -> str | None:
    "The country (ISO3), or the international prefix, an actor code starts with; None if unknown."
    head = COUNTRY_ALIASES.get(code[:3], code[:3])
    if is_country(head) or head in INTERNATIONAL:
        return head
    return None


def _phoenix_actor(code: str) -> GoldActor:
    """A Phoenix code: a primary and agents. A country's sector is its first agent that is a
    sector (PSEGZACVL → CVL, not the region GZA). After IGO come a field or region and the body
    (IGOCOPITP, IGOEUREEC): an agent can only follow the body (IGOUNOMIL → MIL), else the
    organisation's sector is its prefix (IGOWSTNAT → IGO)."""
    code = code.strip().upper()
    country = _primary(code)
    segments = [code[i : i + 3] for i in range(3, len(code), 3)]
    if country in INTERNATIONAL:
        last = segments[-1] if len(segments) >= 2 else None
        sector = last if last in SECTORS else (country if country in SECTORS else None)
    else:
        sector = next((s for s in segments if s in SECTORS), None)
    return GoldActor(code=code, country=country, sector=sector)


def _gsr_actors(value: object, where: str, role: str, meta: dict[str, Any]) -> tuple[GoldActor, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        meta[f"{role}_unreadable"] = value  # one record's target is the word "diplomatic"
        return ()
    if not isinstance(value, list):
        raise InputError(where, f"{role} must be a list of actors, found {type(value).__name__}")
    actors = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("code"), str):
            raise InputError(where, f"each {role} actor needs a string 'code', found {item!r}")
        code = item["code"].strip().upper()
        sector = str(item.get("sector") or "")[:3].upper()
        sector = GSR_SECTORS.get(sector, sector)
        actors.append(
            GoldActor(
                text=" ".join(str(item.get("actorText") or "").split()) or None,
                code=code,
                country=_primary(code) if len(code) == 3 else None,
                sector=sector if sector in SECTORS else None,
            )
        )
    return tuple(actors)
