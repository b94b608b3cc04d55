"""Exports: GDELT 2.0 event rows per incident, PLOVER JSON lines, CSV and Parquet, from a store
coded from real reports (three reports of one China–NATO meeting, a syndicated copy among them,
and a second meeting a week later)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pycountry
import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from test_incidents import REPORTS, dyad_incidents, write_jsonl

from detente.coding.pipeline import Pipeline
from detente.errors import InputError
from detente.export import (
    EVENTS_CSV_COLUMNS,
    EVENTS_PARQUET_SCHEMA,
    FORMATS,
    GDELT_COLUMNS,
    GDELT_FILLED,
    INCIDENTS_CSV_COLUMNS,
    INCIDENTS_PARQUET_SCHEMA,
    PLOVER_ACTOR_KEYS,
    PLOVER_KEYS,
    export,
    gdelt,
    global_event_id,
    parquet,
    plover,
)
from detente.export import csv as csv_format
from detente.models import Location
from detente.serve.api import create_app
from detente.store import EventFilter, Store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    folder = tmp_path_factory.mktemp("export")
    path = write_jsonl(folder / "reports.jsonl", REPORTS)
    with Store(folder / "x.duckdb") as store:
        Pipeline().run([str(path)], store)
        yield store


def gdelt_rows(path: Path) -> list[dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert all(len(line.split("\t")) == 61 for line in lines)
    return [dict(zip(GDELT_COLUMNS, line.split("\t"))) for line in lines]


# --- GDELT


def test_gdelt_columns_are_the_61_of_gdelt_2_and_the_filled_ones_are_documented() -> None:
    assert len(GDELT_COLUMNS) == len(set(GDELT_COLUMNS)) == 61
    assert GDELT_COLUMNS[:2] == ("GLOBALEVENTID", "SQLDATE") and GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")
    assert GDELT_COLUMNS.index("IsRootEvent") == 25 and GDELT_COLUMNS.index("ActionGeo_Type") == 51
    assert set(GDELT_FILLED) <= set(GDELT_COLUMNS)


def test_gdelt_has_one_row_per_incident_with_its_counts_date_code_and_place(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "deep" / "gdelt.export.CSV"
    assert export(store, "gdelt", out) == len(store.incidents())
    rows = {int(r["GLOBALEVENTID"]): r for r in gdelt_rows(out)}
    assert len(rows) == len(store.incidents())
    first, second = dyad_incidents(store)
    row = rows[global_event_id(first.id)]
    assert (row["NumArticles"], row["NumSources"], row["NumMentions"]) == ("3", "2", str(first.num_mentions))
    assert (row["SQLDATE"], row["MonthYear"], row["Year"], row["FractionDate"]) == ("20240313", "202403", "2024", "2024.1967")
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"], row["IsRootEvent"]) == ("040", "040", "04", "1")
    assert (int(row["QuadClass"]), float(row["GoldsteinScale"])) == (1, 1.0)
    assert {row["Actor1Code"], row["Actor2Code"]} == {"CHNMIL", "IGOWSTNAT"}
    assert {row["Actor1CountryCode"], row["Actor2CountryCode"]} == {"CHN", ""}
    assert {row["Actor1Type1Code"], row["Actor2Type1Code"]} == {"MIL", "IGO"}
    # Brussels: a world city, Belgium's FIPS code, its GeoNames point
    assert (row["ActionGeo_Type"], row["ActionGeo_CountryCode"], row["ActionGeo_FullName"]) == ("4", "BE", "Brussels, Belgium")
    assert float(row["ActionGeo_Lat"]) == pytest.approx(50.85, abs=0.05)
    assert float(row["ActionGeo_Long"]) == pytest.approx(4.35, abs=0.05)
    assert row["ActionGeo_FeatureID"] == str(first.event.location.geonameid)  # type: ignore[union-attr]
    assert row["SOURCEURL"] == first.source_url and row["SOURCEURL"].startswith("https://")
    assert len(row["DATEADDED"]) == 14 and row["DATEADDED"].isdigit()
    later = rows[global_event_id(second.id)]
    assert (later["SQLDATE"], later["NumArticles"], later["NumSources"]) == ("20240321", "1", "1")


def test_gdelt_leaves_what_detente_does_not_know_empty(store: Store, tmp_path: Path) -> None:
    export(store, "gdelt", tmp_path / "g.tsv")
    for row in gdelt_rows(tmp_path / "g.tsv"):
        assert all(row[c] == "" for c in GDELT_COLUMNS if c not in GDELT_FILLED)
        assert row["AvgTone"] == "" and row["Actor1Geo_Lat"] == ""


def test_gdelt_reads_the_filter(store: Store, tmp_path: Path) -> None:
    assert export(store, "gdelt", tmp_path / "g.tsv", where=EventFilter(since=date(2024, 3, 20))) == 1
    (row,) = gdelt_rows(tmp_path / "g.tsv")
    assert row["SQLDATE"] == "20240321"


@pytest.mark.parametrize(
    ("location", "geo_type", "country", "adm1"),
    [
        (Location("Brussels", "BEL", 50.85, 4.35, "city"), 4, "BE", ""),
        (Location("Houston", "USA", 29.76, -95.36, "city", admin1="Texas"), 3, "US", "USTX"),
        (Location("Texas", "USA", 31.0, -100.0, "admin1", admin1="Texas"), 2, "US", "USTX"),
        (Location("Bavaria", "DEU", None, None, "admin1", admin1="Bavaria"), 5, "GM", ""),
        (Location("Ukraine", "UKR", 49.0, 32.0, "country"), 1, "UP", "UP"),
        (Location("Gaza", "PSE", 31.5, 34.47, "city"), 4, "GZ", ""),
        (Location("Ramallah", "PSE", 31.9, 35.2, "city"), 4, "WE", ""),
    ],
)
def test_action_geo_follows_gdelts_conventions(location: Location, geo_type: int, country: str, adm1: str) -> None:
    geo = gdelt._gdelt_geo(location)
    assert (geo["ActionGeo_Type"], geo["ActionGeo_CountryCode"], geo["ActionGeo_ADM1Code"] or "") == (geo_type, country, adm1)


def test_the_fips_table_maps_real_iso_codes_to_distinct_fips_codes() -> None:
    table = gdelt._FIPS
    assert len(table) > 240
    assert all(pycountry.countries.get(alpha_3=iso3) is not None for iso3 in table if iso3 != "XKX")
    assert all(len(code) == 2 and code.isalpha() and code.isupper() for code in table.values())
    assert len(set(table.values())) == len(table)
    known = {"DEU": "GM", "GBR": "UK", "CHN": "CH", "RUS": "RS", "AUS": "AS", "AUT": "AU", "ISR": "IS", "IRQ": "IZ"}
    assert {iso3: table[iso3] for iso3 in known} == known


@given(st.text())
def test_global_event_id_is_stable_and_fits_a_signed_64_bit_integer(incident_id: str) -> None:
    value = global_event_id(incident_id)
    assert value == global_event_id(incident_id)
    assert 0 <= value < 2**63


@given(st.from_regex(r"i[0-9a-f]{15}", fullmatch=True), st.text())
def test_global_event_id_of_a_detente_incident_id_reads_back(incident_id: str, other: str) -> None:
    value = global_event_id(incident_id)
    assert f"i{value:015x}" == incident_id
    if other != incident_id:
        assert global_event_id(other) != value


@given(st.text())
def test_a_gdelt_field_never_breaks_the_columns(value: str) -> None:
    assert not set(gdelt._gdelt_field(value)) & {"\t", "\n", "\r"}


# --- PLOVER


def test_plover_lines_are_json_with_the_documented_keys(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "plover.jsonl"
    events = store.events()
    assert export(store, "plover", out) == len(events)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [e.id for e in events]
    for record, event in zip(records, events):
        assert list(record) == list(PLOVER_KEYS)
        assert all(list(actor) == list(PLOVER_ACTOR_KEYS) for actor in record["actor"] + record["recipient"])
        assert (record["event_text"], record["event_type"], record["date"]) == (event.sentence, event.plover_type, event.date)
    first, _ = dyad_incidents(store)
    meeting = next(r for r in records if r["id"] == first.event.id)
    assert meeting["incident_id"] == first.id and meeting["event_type"] == "CONSULT" and meeting["context"] == []
    assert meeting["event_loc"]["resolved_place"] == "Brussels" and meeting["event_loc"]["country_code"] == "BEL"
    assert {a["cameo_code"] for a in meeting["actor"] + meeting["recipient"]} == {"CHNMIL", "IGOWSTNAT"}
    assert {a["code"] for a in meeting["actor"] + meeting["recipient"]} == {"CHN", "IGOWSTNAT"}
    assert meeting["cite_info"]["url"] == first.source_url


# --- CSV


def test_events_csv_has_the_documented_columns(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    assert export(store, "csv", out) == len(store.events())
    with out.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    assert reader.fieldnames == list(EVENTS_CSV_COLUMNS)
    assert [r["id"] for r in rows] == [e.id for e in store.events()]
    assert {r["negated"] for r in rows} <= {"true", "false"}


def test_incidents_csv_has_the_counts(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "incidents.csv"
    assert export(store, "incidents-csv", out) == len(store.incidents())
    with out.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = {r["id"]: r for r in reader}
    assert reader.fieldnames == list(INCIDENTS_CSV_COLUMNS)
    first, _ = dyad_incidents(store)
    row = rows[first.id]
    assert (row["num_articles"], row["num_sources"], row["date"], row["location"]) == ("3", "2", "2024-03-13", "Brussels")
    assert row["event_ids"].split() == list(first.event_ids)
    assert int(row["global_event_id"]) == global_event_id(first.id)


def detente(*args: str) -> bytes:
    "What `detente ARGS` prints, byte for byte (CRLF row ends included)."
    result = subprocess.run([sys.executable, "-m", "detente", *args], capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("source", [None, "CHN"])
def test_the_export_the_events_command_and_the_api_write_one_event_csv(
    example_store: Path, tmp_path: Path, source: str | None
) -> None:
    out = tmp_path / "events.csv"
    where = ("--source", source) if source else ()
    detente("export", "--db", str(example_store), "--format", "csv", *where, "--out", str(out))
    listed = detente("events", "--db", str(example_store), "--format", "csv", *where)
    params = {"format": "csv", **({"source": source} if source else {})}
    served = TestClient(create_app(example_store, read_only=True)).get("/events", params=params)
    assert served.status_code == 200
    exported = out.read_bytes()
    assert listed == served.content == exported
    reader = csv.DictReader(io.StringIO(exported.decode("utf-8"), newline=""))
    rows = list(reader)
    assert reader.fieldnames == list(EVENTS_CSV_COLUMNS)
    assert 0 < len(rows) < 100  # under the API's default page size: all three read the same events
    assert any(r["incident_id"] for r in rows)
    if source is None:  # the invasion is background, other events are not; some report no incident
        assert {r["background"] for r in rows} == {"true", "false"} and not all(r["incident_id"] for r in rows)


# --- Parquet

POLARS_TYPES = {
    "VARCHAR": pl.String(), "DATE": pl.Date(), "INTEGER": pl.Int32(), "BIGINT": pl.Int64(), "DOUBLE": pl.Float64(),
    "BOOLEAN": pl.Boolean(), "TIMESTAMP": pl.Datetime("us"), "VARCHAR[]": pl.List(pl.String()),
    parquet.ACTORS: pl.List(pl.Struct({k: pl.String() for k in ("text", "name", "code", "country", "sector")})),
}  # fmt: skip


def duckdb_type(declared: str) -> str:
    "The type name DuckDB reports for a declared type (its spelling of STRUCT varies by version)."
    return duckdb.sql(f"DESCRIBE SELECT CAST(NULL AS {declared}) AS x").fetchall()[0][1]


@pytest.mark.parametrize(("name", "schema"), [("events", EVENTS_PARQUET_SCHEMA), ("incidents", INCIDENTS_PARQUET_SCHEMA)])
def test_parquet_opens_in_duckdb_and_polars_with_the_documented_schema(
    store: Store, tmp_path: Path, name: str, schema: tuple
) -> None:
    out = tmp_path / "parquet"
    assert export(store, "parquet", out) == len(store.events()) + len(store.incidents())
    path = out / f"{name}.parquet"
    described = duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
    assert [(row[0], row[1]) for row in described] == [(column, duckdb_type(kind)) for column, kind, _, _ in schema]
    frame = pl.read_parquet(path)
    assert frame.schema == pl.Schema({column: POLARS_TYPES[kind] for column, kind, _, _ in schema})
    assert frame.height == (len(store.events()) if name == "events" else len(store.incidents()))


def test_parquet_rows_carry_the_incidents_and_actors(store: Store, tmp_path: Path) -> None:
    export(store, "parquet", tmp_path)
    first, _ = dyad_incidents(store)
    incidents = pl.read_parquet(tmp_path / "incidents.parquet")
    row = incidents.filter(pl.col("id") == first.id).row(0, named=True)
    assert (row["num_articles"], row["num_sources"], row["date"], row["location_name"]) == (3, 2, date(2024, 3, 13), "Brussels")
    assert row["global_event_id"] == global_event_id(first.id) and row["event_ids"] == list(first.event_ids)
    events = duckdb.sql(f"SELECT id, incident_id, source[1].code AS code FROM read_parquet('{tmp_path / 'events.parquet'}')")
    found = {r[0]: r for r in events.fetchall()}
    assert found[first.event.id][1:] == (first.id, first.event.source[0].code)


# --- errors and atomic writes


@pytest.mark.parametrize("format", sorted(FORMATS))
def test_an_empty_store_exports_empty_files(tmp_path: Path, format: str) -> None:
    with Store(tmp_path / "empty.duckdb") as empty:
        assert export(empty, format, tmp_path / "out" / format) == 0
    assert (tmp_path / "out" / format).exists()


def test_an_unknown_format_is_a_one_line_input_error_naming_the_choices(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        export(store, "xml", tmp_path / "new" / "x.xml")
    message = str(caught.value)
    assert "\n" not in message and "'xml'" in message and all(name in message for name in FORMATS)
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize(
    ("format", "module", "broken"),
    [("csv", csv_format, "_event_csv_row"), ("gdelt", gdelt, "_gdelt_row"), ("plover", plover, "_plover_record")],
)
def test_a_failed_export_leaves_the_old_file_and_no_partial_one(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, format: str, module: object, broken: str
) -> None:
    out = tmp_path / "out.txt"
    out.write_text("previous export\n", encoding="utf-8")

    def fail(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(module, broken, fail)
    with pytest.raises(RuntimeError):
        export(store, format, out)
    assert out.read_text(encoding="utf-8") == "previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_failed_parquet_export_replaces_neither_file(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    export(store, "parquet", tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    schema = (*INCIDENTS_PARQUET_SCHEMA, ("broken", "INTEGER", "CAST('x' AS INTEGER)", "fails"))
    monkeypatch.setattr(parquet, "INCIDENTS_PARQUET_SCHEMA", schema)
    with pytest.raises(duckdb.Error):
        export(store, "parquet", tmp_path, where=EventFilter(since=date(2024, 3, 20)))
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
