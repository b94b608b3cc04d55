"""Incidents: many reports of one happening counted once, syndicated copies as one source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.coding.pipeline import Pipeline
from detente.store import Store
from detente.store.incidents import Syndication, signature

# three reports of one meeting (two outlets and a verbatim copy in a third paper) and a meeting of
# the same dyad a week later; bench/same_events.py codes the same file
REPORTS = [json.loads(line) for line in (Path(__file__).parent / "data" / "meeting-reports.jsonl").read_text(encoding="utf-8").splitlines()]
MEETING = REPORTS[0]["text"]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def dyad_incidents(store: Store) -> list:
    found = [i for i in store.incidents() if {a.country or a.code for a in i.event.source + i.event.target} == {"CHN", "IGOWSTNAT"}]
    return sorted(found, key=lambda i: i.event.date)


def test_three_reports_and_a_copy_are_one_incident_and_the_next_meeting_another(pipeline: Pipeline, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "reports.jsonl", REPORTS)
    with Store(tmp_path / "x.duckdb") as store:
        pipeline.run([str(path)], store)
        first, second = dyad_incidents(store)
    assert (first.event.date, first.num_articles, first.num_sources) == ("2024-03-13", 3, 2)
    assert first.event.location is not None and first.event.location.name == "Brussels"
    assert first.num_mentions >= 3 and len(first.event_ids) == first.num_mentions
    assert (second.event.date, second.num_articles, second.num_sources) == ("2024-03-21", 1, 1)


def test_incidents_grow_as_articles_arrive(pipeline: Pipeline, tmp_path: Path) -> None:
    # coding the reports one run at a time gives the same incidents as coding them together
    with Store(tmp_path / "x.duckdb") as store:
        for n, report in enumerate(REPORTS):
            pipeline.run([str(write_jsonl(tmp_path / f"r{n}.jsonl", [report]))], store)
        first, second = dyad_incidents(store)
    assert (first.num_articles, first.num_sources, second.num_articles) == (3, 2, 1)


def test_rerunning_changes_no_incident(pipeline: Pipeline, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "reports.jsonl", REPORTS)
    with Store(tmp_path / "x.duckdb") as store:
        pipeline.run([str(path)], store)
        before = store.incidents()
        pipeline.run([str(path)], store)
        assert store.incidents() == before


def test_what_did_not_happen_makes_no_incident(pipeline: Pipeline, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", [{"id": "x", "published": "2024-03-15", "text":
        "China did not attack Taiwan. Russia may attack Ukraine. Xi Jinping will visit Paris next week."}])  # fmt: skip
    with Store(tmp_path / "x.duckdb") as store:
        pipeline.run([str(path)], store)
        assert store.events() and store.incidents() == []


def test_syndication_finds_near_copies_not_rewrites() -> None:
    syndication = Syndication()
    assert syndication.group_of("a", signature(MEETING)) == "a"
    assert syndication.group_of("b", signature(MEETING + " Copyright Daily Paper.")) == "a"
    assert syndication.group_of("c", signature(REPORTS[1]["text"])) == "c"


def test_reports_naming_a_meeting_differently_are_one_incident(pipeline: Pipeline, tmp_path: Path) -> None:
    """One defence ministers' meeting: "met Australia's Deputy Prime Minister" (AUSGOV) in one
    report, "held talks with Indian Defence Minister" (AUSMIL) in another and its near copy. The
    sides agree by country, whatever sector each report gives: one incident, three articles, two
    sources."""
    reports = Path(__file__).parent / "data" / "defence-meeting-reports.jsonl"
    with Store(tmp_path / "x.duckdb") as store:
        pipeline.run([str(reports)], store)
        meetings = [
            i for i in store.incidents()
            if i.event.cameo_root == "04" and {a.country for a in i.event.source + i.event.target} == {"IND", "AUS"}
        ]  # fmt: skip
        codes = {a.code for i in meetings for e in store.events() if e.id in i.event_ids for a in e.source + e.target}
    assert len(meetings) == 1, [(i.event.sentence, i.event.date) for i in meetings]
    (meeting,) = meetings
    assert (meeting.event.date, meeting.num_articles, meeting.num_sources) == ("2024-06-04", 3, 2)
    assert {"INDMIL", "AUSMIL", "AUSGOV"} <= codes
