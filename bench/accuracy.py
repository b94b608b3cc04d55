"""The headline accuracy numbers of README.md, from the development gold sets.

    python bench/accuracy.py [--shared ../shared]

Runs `detente eval` (the library behind it) on the three gold files once each and prints the
metrics the README reports, with the targets of the accuracy issue beside them.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from detente.coding.pipeline import Pipeline
from detente.evaluation import evaluate

ROWS = (
    # (gold file, format, subset, path into the subset's metrics, label, target)
    ("PETR2_GSR_validation.xml", "petrarch-xml", "AFP", ("triples", "f1"), "PETR-2 AFP triple F1", 0.78),
    ("PETR2_GSR_validation.xml", "petrarch-xml", "AFP", ("cameo_root", "f1"), "PETR-2 AFP CAMEO-root F1", 0.88),
    ("PLOVER_GSR_CAMEO.json", "plover-gsr", "all", ("classification", "plover_type", "accuracy"), "PLOVER GSR type accuracy", 0.75),
    ("PLOVER_GSR_CAMEO.json", "plover-gsr", "all", ("actors", "source_country", "accuracy"), "PLOVER GSR source-country accuracy", 0.85),
    ("PLV_train.tsv", "plv-tsv", "all", ("classification", "plover_type", "macro_f1"), "PLV root macro-F1", 0.60),
    ("PLV_train.tsv", "plv-tsv", "all", ("classification", "plover_type", "accuracy"), "PLV root accuracy", 0.70),
)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    args = parser.parse_args()
    pipeline = Pipeline()
    reports = {}
    for name, format, *_ in ROWS:
        if name not in reports:
            reports[name] = evaluate(args.shared / "eval" / "dev" / name, format, pipeline=pipeline).to_dict()
    print(f"{'metric':38}{'value':>8}{'target':>8}")
    for name, _format, subset, path, label, target in ROWS:
        value = reports[name]["subsets"][subset]
        for key in path:
            value = value[key]
        print(f"{label:38}{value:>8.3f}{target:>8.2f}{'' if value >= target else '  (below)'}")


if __name__ == "__main__":
    main()
