"""PostgreSQL: the same real inputs coded into DuckDB and into a real PostgreSQL server give the
same events, incidents, rejects, analyses and exports, through the library, the API and the CLI.

The server is $DETENTE_TEST_POSTGRES (a postgresql:// URL; `.ci/run` starts a throwaway one from
Debian's packages). Each test works in a fresh schema of its own. Without the variable these
tests are skipped (in CI they fail instead: a missing server must not pass for a passing test).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest

POSTGRES = os.environ.get("DETENTE_TEST_POSTGRES")
if not POSTGRES:
    if os.environ.get("CI"):
        pytest.fail("DETENTE_TEST_POSTGRES is unset: .ci/run starts a PostgreSQL server for these tests", pytrace=False)
    pytest.skip("set DETENTE_TEST_POSTGRES=postgresql://USER@HOST:PORT/DB to run these tests", allow_module_level=True)

import psycopg  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from test_incidents import REPORTS, write_jsonl  # noqa: E402
from test_store import CHINA_MIL, NATO, article, event  # noqa: E402

from detente import analysis as analyse  # noqa: E402
from detente import export  # noqa: E402
from detente.analysis.series import series  # noqa: E402
from detente.coding.pipeline import Pipeline  # noqa: E402
from detente.errors import StoreError  # noqa: E402
from detente.models import Reject  # noqa: E402
from detente.serve.api import create_app  # noqa: E402
from detente.store import EventFilter, Store  # noqa: E402

CODED_AT = "2024-03-16 09:30:00"  # both databases' articles get one storing time: exports then match byte for byte


def in_schema(url: str, schema: str) -> str:
    "The URL with `schema` first on the search path: the Store's tables live there."
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="module")
def new_schema() -> Iterator[Callable[[], str]]:
    "Makes fresh, empty schemas on the server (dropped at the end) and gives their URLs."
    made: list[str] = []

    def make() -> str:
        name = f"test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(POSTGRES, autocommit=True) as con:
            con.execute(f"CREATE SCHEMA {name}")
        made.append(name)
        return in_schema(POSTGRES, name)

    yield make
    with psycopg.connect(POSTGRES, autocommit=True) as con:
        for name in made:
            con.execute(f"DROP SCHEMA {name} CASCADE")


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory, example_article: Path) -> list[str]:
    "The example article, four reports of two China–NATO meetings (a syndicated copy among them), an empty file."
    folder = tmp_path_factory.mktemp("inputs")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return [str(example_article), str(write_jsonl(folder / "reports.jsonl", REPORTS)), str(folder / "empty.txt")]


def code(pipeline: Pipeline, store: Store, inputs: list[str]) -> None:
    pipeline.run(inputs, store)
    store.execute(f"UPDATE articles SET coded_at = CAST('{CODED_AT}' AS TIMESTAMP)")


@pytest.fixture(scope="module")
def both(
    pipeline: Pipeline, inputs: list[str], new_schema: Callable[[], str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Store, Store]]:
    "The same inputs coded into a DuckDB file and into PostgreSQL."
    with Store(tmp_path_factory.mktemp("duck") / "x.duckdb") as duck, Store(new_schema()) as pg:
        code(pipeline, duck, inputs)
        code(pipeline, pg, inputs)
        yield duck, pg


def test_the_same_events_incidents_and_rejects(both: tuple[Store, Store]) -> None:
    duck, pg = both
    assert pg.counts() == duck.counts() and pg.counts()["events"] > 10 and pg.counts()["rejects"] == 1
    assert pg.events() == duck.events()
    assert pg.incidents() == duck.incidents()
    assert pg.rejects() == duck.rejects()
    # the syndicated copy of a report is one more article of its incident, not one more source
    assert any(i.num_sources < i.num_articles for i in pg.incidents())


@pytest.mark.parametrize(
    "where",
    [
        EventFilter(source="CHN"),
        EventFilter(target="igowstnat", type="CONSULT"),
        EventFilter(type="04"),
        EventFilter(since=date(2024, 3, 14), until=date(2024, 3, 22)),
        EventFilter(limit=3, offset=2),
        EventFilter(source="x' OR 1=1 --"),
    ],
)
def test_filters_and_pages_read_the_same(both: tuple[Store, Store], where: EventFilter) -> None:
    duck, pg = both
    assert pg.events(where) == duck.events(where)
    assert pg.incidents(where) == duck.incidents(where)


def test_articles_and_actors_read_the_same(both: tuple[Store, Store]) -> None:
    duck, pg = both
    for article_id in {e.article_id for e in duck.events()}:
        assert pg.article(article_id) == duck.article(article_id) is not None
    assert pg.article("nope") is None
    assert [pg.known_actor(code) for code in ("CHN", "IGO", "ZZZ")] == [True, True, False]


def test_analyses_are_the_same(both: tuple[Store, Store]) -> None:
    duck, pg = both
    for by in analyse.PERIODS:
        assert analyse.dyad(pg, "CHN", "IGOWSTNAT", by=by) == analyse.dyad(duck, "CHN", "IGOWSTNAT", by=by)
    assert analyse.top_actors(pg) == analyse.top_actors(duck)
    assert analyse.to_json(analyse.network(pg)) == analyse.to_json(analyse.network(duck))
    found = series(pg)
    assert found == series(duck) and any(s.name == "military staff dialogue" for s in found)


@pytest.mark.parametrize("format", ["gdelt", "plover", "csv", "incidents-csv"])
def test_exports_are_the_same_byte_for_byte(both: tuple[Store, Store], tmp_path: Path, format: str) -> None:
    duck, pg = both
    assert export.export(pg, format, tmp_path / "pg") == export.export(duck, format, tmp_path / "duck") > 0
    assert (tmp_path / "pg").read_bytes() == (tmp_path / "duck").read_bytes()


def test_parquet_exports_have_the_same_schema_and_rows(both: tuple[Store, Store], tmp_path: Path) -> None:
    duck, pg = both
    where = EventFilter(source="CHN")
    stores = {"duck": duck, "pg": pg}
    written = {side: export.export(store, "parquet", tmp_path / side, where=where) for side, store in stores.items()}
    assert written["pg"] == written["duck"] > 0
    for name in ("events.parquet", "incidents.parquet"):
        read = [f"SELECT * FROM read_parquet('{tmp_path / side / name}')" for side in ("pg", "duck")]
        assert duckdb.sql(f"DESCRIBE {read[0]}").fetchall() == duckdb.sql(f"DESCRIBE {read[1]}").fetchall()
        assert duckdb.sql(read[0]).fetchall() == duckdb.sql(read[1]).fetchall() != []


def test_the_api_serves_the_same(both: tuple[Store, Store]) -> None:
    duck, pg = both
    # (DuckDB opens a file once per process: read-write, as the fixture has it)
    clients = [TestClient(create_app(pg.path, read_only=True)), TestClient(create_app(duck.path))]
    for path in ("/events?limit=5&offset=1", "/incidents", "/dyads/CHN/IGOWSTNAT?by=month", "/actors", "/network"):
        pg_response, duck_response = (client.get(path) for client in clients)
        assert pg_response.status_code == 200 and pg_response.json() == duck_response.json(), path


def test_coding_again_adds_and_changes_nothing(
    pipeline: Pipeline, inputs: list[str], new_schema: Callable[[], str]
) -> None:
    with Store(new_schema()) as pg:
        pipeline.run(inputs, pg)
        before = (pg.counts(), pg.events(), pg.incidents())
        summary = pipeline.run(inputs, pg)
        assert summary.articles == 0 and (pg.counts(), pg.events(), pg.incidents()) == before


def test_writing_a_batch_twice_adds_nothing(new_schema: Callable[[], str]) -> None:
    with Store(new_schema()) as pg:
        stored = article((event("e1", "043", "CONSULT", "2024-03-13", CHINA_MIL, NATO),))
        pg.add([stored], [Reject("empty.txt", "empty file"), Reject("empty.txt", "empty file")])
        first = pg.incidents()
        pg.add([stored], [Reject("empty.txt", "empty file")])
        assert pg.counts() == {"articles": 1, "events": 1, "rejects": 1}
        assert pg.incidents() == first and first[0].num_mentions == 1
        assert pg.known_articles(["a1", "zz"]) == {"a1"}


def test_a_failed_batch_stores_nothing(new_schema: Callable[[], str]) -> None:
    with Store(new_schema()) as pg:
        good = article((event("e1", "043", "CONSULT", "2024-03-13", CHINA_MIL, NATO),))
        pg.add([good])
        broken = article((event("e3", "043", "CONSULT", "not a date", CHINA_MIL, NATO),))
        with pytest.raises(StoreError, match="writing a batch of 1 articles failed"):
            pg.add([broken])
        assert pg.counts() == {"articles": 1, "events": 1, "rejects": 0}
        pg.add([article((event("e4", "112", "ACCUSE", "2024-03-15", NATO, CHINA_MIL),))])  # the connection goes on


def test_a_database_from_before_the_new_columns_gains_them(new_schema: Callable[[], str]) -> None:
    url = new_schema()
    with Store(url) as pg:  # then the tables as the first release made them
        pg.execute("ALTER TABLE events DROP COLUMN future, DROP COLUMN attributed_to")
        pg.execute("ALTER TABLE articles DROP COLUMN syndication_group, DROP COLUMN minhash")
    with Store(url) as pg:
        original = event("e3", "043", "CONSULT", "2024-03-13", CHINA_MIL, NATO)
        pg.add([article((original,))])
        assert pg.events() == [original]
        assert pg.execute("SELECT count(*) FROM articles WHERE minhash IS NOT NULL").fetchone()[0] == 1


def test_a_minhash_keeps_every_unsigned_64_bit_value(new_schema: Callable[[], str], tmp_path: Path) -> None:
    values = [0, 1, 2**32, 2**63 - 1, 2**63, 2**64 - 1]
    for target in (new_schema(), str(tmp_path / "x.duckdb")):
        with Store(target) as store:
            store.insert("articles", [("a", values)], columns=("id", "minhash"))
            assert [int(v) for v in store.execute("SELECT minhash FROM articles").fetchone()[0]] == values


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(
    "url, words",
    [
        (f"postgresql://detente:s3cret@127.0.0.1:{free_port()}/detente", "Connection refused"),
        ("postgresql://detente:s3cret@127.0.0.1:notaport/detente", "port"),
        ("postgresql://detente:s3cret@/x?sslmode=sometimes", "sslmode"),
    ],
)
def test_a_bad_url_is_a_one_line_error_naming_the_database_without_its_password(url: str, words: str) -> None:
    with pytest.raises(StoreError) as caught:
        Store(url)
    message = str(caught.value)
    assert "\n" not in message and words in message and "s3cret" not in message
    assert message.startswith(url.replace("s3cret", "***") + ": ")


def test_a_database_without_tables_cannot_be_read(new_schema: Callable[[], str]) -> None:
    with pytest.raises(StoreError, match="no detente tables"):
        Store(new_schema(), read_only=True)


def detente(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "detente", *args], capture_output=True, text=True, timeout=300)


def test_the_cli_codes_into_postgresql_and_lists_the_same_events(
    both: tuple[Store, Store], inputs: list[str], new_schema: Callable[[], str]
) -> None:
    duck, _ = both
    url = new_schema()
    coded = detente("code", *inputs, "--db", url)
    assert coded.returncode == 0 and "rejects →" in coded.stderr, coded.stderr
    listed = detente("events", "--db", url, "--format", "json", "--source", "CHN")
    assert listed.returncode == 0, listed.stderr
    expected = json.dumps([e.to_dict() for e in duck.events(EventFilter(source="CHN"))])
    assert json.loads(listed.stdout) == json.loads(expected) != []
    missing = detente("events", "--db", in_schema(POSTGRES, "no_such_schema"))
    assert missing.returncode == 2 and "no detente tables" in missing.stderr
