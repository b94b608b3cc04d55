"""The DuckDB store: idempotent writes, filters, and a round trip of every event field."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import duckdb
import pytest

from detente.models import Actor, Event, Location, RawArticle, Reject
from detente.store import EventFilter, Store, StoredArticle
from detente.store.schema import SCHEMA

CHINA_MIL = Actor(text="China's military", name="China", code="CHNMIL", country="CHN", sector="MIL")
NATO = Actor(text="NATO", name="NATO", code="IGOWSTNAT", country=None, sector="IGO")
BEIJING = Location(name="Beijing", country="CHN", lat=39.9075, lon=116.39723, precision="city", admin1="Beijing", geonameid=1816670)


def event(event_id: str, cameo: str, plover: str, when: str | None, source: Actor, target: Actor) -> Event:
    return Event(
        id=event_id, article_id="a1", doc_id="doc", sentence_index=0, sentence="Beijing hosted NATO.",
        char_start=0, char_end=20, source=(source,), target=(target,), cameo=cameo,
        cameo_root=cameo[:2], cameo_name="name", quad_class=1, goldstein=2.8, plover_type=plover,
        plover_mode=None, date=when, date_precision="day" if when else None,
        date_source="stated" if when else None, location=BEIJING, negated=False,
        hypothetical=False, background=False, confidence=0.85, rule="verbs.tsv:1", trigger="hosted",
    )  # fmt: skip


def article(events: tuple[Event, ...]) -> StoredArticle:
    raw = RawArticle(doc_id="doc", text="Beijing hosted NATO.", origin="doc.txt", published=date(2024, 3, 15))
    return StoredArticle(id="a1", raw=raw, n_sentences=1, events=events)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "test.duckdb") as opened:
        yield opened


def test_round_trip_keeps_every_field(store: Store) -> None:
    original = event("e1", "043", "CONSULT", "2024-03-13", CHINA_MIL, NATO)
    store.add([article((original,))])
    assert store.events() == [original]


def test_round_trip_keeps_future_and_attribution(store: Store) -> None:
    original = dataclasses.replace(
        event("e2", "036", "AGREE", "2024-03-22", CHINA_MIL, NATO), future=True, attributed_to=(NATO,)
    )
    store.add([article((original,))])
    assert store.events() == [original]


def test_a_database_from_before_the_new_columns_gains_them(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:  # the events table as the first release made it
        con.execute(SCHEMA)
        con.execute("ALTER TABLE events DROP COLUMN future")
        con.execute("ALTER TABLE events DROP COLUMN attributed_to")
    with Store(path) as opened:
        original = event("e3", "043", "CONSULT", "2024-03-13", CHINA_MIL, NATO)
        opened.add([article((original,))])
        assert opened.events() == [original]


def test_writing_twice_adds_nothing(store: Store) -> None:
    stored = article((event("e1", "043", "CONSULT", "2024-03-13", CHINA_MIL, NATO),))
    store.add([stored], [Reject("empty.txt", "empty file")])
    store.add([stored], [Reject("empty.txt", "empty file")])
    assert store.counts() == {"articles": 1, "events": 1, "rejects": 1}
    assert store.known_articles(["a1", "zz"]) == {"a1"}


@pytest.mark.parametrize(
    "where, expected",
    [
        (EventFilter(source="CHN"), {"e1"}),  # a country matches its sectors
        (EventFilter(source="CHNMIL"), {"e1"}),
        (EventFilter(source="IGOWSTNAT"), {"e2"}),
        (EventFilter(target="chn"), {"e2"}),  # codes are case-insensitive
        (EventFilter(type="CONSULT"), {"e1"}),
        (EventFilter(type="11"), {"e2"}),  # a CAMEO prefix
        (EventFilter(since=date(2024, 3, 14)), {"e2"}),
        (EventFilter(until=date(2024, 3, 13)), {"e1"}),
        (EventFilter(source="CHN", type="ACCUSE"), set()),
        (EventFilter(source="x' OR 1=1 --"), set()),  # filters are bound parameters
    ],
)
def test_filters(store: Store, where: EventFilter, expected: set[str]) -> None:
    store.add([
        article((
            event("e1", "043", "CONSULT", "2024-03-13", CHINA_MIL, NATO),
            event("e2", "112", "ACCUSE", "2024-03-15", NATO, CHINA_MIL),
        ))
    ])  # fmt: skip
    assert {e.id for e in store.events(where)} == expected


def test_a_failed_batch_stores_nothing(store: Store) -> None:
    good = article((event("e1", "043", "CONSULT", "2024-03-13", CHINA_MIL, NATO),))
    store.add([good])
    broken = StoredArticle(id="a2", raw=good.raw, n_sentences=1, events=(event("e3", "043", "CONSULT", "not a date", CHINA_MIL, NATO),))
    with pytest.raises(Exception):
        store.add([broken])
    assert store.counts()["articles"] == 1 and store.counts()["events"] == 1
