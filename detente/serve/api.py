"""`detente serve`: a REST API and the dashboard, thin over the library (Store, analyse, series).

    GET  /events?source=&target=&type=&since=&until=&limit=&offset=&format=json|csv
    GET  /incidents?…same filters…
    GET  /dyads/{a}/{b}?by=day|week|month|year
    GET  /actors?limit=
    GET  /network
    GET  /series
    GET  /articles/{id}            the text, and every event's evidence span in it
    POST /articles                 code new text (JSON) or JSONL; size-limited; token if set;
                                   absent on a read-only server
    GET  /                         the dashboard (static files; charts by plotly.js, served
                                   from the plotly package: nothing is fetched from the network)

Bad input gets a 4xx naming what is wrong (FastAPI's 422 for malformed parameters, 404 for an
actor or article the database does not know, 413 for an oversized body), never a 500.
"""

# no `from __future__ import annotations`: FastAPI reads these annotations at run time
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, Optional

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

from .. import analysis as analyse
from ..errors import DetenteError, InputError
from ..export import events_csv
from ..ingest import read_jsonl_text
from ..models import RawArticle
from ..store import EventFilter, Store

__all__ = ["create_app", "MAX_BODY_BYTES"]

MAX_BODY_BYTES = 2_000_000  # one POST: about a thousand news articles of plain text
ACTOR = r"^[A-Za-z0-9-]{2,20}$"  # a CAMEO-style code, a country, or a code prefix
STATIC = resources.files("detente.serve") / "static"


def create_app(db: "str | Path", *, token: Optional[str] = None, read_only: bool = False) -> FastAPI:
    """The app over one database (a DuckDB file or a postgresql:// URL). `token` guards POST
    /articles (header `Authorization: Bearer TOKEN`); `read_only` opens the database read-only
    and leaves the write route out."""
    app = FastAPI(
        title="detente",
        description="Coded international events (CAMEO/PLOVER) from news: events, incidents, dyads, series.",
        version="1",
    )
    lock = threading.Lock()  # one database connection, used by one request at a time
    store = Store(db, read_only=read_only)
    store.release()
    pipeline: list[Any] = []  # loaded on the first POST: spaCy takes seconds

    @contextmanager
    def opened() -> Iterator[Store]:
        """The store for one request, let go after it: `detente code` may write a DuckDB file
        between requests (the file opens again, waiting out a writer's batch, on the next one)."""
        with lock:
            try:
                yield store
            finally:
                store.release()

    @app.get("/events", summary="Coded events, filtered and paged")
    def events(where: Filter, format: Literal["json", "csv"] = "json") -> Response:  # noqa: A002
        with opened() as s:
            found = s.events(where)
            if format == "csv":  # in the block: the CSV reads each event's incident id
                return Response(events_csv(s, found), media_type="text/csv")
        return JSONResponse([e.to_dict() for e in found])

    @app.get("/incidents", summary="Incidents: each happening once, with its reports counted")
    def incidents(where: Filter) -> list[dict[str, Any]]:
        with opened() as s:
            return [i.to_dict() for i in s.incidents(where)]

    @app.get("/dyads/{a}/{b}", summary="A relationship over time: incidents per period, both directions")
    def dyad(a: str, b: str, by: Literal["day", "week", "month", "year"] = "month") -> list[dict[str, Any]]:
        with opened() as s:
            for actor in (a, b):
                if not _valid_actor(actor) or not s.known_actor(actor):
                    raise HTTPException(404, f"unknown actor {actor!r}: no stored event has it as code, country or prefix")
            return [p.to_dict() for p in analyse.dyad(s, a, b, by=by)]

    @app.get("/actors", summary="Actors by the number of incidents they are in")
    def actors(limit: Annotated[int, Query(ge=1, le=1000)] = 50) -> list[dict[str, Any]]:
        with opened() as s:
            return [a.to_dict() for a in analyse.top_actors(s, limit=limit)]

    @app.get("/network", summary="The actor graph: edges weighted by cooperation and conflict")
    def network() -> dict[str, Any]:
        with opened() as s:
            return json.loads(analyse.to_json(analyse.network(s)))

    @app.get("/series", summary="Recurring named mechanisms with their editions and stated history")
    def series() -> list[dict[str, Any]]:
        from ..analysis.series import series as find_series

        with opened() as s:
            return [item.to_dict() for item in find_series(s)]

    @app.get("/articles/{article_id}", summary="An article's text with every event's evidence span")
    def article(article_id: str) -> dict[str, Any]:
        with opened() as s:
            found = s.article(article_id)
            if found is None:
                raise HTTPException(404, f"no article {article_id!r}")
            events = s.events(EventFilter(article_id=article_id))
        found["published"] = found["published"].isoformat() if found["published"] else None
        found["events"] = [e.to_dict() for e in sorted(events, key=lambda e: (e.char_start, e.id))]
        return found

    def code(raws: "list[RawArticle]") -> Any:
        if not pipeline:
            from ..coding.pipeline import Pipeline

            pipeline.append(Pipeline())
        with opened() as s:
            return pipeline[0].run_articles(raws, s)

    if not read_only:

        @app.post("/articles", summary="Code new articles: JSON {text, published?, …} or JSONL, one per line")
        async def post_articles(request: Request, authorization: Annotated[Optional[str], Header()] = None) -> dict[str, Any]:
            if token is not None and authorization != f"Bearer {token}":
                raise HTTPException(401, "this server needs 'Authorization: Bearer TOKEN' to code articles")
            body = await _body(request)
            raws = _articles_from(body, request.headers.get("content-type", ""))
            # coding takes seconds and the file may be busy: off the event loop, so reads go on
            summary = await run_in_threadpool(code, raws)
            return {
                "articles": summary.articles, "already_stored": summary.skipped, "events": summary.events,
                "rejects": [{"input": r.input, "reason": r.reason} for r in summary.rejects],
            }  # fmt: skip

    @app.exception_handler(DetenteError)
    async def detente_error(_request: Request, exc: DetenteError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400 if isinstance(exc, InputError) else 500)

    @app.get("/", include_in_schema=False)
    def dashboard() -> HTMLResponse:
        return HTMLResponse((STATIC / "index.html").read_text(encoding="utf-8"))

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name == "plotly.min.js":
            from plotly.offline import get_plotlyjs

            return Response(get_plotlyjs(), media_type="application/javascript")
        path = STATIC / name
        if "/" in name or not path.is_file():
            raise HTTPException(404, f"no static file {name!r}")
        return FileResponse(str(path))

    app.state.store = store
    return app


def filters(
    source: Annotated[Optional[str], Query(pattern=ACTOR, description="Source actor: code (CHNMIL), country (CHN) or prefix")] = None,
    target: Annotated[Optional[str], Query(pattern=ACTOR, description="Target actor: code, country or prefix")] = None,
    type: Annotated[Optional[str], Query(pattern=r"^[A-Za-z0-9]{2,12}$", description="PLOVER type (CONSULT) or CAMEO prefix (04)")] = None,
    since: Annotated[Optional[date], Query(description="Earliest date, YYYY-MM-DD")] = None,
    until: Annotated[Optional[date], Query(description="Latest date, YYYY-MM-DD")] = None,
    limit: Annotated[int, Query(ge=1, le=10_000, description="Page size")] = 100,
    offset: Annotated[int, Query(ge=0, description="Skip this many")] = 0,
) -> EventFilter:
    "The filters of `detente events`, validated: a bad date or code is a 422 naming the parameter."
    return EventFilter(source=source, target=target, type=type, since=since, until=until, limit=limit, offset=offset)


Filter = Annotated[EventFilter, Depends(filters)]


def _valid_actor(value: str) -> bool:
    return re.fullmatch(ACTOR, value) is not None


async def _body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise HTTPException(413, f"body of {declared} bytes is over the limit of {MAX_BODY_BYTES}")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise HTTPException(413, f"body is over the limit of {MAX_BODY_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _articles_from(body: bytes, content_type: str) -> "list[RawArticle]":
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPException(415, f"the body is not UTF-8 ({exc.reason} at byte {exc.start})") from None
    if not text.strip():
        raise HTTPException(422, "the body is empty: send {\"text\": …} or JSON lines")
    if "jsonl" in content_type or "ndjson" in content_type:
        articles, rejects = read_jsonl_text(text, origin="POST /articles")
        if rejects:
            raise HTTPException(422, "; ".join(f"{r.input}: {r.reason}" for r in rejects[:5]))
        return articles
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise HTTPException(422, f"the body is not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    records = record if isinstance(record, list) else [record]
    articles, rejects = read_jsonl_text("\n".join(json.dumps(r) for r in records), origin="POST /articles")
    if rejects:
        raise HTTPException(422, "; ".join(f"{r.input}: {r.reason}" for r in rejects[:5]))
    return articles

