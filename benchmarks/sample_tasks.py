"""Draw random tasks (with their units and deadlines) and references from a batch output, for reading.

    .venv/bin/policytext batch ../shared/corpora/pool -o /tmp/pool --jobs 1
    .venv/bin/python benchmarks/sample_tasks.py /tmp/pool ../shared/corpora/pool [--tasks 60] [--refs 40] [--seed 52]

The companion of sample_targets.py for the other task-level fields. Documents the folder's gold/
labels are left out (they are read through score.py). Each item is ranked by a hash of the seed, its
document and where its span starts, so an item a change leaves where it was keeps its rank and the
same sample can be read before and after a change. `--marked` draws only tasks that carry units or
deadlines (where those fields can be wrong in more ways than by being missing).

Each task shows its marker, title, units (name/role, * for implicit), deadlines, the start and end
of its text with the characters just after its span (does it stop before the next task?) and the
sentence of each unit's span. Each reference shows its title and number beside its sentence. The
reader marks each line right or wrong by hand.
"""
from __future__ import annotations

import hashlib
import json

from sample_targets import batch_parser  # (benchmarks/ is on sys.path when a script runs)
from sample_targets import sentence as _sentence

from policytext.reading import decode_text


def sentence(text: str, start: int, end: int, reach: int = 120) -> str:
    return _sentence(text, start, end, reach, newline="⏎")


def _flat(s: str) -> str:
    return s.replace("\n", "⏎")


def _rank(seed: int, stem: str, start: int | None, key: str) -> str:
    return hashlib.sha256(f"{seed}:{stem}:{start}:{key}".encode()).hexdigest()


def main(argv: list[str] | None = None) -> None:
    ap = batch_parser(__doc__)
    ap.add_argument("--tasks", type=int, default=60)
    ap.add_argument("--refs", type=int, default=40)
    ap.add_argument("--seed", type=int, default=52)
    ap.add_argument("--marked", action="store_true", help="draw only tasks with units or deadlines")
    args = ap.parse_args(argv)
    labelled = {p.stem for p in (args.src_dir / "gold").glob("*.json")}
    tasks, refs = [], []
    for path in sorted(args.out_dir.glob("*.json")):
        if path.stem in labelled or not (args.src_dir / f"{path.stem}.txt").exists():
            continue
        doc = json.loads(path.read_text(encoding="utf-8"))
        for t in doc.get("tasks") or []:
            if args.marked and not (t.get("units") or t.get("deadlines")):
                continue
            tasks.append((path.stem, t))
        for r in doc.get("references") or []:
            refs.append((path.stem, r))
    texts: dict[str, str] = {}

    def source(stem: str) -> str:
        if stem not in texts:
            texts[stem] = decode_text((args.src_dir / f"{stem}.txt").read_bytes(), stem)[0]
        return texts[stem]

    drawn = sorted(tasks, key=lambda it: _rank(args.seed, it[0], it[1]["span"][0], "task"))
    for i, (stem, t) in enumerate(drawn[:args.tasks], 1):
        src = source(stem)
        a, b = t["span"]
        units = " ".join(f"{u['name']}/{u['role']}{'*' if u.get('implicit') else ''}" for u in t["units"])
        print(f"T{i:02d} {stem} {t['id']} {t['marker']!r} {t['title']!r}")
        print(f"     units: {units or '-'}   deadlines: {t['deadlines'] or '-'}")
        body = src[a:b]
        shown = body if len(body) <= 260 else body[:160] + " … " + body[-90:]
        print(f"     | {_flat(shown)} ‖ {_flat(src[b:b + 40])}")
        for u in t["units"]:
            if u.get("span"):
                print(f"     u {u['name']}: {sentence(src, *u['span'], reach=60)}")
    print(f"({len(tasks)} tasks in all)")
    drawn_refs = sorted(refs, key=lambda it: _rank(args.seed, it[0], it[1]["span"][0], "ref"))
    for i, (stem, r) in enumerate(drawn_refs[:args.refs], 1):
        src = source(stem)
        num = (r.get("doc_number") or {}).get("text")
        print(f"R{i:02d} {stem} {r.get('title')!r} {num!r}")
        print(f"     | {sentence(src, *r['span'], reach=80)}")
    print(f"({len(refs)} references in all)")


if __name__ == "__main__":
    main()
