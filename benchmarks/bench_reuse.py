"""Time of text reuse over all document pairs of a corpus (``policytext.research.reuse``).

    .venv/bin/python benchmarks/bench_reuse.py                 # the pool, best of 3
    .venv/bin/python benchmarks/bench_reuse.py --corpus dev --corpus pool --repeat 5

Documents are parsed first (not timed); then ``reuse_all`` runs over every pair, with
and without the number comparison, and ``reuse_matrix`` summarises the pairs. The best
run is reported with the median beside it, and the top document pairs are printed.
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import policytext
from policytext.research.reuse import clauses, reuse_all, reuse_matrix

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def timed(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times), result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", action="append", help="folder name under shared/corpora (default: pool)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    files = sorted(f for name in args.corpus or ["pool"] for f in (CORPORA / name).glob("*.txt"))
    t0 = time.perf_counter()
    docs = [policytext.parse_file(f) for f in files]
    parse_s = time.perf_counter() - t0
    n_clauses = sum(len(clauses(d)) for d in docs)
    print(f"{len(docs)} documents, {sum(len(d.text) for d in docs):,} characters, {n_clauses:,} clauses "
          f"(parsed in {parse_s:.1f} s, not timed below)")
    for label, numbers in (("all pairs, clause matching only", False), ("all pairs, with number changes", True)):
        best, median, pairs = timed(lambda numbers=numbers: reuse_all(docs, numbers=numbers), args.repeat)
        print(f"{label:<34} best {best:6.2f} s  median {median:6.2f} s  ({len(pairs):,} clause pairs)")
    matrix = reuse_matrix(pairs=pairs)
    print(f"{len(matrix):,} document pairs share at least one clause; the top ten:")
    print(matrix.head(10).to_string(index=False))


if __name__ == "__main__":
    main()
