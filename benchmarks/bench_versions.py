"""Parse throughput of this tree against an earlier commit, alternating in one run.

    .venv/bin/python benchmarks/bench_versions.py --base e23bdea [--corpus dev pool] [--repeat 3]

The earlier commit is checked out into a temporary git worktree; each round parses
every file once with each tree in a fresh process (PYTHONPATH points at its src/),
after a warm-up parse, and the best round of each is compared. Same machine, same
files, same interpreter: the ratio is what an issue's speed bar asks for.
"""
from __future__ import annotations

import argparse
import os
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
policytext.parse_file(files[0])  # load rule data and compile patterns before timing
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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", required=True, help="commit to compare with")
    ap.add_argument("--corpus", nargs="+", default=["dev", "pool"])
    ap.add_argument("--repeat", type=int, default=3)
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
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(base)], check=False)
    print(f"{len(files)} files, {mb:.1f} MB, best of {a.repeat} (CPU seconds of the parsing process)")
    print(f"  {a.base:<12} {best['base']:7.2f} s  {mb / best['base']:5.2f} MB/s")
    print(f"  {'this tree':<12} {best['this']:7.2f} s  {mb / best['this']:5.2f} MB/s")
    print(f"  this tree takes {best['this'] / best['base']:.2f}x the time of {a.base}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
