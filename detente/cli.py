"""The `detente` command: a thin layer over the library (Pipeline, Store).

    detente code PATH... [--db FILE|URL] [--strict] [--workers N]
                 [--engine local|ray] [--ray-address auto|ray://HOST:10001] [--partitions DIR]
    detente load-partitions DIR [--db FILE|URL]
    detente events [--db FILE|URL] [--source C] [--target C] [--type T] [--since D] [--until D]
                   [--format table|json|csv] [--limit N]
    detente eval GOLD --format petrarch-xml|plover-gsr|plv-tsv [--json] [--errors FILE]
                 [--limit N] [--keep stated|asserted|news|all]
    detente incidents [--db FILE|URL] [filters as for events] [--format table|json]
    detente dyad A B [--db FILE|URL] [--by day|week|month|year] [--format table|json]
    detente actors [--db FILE|URL] [--limit N] [--format table|json]
    detente network [--db FILE|URL] [--format json|graphml] [--out FILE]
    detente export --format gdelt|plover|csv|incidents-csv|parquet --out PATH [--db FILE|URL] [filters]
    detente series [--db FILE|URL] [--format table|json]
    detente serve [--db FILE|URL] [--host 127.0.0.1] [--port 8000] [--token T] [--read-only]
"""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from .errors import DetenteError
from .models import Event
from .store import DEFAULT_DB, EventFilter, Store
from .store.dialects import is_url, masked

__all__ = ["app"]

app = typer.Typer(
    help="detente: news in, coded international events (CAMEO/PLOVER) out.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True, soft_wrap=True)  # one error, one line: never wrap messages

# a file path or a server URL: a str, since Path would fold the URL's "//"
DbOption = Annotated[
    str, typer.Option("--db", metavar="FILE|URL", help="DuckDB file, or postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME.")
]
# The filters of events, incidents and export: one definition, one meaning.
SourceOption = Annotated[Optional[str], typer.Option(help="Source actor: code (CHNMIL), country (CHN) or prefix.")]
TargetOption = Annotated[Optional[str], typer.Option(help="Target actor: code, country or prefix.")]
TypeOption = Annotated[Optional[str], typer.Option("--type", help="PLOVER type (CONSULT) or CAMEO prefix (04, 043).")]
SinceOption = Annotated[Optional[str], typer.Option(help="Earliest date, YYYY-MM-DD.")]
UntilOption = Annotated[Optional[str], typer.Option(help="Latest date, YYYY-MM-DD.")]


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def _fail(message: str) -> None:
    # escaped: a message may hold brackets ("pip install 'detente[ray]'", a path) that are not markup
    err.print(f"[red]error:[/red] {escape(message)}", highlight=False)
    raise typer.Exit(code=2)


def _parse_date(value: Optional[str], option: str) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail(f"{option} {value!r} is not a date: use YYYY-MM-DD")
    return None


def _filter(
    source: Optional[str], target: Optional[str], type: Optional[str], since: Optional[str], until: Optional[str],
    limit: Optional[int] = None,
) -> EventFilter:
    return EventFilter(
        source=source, target=target, type=type, since=_parse_date(since, "--since"),
        until=_parse_date(until, "--until"), limit=limit,
    )  # fmt: skip


class Engine(str, Enum):
    local = "local"
    ray = "ray"


@app.command()
def code(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for stdin.")],
    db: DbOption = DEFAULT_DB,
    strict: Annotated[bool, typer.Option(help="Exit with status 1 if any input was rejected.")] = False,
    batch_size: Annotated[int, typer.Option(help="Articles per transaction.", min=1)] = 32,
    workers: Annotated[int, typer.Option(help="Processes coding in parallel (each loads the models).", min=1, max=64)] = 1,
    engine: Annotated[Engine, typer.Option(help="local: this machine's processes (--workers); ray: Ray tasks, here or on a cluster.")] = Engine.local,
    ray_address: Annotated[Optional[str], typer.Option(help="With --engine ray: 'auto' or 'ray://HOST:10001' joins a cluster; by default a Ray instance starts here.")] = None,
    partitions: Annotated[Optional[Path], typer.Option(help="With --engine ray: keep each batch's Parquet here (DuckDB reads DIR/*/events.parquet); by default a temporary folder.")] = None,
) -> None:
    "Code news articles into events and store them in the database."
    if engine is Engine.local and (ray_address or partitions):
        _fail("--ray-address and --partitions go with --engine ray")
    if engine is Engine.ray and workers > 1:
        _fail("--workers is for --engine local: with --engine ray, the cluster's CPUs code in parallel")
    from .coding.pipeline import Pipeline  # loading spaCy is slow: only for the commands that need it
    from .run import run_parallel, run_ray

    try:
        with Store(db) as store:
            with Progress(
                SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} articles"),
                TimeElapsedColumn(), console=err, transient=True,
            ) as progress:  # fmt: skip
                task = progress.add_task("loading models", total=None)
                advance = lambda _: progress.update(task, description="coding", advance=1)  # noqa: E731
                if engine is Engine.ray:
                    summary = run_ray(
                        paths, store, address=ray_address, partitions=partitions, batch_size=batch_size, on_article=advance
                    )
                elif workers > 1:
                    summary = run_parallel(paths, store, workers=workers, batch_size=batch_size, on_article=advance)
                else:
                    pipeline = Pipeline()
                    progress.update(task, description="coding")
                    summary = pipeline.run(paths, store, batch_size=batch_size, on_article=advance)
    except DetenteError as exc:
        _fail(str(exc))
        return
    for reject in summary.rejects:
        err.print(f"[yellow]rejected[/yellow] {escape(reject.input)}: {escape(reject.reason)}", highlight=False)
    skipped = f", {summary.skipped} already stored" if summary.skipped else ""
    err.print(
        f"{summary.articles} articles{skipped}, {summary.sentences} sentences, "
        f"{summary.events} events, {len(summary.rejects)} rejects → {_shown(db)}",
        highlight=False,
    )
    if partitions is not None:
        err.print(f"Parquet partitions → {partitions}", highlight=False)
    if strict and summary.rejects:
        raise typer.Exit(code=1)


@app.command("load-partitions")
def load_partitions(
    directory: Annotated[Path, typer.Argument(help="A folder of partitions written by --engine ray --partitions.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    "Store Parquet partitions written by `detente code --engine ray` (here or on a cluster); stored articles are skipped."
    from .run.distributed import load_partitions as load

    try:
        with Store(db) as store:
            summary = load(directory, store)
    except DetenteError as exc:
        _fail(str(exc))
        return
    skipped = f", {summary.skipped} already stored" if summary.skipped else ""
    err.print(
        f"{summary.articles} articles{skipped}, {summary.events} events, {len(summary.rejects)} rejects → {_shown(db)}",
        highlight=False,
    )


@app.command()
def events(
    db: DbOption = DEFAULT_DB,
    source: SourceOption = None,
    target: TargetOption = None,
    type: TypeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    format: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
    limit: Annotated[Optional[int], typer.Option(help="At most this many events.", min=1)] = None,
) -> None:
    "List coded events, filtered."
    where = _filter(source, target, type, since, until, limit)
    with _open_read_only(db) as store:
        found = store.events(where)
        if format is Format.csv:  # in the block: the CSV reads each event's incident id
            from .export import write_events_csv

            write_events_csv(store, found, sys.stdout)
    if format is Format.json:
        _print_json([event.to_dict() for event in found])
    elif format is Format.table:
        _print_table(found)


def _actors_text(actors: tuple) -> str:  # type: ignore[type-arg]
    return "+".join(actor.code for actor in actors)


def _print_table(found: list[Event]) -> None:
    rows = []
    for e in found:
        flags = ",".join(
            name for name, on in (("neg", e.negated), ("hyp", e.hypothetical), ("bg", e.background), ("fut", e.future)) if on
        ) + ("".join(f" per {a.code}" for a in e.attributed_to[:1]))
        rows.append([
            e.date or "", _actors_text(e.source), _actors_text(e.target), e.cameo, e.plover_type or "",
            e.location.name if e.location else "", flags, e.sentence,
        ])  # fmt: skip
    headers = ("date", "source", "target", "cameo", "plover", "where", "flags", "evidence")
    out = Console()
    if not out.is_terminal:
        out = Console(width=max(out.width, 200))  # piped to a file: do not cut the evidence short
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    widths = [max([len(header)] + [len(row[column]) for row in rows]) for column, header in enumerate(headers[:-1])]
    for header, width in zip(headers, widths):
        table.add_column(header, no_wrap=True, min_width=width)
    # the coded fields are never squeezed (rich would drop whole columns): the evidence takes what is left
    left = max(20, out.width - sum(widths) - 2 * len(headers) - 2)
    table.add_column(headers[-1], overflow="ellipsis", no_wrap=True, max_width=left)
    for row in rows:
        table.add_row(*row)
    out.print(table)
    err.print(f"{len(found)} events", highlight=False)


class GoldFormat(str, Enum):
    petrarch_xml = "petrarch-xml"
    plover_gsr = "plover-gsr"
    plv_tsv = "plv-tsv"


class Keep(str, Enum):
    stated = "stated"
    asserted = "asserted"
    news = "news"
    all = "all"


KEEP_HELP = "Coded events that count: stated (not negated), asserted (nor hypothetical), news (nor background), all."


@app.command("eval")
def eval_(
    gold: Annotated[Path, typer.Argument(help="Gold-standard file.")],
    format: Annotated[GoldFormat, typer.Option("--format", help="Format of the gold file.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object with every metric.")] = False,
    errors: Annotated[Optional[Path], typer.Option(help="Write every miss and false positive here (JSONL).")] = None,
    limit: Annotated[Optional[int], typer.Option(help="Only the first N records.", min=1)] = None,
    keep: Annotated[Keep, typer.Option(help=KEEP_HELP)] = Keep.stated,
) -> None:
    "Code the gold texts and score the events: P/R/F1 of triples, dyads, CAMEO roots, PLOVER types, actors."
    from .evaluation import evaluate

    try:
        with Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} records"),
            TimeElapsedColumn(), console=err, transient=True,
        ) as progress:  # fmt: skip
            task = progress.add_task("loading models", total=None)
            report = evaluate(
                gold, format.value, keep=keep.value, limit=limit,
                on_loaded=lambda n: progress.update(task, description="coding", total=n),
                on_record=lambda: progress.advance(task),
            )  # fmt: skip
    except DetenteError as exc:
        _fail(str(exc))
        return
    written = 0
    if errors is not None:
        try:
            written = report.write_errors(errors)
        except OSError as exc:
            _fail(f"{errors}: cannot write the errors: {exc.strerror or exc}")
    if json_out:
        json.dump(report.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_report(report.to_dict())
    if errors is not None:
        err.print(f"{written} errors → {errors}", highlight=False)


SET_METRICS = (
    ("triples", "triples (exact codes)"), ("triples_country", "triples (countries)"),
    ("dyads", "dyads (exact codes)"), ("dyads_country", "dyads (countries)"), ("cameo", "CAMEO code"),
    ("cameo_root", "CAMEO root"), ("quad_class", "quad class"), ("plover_types", "PLOVER types"),
)  # fmt: skip


def _print_report(report: dict[str, Any]) -> None:
    out = Console()
    if not out.is_terminal:
        out = Console(width=max(out.width, 120))
    skipped = f" ({len(report['skipped'])} skipped)" if report["skipped"] else ""
    set_aside = sum(report["predictions"]["excluded"].values())
    out.print(
        f"{report['gold']} ({report['format']}): {report['scored']} records scored{skipped}, "
        f"{report['predictions']['kept']} predicted events ({set_aside} set aside, --keep {report['keep']}), "
        f"{report['seconds'].get('total', 0):.1f} s",
        highlight=False,
    )
    for name in dict.fromkeys([report["headline"], "all"]):
        subset = report["subsets"][name]
        out.print(
            f"\n[bold]{name}[/bold]: {subset['records']} records, {subset['gold_events']} gold events, "
            f"{subset['predicted_events']} predicted events",
            highlight=False,
        )
        sets = _table("set metrics (micro)", "P", "R", "F1", "tp", "fp", "fn", "macro-F1")
        for key, label in SET_METRICS:
            if key in subset:
                m = subset[key]
                macro = f"{m['macro_f1']:.3f}" if "macro_f1" in m else ""
                sets.add_row(label, *(f"{m[k]:.3f}" for k in ("precision", "recall", "f1")),
                             *(str(m[k]) for k in ("tp", "fp", "fn")), macro)  # fmt: skip
        accuracies = _table("per gold event", "accuracy", "correct", "n", "macro-F1")
        for group in ("classification", "actors", "spans"):
            for key, m in subset.get(group, {}).items():
                macro = f"{m['macro_f1']:.3f}" if "macro_f1" in m else ""
                accuracies.add_row(key.replace("_", " "), f"{m['accuracy']:.3f}", str(m["correct"]), str(m["n"]), macro)
        for table in (sets, accuracies):
            if table.row_count:
                out.print(table)


def _table(*headers: str) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for i, header in enumerate(headers):
        table.add_column(header, justify="right" if i else "left", no_wrap=True)
    return table


def _shown(db: str) -> str:
    "The database as messages name it: a URL's password masked."
    return masked(db) if is_url(db) else db


def _missing(db: str) -> bool:
    "A database file that is not there (a server's database is checked as it is opened)."
    return not is_url(db) and not Path(db).exists()


def _require(db: str) -> None:
    "Fail with the way to make it when a database file is not there."
    if _missing(db):
        _fail(f"{db}: no such database (create it with: detente code PATH --db {db})")


def _open_read_only(db: str) -> Store:
    _require(db)
    try:
        return Store(db, read_only=True)
    except DetenteError as exc:
        _fail(str(exc))
        raise


def _print_json(records: list[dict[str, Any]]) -> None:
    json.dump(records, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def _print_rows(headers: tuple[str, ...], rows: list[list[str]], right_from: int = 1) -> None:
    out = Console()
    if not out.is_terminal:
        out = Console(width=max(out.width, 200))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for i, header in enumerate(headers):
        table.add_column(header, justify="right" if i >= right_from else "left", no_wrap=True)
    for row in rows:
        table.add_row(*row)
    out.print(table)


@app.command()
def incidents(
    db: DbOption = DEFAULT_DB,
    source: SourceOption = None,
    target: TargetOption = None,
    type: TypeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    format: Annotated[Format, typer.Option("--format", help="Output format (table or json).")] = Format.table,
    limit: Annotated[Optional[int], typer.Option(help="At most this many incidents.", min=1)] = None,
) -> None:
    "List incidents: each happening once, with how many reports, articles and sources told it."
    where = _filter(source, target, type, since, until, limit)
    with _open_read_only(db) as store:
        found = store.incidents(where)
    if format is Format.json:
        _print_json([incident.to_dict() for incident in found])
        return
    rows = [
        [i.event.date or "", _actors_text(i.event.source), _actors_text(i.event.target), i.event.cameo,
         i.event.plover_type or "", i.event.location.name if i.event.location else "", str(i.num_mentions),
         str(i.num_articles), str(i.num_sources), i.event.sentence[:80]]
        for i in found
    ]  # fmt: skip
    _print_rows(("date", "source", "target", "cameo", "plover", "where", "reports", "articles", "sources", "first report"), rows, right_from=6)
    err.print(f"{len(found)} incidents", highlight=False)


class Period(str, Enum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"


@app.command()
def dyad(
    a: Annotated[str, typer.Argument(help="First actor: code, country or prefix (CHN).")],
    b: Annotated[str, typer.Argument(help="Second actor (IGOWSTNAT).")],
    db: DbOption = DEFAULT_DB,
    by: Annotated[Period, typer.Option("--by", help="Period.")] = Period.month,
    format: Annotated[Format, typer.Option("--format", help="Output format (table or json).")] = Format.table,
) -> None:
    "How a relationship evolves: incidents between two actors per period, both directions."
    from . import analysis as analyse

    with _open_read_only(db) as store:
        periods = analyse.dyad(store, a, b, by=by.value)
    if format is Format.json:
        _print_json([p.to_dict() for p in periods])
        return
    columns = ("period", "incidents", "a_to_b", "b_to_a", "mutual", "reports", "mean_goldstein", "quad_classes",
               "plover_types", "articles_coded", "rate_per_1000_articles")  # fmt: skip
    headers = ("period", "incidents", f"{a}→{b}", f"{b}→{a}", "mutual", "reports", "Goldstein", "quad 1–4",
               "types", "articles", "per 1,000")  # fmt: skip
    _print_rows(headers, analyse.table_rows(periods, columns))
    err.print(f"{sum(p.incidents for p in periods)} incidents between {a} and {b}", highlight=False)


@app.command()
def actors(
    db: DbOption = DEFAULT_DB,
    limit: Annotated[int, typer.Option(help="How many actors.", min=1)] = 20,
    format: Annotated[Format, typer.Option("--format", help="Output format (table or json).")] = Format.table,
) -> None:
    "The actors incidents involve most, with their codes."
    from . import analysis as analyse

    with _open_read_only(db) as store:
        ranked = analyse.top_actors(store, limit=limit)
    if format is Format.json:
        _print_json([a.to_dict() for a in ranked])
        return
    columns = ("code", "name", "country", "sector", "incidents", "as_source", "as_target", "reports", "mean_goldstein")
    _print_rows(columns, analyse.table_rows(ranked, columns), right_from=4)


class GraphFormat(str, Enum):
    json = "json"
    graphml = "graphml"


@app.command()
def network(
    db: DbOption = DEFAULT_DB,
    format: Annotated[GraphFormat, typer.Option("--format", help="json (to stdout or --out) or graphml (needs --out).")] = GraphFormat.json,
    out: Annotated[Optional[Path], typer.Option(help="Write the graph to this file.")] = None,
) -> None:
    "The actor graph: edges weighted by incidents of cooperation and conflict."
    from . import analysis as analyse

    with _open_read_only(db) as store:
        graph = analyse.network(store)
    if format is GraphFormat.graphml:
        if out is None:
            _fail("--format graphml needs --out FILE")
            return
        analyse.to_graphml(graph, out)
    elif out is not None:
        out.write_text(analyse.to_json(graph) + "\n", encoding="utf-8")
    else:
        sys.stdout.write(analyse.to_json(graph) + "\n")
    if out is not None:
        err.print(f"{len(graph.nodes)} actors, {len(graph.edges)} edges → {out}", highlight=False)


@app.command()
def series(
    db: DbOption = DEFAULT_DB,
    format: Annotated[Format, typer.Option("--format", help="Output format (table or json).")] = Format.table,
) -> None:
    "Recurring named mechanisms (dialogues, summits, rounds of talks): editions, dates, places, stated history."
    from .analysis.series import series as find_series

    with _open_read_only(db) as store:
        try:
            found = find_series(store)
            unscanned = store.unscanned_articles()
        except DetenteError as exc:
            _fail(str(exc))
            return
    if unscanned:
        err.print(
            f"note: {unscanned} articles in {db} were coded by a release that did not read series; "
            "code them into a new database to see the series they name",
            highlight=False,
        )
    if format is Format.json:
        _print_json([s.to_dict() for s in found])
        return
    rows = []
    for item in found:
        history = " · ".join(f"{h.kind} {h.year}" for h in item.history)
        for edition in item.editions:
            where = ", ".join(x for x in (edition.place, edition.country) if x)
            number = str(edition.ordinal) if edition.ordinal is not None else (str(edition.year) if edition.year else "")
            rows.append([item.title or item.name, "–".join(item.parties), number, edition.date or "", where,
                         str(len(edition.event_ids)), str(len(edition.incident_ids)), str(len(edition.article_ids)), history])  # fmt: skip
            history = ""  # once per series
    _print_rows(("series", "parties", "#", "date", "where", "events", "incidents", "articles", "history"), rows, right_from=9)
    err.print(f"{len(found)} series", highlight=False)


class ExportFormat(str, Enum):
    gdelt = "gdelt"
    plover = "plover"
    csv = "csv"
    incidents_csv = "incidents-csv"
    parquet = "parquet"


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", help="gdelt (incidents, GDELT 2.0 columns), plover (events, JSON lines), csv (events), incidents-csv, parquet (a folder with events.parquet and incidents.parquet).")],
    out: Annotated[Path, typer.Option(help="Output file (a folder for parquet).")],
    db: DbOption = DEFAULT_DB,
    source: SourceOption = None,
    target: TargetOption = None,
    type: TypeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
) -> None:
    "Export events or incidents for other tools: GDELT 2.0 rows, POLECAT-style JSON lines, CSV, Parquet."
    from .export import export as write

    where = _filter(source, target, type, since, until)
    with _open_read_only(db) as store:
        try:
            rows = write(store, format.value, out, where=where)
        except DetenteError as exc:
            _fail(str(exc))
            return
        except OSError as exc:
            _fail(f"{out}: cannot write the export: {exc.strerror or exc}")
            return
    err.print(f"{rows} rows ({format.value}) → {out}", highlight=False)


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Address to bind: 127.0.0.1 keeps it on this machine.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.", min=1, max=65535)] = 8000,
    token: Annotated[Optional[str], typer.Option(envvar="DETENTE_TOKEN", help="Require this bearer token to POST articles.")] = None,
    read_only: Annotated[bool, typer.Option(help="Open the database read-only; no write routes.")] = False,
) -> None:
    "Serve the REST API (OpenAPI at /docs) and the dashboard (at /)."
    import uvicorn

    from .serve.api import create_app

    if read_only:
        _require(db)
    try:
        application = create_app(db, token=token, read_only=read_only)
    except DetenteError as exc:
        _fail(str(exc))
        return
    err.print(f"detente on http://{host}:{port}/ (API docs at /docs) ← {_shown(db)}", highlight=False)
    uvicorn.run(application, host=host, port=port, log_level="warning")


def main() -> None:  # pragma: no cover - for python -m detente
    app()
