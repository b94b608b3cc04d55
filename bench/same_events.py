"""Did a change leave what detente codes untouched? Record everything it codes, then compare.

    python bench/same_events.py record BEFORE.json [--shared ../shared] [--workers N]
    ... change the code ...
    python bench/same_events.py record AFTER.json
    python bench/same_events.py compare BEFORE.json AFTER.json [--ignore-rule]

`record` runs the command line only (`detente code`, `eval`, `series`, `export`), so the same
script records any release: the example article, the meeting reports of tests/data, and the
three files of realnews-dev (one database each), then every row of every table (less the
coding time), the series, the GDELT and PLOVER exports, and `detente eval --json` on the three
development gold sets.

`compare` prints every difference and exits 1 if there is one. Tables and columns that only the
later recording has (a release that stores more) are listed as added, not as differences: what
both store must be the same. With `--ignore-rule`, the
events' `rule` column (and the exports' `rule` field) may differ, as when rules gain stable ids,
but only as a renaming: each old rule must become one new rule everywhere, and no two old rules
the same one.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import duckdb

REPO = Path(__file__).resolve().parents[1]
# columns that record when, not what
VOLATILE = {"articles": {"coded_at"}, "rejects": {"rejected_at"}}
DATEADDED = 59  # the GDELT column saying when a row was coded
GOLD = (
    ("PETR2_GSR_validation.xml", "petrarch-xml"),
    ("PLOVER_GSR_CAMEO.json", "plover-gsr"),
    ("PLV_train.tsv", "plv-tsv"),
)


def corpora(shared: Path) -> dict[str, list[Path]]:
    realnews = shared / "eval" / "realnews-dev"
    return {
        "example": [shared / "examples" / "china-nato-dialogue-2024-03-15.txt"],
        "meeting-reports": [Path("tests") / "data" / "meeting-reports.jsonl"],  # relative: the same in every checkout
        "realnews-dev": sorted(realnews.glob("*.jsonl")),
    }


def detente(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "detente", *args], capture_output=True, text=True, cwd=REPO)
    if done.returncode != 0:
        sys.exit(f"detente {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def tables(db: Path) -> dict[str, list[dict[str, Any]]]:
    con = duckdb.connect(str(db), read_only=True)
    found = {}
    for (table,) in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall():
        cursor = con.execute(f"SELECT * FROM {table}")
        names = [d[0] for d in cursor.description]
        rows = [
            {name: value for name, value in zip(names, row) if name not in VOLATILE.get(table, ())}
            for row in cursor.fetchall()
        ]
        found[table] = sorted((json.loads(json.dumps(r, default=str)) for r in rows), key=lambda r: json.dumps(r, sort_keys=True))
    con.close()
    return found


def record(out: Path, shared: Path, workers: int) -> None:
    snapshot: dict[str, Any] = {"corpora": {}, "eval": {}}
    for name, paths in corpora(shared).items():
        if not paths or not all((REPO / p).exists() for p in paths):
            sys.exit(f"{name}: not found under {shared} (give --shared)")
    with tempfile.TemporaryDirectory() as tmp:
        for name, paths in corpora(shared).items():
            db = Path(tmp) / f"{name}.duckdb"
            print(f"coding {name}", file=sys.stderr)
            detente("code", *map(str, paths), "--db", str(db), "--workers", str(workers))
            export = Path(tmp) / "export"
            snapshot["corpora"][name] = {
                "tables": tables(db),
                "series": json.loads(detente("series", "--db", str(db), "--format", "json")),
                "gdelt": (detente("export", "--db", str(db), "--format", "gdelt", "--out", str(export)), export.read_text())[1].splitlines(),
                "plover": [json.loads(line) for line in (detente("export", "--db", str(db), "--format", "plover", "--out", str(export)), export.read_text())[1].splitlines()],
            }
    for name, format in GOLD:
        print(f"eval {name}", file=sys.stderr)
        report = json.loads(detente("eval", str(shared / "eval" / "dev" / name), "--format", format, "--json"))
        report.pop("seconds", None)  # how long, not what
        snapshot["eval"][name] = report
    out.write_text(json.dumps(snapshot, sort_keys=True, indent=1), encoding="utf-8")
    events = sum(len(c["tables"]["events"]) for c in snapshot["corpora"].values())
    print(f"{events} events in {len(snapshot['corpora'])} corpora, {len(GOLD)} evals → {out}", file=sys.stderr)


def _timeless(gdelt_row: str) -> str:
    "A GDELT row without DATEADDED (when it was coded)."
    cells = gdelt_row.split("\t")
    cells[DATEADDED] = ""
    return "\t".join(cells)


def _renamed(before: dict[str, Any], after: dict[str, Any], renaming: dict[str, str]) -> bool:
    "The two rows are equal but for their `rule`, which must follow one consistent renaming."
    if {k: v for k, v in before.items() if k != "rule"} != {k: v for k, v in after.items() if k != "rule"}:
        return False
    old, new = before.get("rule"), after.get("rule")
    return renaming.setdefault(old, new) == new


def _added(before: dict[str, list[dict[str, Any]]], after: dict[str, list[dict[str, Any]]]) -> list[str]:
    "Take out of `after` the tables and columns `before` does not have; say what they were."
    notes = []
    for table in sorted(set(after) - set(before)):
        notes.append(f"added table {table} ({len(after.pop(table))} rows)")
    for table, rows in after.items():
        known = set(before[table][0]) if before[table] else None
        if not rows or known is None:
            continue
        extra = sorted(set(rows[0]) - known)
        if extra:
            notes.append(f"added column {table}.{', '.join(extra)}")
            stripped = [{k: v for k, v in row.items() if k in known} for row in rows]
            after[table] = sorted(stripped, key=lambda r: json.dumps(r, sort_keys=True))
    return notes


def compare(before_path: Path, after_path: Path, ignore_rule: bool) -> int:
    before, after = (json.loads(p.read_text(encoding="utf-8")) for p in (before_path, after_path))
    for snapshot in (before, after):
        for report in snapshot["eval"].values():
            report.pop("seconds", None)
        for corpus in snapshot["corpora"].values():
            corpus["gdelt"] = [_timeless(row) for row in corpus["gdelt"]]
    for name, corpus in after["corpora"].items():
        if name in before["corpora"]:
            for line in _added(before["corpora"][name]["tables"], corpus["tables"]):
                print(f"{name}: {line}")
    differences: list[str] = []
    renaming: dict[str, str] = {}

    def same(where: str, old: Any, new: Any) -> None:
        if isinstance(old, list) and isinstance(new, list):
            if len(old) != len(new):
                differences.append(f"{where}: {len(old)} rows before, {len(new)} after")
                return
            if ignore_rule and old and isinstance(old[0], dict) and "rule" in old[0]:
                # rows were sorted with their rule: sort both again without it
                def key(row: dict[str, Any]) -> str:
                    return json.dumps({k: v for k, v in row.items() if k != "rule"}, sort_keys=True)

                old, new = sorted(old, key=key), sorted(new, key=key)
                for n, (a, b) in enumerate(zip(old, new)):
                    if not _renamed(a, b, renaming):
                        differences.append(f"{where}[{n}]: {json.dumps(a)[:300]}\n    became {json.dumps(b)[:300]}")
                return
            for n, (a, b) in enumerate(zip(old, new)):
                same(f"{where}[{n}]", a, b)
        elif isinstance(old, dict) and isinstance(new, dict):
            for key in sorted(set(old) | set(new)):
                same(f"{where}.{key}", old.get(key), new.get(key))
        elif old != new:
            differences.append(f"{where}: {json.dumps(old)[:300]} → {json.dumps(new)[:300]}")

    same("", before, after)
    merged = {}
    for old, new in renaming.items():
        merged.setdefault(new, []).append(old)
    for new, olds in merged.items():
        if len(olds) > 1:
            differences.append(f"rule {new} stands for {len(olds)} rules before: {', '.join(map(str, olds))}")
    for line in differences[:200]:
        print(line)
    events = sum(len(c["tables"]["events"]) for c in after["corpora"].values())
    if differences:
        print(f"{len(differences)} differences", file=sys.stderr)
        return 1
    renamed = sum(old != new for old, new in renaming.items())
    print(f"identical: {events} events, incidents, series, exports and {len(after['eval'])} evals"
          + (f"; {renamed} of {len(renaming)} rules renamed one to one" if ignore_rule else ""))  # fmt: skip
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    rec = commands.add_parser("record")
    rec.add_argument("out", type=Path)
    rec.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    rec.add_argument("--workers", type=int, default=2)
    cmp = commands.add_parser("compare")
    cmp.add_argument("before", type=Path)
    cmp.add_argument("after", type=Path)
    cmp.add_argument("--ignore-rule", action="store_true")
    args = parser.parse_args()
    if args.command == "record":
        record(args.out, args.shared, args.workers)
    else:
        sys.exit(compare(args.before, args.after, args.ignore_rule))


if __name__ == "__main__":
    main()
