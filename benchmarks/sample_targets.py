"""Draw random targets from a batch output and print each beside its sentence, for reading.

    .venv/bin/policytext batch ../shared/corpora/pool -o /tmp/pool --jobs 1
    .venv/bin/python benchmarks/sample_targets.py /tmp/pool ../shared/corpora/pool [--n 60] [--seed 13]

Precision measured by reading: the draw is fixed by the seed and stable under change. Each target is
ranked by a hash of the seed, its document and where its span starts, and the n lowest are shown
with the sentence their span sits in; a target a change leaves where it was keeps its rank, so
the same sample can be read before and after a change (a target removed gives its place to the
next one, a new one takes a place only if it ranks among the n). The reader marks each line right
or wrong by hand.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
from pathlib import Path

from policytext.reading import decode_text

_STOP = re.compile(r"[。！？；\n]")


def sentence(text: str, start: int, end: int, reach: int = 120, newline: str = " ") -> str:
    """The sentence around ``text[start:end]``, at most ``reach`` characters either side, on one line."""
    a = max((m.end() for m in _STOP.finditer(text, 0, start)), default=0)
    m = _STOP.search(text, end)
    b = m.end() if m else len(text)
    return text[max(a, start - reach):min(b, end + reach)].replace("\n", newline)


def batch_parser(doc: str) -> argparse.ArgumentParser:
    """The arguments every sampling script takes: a batch output and the folder it read."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("out_dir", type=Path, help="batch output (one NAME.json per document)")
    ap.add_argument("src_dir", type=Path, help="the folder the batch read (NAME.txt)")
    return ap


def main(argv: list[str] | None = None) -> None:
    ap = batch_parser(__doc__)
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)
    pool = []
    for path in sorted(args.out_dir.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for k, t in enumerate(doc.get("targets") or []):
            pool.append((path.stem, k, t))
    def rank(item) -> str:
        stem, _k, t = item
        return hashlib.sha256(f"{args.seed}:{stem}:{t['span'][0]}:{t['indicator']}".encode()).hexdigest()

    for i, (stem, _k, t) in enumerate(sorted(pool, key=rank)[:args.n], 1):
        src, _ = decode_text((args.src_dir / f"{stem}.txt").read_bytes(), stem)
        a, b = t["span"]
        print(f"{i:2d} {stem} {t['indicator']!r} {t['comparator']} {t['value']:g} {t['unit']!r} "
              f"{t['change']} dl={t['deadline']}")
        print(f"     | {sentence(src, a, b)}")
    print(f"({len(pool)} targets in all)")


if __name__ == "__main__":
    main()
