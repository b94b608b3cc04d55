"""Evaluation: code gold-standard texts from their raw words and score the events against the gold.

    report = evaluate("PETR2_GSR_validation.xml", "petrarch-xml")
    report.to_dict()["subsets"]["AFP"]["triples"]["f1"]

Three gold formats are read into one shape (`GoldSet` of `GoldSentence`s holding `GoldEvent`s):

    petrarch-xml   PETRARCH-2 validation records: CAMEO code + Phoenix actor codes per event
    plover-gsr     the PLOVER gold standard (JSON): a PLOVER 0.5b1 type + ISO3 actors per record
    plv-tsv        the PLV sentences (TSV): a PLOVER root + quad class for one marked dyad

Only the gold's text is coded (never its parses or markup); markup is used for scoring only.
`score` is pure (gold + predicted events in, metrics out) so the metrics can be tested without
a parser; `evaluate` reads, codes with one `Pipeline` and scores. Every metric, label mapping and
matching rule is documented in docs/evaluation.md; the constants below are that document's tables.
"""

from __future__ import annotations

import csv
import html
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..tables.actors import EXTRA_COUNTRY_CODES, SECTORS
from ..tables.codebook import PLOVER_TYPES, load_codebook, quad_class_of
from ..errors import InputError
from ..models import Actor, Event, RawArticle

if TYPE_CHECKING:
    from ..coding.pipeline import Pipeline

__all__ = [
    "FORMATS",
    "KEEP",
    "PLOVER_05B1",
    "PLV_ROOTS",
    "PLOVER_QUAD",
    "GoldActor",
    "GoldEvent",
    "GoldSentence",
    "GoldSet",
    "Counts",
    "Confusion",
    "Report",
    "read_gold",
    "read_petrarch_xml",
    "read_plover_gsr",
    "read_plv_tsv",
    "score",
    "evaluate",
]

# --- label mappings -------------------------------------------------------------------------

# PLOVER 0.5b1 (the GSR, 2016) → current PLOVER. Renamed or merged types follow the manual's
# CAMEO-to-PLOVER table (CAMEO 09 investigate and 11 disapprove → ACCUSE, 10 demand → REQUEST,
# 18 assault and 19 fight → ASSAULT); the other 0.5b1 types kept their names and meaning.
PLOVER_05B1: dict[str, str] = {
    "AGREE": "AGREE", "CONSULT": "CONSULT", "SUPPORT": "SUPPORT", "CONCEDE": "CONCEDE",
    "COOPERATE": "COOPERATE", "AID": "AID", "RETREAT": "RETREAT",
    "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
    "REJECT": "REJECT", "THREATEN": "THREATEN", "PROTEST": "PROTEST", "SANCTION": "SANCTION",
    "MOBILIZE": "MOBILIZE", "COERCE": "COERCE", "ASSAULT": "ASSAULT", "FIGHT": "ASSAULT",
}  # fmt: skip

# PLV's 15 roots: PLOVER's 16 types with CONCEDE and RETREAT merged back into CAMEO's YIELD.
PLV_ROOTS: tuple[str, ...] = tuple(t for t in PLOVER_TYPES if t not in ("CONCEDE", "RETREAT")) + ("YIELD",)
TO_PLV_ROOT = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}

# Quad class of each PLOVER type, as the manual files them; YIELD (PLV) is material cooperation
# in PLV's own gold_penta column, as CAMEO 08 is in GDELT.
PLOVER_QUAD: dict[str, int] = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2, "YIELD": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip

# Actors without a country that still have a primary code: international organisations,
# NGOs, international militarised groups, multinationals.
INTERNATIONAL = ("IGO", "NGO", "IMG", "MNC")
UNKNOWN = "---"  # Phoenix's code for an actor of unknown country, and for a missing actor
# Non-ISO country codes in the gold, read as the country they plainly mean (PLOVER GSR: "Tokyo"
# JAP, "Italy" ITL, "Vietnamese-led forces" VTN; Phoenix writes Kosovo KSV).
COUNTRY_ALIASES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "KSV": "XKX"}
# PLOVER GSR sectors follow PLOVER's names where they differ from CAMEO's (which detente keeps):
# JRN journalists = CAMEO MED, MED medical = CAMEO HLH; CIV is a typo for CVL.
GSR_SECTORS = {"JRN": "MED", "MED": "HLH", "CIV": "CVL"}

# Which coded events count as predictions. The default, "stated", drops only negated events (a
# denied attack is not an attack); CAMEO and PLV gold code intended and future acts as stated
# ("will meet" → 04x), so hypothetical events count, and so do background events.
KEEP: dict[str, Callable[[Event], bool]] = {
    "stated": lambda e: not e.negated,
    "asserted": lambda e: not (e.negated or e.hypothetical),
    "news": lambda e: not (e.negated or e.hypothetical or e.background),
    "all": lambda e: True,
}

# --- the gold, in one shape -----------------------------------------------------------------


@dataclass(frozen=True)
class GoldActor:
    "One gold actor. `country` is an ISO3 code, an international prefix (IGO, NGO...) or None."

    text: str | None = None  # the words of the sentence (GSR, PLV); None for PETR
    code: str | None = None  # the gold's actor code (Phoenix for PETR, ISO3/IGO for the GSR)
    country: str | None = None
    sector: str | None = None  # a CAMEO sector code (GOV, MIL...), None when not given


@dataclass(frozen=True)
class GoldEvent:
    "One gold event; labels the gold does not give are None."

    source: tuple[GoldActor, ...]
    target: tuple[GoldActor, ...]
    cameo: str | None = None
    plover_type: str | None = None  # current PLOVER, or a PLV root (YIELD) for plv-tsv
    quad_class: int | None = None
    reciprocal: bool = False  # the GSR's SRC/TAR: all actors are in `source`, each acts on the others


@dataclass(frozen=True)
class GoldSentence:
    "A gold record: the text to code, when it was published, and its events."

    id: str
    text: str
    published: date | None
    events: tuple[GoldEvent, ...]
    meta: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class GoldSet:
    "A gold file read: its sentences and the records that cannot be scored (id, reason)."

    path: str
    format: str
    sentences: tuple[GoldSentence, ...]
    skipped: tuple[tuple[str, str], ...] = ()


# --- readers --------------------------------------------------------------------------------

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


_ISO3: frozenset[str] | None = None


def _is_country(code: str) -> bool:
    global _ISO3
    if _ISO3 is None:
        import pycountry

        _ISO3 = frozenset([c.alpha_3 for c in pycountry.countries] + list(EXTRA_COUNTRY_CODES))
    return code in _ISO3


def _primary(code: str) -> str | None:
    "The country (ISO3), or the international prefix, an actor code starts with; None if unknown."
    head = COUNTRY_ALIASES.get(code[:3], code[:3])
    if _is_country(head) or head in INTERNATIONAL:
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


# --- formats ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scheme:
    "How one gold format is scored."

    read: Callable[[str | Path], GoldSet]
    # actor levels for the set metrics: "exact" compares Phoenix codes, "country" primaries
    levels: tuple[str, ...]
    event_label: str  # what a triple's event is: "cameo" or "plover"
    per_record: bool  # one gold event per record: record-level classification metrics
    exhaustive: bool  # the gold codes every event of the sentence (else: extras are not errors)
    plover_only: bool  # only events with a PLOVER type are predictions
    dyadic_only: bool = False  # only events with both a source and a target are predictions
    label: Callable[[str | None], str | None] = lambda t: t  # predicted PLOVER type → gold's labels
    headline: str = "all"
    subsets: Callable[[GoldSentence], tuple[str, ...]] = lambda s: ()


FORMATS: dict[str, Scheme] = {
    "petrarch-xml": Scheme(
        read=read_petrarch_xml, levels=("exact", "country"), event_label="cameo", per_record=False,
        exhaustive=True, plover_only=False, dyadic_only=True, headline="AFP",
        subsets=lambda s: (s.meta["category"],) if s.meta.get("category") else (),
    ),
    "plover-gsr": Scheme(
        read=read_plover_gsr, levels=("country",), event_label="plover", per_record=True,
        exhaustive=False, plover_only=True,
    ),
    "plv-tsv": Scheme(
        read=read_plv_tsv, levels=(), event_label="plover", per_record=True, exhaustive=False,
        plover_only=True, label=lambda t: TO_PLV_ROOT.get(t, t) if t else t,
    ),
}  # fmt: skip


def _scheme(format: str) -> Scheme:
    try:
        return FORMATS[format]
    except KeyError:
        raise InputError(f"--format {format}", f"unknown gold format: use one of {', '.join(FORMATS)}") from None


def read_gold(path: str | Path, format: str) -> GoldSet:
    "Read a gold file of one of the `FORMATS`."
    return _scheme(format).read(path)


# --- metrics ------------------------------------------------------------------------------


@dataclass
class Counts:
    "True positives, false positives, false negatives, summed over sentences (micro average)."

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: Iterable[object], predicted: Iterable[object]) -> None:
        "One sentence: sets, so an item coded twice counts once."
        g, p = set(gold), set(predicted)
        self.tp += len(g & p)
        self.fp += len(p - g)
        self.fn += len(g - p)

    def add_matched(self, gold: Iterable[Any], predicted: Iterable[Any], matches: Callable[[Any, Any], bool]) -> None:
        "One sentence, where an item matches a gold item by `matches(gold, predicted)`, one to one."
        unmatched = set(predicted)
        for g in set(gold):
            hit = next((p for p in sorted(unmatched, key=str) if matches(g, p)), None)
            if hit is None:
                self.fn += 1
            else:
                self.tp += 1
                unmatched.discard(hit)
        self.fp += len(unmatched)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"precision": _r(self.precision), "recall": _r(self.recall), "f1": _r(self.f1),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}  # fmt: skip


NONE = "NONE"  # the predicted label of a gold event no coded event was aligned with


@dataclass
class Confusion:
    "Gold label vs predicted label, one pair per gold event; NONE when nothing was predicted."

    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, gold: str, predicted: str | None) -> None:
        self.pairs[(gold, predicted or NONE)] += 1

    @property
    def n(self) -> int:
        return sum(self.pairs.values())

    @property
    def accuracy(self) -> float:
        return sum(n for (g, p), n in self.pairs.items() if g == p) / self.n if self.n else 0.0

    def per_class(self) -> dict[str, Counts]:
        "P/R/F1 of every gold label (predictions of labels the gold lacks only cost recall)."
        classes: dict[str, Counts] = {}
        gold_labels = {g for g, _ in self.pairs}
        for label in sorted(gold_labels):
            counts = Counts()
            for (g, p), n in self.pairs.items():
                if g == label and p == label:
                    counts.tp += n
                elif g == label:
                    counts.fn += n
                elif p == label:
                    counts.fp += n
            classes[label] = counts
        return classes

    @property
    def macro_f1(self) -> float:
        classes = self.per_class()
        return sum(c.f1 for c in classes.values()) / len(classes) if classes else 0.0

    def to_dict(self) -> dict[str, Any]:
        matrix: dict[str, dict[str, int]] = {}
        for (g, p), n in sorted(self.pairs.items()):
            matrix.setdefault(g, {})[p] = n
        return {
            "accuracy": _r(self.accuracy), "macro_f1": _r(self.macro_f1), "n": self.n,
            "correct": sum(n for (g, p), n in self.pairs.items() if g == p),
            "none": sum(n for (_, p), n in self.pairs.items() if p == NONE),
            "per_class": {
                label: {"precision": _r(c.precision), "recall": _r(c.recall), "f1": _r(c.f1), "support": c.tp + c.fn}
                for label, c in self.per_class().items()
            },
            "confusion": matrix,
        }  # fmt: skip


@dataclass
class Accuracy:
    correct: int = 0
    n: int = 0

    def add(self, ok: bool) -> None:
        self.correct += ok
        self.n += 1

    def to_dict(self) -> dict[str, Any]:
        return {"accuracy": _r(self.correct / self.n if self.n else 0.0), "correct": self.correct, "n": self.n}


def _r(x: float) -> float:
    return round(x, 4)


ACTOR_METRICS = ("source_country", "target_country", "source_sector", "target_sector")
SPAN_METRICS = ("source_found", "target_found", "dyad_found")


class _Tally:
    "Every metric of one subset of the gold."

    def __init__(self, scheme: Scheme) -> None:
        self.scheme = scheme
        self.records = 0
        self.gold_events = 0
        self.predicted_events = 0
        self.sets: dict[str, Counts] = {}
        self.types: dict[str, Counts] = {}
        self.classes: dict[str, Confusion] = {}
        self.actors: dict[str, Accuracy] = {}
        self.spans: dict[str, Accuracy] = {}

    def set(self, name: str) -> Counts:
        return self.sets.setdefault(name, Counts())

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "records": self.records, "gold_events": self.gold_events, "predicted_events": self.predicted_events,
        }  # fmt: skip
        out.update((name, counts.to_dict()) for name, counts in self.sets.items())
        if self.types:
            micro = Counts(*(sum(getattr(c, a) for c in self.types.values()) for a in ("tp", "fp", "fn")))
            gold_types = {t: c for t, c in self.types.items() if c.tp + c.fn}
            out["plover_types"] = {
                **micro.to_dict(),
                "macro_f1": _r(sum(c.f1 for c in gold_types.values()) / len(gold_types) if gold_types else 0.0),
                "per_type": {t: c.to_dict() for t, c in sorted(self.types.items())},
            }
        if self.classes:
            out["classification"] = {name: c.to_dict() for name, c in self.classes.items()}
        if self.actors:
            out["actors"] = {name: self.actors[name].to_dict() for name in ACTOR_METRICS if name in self.actors}
        if self.spans:
            out["spans"] = {name: self.spans[name].to_dict() for name in SPAN_METRICS if name in self.spans}
        return out


# --- matching a prediction to the gold ------------------------------------------------------


def _norm_cameo(code: str) -> str:
    "A bare root NN is CAMEO's NN0 ('not specified below'): '04' and '040' are one code."
    return code + "0" if len(code) == 2 else code


def _predicted_country(actor: Actor) -> str | None:
    if actor.country:
        return actor.country
    return actor.code[:3] if actor.code[:3] in INTERNATIONAL else None


def _predicted_code(actor: Actor) -> str:
    "Phoenix spelling: an actor of no known country is '---' + its agent ('REB' → '---REB')."
    if actor.country or actor.code[:3] in INTERNATIONAL or actor.code.startswith(UNKNOWN):
        return actor.code
    return UNKNOWN + actor.code


def _key(actor: GoldActor | Actor | None, level: str) -> str:
    if actor is None:
        return UNKNOWN
    if isinstance(actor, Actor):
        return _predicted_code(actor) if level == "exact" else (_predicted_country(actor) or UNKNOWN)
    return (actor.code or UNKNOWN) if level == "exact" else (actor.country or UNKNOWN)


def _gold_pairs(event: GoldEvent) -> list[tuple[GoldActor | None, GoldActor | None]]:
    "Source-target pairs: compound actors give one pair each; reciprocal actors act both ways."
    if event.reciprocal:
        return [(a, b) for a in event.source for b in event.source if a is not b]
    return [(s, t) for s in (event.source or (None,)) for t in (event.target or (None,))]


def _predicted_pairs(event: Event) -> list[tuple[Actor | None, Actor | None]]:
    return [(s, t) for s in (event.source or (None,)) for t in (event.target or (None,))]


_WORD = re.compile(r"\w+")
_STOP = {"the", "a", "an", "of", "and", "s", "in", "on", "at", "for", "to", "from", "its", "their", "his", "her", "by"}


def _words(text: str | None) -> set[str]:
    return {w for w in _WORD.findall((text or "").lower()) if w not in _STOP}


def _overlap(gold: Sequence[GoldActor], predicted: Sequence[Actor]) -> float:
    "Mean over the gold actors of the best word overlap (Jaccard) with a predicted actor's text."
    scores = []
    for g in gold:
        words = _words(g.text)
        best = 0.0
        for p in predicted:
            other = _words(p.text)
            if words and other:
                best = max(best, len(words & other) / len(words | other))
        scores.append(best)
    return sum(scores) / len(scores) if scores else 0.0


def _roles(gold: GoldEvent, event: Event, role: str) -> tuple[Sequence[GoldActor], Sequence[Actor]]:
    "The gold and predicted actors to compare for a role ('source'/'target'); reciprocal: both."
    if gold.reciprocal:
        return (gold.source if role == "source" else ()), (*event.source, *event.target)
    return getattr(gold, role), getattr(event, role)


def _span_score(gold: GoldEvent, event: Event) -> tuple[float, ...]:
    return (sum(_overlap(*_roles(gold, event, role)) for role in ("source", "target")),)


def _label_score(gold: GoldEvent, event: Event) -> tuple[float, ...]:
    "PETR has no spans: align on the CAMEO code (2), else root (1), then on countries agreeing."
    cameo = gold.cameo or ""
    label = 2 if _norm_cameo(event.cameo) == _norm_cameo(cameo) else int(event.cameo_root == cameo[:2])
    agree = 0
    for role in ("source", "target"):
        gold_countries = {_key(a, "country") for a in getattr(gold, role)} or {UNKNOWN}
        predicted = {_key(a, "country") for a in getattr(event, role)} or {UNKNOWN}
        agree += bool(gold_countries & predicted)
    return (label, agree)


def _align(
    gold: Sequence[GoldEvent], predicted: Sequence[Event], by: Callable[[GoldEvent, Event], tuple[float, ...]]
) -> list[int | None]:
    """One predicted event per gold event, greedily by score, ties to the earlier event; when no
    prediction scores above zero a gold event still gets the first one left (the sentence rule)."""
    scored = sorted(
        ((by(g, e), i, j) for i, g in enumerate(gold) for j, e in enumerate(predicted)),
        key=lambda item: (tuple(-s for s in item[0]), item[1], item[2]),
    )
    aligned: list[int | None] = [None] * len(gold)
    used: set[int] = set()
    for _score, i, j in scored:
        if aligned[i] is None and j not in used:
            aligned[i] = j
            used.add(j)
    return aligned


# --- scoring ------------------------------------------------------------------------------


@dataclass
class Report:
    "What `score` found: metrics per subset of the gold, and every error for analysis."

    gold: str
    format: str
    keep: str
    headline: str
    records: int
    skipped: list[dict[str, str]]
    predictions: dict[str, Any]
    subsets: dict[str, dict[str, Any]]
    errors: list[dict[str, Any]]
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        "Every metric and count, JSON-ready (the errors are written apart: `write_errors`)."
        return {
            "gold": self.gold, "format": self.format, "keep": self.keep, "headline": self.headline,
            "records": self.records, "scored": self.subsets["all"]["records"], "skipped": self.skipped,
            "predictions": self.predictions, "seconds": self.seconds, "subsets": self.subsets,
        }  # fmt: skip

    def write_errors(self, path: str | Path) -> int:
        "Write the errors as JSON lines; returns how many."
        with open(path, "w", encoding="utf-8") as out:
            for error in self.errors:
                out.write(json.dumps(error, ensure_ascii=False) + "\n")
        return len(self.errors)


def score(gold: GoldSet, predictions: Sequence[Sequence[Event]], *, keep: str = "stated") -> Report:
    """Score coded events against the gold. `predictions[i]` are the events coded from the text
    of `gold.sentences[i]`; the `keep` policy (`KEEP`) says which of them are predictions."""
    scheme = _scheme(gold.format)
    if keep not in KEEP:
        raise InputError(f"--keep {keep}", f"unknown policy: use one of {', '.join(KEEP)}")
    if len(predictions) != len(gold.sentences):
        raise ValueError(f"{len(predictions)} prediction lists for {len(gold.sentences)} gold sentences")
    tallies: dict[str, _Tally] = {"all": _Tally(scheme)}
    errors: list[dict[str, Any]] = []
    excluded: Counter[str] = Counter()
    kept_total = 0
    for sentence, events in zip(gold.sentences, predictions):
        kept, dropped = [], []
        for e in events:
            if scheme.plover_only and e.plover_type is None:
                excluded["no PLOVER type"] += 1
            elif scheme.dyadic_only and not (e.source and e.target):
                excluded["one-sided"] += 1
            elif KEEP[keep](e):
                kept.append(e)
            else:
                dropped.append(e)
                excluded[_flags(e)] += 1
        kept_total += len(kept)
        aligned = _align(sentence.events, kept, _span_score if scheme.per_record else _label_score)
        names = ("all", *scheme.subsets(sentence))
        for name in names:
            tally = tallies.setdefault(name, _Tally(scheme))
            _score_sentence(tally, scheme, sentence, kept, aligned)
        errors.extend(_errors(scheme, sentence, kept, dropped, aligned))
    order = [scheme.headline, "all"] + sorted(set(tallies) - {scheme.headline, "all"})
    return Report(
        gold=gold.path,
        format=gold.format,
        keep=keep,
        headline=scheme.headline if scheme.headline in tallies else "all",
        records=len(gold.sentences) + len(gold.skipped),
        skipped=[{"id": sid, "reason": reason} for sid, reason in gold.skipped],
        predictions={"kept": kept_total, "excluded": dict(excluded)},
        subsets={name: tallies[name].to_dict() for name in order if name in tallies},
        errors=errors,
    )


def _flags(event: Event) -> str:
    flags = (("negated", event.negated), ("hypothetical", event.hypothetical), ("background", event.background))
    return "+".join(name for name, on in flags if on)


def _event_label(scheme: Scheme, event: Event) -> str | None:
    return _norm_cameo(event.cameo) if scheme.event_label == "cameo" else scheme.label(event.plover_type)


def _gold_label(scheme: Scheme, event: GoldEvent) -> str | None:
    return _norm_cameo(event.cameo) if scheme.event_label == "cameo" and event.cameo else event.plover_type


def _score_sentence(
    tally: _Tally, scheme: Scheme, sentence: GoldSentence, kept: list[Event], aligned: list[int | None]
) -> None:
    tally.records += 1
    tally.gold_events += len(sentence.events)
    tally.predicted_events += len(kept)
    gold, pred = sentence.events, kept
    # set metrics, per sentence, micro-averaged
    for level in scheme.levels:
        suffix = "" if level == "exact" else "_country"
        tally.set("triples" + suffix).add(
            {(_key(s, level), _key(t, level), _gold_label(scheme, g)) for g in gold for s, t in _gold_pairs(g)},
            {(_key(s, level), _key(t, level), _event_label(scheme, e)) for e in pred for s, t in _predicted_pairs(e)},
        )
        tally.set("dyads" + suffix).add(
            {(_key(s, level), _key(t, level)) for g in gold for s, t in _gold_pairs(g)},
            {(_key(s, level), _key(t, level)) for e in pred for s, t in _predicted_pairs(e)},
        )
    if scheme.event_label == "cameo":
        # a secondary, lenient view: a code under the gold's counts ("0841" where the gold says
        # "084"); the headline triples stay exact
        tally.set("triples_within_gold_code").add_matched(
            {(_key(s, "exact"), _key(t, "exact"), _norm_cameo(g.cameo or "")) for g in gold for s, t in _gold_pairs(g)},
            {(_key(s, "exact"), _key(t, "exact"), _norm_cameo(e.cameo)) for e in pred for s, t in _predicted_pairs(e)},
            lambda g, p: g[:2] == p[:2] and p[2].startswith(g[2]),
        )
        tally.set("cameo").add({_norm_cameo(g.cameo or "") for g in gold}, {_norm_cameo(e.cameo) for e in pred})
        tally.set("cameo_root").add({(g.cameo or "")[:2] for g in gold}, {e.cameo_root for e in pred})
        tally.set("quad_class").add({g.quad_class for g in gold}, {e.quad_class for e in pred})
    if scheme.levels:  # PLOVER types as sets, where the gold is about whole sentences' events
        gold_types = {g.plover_type for g in gold if g.plover_type is not None}
        pred_types = {label for e in pred if (label := scheme.label(e.plover_type)) is not None}
        for t in gold_types | pred_types:
            tally.types.setdefault(t, Counts()).add({t} & gold_types, {t} & pred_types)
    # record-level classification of the aligned event
    if scheme.per_record:
        for g, j in zip(gold, aligned):
            e = pred[j] if j is not None else None
            def confusion(name: str) -> Confusion:
                return tally.classes.setdefault(name, Confusion())

            if g.plover_type:
                confusion("plover_type").add(g.plover_type, scheme.label(e.plover_type) if e else None)
            if g.quad_class:
                confusion("quad_class").add(str(g.quad_class), str(e.quad_class) if e else None)
                implied = PLOVER_QUAD.get(scheme.label(e.plover_type) or "") if e else None
                confusion("quad_class_from_type").add(str(g.quad_class), str(implied) if implied else None)
            for role in ("source", "target"):
                if any(a.text for a in getattr(g, role)):
                    found = e is not None and _overlap(*_roles(g, e, role)) > 0
                    tally.spans.setdefault(f"{role}_found", Accuracy()).add(found)
            if any(a.text for a in g.source + g.target):
                roles = [r for r in ("source", "target") if any(a.text for a in getattr(g, r))]
                tally.spans.setdefault("dyad_found", Accuracy()).add(
                    e is not None and all(_overlap(*_roles(g, e, r)) > 0 for r in roles)
                )
    # actor country and sector accuracy, on the aligned event
    for g, j in zip(gold, aligned):
        e = pred[j] if j is not None else None
        for role in ("source", "target"):
            gold_actors = g.source if role == "source" else () if g.reciprocal else g.target
            pred_actors = _roles(g, e, role)[1] if e else ()
            countries = {_predicted_country(a) for a in pred_actors}
            sectors = {a.sector for a in pred_actors}
            for actor in gold_actors:
                if actor.country:
                    tally.actors.setdefault(f"{role}_country", Accuracy()).add(actor.country in countries)
                if actor.sector:
                    tally.actors.setdefault(f"{role}_sector", Accuracy()).add(actor.sector in sectors)


def _errors(
    scheme: Scheme, sentence: GoldSentence, kept: list[Event], dropped: list[Event], aligned: list[int | None]
) -> list[dict[str, Any]]:
    base: dict[str, Any] = {"id": sentence.id, "text": sentence.text}
    if sentence.meta.get("category"):
        base["category"] = sentence.meta["category"]
    out = []
    for g, j in zip(sentence.events, aligned):
        e = kept[j] if j is not None else None
        wrong = _wrong(scheme, g, e) if e else ["no_event"]
        if wrong:
            record = {
                **base, "kind": "wrong" if e else "miss", "wrong": wrong, "gold": _gold_dict(g),
                "predicted": _event_dict(e) if e else None,
            }  # fmt: skip
            if dropped:
                record["excluded"] = [_event_dict(d) for d in dropped]  # what --keep set aside
            out.append(record)
    used = {j for j in aligned if j is not None}
    for j, e in enumerate(kept):
        if j not in used:
            kind = "false_positive" if scheme.exhaustive else "extra"
            out.append({**base, "kind": kind, "gold": None, "predicted": _event_dict(e)})
    return out


def _wrong(scheme: Scheme, g: GoldEvent, e: Event) -> list[str]:
    "The fields on which an aligned prediction disagrees with the gold event."
    wrong = []
    if scheme.event_label == "cameo":
        if _norm_cameo(e.cameo) != _norm_cameo(g.cameo or ""):
            wrong.append("cameo")
        if e.cameo_root != (g.cameo or "")[:2]:
            wrong.append("cameo_root")
    elif scheme.label(e.plover_type) != g.plover_type:
        wrong.append("plover_type")
    for role in ("source", "target"):
        gold_actors, pred_actors = _roles(g, e, role)
        if "exact" in scheme.levels:
            codes = {_key(a, "exact") for a in pred_actors} or {UNKNOWN}
            if any(_key(a, "exact") not in codes for a in gold_actors):
                wrong.append(role)
        if scheme.levels:
            countries = {_key(a, "country") for a in pred_actors} or {UNKNOWN}
            if any(_key(a, "country") not in countries for a in gold_actors):
                wrong.append(f"{role}_country")
        elif any(a.text for a in gold_actors) and _overlap(gold_actors, pred_actors) == 0:
            wrong.append(f"{role}_span")
    return wrong


def _gold_dict(g: GoldEvent) -> dict[str, Any]:
    def actor(a: GoldActor) -> dict[str, str]:
        return {k: v for k, v in vars(a).items() if v is not None}

    record: dict[str, Any] = {"source": [actor(a) for a in g.source], "target": [actor(a) for a in g.target]}
    for name in ("cameo", "plover_type", "quad_class"):
        if getattr(g, name) is not None:
            record[name] = getattr(g, name)
    if g.reciprocal:
        record["reciprocal"] = True
    return record


def _event_dict(e: Event) -> dict[str, Any]:
    def actor(a: Actor) -> dict[str, str | None]:
        return {"text": a.text, "code": a.code, "country": a.country, "sector": a.sector}

    return {
        "source": [actor(a) for a in e.source], "target": [actor(a) for a in e.target],
        "cameo": e.cameo, "cameo_name": e.cameo_name, "plover_type": e.plover_type, "quad_class": e.quad_class,
        "negated": e.negated, "hypothetical": e.hypothetical, "background": e.background,
        "rule": e.rule, "trigger": e.trigger, "sentence": e.sentence,
    }  # fmt: skip


# --- the whole run ------------------------------------------------------------------------


def code_gold(
    gold: GoldSet, pipeline: Pipeline, *, batch_size: int = 64, on_record: Callable[[], None] | None = None
) -> list[list[Event]]:
    "Code every gold text as an article of its own, in order, dated by the gold where it can be."
    raws = (
        RawArticle(doc_id=s.id, text=s.text, origin=f"{gold.path}#{s.id}", published=s.published)
        for s in gold.sentences
    )
    coded = []
    for article in pipeline.code_articles(raws, batch_size=batch_size):
        coded.append(list(article.events))
        if on_record:
            on_record()
    return coded


def evaluate(
    path: str | Path,
    format: str,
    *,
    keep: str = "stated",
    limit: int | None = None,
    pipeline: Pipeline | None = None,
    on_loaded: Callable[[int], None] | None = None,
    on_record: Callable[[], None] | None = None,
) -> Report:
    """Read a gold file, code its texts with one `Pipeline`, and score. `limit` keeps the first
    N records. `on_loaded(n)` is called once the gold is read and the models loaded."""
    start = time.perf_counter()
    gold = read_gold(path, format)
    if keep not in KEEP:
        raise InputError(f"--keep {keep}", f"unknown policy: use one of {', '.join(KEEP)}")
    if limit is not None:
        gold = GoldSet(gold.path, gold.format, gold.sentences[:limit])  # the first N scorable records
    if pipeline is None:
        from ..coding.pipeline import Pipeline

        pipeline = Pipeline()
    loaded = time.perf_counter()
    if on_loaded:
        on_loaded(len(gold.sentences))
    predictions = code_gold(gold, pipeline, on_record=on_record)
    coded = time.perf_counter()
    report = score(gold, predictions, keep=keep)
    spans = (("load", loaded - start), ("code", coded - loaded), ("total", time.perf_counter() - start))
    report.seconds = {name: round(seconds, 2) for name, seconds in spans}
    return report
