"""Parse throughput of this tree against an earlier commit, alternating in one run.

    .venv/bin/python benchmarks/bench_versions.py --base e23bdea [--corpus dev pool] [--repeat 3] [--instructions]

The earlier commit is checked out into a temporary git worktree; each round parses
every file once with each tree in a fresh process (PYTHONPATH points at its src/),
after warm-up parses (up to the first document with tasks, so the instrument model is loaded
before timing), and the best round of each is compared. Same machine, same
files, same interpreter: the ratio is what an issue's speed bar asks for.

On a shared machine CPU times of the same tree drift by 10% from one run to the next. With
``--instructions`` the parse is also counted in machine instructions under valgrind's callgrind
(``apt-get install valgrind``; about a minute a tree): the count of a run that parses every file less
that of a run that only warms up, the same on every run. Instructions are not time (cache misses and
numpy's memory traffic cost time the count does not show), but a rule that does more work shows in it
exactly.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "corpora"

_TIMER = r"""
import sys, time
from pathlib import Path
import policytext
files = [Path(p) for p in sys.argv[1:]]
for f in files:  # load rule data, compile patterns and load the instrument model before timing
    if policytext.parse_file(f).tasks:
        break
t0 = time.process_time()
for f in files:
    policytext.parse_file(f)
print(time.process_time() - t0)
"""


def _time(src: Path, files: list[Path]) -> float:
    env = dict(os.environ, PYTHONPATH=str(src))
    out = subprocess.run([sys.executable, "-c", _TIMER, *map(str, files)], env=env, check=True,
                         capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


_COUNTED = r"""
import sys
from pathlib import Path
import policytext
files = [Path(p) for p in sys.argv[2:]]
for f in files:  # warm up until a document with tasks has loaded the instrument model too
    if policytext.parse_file(f).tasks:
        break
if sys.argv[1] == "all":
    for f in files:
        policytext.parse_file(f)
"""


def _instructions(src: Path, files: list[Path]) -> int:
    """Instructions the parse of ``files`` executes with the package in ``src`` (callgrind's count of a
    run that parses them, less that of a run that only loads and warms up)."""
    counts = []
    for mode in ("warm", "all"):
        env = dict(os.environ, PYTHONPATH=str(src), OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
        out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
                              "-c", _COUNTED, mode, *map(str, files)], env=env, check=True, capture_output=True,
                             text=True)
        counts.append(int(re.search(r"Collected : (\d+)", out.stderr).group(1)))
    return counts[1] - counts[0]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", required=True, help="commit to compare with")
    ap.add_argument("--corpus", nargs="+", default=["dev", "pool"])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--instructions", action="store_true", help="also count instructions (valgrind callgrind)")
    a = ap.parse_args(argv)
    files = [f for name in a.corpus for f in sorted((CORPORA / name).glob("*.txt"))]
    if not files:
        sys.exit(f"bench_versions: no .txt files under {CORPORA}")
    mb = sum(f.stat().st_size for f in files) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(base), a.base], check=True)
        try:
            best = {"base": float("inf"), "this": float("inf")}
            for _ in range(a.repeat):
                best["base"] = min(best["base"], _time(base / "src", files))
                best["this"] = min(best["this"], _time(REPO / "src", files))
            counted = {"base": _instructions(base / "src", files), "this": _instructions(REPO / "src", files)} \
                if a.instructions else None
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(base)], check=False)
    print(f"{len(files)} files, {mb:.1f} MB, best of {a.repeat} (CPU seconds of the parsing process)")
    print(f"  {a.base:<12} {best['base']:7.2f} s  {mb / best['base']:5.2f} MB/s")
    print(f"  {'this tree':<12} {best['this']:7.2f} s  {mb / best['this']:5.2f} MB/s")
    print(f"  this tree takes {best['this'] / best['base']:.2f}x the time of {a.base}")
    if counted:
        print(f"  instructions: {a.base} {counted['base'] / 1e9:.2f} G, this tree {counted['this'] / 1e9:.2f} G, "
              f"{counted['this'] / counted['base']:.3f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
