"""One incident, many reports.

News reports the same happening many times: several outlets, syndicated copies, and several
sentences of one article. An *incident* gathers the events that report one happening, so that
analysts count happenings, not reports, and keep every report as evidence.

Two events are one incident when
- their dyads match: the same source and target, in order, except for symmetric kinds
  (meetings, talks, cooperation: "China met NATO" and "NATO met China" are one meeting); two
  countries' parts are compared by country, as reports name them differently ("met his
  Australian counterpart", AUSGOV, and "held talks with the Australian defence minister",
  AUSMIL, are one meeting of India and Australia), a country's parts with each other by code
  (its police and its journalists);
- their kinds match: the same CAMEO root;
- their dates are compatible: stated days at most a day apart; a date that fell back to the
  publication day (the report says no more) within three days of the other; month- or year-
  precise dates in the same month or year;
- their places do not contradict: not in two different countries.

Only what the text asserts happened makes an incident: negated, hypothetical, future and
background events stay events.

Syndicated copies (an article whose text is nearly another's, by MinHash over five-word
shingles, Jaccard ≥ 0.8) share that article's *syndication group*; an incident's `num_sources`
counts groups, so a wire story printed by five papers is one source.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from datasketch import MinHash, MinHashLSH

from ..models import Event
from ..tables.codebook import load_codebook
from ..tables.countries import is_country

__all__ = [
    "IncidentIndex",
    "IncidentKey",
    "Syndication",
    "better_report",
    "by_country",
    "dyad_key",
    "find_incident",
    "incident_id",
    "is_incident_event",
    "same_incident",
    "signature",
]

SHINGLE_WORDS = 5
NUM_PERM = 64
SCHEME = "affine32"  # datasketch 2 asks which hashing a stored signature came from
SYNDICATION_THRESHOLD = 0.8
CANDIDATE_THRESHOLD = 0.5
# Kinds of event with no direction (cameo.tsv: undirected): a meeting of X and Y is one
# meeting, whoever is named first.
UNDIRECTED = frozenset(code.code for code in load_codebook() if code.undirected)
UNKNOWN = "---"
# The seed's hash permutations, drawn once (datasketch draws them anew for every MinHash).
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations


def signature(text: str) -> list[int]:
    "The MinHash of an article's five-word shingles (case-folded), as NUM_PERM integers."
    words = text.casefold().split()
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}
    minhash = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME, permutations=_PERMUTATIONS)
    minhash.update_batch(s.encode("utf-8", "surrogatepass") for s in shingles)
    return [int(v) for v in minhash.hashvalues]


class Syndication:
    """Which stored article a new one copies. Built from the signatures the store holds; each
    article added is indexed, so copies within one batch are found too."""

    def __init__(self, stored: Iterable[tuple[str, str, Sequence[int]]] = ()) -> None:
        # the index finds candidates generously; each is then checked against the threshold, so
        # that a copy is not missed by the banding's chance
        self._lsh = MinHashLSH(threshold=CANDIDATE_THRESHOLD, num_perm=NUM_PERM)
        self._group: dict[str, str] = {}
        self._minhashes: dict[str, MinHash] = {}
        for article_id, group, values in stored:
            self._index(article_id, group, _minhash(values))

    def group_of(self, article_id: str, values: Sequence[int]) -> str:
        "The syndication group of a new article: the group of the text it copies, else its own id."
        if article_id in self._group:
            return self._group[article_id]
        minhash = _minhash(values)
        matches = sorted(
            m for m in self._lsh.query(minhash) if minhash.jaccard(self._minhashes[m]) >= SYNDICATION_THRESHOLD
        )
        group = self._group[matches[0]] if matches else article_id
        self._index(article_id, group, minhash)
        return group

    def _index(self, article_id: str, group: str, minhash: MinHash) -> None:
        if article_id not in self._group:
            self._lsh.insert(article_id, minhash)
            self._group[article_id] = group
            self._minhashes[article_id] = minhash


def _minhash(values: Sequence[int]) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=list(values), scheme=SCHEME, permutations=_PERMUTATIONS)




def is_incident_event(event: Event) -> bool:
    "What the text asserts happened, with at least one actor."
    return (
        not (event.negated or event.hypothetical or event.background or event.future)
        and event.date is not None
        and bool(event.source or event.target)
    )


def symmetric(cameo: str) -> bool:
    "Whether reports of this kind in either direction are one incident (cameo.tsv: undirected)."
    return cameo in UNDIRECTED


def dyad_key(event: Event) -> tuple[str, str]:
    "The first source's and target's, by country when two countries; in sorted order for symmetric kinds."
    pair = (event.source[0].code if event.source else UNKNOWN, event.target[0].code if event.target else UNKNOWN)
    pair = by_country(pair)
    return tuple(sorted(pair)) if symmetric(event.cameo) else pair  # type: ignore[return-value]


def by_country(pair: tuple[str, str]) -> tuple[str, str]:
    """The sides of a dyad as countries ("AUSGOV", "INDMIL" → "AUS", "IND"; "---", "CHNGOV" →
    "---", "CHN"), except a country's parts facing each other ("TURCOP", "TURMED") and what is no
    country's ("IGOWSTNAT"). Reads stored keys too: incidents stored before keys were countries
    still match."""
    a, b = pair
    if a[:3] == b[:3]:
        return pair
    return (a[:3] if is_country(a[:3]) else a, b[:3] if is_country(b[:3]) else b)


@dataclass(frozen=True)
class IncidentKey:
    "What matching compares: an incident's representative event, reduced to its keys."

    id: str
    dyad: tuple[str, str]
    cameo_root: str
    date: date
    date_precision: str
    date_source: str | None
    country: str | None

    @classmethod
    def of(cls, incident_id: str, event: Event) -> IncidentKey:
        assert event.date is not None
        return cls(
            incident_id, dyad_key(event), event.cameo_root, date.fromisoformat(event.date),
            event.date_precision or "day", event.date_source, event.location.country if event.location else None,
        )  # fmt: skip


class IncidentIndex:
    """Incident keys bucketed by kind and dyad, and by kind and each side, so that finding an
    event's incident looks at the few incidents of its dyad, not at all of them."""

    def __init__(self, keys: Iterable[IncidentKey] = ()) -> None:
        self._by_dyad: dict[tuple[str, tuple[str, str]], list[IncidentKey]] = {}
        self._by_side: dict[tuple[str, str], list[IncidentKey]] = {}
        for key in keys:
            self.add(key)

    def add(self, key: IncidentKey) -> None:
        self._by_dyad.setdefault((key.cameo_root, key.dyad), []).append(key)
        for side in sorted(set(key.dyad) - {UNKNOWN}):
            self._by_side.setdefault((key.cameo_root, side), []).append(key)

    def find(self, event: Event) -> IncidentKey | None:
        """The incident `event` reports: one with its dyad; else, for a report naming one side
        only ("China's defence minister held talks in Brussels"), one that side took part in;
        and a two-sided report may complete an incident only one side was named for so far."""
        key = IncidentKey.of("", event)
        exact = next((k for k in self._by_dyad.get((key.cameo_root, key.dyad), ()) if _matches(k, key)), None)
        if exact is not None:
            return exact
        sides = [side for side in key.dyad if side != UNKNOWN]
        for side in sides:
            for known in self._by_side.get((key.cameo_root, side), ()):
                if (len(sides) == 1 or UNKNOWN in known.dyad) and _matches(known, key, dyads=False):
                    return known
        return None


def find_incident(known: Sequence[IncidentKey], event: Event) -> IncidentKey | None:
    "As IncidentIndex.find, over a list of keys."
    return IncidentIndex(known).find(event)


def same_incident(key: IncidentKey, event: Event) -> bool:
    "Whether `event` reports the happening `key` stands for, dyad and all (see the module docstring)."
    return _matches(key, IncidentKey.of(key.id, event))


def _matches(key: IncidentKey, other: IncidentKey, *, dyads: bool = True) -> bool:
    if key.cameo_root != other.cameo_root or dyads and key.dyad != other.dyad:
        return False
    if key.country and other.country and key.country != other.country:
        return False
    return _compatible_dates(key, other)


def _compatible_dates(a: IncidentKey, b: IncidentKey) -> bool:
    if "year" in (a.date_precision, b.date_precision):
        return a.date.year == b.date.year
    if "month" in (a.date_precision, b.date_precision):
        return (a.date.year, a.date.month) == (b.date.year, b.date.month)
    window = timedelta(days=3 if "publication" in (a.date_source, b.date_source) else 1)
    return abs(a.date - b.date) <= window


def incident_id(event: Event) -> str:
    "An incident is named after the first event that made it."
    return "i" + hashlib.sha256(event.id.encode()).hexdigest()[:15]


def better_report(a: Event, b: Event) -> Event:
    """The report that says more about the happening: both sides named, then a stated date, then
    a finer one; ties go to the smaller id, so the choice does not depend on arrival order."""

    def rank(e: Event) -> tuple[int, int, int, str]:
        precision = {"day": 0, "month": 1, "year": 2}.get(e.date_precision or "", 3)
        return (0 if e.source and e.target else 1, 0 if e.date_source == "stated" else 1, precision, e.id)

    return b if rank(b) < rank(a) else a
