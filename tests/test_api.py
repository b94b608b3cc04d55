"""The REST API over a database coded from the example article, through FastAPI's test client."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from detente.export import EVENTS_CSV_COLUMNS
from detente.serve.api import MAX_BODY_BYTES, create_app


@pytest.fixture(scope="module")
def example_db(example_store: Path) -> Path:
    return example_store


@pytest.fixture(scope="module")
def client(example_db: Path) -> TestClient:
    return TestClient(create_app(example_db, read_only=True))


def test_the_dyad_by_month_has_the_march_consult(client: TestClient) -> None:
    response = client.get("/dyads/CHN/IGOWSTNAT", params={"by": "month"})
    assert response.status_code == 200
    march = next(p for p in response.json() if p["period"] == "2024-03")
    assert march["plover_types"]["CONSULT"] == 1


@pytest.mark.parametrize(
    "path, status, words",
    [
        ("/events?since=not-a-date", 422, "since"),
        ("/events?until=2024-13-45", 422, "until"),
        ("/events?limit=0", 422, "limit"),
        ("/events?source=C%3BDROP", 422, "source"),
        ("/dyads/CHN/IGOWSTNAT?by=fortnight", 422, "by"),
        ("/dyads/ZZZ/IGOWSTNAT", 404, "unknown actor"),
        ("/articles/nope", 404, "no article"),
    ],
)
def test_bad_input_is_a_4xx_with_a_message(client: TestClient, path: str, status: int, words: str) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert words in json.dumps(response.json())


def test_docs_list_every_route(client: TestClient) -> None:
    paths = set(client.get("/openapi.json").json()["paths"])
    assert paths == {"/events", "/incidents", "/dyads/{a}/{b}", "/actors", "/network", "/series", "/articles/{article_id}"}
    assert client.get("/docs").status_code == 200


def test_events_page_and_csv(client: TestClient) -> None:
    everything = client.get("/events").json()
    assert client.get("/events", params={"limit": 2, "offset": 1}).json() == everything[1:3]
    csv = client.get("/events", params={"format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv") and len(csv.text.splitlines()) == len(everything) + 1
    assert csv.text.splitlines()[0] == ",".join(EVENTS_CSV_COLUMNS)  # the export's event CSV


def test_an_article_comes_with_its_evidence_spans(client: TestClient) -> None:
    event = next(e for e in client.get("/events").json() if e["cameo"] == "043")
    article = client.get(f"/articles/{event['article_id']}").json()
    spans = [(e["char_start"], e["char_end"]) for e in article["events"]]
    assert all(article["text"][s:e] == found["sentence"] for (s, e), found in zip(spans, article["events"]))
    assert any("Beijing hosted" in article["text"][s:e] for s, e in spans)


def test_incidents_actors_network_series(client: TestClient) -> None:
    assert any(i["plover_type"] == "CONSULT" for i in client.get("/incidents").json())
    assert "IGOWSTNAT" in {a["code"] for a in client.get("/actors").json()}
    assert client.get("/network").json()["edges"]
    assert client.get("/series").json()[0]["editions"][0]["ordinal"] == 8


def test_a_writable_server_codes_posted_articles_with_its_token(tmp_path: Path) -> None:
    client = TestClient(create_app(tmp_path / "w.duckdb", token="s3cret"))
    body = {"id": "a1", "published": "2024-03-15", "text": "China accused NATO of distorting its position."}
    assert client.post("/articles", json=body).status_code == 401
    headers = {"Authorization": "Bearer s3cret"}
    first = client.post("/articles", json=body, headers=headers)
    assert first.status_code == 200 and first.json()["articles"] == 1 and first.json()["events"] >= 1
    again = client.post("/articles", json=body, headers=headers).json()
    assert (again["articles"], again["already_stored"]) == (0, 1)
    jsonl = '{"text": "Russia condemned the sanctions."}\nnot json\n'
    bad = client.post("/articles", content=jsonl, headers={**headers, "content-type": "application/jsonl"})
    assert bad.status_code == 422 and "bad JSON" in bad.json()["detail"]
    big = client.post("/articles", content=b"x" * (MAX_BODY_BYTES + 1), headers={**headers, "content-type": "application/json"})
    assert big.status_code == 413
    assert client.post("/articles", content=b"\xff\xfe", headers=headers).status_code in (415, 422)
    assert client.get("/events", params={"source": "CHN"}).json()[0]["cameo"] == "112"
