"""`--engine ray`: the same corpus coded by one process, two worker processes and Ray tasks on a
local Ray instance stores the same database, and the Parquet partitions load and query."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from test_incidents import REPORTS, write_jsonl

from detente.coding.pipeline import Pipeline
from detente.errors import DataTableError
from detente.run import run_parallel
from detente.run.distributed import load_partitions, run_ray
from detente.store import Store

ray = pytest.importorskip("ray")

REPO = Path(__file__).resolve().parent.parent
BATCH = 2  # several batches, and several Ray tasks in flight at once

JAPAN = """ date 2024-04-02
Japan and South Korea agree to restart security talks

Japanese Foreign Minister Yoko Kamikawa met her South Korean counterpart Cho Tae-yul in Tokyo on Monday, and the two agreed to resume a security dialogue suspended since 2018.

North Korea fired two ballistic missiles into the sea off its east coast on Tuesday, Seoul's military said. Japan condemned the launches and called on Pyongyang to abide by UN Security Council resolutions.
"""
ESTONIA = """ date 2024-02-10
Russia expels Estonian diplomats

Russia expelled two Estonian diplomats on Friday, the foreign ministry in Moscow said, days after Estonia arrested a university professor accused of spying for Russia. The European Union criticised the expulsions.
"""
WIRE = [
    {"id": "wire-7", "source": "Wire", "published": "2024-05-20",
     "text": "Israeli aircraft struck targets in the Gaza Strip on Sunday, Palestinian officials said. Egypt urged "
             "Israel to halt its offensive in Rafah, and Qatar hosted talks between Hamas and Israeli negotiators "
             "in Doha on a ceasefire."},
]  # fmt: skip


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, example_article: Path) -> list[str]:
    "Real-looking articles, a syndicated copy, an exact duplicate and two inputs that are rejected."
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "japan.txt").write_text(JAPAN, encoding="utf-8")
    (folder / "estonia.txt").write_text(ESTONIA, encoding="utf-8")
    (folder / "estonia-again.txt").write_text(ESTONIA, encoding="utf-8")  # the same article: stored once
    (folder / "empty.txt").write_text("", encoding="utf-8")  # a reject
    wire = write_jsonl(folder / "wire.jsonl", WIRE)
    with wire.open("a", encoding="utf-8") as out:
        out.write('{"id": "wire-8", "text": \n')  # a malformed line: a reject
    reports = write_jsonl(tmp_path_factory.mktemp("reports") / "reports.jsonl", REPORTS)
    return [str(example_article), str(REPO / "examples"), str(reports), str(folder)]


@pytest.fixture(scope="module")
def local_ray() -> Iterator[str]:
    "A Ray instance on this machine, for the module (starting one takes about ten seconds)."
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray.get_runtime_context().gcs_address
    ray.shutdown()


def snapshot(db: Path) -> dict[str, list[tuple]]:
    "Every stored row, every column (but when an article or reject was written), in a fixed order."
    con = duckdb.connect(str(db), read_only=True)
    try:
        queries = {
            "articles": "SELECT * EXCLUDE (coded_at) FROM articles ORDER BY id",
            "events": "SELECT * FROM events ORDER BY id",
            "event_actors": "SELECT * FROM event_actors ORDER BY event_id, role, position",
            "incidents": "SELECT * FROM incidents ORDER BY id",
            "incident_events": "SELECT * FROM incident_events ORDER BY event_id",
            "rejects": "SELECT id, input, reason FROM rejects ORDER BY id",
        }
        return {table: con.execute(sql).fetchall() for table, sql in queries.items()}
    finally:
        con.close()


@pytest.fixture(scope="module")
def one_process(tmp_path_factory: pytest.TempPathFactory, corpus: list[str]) -> dict[str, list[tuple]]:
    db = tmp_path_factory.mktemp("one") / "one.duckdb"
    with Store(db) as store:
        Pipeline().run(corpus, store, batch_size=BATCH)
    return snapshot(db)


@pytest.fixture(scope="module")
def ray_run(tmp_path_factory: pytest.TempPathFactory, corpus: list[str], local_ray: str) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("ray")
    db, partitions = folder / "ray.duckdb", folder / "partitions"
    with Store(db) as store:
        summary = run_ray(corpus, store, partitions=partitions, batch_size=BATCH)
    assert summary.articles == 10 and summary.skipped == 1 and len(summary.rejects) == 2
    assert summary.filtered.sentences == summary.sentences  # the tasks' pre-filter counts come back
    return db, partitions


def test_the_corpus_is_worth_comparing(one_process: dict[str, list[tuple]]) -> None:
    assert len(one_process["articles"]) == 10  # the duplicate once
    assert len(one_process["events"]) > 40 and len(one_process["incidents"]) > 20
    inputs = sorted(Path(row[1]).name for row in one_process["rejects"])
    assert inputs == ["empty.txt", "wire.jsonl:2"]


def test_one_process_two_workers_and_ray_store_the_same_database(
    tmp_path: Path, corpus: list[str], one_process: dict[str, list[tuple]], ray_run: tuple[Path, Path]
) -> None:
    with Store(tmp_path / "two.duckdb") as store:
        run_parallel(corpus, store, workers=2, batch_size=BATCH)
    two = snapshot(tmp_path / "two.duckdb")
    ray_db = snapshot(ray_run[0])
    for table, rows in one_process.items():
        assert two[table] == rows, f"--workers 2 differs in {table}"
        assert ray_db[table] == rows, f"--engine ray differs in {table}"


def test_running_ray_again_adds_nothing(tmp_path: Path, corpus: list[str], ray_run: tuple[Path, Path]) -> None:
    db = tmp_path / "again.duckdb"
    shutil.copy(ray_run[0], db)
    before = snapshot(db)
    with Store(db) as store:
        summary = run_ray(corpus, store, partitions=tmp_path / "partitions", batch_size=BATCH)
    assert (summary.articles, summary.skipped) == (0, 11)
    assert snapshot(db) == before


def test_partitions_are_queryable_and_load_into_the_same_database(
    tmp_path: Path, one_process: dict[str, list[tuple]], ray_run: tuple[Path, Path]
) -> None:
    _, partitions = ray_run
    con = duckdb.connect()
    events = con.execute(f"SELECT id FROM read_parquet('{partitions}/*/events.parquet') ORDER BY id").fetchall()
    assert [row[0] for row in events] == [row[0] for row in one_process["events"]]
    assert not (partitions / ".incoming").exists()  # every partition renamed into place, whole
    # a partition's columns are the store's, with the store's types
    stored = duckdb.connect(str(ray_run[0]), read_only=True)
    for table in ("articles", "events", "rejects"):
        types = dict(stored.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?", [table]).fetchall())
        described = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{partitions}/*/{table}.parquet')").fetchall()
        assert [(name, kind) for name, kind, *_ in described] == [(name, types[name]) for name, *_ in described]
    stored.close()
    db = tmp_path / "loaded.duckdb"
    with Store(db) as store:
        loaded = load_partitions(partitions, store)
        again = load_partitions(partitions, store)
    assert (loaded.articles, len(loaded.rejects), again.articles, again.skipped) == (10, 2, 0, 10)
    assert snapshot(db) == one_process


def test_a_task_that_fails_raises_what_it_raised(tmp_path: Path, example_article: Path, local_ray: str) -> None:
    bad = tmp_path / "tables"
    bad.mkdir()
    (bad / "verbs.tsv").write_text("this is not a header\n", encoding="utf-8")
    with Store(tmp_path / "x.duckdb") as store:
        with pytest.raises(DataTableError, match="verbs.tsv:1"):
            run_ray([str(example_article)], store, tables=[bad])
        assert store.counts()["articles"] == 0


def detente(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "detente", *args], capture_output=True, text=True, timeout=300)


def test_the_cli_joins_a_running_cluster_and_stores_the_same_database(
    tmp_path: Path, corpus: list[str], one_process: dict[str, list[tuple]], local_ray: str
) -> None:
    db, partitions = tmp_path / "cli.duckdb", tmp_path / "partitions"
    # the module's Ray instance stands for a cluster: the command connects to it by address
    result = detente("code", *corpus, "--db", str(db), "--engine", "ray", "--ray-address", local_ray,
                     "--partitions", str(partitions), "--batch-size", str(BATCH))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "10 articles, 1 already stored" in result.stderr and "2 rejects" in result.stderr
    assert snapshot(db) == one_process
    loaded = detente("load-partitions", str(partitions), "--db", str(tmp_path / "loaded.duckdb"))
    assert loaded.returncode == 0, loaded.stderr
    assert "10 articles" in loaded.stderr
    assert snapshot(tmp_path / "loaded.duckdb") == one_process


def test_without_ray_installed_the_cli_says_how_to_install_it(tmp_path: Path, example_article: Path) -> None:
    # a Python in which `import ray` fails, as where the extra is not installed
    hide = "import sys; sys.modules['ray'] = None; from detente.cli import app; app()"
    result = subprocess.run(
        [sys.executable, "-c", hide, "code", str(example_article), "--db", str(tmp_path / "x.duckdb"), "--engine", "ray"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["error: --engine ray needs Ray: pip install 'detente[ray]'"]


def test_options_of_one_engine_are_refused_with_the_other(tmp_path: Path, example_article: Path) -> None:
    result = detente("code", str(example_article), "--db", str(tmp_path / "x.duckdb"), "--engine", "ray", "--workers", "2")
    assert result.returncode == 2 and "--workers is for --engine local" in result.stderr
    result = detente("code", str(example_article), "--db", str(tmp_path / "x.duckdb"), "--partitions", str(tmp_path))
    assert result.returncode == 2 and "go with --engine ray" in result.stderr
