"""Each pipeline stage's share of the parse in machine instructions (valgrind's callgrind), a measure the
load of a shared machine does not move.

    .venv/bin/python benchmarks/stage_instructions.py                  # the instruments stage's share
    .venv/bin/python benchmarks/stage_instructions.py --every-stage    # every stage (one run a stage)
    .venv/bin/python benchmarks/stage_instructions.py --src /tmp/old/src   # another tree's package

Every run loads the package and warms up with full parses up to the first document with tasks (the
first to load the instrument model); then it parses every file of the corpora
with the first k stages only (the stages run in order and none reads what a later one writes, so the
first k do exactly the work they do in a full parse). A stage's instructions are the count with it less
the count without it; the parse's are the count with every stage less that of a run that only warms up.
``bench.py --stages`` gives the same shares in time, which also pays for cache misses and numpy's memory
traffic, and moves with the machine's load. About a minute a run (``apt-get install valgrind``).
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "corpora"

_COUNTED = r"""
import sys
from pathlib import Path
import policytext
from policytext import pipeline
files = [Path(p) for p in sys.argv[2:]]
for f in files:  # warm up until a document with tasks has loaded the instrument model too
    if policytext.parse_file(f).tasks:
        break
if sys.argv[1] != "warm":
    pipeline._loaded = pipeline._stages()[:int(sys.argv[1])]
    for f in files:
        policytext.parse_file(f)
"""


def instructions(src: Path, files: list[Path], mode: str) -> int:
    """Instructions of a run with the package in ``src``: ``warm`` only warms up, a number k parses
    ``files`` with the first k stages."""
    env = dict(os.environ, PYTHONPATH=str(src), OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
                          "-c", _COUNTED, mode, *map(str, files)], env=env, check=True, capture_output=True,
                         text=True)
    return int(re.search(r"Collected : (\d+)", out.stderr).group(1))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", nargs="+", default=["dev", "pool"])
    ap.add_argument("--src", default=str(REPO / "src"), help="the package's folder (default: this tree's src)")
    ap.add_argument("--every-stage", action="store_true", help="count every stage, not the last one only")
    a = ap.parse_args(argv)
    files = [p for name in a.corpus for p in sorted((CORPORA / name).glob("*.txt"))]
    if not files:
        sys.exit(f"stage_instructions: no .txt files in {a.corpus}")
    sys.path.insert(0, a.src)
    from policytext.pipeline import STAGES

    names = [st.name for st in STAGES]
    src = Path(a.src)
    warm, every = instructions(src, files, "warm"), instructions(src, files, str(len(names)))
    ks = range(len(names)) if a.every_stage else [len(names) - 1]
    counts = {k: instructions(src, files, str(k)) for k in ks}
    counts[len(names)] = every
    total = every - warm
    print(f"{len(files)} files, {a.src}: parse {total / 1e9:.3f} G instructions (warm-up run subtracted)")
    if a.every_stage:
        print(f"  {'(read, decode, text view)':<26} {(counts[0] - warm) / 1e9:7.3f} G {(counts[0] - warm) / total:7.1%}")
    for k in ks:
        spent = counts[k + 1] - counts[k]
        print(f"  {names[k]:<26} {spent / 1e9:7.3f} G {spent / total:7.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
