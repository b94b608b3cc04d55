"""Is this checkout slower than an earlier release? Both code the same folder, turn about.

    python bench/releases.py --before REV --corpus DIR [--rounds 4] [--workers 2]

REV (a commit, tag or branch) is checked out into a temporary git worktree; each round runs
`detente code` end to end once per release (each release's own `bench/throughput.py --child
detente`, so each uses its own API), alternating which goes first, and reports every run's wall
time and the CPU time of its whole process tree (workers included). CPU time is the steadier
measure on a noisy machine; the fastest round of each is the least disturbed one. It prints
numbers and asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def timed_run(root: Path, corpus: Path, workers: int) -> tuple[float, float, int]:
    "One end-to-end run of the release at `root`: (wall seconds, CPU seconds of its process tree, events)."
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = [sys.executable, "bench/throughput.py", "--child", "detente", "--folder", str(corpus), "--workers", str(workers)]
    env = dict(os.environ, PYTHONPATH=str(root))  # this release's package, ahead of the installed one
    out = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = json.loads(out.strip().splitlines()[-1])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result["seconds"], cpu, int(result["events"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", required=True, help="the earlier release: a commit, tag or branch")
    parser.add_argument("--corpus", type=Path, required=True, help="a folder of articles (bench/corpus.py writes one)")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        earlier = Path(tmp) / "before"
        subprocess.run(["git", "-C", str(HERE), "worktree", "add", "--detach", str(earlier), args.before], check=True, capture_output=True)
        try:
            runs: dict[str, list[tuple[float, float, int]]] = {"before": [], "now": []}
            for n in range(args.rounds):
                order = [("before", earlier), ("now", HERE)]
                for label, root in order if n % 2 == 0 else reversed(order):
                    runs[label].append(timed_run(root, args.corpus.resolve(), args.workers))
                    wall, cpu, events = runs[label][-1]
                    print(f"round {n + 1} {label:6} wall {wall:6.1f} s  CPU {cpu:6.1f} s  {events} events", flush=True)
        finally:
            subprocess.run(["git", "-C", str(HERE), "worktree", "remove", "--force", str(earlier)], check=False)
    print(f"{'':8}{'fastest wall':>14}{'least CPU':>12}{'mean CPU':>11}")
    for label, done in runs.items():
        walls, cpus = [r[0] for r in done], [r[1] for r in done]
        print(f"{label:8}{min(walls):>12.1f} s{min(cpus):>10.1f} s{sum(cpus) / len(cpus):>9.1f} s")
    ratio = min(r[1] for r in runs["before"]) / min(r[1] for r in runs["now"])
    print(f"now / before, throughput by least CPU: {ratio:.2f}x (above 1: now is faster)")


if __name__ == "__main__":
    main()
