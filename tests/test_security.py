"""Nobody let in: SQL through every filter, paths through every route, and the write route's
guards. Attacks go through the API (validation first) and straight to the library (where the
values are bound parameters, never SQL), and the database must come out unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from detente.serve.api import create_app
from detente.store import EventFilter, Store

# Classic injections, and the same with a valid-looking prefix (a real code, a real date).
PAYLOADS = [
    "' OR '1'='1",
    "CHN' OR '1'='1",
    "CHN'; DROP TABLE events; --",
    "1; DROP TABLE events",
    "2024-01-01' OR 1=1 --",
    "CHN\") OR 1=1 --",
    "%' OR 1=1 --",
    "CHN UNION SELECT * FROM articles",
    "$$; DELETE FROM events; $$",
    "\\'; DELETE FROM events; --",
    "?",
    "CHN\x00",
]
FILTER_PARAMS = ["source", "target", "type", "since", "until", "limit", "offset"]
TEXT_FILTERS = ["source", "target", "type", "article_id"]


@pytest.fixture()
def db(tmp_path: Path, example_store: Path) -> Path:
    "A copy of the example database each test may attack."
    copy = tmp_path / "attacked.duckdb"
    shutil.copy(example_store, copy)
    return copy


def snapshot(db: Path) -> dict[str, object]:
    with Store(db, read_only=True) as store:
        return {"counts": store.counts(), "events": store.events(), "incidents": store.incidents()}


def test_every_filter_of_every_listing_takes_injections_as_plain_values(db: Path) -> None:
    before = snapshot(db)
    with TestClient(create_app(db)) as client:
        for route in ("/events", "/incidents"):
            for param in FILTER_PARAMS:
                for payload in PAYLOADS:
                    response = client.get(route, params={param: payload})
                    # refused as malformed, or read as a value that matches nothing
                    assert response.status_code in (200, 422), (route, param, payload, response.text)
                    if response.status_code == 200:
                        assert response.json() == [], (route, param, payload)
        for payload in PAYLOADS:
            path = quote(payload, safe="")
            for route in (f"/dyads/{path}/IGOWSTNAT", f"/dyads/CHN/{path}", f"/articles/{path}"):
                response = client.get(route)
                assert response.status_code in (404, 422), (route, response.text)
            assert client.get("/dyads/CHN/IGOWSTNAT", params={"by": payload}).status_code == 422
            assert client.get("/actors", params={"limit": payload}).status_code == 422
    assert snapshot(db) == before


def test_the_library_binds_filter_values_as_parameters(db: Path) -> None:
    "Below the API's validation: the Store itself never splices a value into SQL."
    before = snapshot(db)
    with Store(db) as store:
        for field in TEXT_FILTERS:
            for payload in PAYLOADS:
                assert store.events(EventFilter(**{field: payload})) == []
                assert store.incidents(EventFilter(**{field: payload})) == []
            assert not store.known_actor("CHN' OR '1'='1")
            assert store.article("' OR '1'='1") is None
    assert snapshot(db) == before


@pytest.mark.parametrize(
    "path",
    [
        "/static/..%2F..%2Fpyproject.toml",
        "/static/%2E%2E%2Fapi.py",
        "/static/..%5Capi.py",
        "/static/%2Fetc%2Fpasswd",
        "/static/....%2F%2F..%2Fapi.py",
        "/static/",
        "/articles/..%2F..%2Fetc%2Fpasswd",
        "/../../etc/passwd",
        "/static/index.html%00.js",
    ],
)
def test_no_request_reaches_a_file_outside_the_static_folder(db: Path, path: str) -> None:
    with TestClient(create_app(db, read_only=True)) as client:
        response = client.get(path)
    assert response.status_code in (404, 405, 422), response.text
    assert "root:" not in response.text and "import" not in response.text


def test_only_the_dashboard_files_are_served(db: Path) -> None:
    with TestClient(create_app(db, read_only=True)) as client:
        assert client.get("/static/app.js").status_code == 200
        assert client.get("/static/style.css").status_code == 200


def test_the_write_route_needs_the_token_and_a_read_only_server_has_none(db: Path) -> None:
    body = {"text": "China accused NATO of distorting its position.", "published": "2024-03-15"}
    with TestClient(create_app(db, token="s3cret")) as client:
        assert client.post("/articles", json=body).status_code == 401
        assert client.post("/articles", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert client.post("/articles", json=body, headers={"Authorization": "s3cret"}).status_code == 401
    with TestClient(create_app(db, read_only=True)) as client:
        assert client.post("/articles", json=body).status_code in (404, 405)  # no such route


def test_serve_binds_to_this_machine_unless_told_otherwise() -> None:
    import inspect

    from detente.cli import serve

    host = inspect.signature(serve).parameters["host"].default
    assert host == "127.0.0.1"
