"""Relations over time: dyads by period, top actors, the actor network — from incidents."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from test_incidents import REPORTS, write_jsonl

from detente import analysis as analyse
from detente.coding.pipeline import Pipeline
from detente.errors import InputError
from detente.store import Store


@pytest.fixture(scope="module")
def reports_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reports")
    db = folder / "x.duckdb"
    with Store(db) as store:
        Pipeline().run([str(write_jsonl(folder / "reports.jsonl", REPORTS))], store)
    return db


@pytest.fixture(scope="module")
def example_db(example_store: Path) -> Path:
    return example_store


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "detente", *args], capture_output=True, text=True, timeout=300)


def test_the_example_dyad_by_month_is_one_consult_incident_in_march(example_db: Path) -> None:
    result = run("dyad", "CHN", "IGOWSTNAT", "--db", str(example_db), "--by", "month", "--format", "json")
    assert result.returncode == 0, result.stderr
    march = next(p for p in json.loads(result.stdout) if p["period"] == "2024-03")
    assert march["plover_types"]["CONSULT"] == 1
    assert march["incidents"] == march["a_to_b"] + march["b_to_a"] + march["mutual"]
    assert march["articles_coded"] == 1 and march["rate_per_1000_articles"] == 1000.0 * march["incidents"]


def test_a_dyad_counts_incidents_not_reports(reports_db: Path) -> None:
    with Store(reports_db, read_only=True) as store:
        weeks = analyse.dyad(store, "CHN", "IGOWSTNAT", by="week")
    assert [(w.period, w.incidents, w.mutual) for w in weeks] == [("2024-03-11", 1, 1), ("2024-03-18", 1, 1)]
    assert weeks[0].reports > weeks[0].incidents  # three articles and a copy told the first meeting
    assert weeks[0].quad_classes == {1: 1} and weeks[0].mean_goldstein == 1.0


def test_an_unknown_period_is_a_clear_error(reports_db: Path) -> None:
    with Store(reports_db, read_only=True) as store, pytest.raises(InputError, match="unknown period"):
        analyse.dyad(store, "CHN", "IGOWSTNAT", by="fortnight")


def test_top_actors_and_the_network(reports_db: Path, tmp_path: Path) -> None:
    with Store(reports_db, read_only=True) as store:
        ranked = analyse.top_actors(store)
        graph = analyse.network(store)
    assert {a.code for a in ranked[:2]} == {"CHNMIL", "IGOWSTNAT"}
    assert all(a.incidents == a.as_source + a.as_target for a in ranked)
    edges = {pair: attrs["incidents"] for pair, attrs in graph.edges.items()}
    assert sum(edges.values()) == 2 and set(edges) <= {("CHNMIL", "IGOWSTNAT"), ("IGOWSTNAT", "CHNMIL")}
    out = tmp_path / "graph.graphml"
    result = run("network", "--db", str(reports_db), "--format", "graphml", "--out", str(out))
    assert result.returncode == 0, result.stderr
    read = nx.read_graphml(out)
    assert set(read.nodes) == {"CHNMIL", "IGOWSTNAT"} and read.number_of_edges() == len(edges)


def test_incidents_command_lists_counts(reports_db: Path) -> None:
    result = run("incidents", "--db", str(reports_db), "--format", "json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert [(i["date"], i["num_articles"], i["num_sources"]) for i in found] == [("2024-03-13", 3, 2), ("2024-03-21", 1, 1)]
    assert all(len(i["event_ids"]) == i["num_mentions"] for i in found)
