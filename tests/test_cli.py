"""The `detente` command end to end, run as a user runs it: a real process, real files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

# a 1x1 transparent PNG, byte for byte
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000" "1f15c4890000000d49444154789c6300010000050001" "0d0a2db40000000049454e44ae426082"
)


def detente(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "detente", *args], capture_output=True, text=True, input=stdin, timeout=300
    )


def events_json(db: Path, *filters: str) -> list[dict]:
    result = detente("events", "--db", str(db), "--format", "json", *filters)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def example_db(tmp_path_factory: pytest.TempPathFactory, example_article: Path) -> Path:
    db = tmp_path_factory.mktemp("example") / "x.duckdb"
    result = detente("code", str(example_article), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "1 articles" in result.stderr
    return db


def test_example_article_codes_the_beijing_dialogue(example_db: Path) -> None:
    consult = [
        e for e in events_json(example_db)
        if e["plover_type"] == "CONSULT" and e["cameo"].startswith("04")
        and any(a["country"] == "CHN" for a in e["source"] + e["target"])
        and any(a["code"] == "IGOWSTNAT" for a in e["source"] + e["target"])
        and e["date"] == "2024-03-13"
    ]  # fmt: skip
    assert consult, "no CONSULT event between China and NATO on 2024-03-13"
    location = consult[0]["location"]
    assert location["name"] == "Beijing"
    assert abs(location["lat"] - 39.9) < 0.5 and abs(location["lon"] - 116.4) < 0.5
    assert consult[0]["date_precision"] == "day"


def test_example_article_last_year_is_2023_at_year_precision(example_db: Path) -> None:
    last_year = [e for e in events_json(example_db) if e["sentence"].startswith("Last year, NATO clarified")]
    assert last_year and all((e["date"], e["date_precision"]) == ("2023-01-01", "year") for e in last_year)


def test_example_article_invasion_is_background_not_a_fresh_attack(example_db: Path) -> None:
    for e in events_json(example_db):
        if e["plover_type"] == "ASSAULT":
            assert e["background"] and e["date"] is None, e


def test_example_article_events_quote_their_evidence(example_db: Path) -> None:
    with duckdb.connect(str(example_db), read_only=True) as con:
        text = con.execute("SELECT text FROM articles").fetchone()[0]
    for e in events_json(example_db):
        assert text[e["char_start"] : e["char_end"]] == e["sentence"]
        assert {"future", "attributed_to", "negated", "hypothetical", "background", "rule"} <= e.keys()


def test_example_article_codes_chinas_accusation(example_db: Path) -> None:
    accusations = events_json(example_db, "--source", "CHN", "--target", "IGOWSTNAT", "--type", "ACCUSE")
    assert any(e["cameo"].startswith("11") for e in accusations)


def test_boilerplate_is_never_evidence(example_db: Path) -> None:
    assert all("Advertisment" not in e["sentence"] for e in events_json(example_db))


def test_rerunning_adds_nothing(example_db: Path, example_article: Path) -> None:
    before = events_json(example_db)
    result = detente("code", str(example_article), "--db", str(example_db))
    assert result.returncode == 0
    assert "0 articles, 1 already stored" in result.stderr
    assert events_json(example_db) == before


def test_filters_and_formats(example_db: Path) -> None:
    assert {e["plover_type"] for e in events_json(example_db, "--type", "CONSULT")} == {"CONSULT"}
    assert all(e["date"] >= "2024-03-14" for e in events_json(example_db, "--since", "2024-03-14"))
    csv_out = detente("events", "--db", str(example_db), "--format", "csv", "--type", "112")
    assert csv_out.returncode == 0
    assert csv_out.stdout.splitlines()[0].startswith("id,incident_id,date,date_precision,date_source,source,target,cameo")
    assert ",false," in csv_out.stdout and ",False," not in csv_out.stdout  # the export's booleans
    assert ",CHN,IGOWSTNAT,112," in csv_out.stdout
    table = detente("events", "--db", str(example_db))
    assert "CONSULT" in table.stdout and "IGOWSTNAT" in table.stdout


@pytest.mark.parametrize("option", ["--since", "--until"])
def test_bad_date_filter_is_a_clear_error(example_db: Path, option: str) -> None:
    result = detente("events", "--db", str(example_db), option, "2024-02-30")
    assert result.returncode == 2
    assert f"{option} '2024-02-30' is not a date" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    result = detente("events", "--db", str(tmp_path / "nope.duckdb"))
    assert result.returncode == 2 and "no such database" in result.stderr


def test_mixed_folder_with_bad_inputs(tmp_path: Path, example_article: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(example_article, folder / "china-nato.txt")
    lines = [
        {"id": "wire-1", "text": "Japan pledged $500 million in aid to Ukraine on Monday.", "published": "2024-02-19"},
        {"id": "wire-2", "text": "Turkey hosted talks between Russia and Ukraine in Istanbul.", "published": "2022-03-29"},
    ]
    (folder / "wire.jsonl").write_text(
        json.dumps(lines[0]) + "\n" + '{"id": "wire-broken", "text": "unterminated\n' + json.dumps(lines[1]) + "\n",
        encoding="utf-8",
    )
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "logo.png").write_bytes(PNG)
    (folder / "latin1.txt").write_bytes(
        " date 2024-04-02 France condemned Russia after the attack near Zürich's consulate, the café owner said.".encode("latin-1")
    )
    db = tmp_path / "inbox.duckdb"
    result = detente("code", str(folder), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "4 articles" in result.stderr and "3 rejects" in result.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        rejects = dict(con.execute("SELECT input, reason FROM rejects").fetchall())
        texts = [row[0] for row in con.execute("SELECT text FROM articles").fetchall()]
        doc_ids = {row[0] for row in con.execute("SELECT doc_id FROM articles").fetchall()}
    assert set(rejects) == {str(folder / "empty.txt"), str(folder / "logo.png"), f"{folder / 'wire.jsonl'}:2"}
    assert "empty" in rejects[str(folder / "empty.txt")]
    assert "PNG" in rejects[str(folder / "logo.png")]
    assert "JSON" in rejects[f"{folder / 'wire.jsonl'}:2"]
    assert any("Zürich's consulate, the café owner" in text for text in texts)
    assert {"wire-1", "wire-2"} <= doc_ids
    # strict mode turns rejects into a failing exit status, and nothing is stored twice
    strict = detente("code", str(folder), "--db", str(db), "--strict")
    assert strict.returncode == 1
    assert "0 articles, 4 already stored" in strict.stderr


def test_stdin(tmp_path: Path) -> None:
    db = tmp_path / "stdin.duckdb"
    result = detente("code", "-", "--db", str(db), stdin=" date 2024-05-02 Iran was sanctioned by the European Union on Tuesday.")
    assert result.returncode == 0, result.stderr
    [event] = events_json(db)
    assert (event["source"][0]["code"], event["target"][0]["code"], event["cameo"]) == ("IGOEUREEC", "IRN", "163")
    assert event["date"] == "2024-04-30"


@pytest.mark.parametrize("command", ["code", "events"])
def test_every_command_has_help(command: str) -> None:
    result = detente(command, "--help")
    assert result.returncode == 0 and "--db" in result.stdout


def test_reports_of_one_meeting_export_as_one_gdelt_row(tmp_path: Path) -> None:
    from test_incidents import REPORTS, write_jsonl

    db = tmp_path / "x.duckdb"
    assert detente("code", str(write_jsonl(tmp_path / "reports.jsonl", REPORTS)), "--db", str(db)).returncode == 0
    out = tmp_path / "events.tsv"
    result = detente("export", "--db", str(db), "--format", "gdelt", "--out", str(out))
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    # GDELT 2.0 columns (from 0): 1 SQLDATE, 26 EventCode, 31 NumMentions, 32 NumSources, 33 NumArticles
    dyad = sorted((r for r in rows if {r[5], r[15]} == {"CHNMIL", "IGOWSTNAT"}), key=lambda r: r[1])
    assert [(r[1], r[33], r[32]) for r in dyad] == [("20240313", "3", "2"), ("20240321", "1", "1")]
    assert all(len(r) == 61 for r in rows)


def test_export_to_an_unknown_format_is_refused(tmp_path: Path, example_db: Path) -> None:
    result = detente("export", "--db", str(example_db), "--format", "xml", "--out", str(tmp_path / "x"))
    assert result.returncode != 0 and "xml" in result.stderr


def test_example_article_series_lists_the_eighth_dialogue_and_its_history(example_db: Path) -> None:
    result = detente("series", "--db", str(example_db), "--format", "json")
    assert result.returncode == 0, result.stderr
    [dialogue] = [s for s in json.loads(result.stdout) if s["name"] == "military staff dialogue"]
    assert dialogue["parties"] == ["CHN", "IGOWSTNAT"]
    [edition] = dialogue["editions"]
    assert (edition["ordinal"], edition["date"], edition["place"]) == (8, "2024-03-13", "Beijing")
    assert {(h["kind"], h["year"]) for h in dialogue["history"]} >= {("start", 2010), ("resumed", 2018)}
    table = detente("series", "--db", str(example_db))
    assert table.returncode == 0 and "military staff dialogue" in table.stdout
