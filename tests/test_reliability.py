"""Nothing lost, nothing duplicated: `detente code` killed with SIGKILL mid-run, then run again.

The corpus is real news: sentences of the PLV gold file, four to an article, with dates. Each
run is killed at a different point, within 0.2 s after its first, third, fifth or seventh change
to the database files (a batch written, the file checkpointed): while it codes the next batch
or writes it. The last run completes. The end state must equal one uninterrupted run: the same
articles, the same events, no duplicates, every article whole, every reported event in exactly
one incident.
"""

from __future__ import annotations

import csv
import functools
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.coding.pipeline import Pipeline
from detente.store import Store
from detente.store.incidents import is_incident_event

ARTICLES = 60
BATCH = 4
KILLS = 4
RUN_TIMEOUT = 300  # seconds: a hung run fails the test rather than CI


def write_corpus(folder: Path, shared: Path) -> Path:
    with open(shared / "eval" / "dev" / "PLV_train.tsv", encoding="utf-8") as handle:
        sentences = [row["sentence"] for row in csv.DictReader(handle, delimiter="\t")]
    folder.mkdir()
    for i in range(ARTICLES):
        day = date(2019, 1, 1) + timedelta(days=i)
        body = " ".join(sentences[4 * i : 4 * i + 4])
        (folder / f"article-{i:03d}.txt").write_text(f" date {day.isoformat()} {body}\n", encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02 not text")  # a reject, stored once
    return folder


def changed(db: Path, seen: dict[str, float]) -> bool:
    "Whether the database or its write-ahead log changed since we last looked."
    now = {p.name: p.stat().st_mtime_ns for p in (db, db.with_name(db.name + ".wal")) if p.exists()}
    moved = now != seen and bool(now)
    seen.clear()
    seen.update(now)
    return moved


def run_until_killed(command: list[str], db: Path, rng: random.Random, kills_after: int) -> bool:
    "Start the run; kill it with SIGKILL soon after its `kills_after`-th write. True if killed alive."
    log = db.with_name("run.log")
    with open(log, "wb") as stderr:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
    seen: dict[str, float] = {}
    changed(db, seen)
    writes = 0
    deadline = time.monotonic() + RUN_TIMEOUT
    while process.poll() is None:
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"detente code ran for over {RUN_TIMEOUT} s: {log.read_text()[-500:]}")
        if changed(db, seen):
            writes += 1
            if writes >= kills_after:
                time.sleep(rng.uniform(0, 0.2))  # inside a transaction or just after one
                if process.poll() is None:
                    process.send_signal(signal.SIGKILL)
                    process.wait()
                    return True
        time.sleep(0.01)
    assert process.returncode == 0, log.read_text()
    return False


def test_killed_runs_resume_to_exactly_one_uninterrupted_run(tmp_path: Path, shared: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", shared)
    reference_db, killed_db = tmp_path / "reference.duckdb", tmp_path / "killed.duckdb"
    with Store(reference_db) as reference:
        Pipeline().run([str(corpus)], reference, batch_size=BATCH)

    command = [sys.executable, "-m", "detente", "code", str(corpus), "--db", str(killed_db), "--batch-size", str(BATCH)]
    rng = random.Random(8)
    survived = sum(run_until_killed(command, killed_db, rng, kills_after=1 + 2 * k) for k in range(KILLS))
    assert survived == KILLS, "each run was killed while it was coding"
    finished = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}, timeout=RUN_TIMEOUT
    )
    assert finished.returncode == 0, finished.stderr

    with Store(reference_db, read_only=True) as reference, Store(killed_db, read_only=True) as killed:
        assert killed.counts() == reference.counts()
        assert killed.events() == reference.events()
        assert killed.rejects() == reference.rejects()
        assert_whole_and_unique(killed)


def assert_whole_and_unique(store: Store) -> None:
    "Every article has all its events, no row is stored twice, every report is in one incident."
    con = store.con
    assert con.execute("SELECT count(*) - count(DISTINCT id) FROM events").fetchone() == (0,)
    assert con.execute("SELECT count(*) - count(DISTINCT id) FROM articles").fetchone() == (0,)
    half = con.execute(
        "SELECT a.id FROM articles a LEFT JOIN events e ON e.article_id = a.id "
        "GROUP BY a.id, a.n_events HAVING count(e.id) <> a.n_events"
    ).fetchall()
    assert half == []
    orphans = con.execute("SELECT count(*) FROM events WHERE article_id NOT IN (SELECT id FROM articles)").fetchone()
    assert orphans == (0,)
    counts = con.execute(
        "SELECT count(*) FROM incidents i WHERE num_mentions <> "
        "(SELECT count(*) FROM incident_events ie WHERE ie.incident_id = i.id)"
    ).fetchone()
    assert counts == (0,)
    linked = {row[0] for row in con.execute("SELECT event_id FROM incident_events").fetchall()}
    assert {e.id for e in store.events() if is_incident_event(e)} == linked


@pytest.fixture(autouse=True)
def _no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


def test_the_api_serves_reads_while_detente_code_writes(tmp_path: Path, shared: Path) -> None:
    """DuckDB lets one process at a file at a time: the writer lets go while it codes each
    batch and the API after each request, each waiting out the other. Readers see no error,
    and counts that only grow."""
    from fastapi.testclient import TestClient

    from detente.serve.api import create_app

    corpus = write_corpus(tmp_path / "corpus", shared)
    db = tmp_path / "shared.duckdb"
    Store(db).close()  # the tables, before the server opens the file read-only
    command = [sys.executable, "-m", "detente", "code", str(corpus), "--db", str(db), "--batch-size", str(BATCH)]
    statuses, counts = [], []
    with TestClient(create_app(db, read_only=True)) as client:
        with open(tmp_path / "run.log", "wb") as log:
            writer = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
        deadline = time.monotonic() + RUN_TIMEOUT
        while writer.poll() is None:
            if time.monotonic() > deadline:
                writer.kill()
                pytest.fail(f"detente code ran for over {RUN_TIMEOUT} s beside the API")
            for route in ("/events?limit=10000", "/incidents?limit=10000", "/actors"):
                response = client.get(route)
                statuses.append(response.status_code)
                if route.startswith("/events"):
                    counts.append(len(response.json()))
            time.sleep(0.02)
        assert writer.returncode == 0, (tmp_path / "run.log").read_text()
        final = len(client.get("/events?limit=10000").json())
    with Store(db, read_only=True) as store:
        assert final == store.counts()["events"] > 0
    assert set(statuses) == {200}
    assert counts == sorted(counts), "a reader never sees events disappear"
    assert any(0 < count < final for count in counts), "some reads came while the writer was part way"


GIGABYTE = 1 << 30
# Reads every input of a folder in a fresh interpreter and prints what it got and its peak RSS.
# (The peak is VmHWM: getrusage's ru_maxrss carries the parent's peak across fork and exec.)
READ_ALL = """
import sys
from detente.ingest import read_inputs
kinds = [type(item).__name__ for item in read_inputs([sys.argv[1]])]
peak_kb = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(kinds.count("RawArticle"), kinds.count("Reject"), peak_kb // 1024)
"""


def test_a_gigabyte_of_input_is_read_in_bounded_memory(tmp_path: Path) -> None:
    """A 1 GB JSONL file (articles around thirty 34 MB lines) and a 1 GB text file: the long
    lines are rejected without being held, the text file by its size, and the articles read."""
    folder = tmp_path / "big"
    folder.mkdir()
    article = b'{"text": "China accused NATO of distorting its position.", "published": "2024-03-15"}\n'
    long_line = b'{"text": "' + b"x" * (34 << 20) + b'"}\n'
    long_lines = 0
    with open(folder / "a.jsonl", "wb") as out:
        out.write(article * 10)
        while out.tell() < GIGABYTE:
            out.write(long_line)
            long_lines += 1
        out.write(article * 10)
    with open(folder / "b.txt", "wb") as out:
        out.truncate(GIGABYTE)  # sparse: a gigabyte of NUL bytes
    result = subprocess.run(
        [sys.executable, "-c", READ_ALL, str(folder)], capture_output=True, text=True, check=True, timeout=RUN_TIMEOUT
    )
    articles, rejects, peak_mb = map(int, result.stdout.split())
    assert (articles, rejects) == (20, long_lines + 1)
    assert peak_mb < 250, f"peak RSS {peak_mb} MB reading 2 GB of input"


# Inputs a batch may hold: random bytes, and text made to hurt (every reader's edge cases).
NASTY = st.sampled_from([
    b"", b"\x00" * 64, b"\xff\xfe\x00\x00garbage", b"\xc3\x28 invalid UTF-8 \xa0\xa1",
    b" date 0000-00-00 China accused NATO.", b" date 2024-02-30 China accused NATO.", b" date 99999-01-01 x",
    b"<html><body>" + b"<div>" * 20000 + b"China met NATO." + b"</div>" * 20000 + b"</body></html>",
    b'{"text": 5}\n{"text": null}\n["not", "an", "object"]\n{"text": "China met NATO.", "published": "2024-02-30"}\n',
    b'{"text": "China met NATO.", "published": {"y": 2024}}\n{"id": [], "text": "NATO met China."}\n',
    b"China accused NATO.\x00\x00 NATO denied it.", "Pékin a accusé l'OTAN. 北京指责北约。".encode("utf-16"),
])  # fmt: skip
SUFFIXES = st.sampled_from([".txt", ".jsonl", ".html", ".csv", ""])


@settings(max_examples=40, deadline=None)
@given(inputs=st.lists(st.tuples(NASTY | st.binary(max_size=2000), SUFFIXES), min_size=1, max_size=4))
def test_any_batch_is_coded_or_rejected_and_what_was_stored_stays(
    tmp_path_factory: pytest.TempPathFactory, example_store: Path, inputs: list[tuple[bytes, str]]
) -> None:
    folder = tmp_path_factory.mktemp("inputs")
    db = folder / "db.duckdb"
    shutil.copy(example_store, db)
    for i, (data, suffix) in enumerate(inputs):
        (folder / f"input-{i}{suffix}").write_bytes(data)
    paths = [str(p) for p in sorted(folder.glob("input-*"))]
    with Store(db) as store:
        before = store.events()
        summary = _pipeline().run(paths, store)
        after = store.events()
        stored = [row[0] for row in store.execute("SELECT origin FROM articles").fetchall()]
    assert all("\n" not in r.reason and r.input.startswith(str(folder)) for r in summary.rejects)
    # each input is coded (an article stored from it), rejected (one line naming it), or its
    # text was stored already (skipped as a copy)
    unaccounted = [
        p for p in paths
        if not any(r.input == p or r.input.startswith(p + ":") for r in summary.rejects)
        and not any(origin == p or origin.startswith(p + ":") for origin in stored)
    ]  # fmt: skip
    assert len(unaccounted) <= summary.skipped, (unaccounted, summary)
    assert set(before) <= set(after), "nothing stored before is lost"


@functools.lru_cache(maxsize=1)
def _pipeline() -> Pipeline:
    return Pipeline()


HOLD_FILE = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
"""


def test_a_writer_lets_go_only_when_asked_and_a_reader_waits_its_turn(tmp_path: Path) -> None:
    db = tmp_path / "turns.duckdb"
    with Store(db) as writer:
        writer.release_if_asked()
        assert writer.db._con is not None, "nobody asked: the file stays open (closing costs)"
        Path(str(db) + ".wanted").touch()  # another process asks
        writer.release_if_asked()
        assert writer.db._con is None
        assert writer.counts()["articles"] == 0  # and it opens again on the next statement


def test_waiting_for_a_held_file_ends_in_a_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from detente.errors import StoreError
    from detente.store import dialects

    db = tmp_path / "held.duckdb"
    Store(db).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLD_FILE, str(db), "30"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        monkeypatch.setattr(dialects, "LOCK_WAIT", 0.5)
        with pytest.raises(StoreError, match=r"held\.duckdb: cannot open the database: .*lock"):
            Store(db, read_only=True)
        assert Path(str(db) + ".wanted").exists(), "the waiting process asked for the file"
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout:
            holder.stdout.close()


def test_an_in_memory_database_is_never_let_go() -> None:
    from datetime import date as day

    from detente.models import RawArticle

    store = Store(":memory:")
    raw = RawArticle(doc_id="m", text="China accused NATO of distorting its position.", origin="m", published=day(2024, 3, 15))
    summary = _pipeline().run_articles([raw], store)
    store.release()
    assert summary.events >= 1 and store.counts()["events"] == summary.events
    store.close()


def test_a_worker_killed_mid_run_is_an_error_not_a_hang(tmp_path: Path, shared: Path) -> None:
    "A Pool replaces a dead worker and drops its batch: the run must say so, not wait for ever."
    import multiprocessing
    import threading

    from detente.errors import DetenteError
    from detente.run import run_parallel

    corpus = write_corpus(tmp_path / "corpus", shared)

    def kill_a_worker() -> None:
        deadline = time.monotonic() + RUN_TIMEOUT
        while len(multiprocessing.active_children()) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.0)
        children = multiprocessing.active_children()
        if children:
            os.kill(children[0].pid, signal.SIGKILL)

    killer = threading.Thread(target=kill_a_worker, daemon=True)
    killer.start()
    with Store(tmp_path / "db.duckdb") as store, pytest.raises(DetenteError, match="worker process died"):
        run_parallel([str(corpus)], store, workers=2, batch_size=BATCH)
    killer.join(timeout=RUN_TIMEOUT)
