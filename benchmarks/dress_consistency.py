"""How far the parse of a re-dressed document agrees with the parse of its clean copy, on
documents no rule was tuned to: the pool's clean documents (one-line originals and the
labelled pool/gold documents left out), each re-dressed by perturb.py.

    .venv/bin/python benchmarks/dress_consistency.py [--shared ../shared]

The clean parse stands in for gold (so this measures robustness to the dress, not
correctness); the scorer's own matching (score.py) compares them. The last column,
instr, is the share of the clean parse's tasks whose re-dressed twin (paired by title, as
score.py pairs tasks) gets the same instrument guess and the same coded/abstained state.
"""
from __future__ import annotations

import argparse
import importlib.util
import random
import sys
from pathlib import Path

from policytext import parse
from policytext.instruments.evaluate import pair_tasks

REPO = Path(__file__).resolve().parents[1]
KINDS = ("flatten", "runon", "pdfwrap", "spaces", "widths")


def _module(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def as_gold(d: dict) -> dict:
    """A parse in the gold file's shape."""
    tasks = []
    for t in d["tasks"]:
        units = [u for u in t["units"] if not u["implicit"]]
        tasks.append({"title": t["title"], "units": [u["name"] for u in units],
                      "lead": [u["name"] for u in units if u["role"] == "lead"],
                      "implicit_units": [u["name"] for u in t["units"] if u["implicit"]]})
    m = d["meta"]
    meta = {"title": m["title"], "doc_type": m["doc_type"],
            "enclosed_titles": [e["title"] for e in m["enclosed"]],
            "enclosed_doc_types": [e["doc_type"] for e in m["enclosed"]],
            "doc_number": m["doc_number"] and m["doc_number"]["text"], "issuers": m["issuers"],
            "recipients": m["recipients"], "signed_date": m["signed_date"]}
    return {"meta": meta, "sections": [{"level": s["level"], "marker": s["marker"], "title": s["title"]}
                                     for s in d["sections"]],
            "tasks": tasks, "targets": [{k: g[k] for k in ("indicator", "value", "unit", "comparator", "deadline")}
                                        for g in d["targets"]],
            "references": [{"title": r["title"], "doc_number": r["doc_number"] and r["doc_number"]["text"]}
                           for r in d["references"]]}


def _instrument(task) -> tuple:
    """A task's instrument guess (the first key of scores) and whether it was coded."""
    ins = task.instrument
    return (next(iter(ins.scores), None), ins.primary is not None) if ins else (None, False)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(REPO.parent / "shared"))
    a = ap.parse_args(argv)
    shared = Path(a.shared)
    perturb = _module("perturb", shared / "eval" / "perturb.py")
    score = _module("score", shared / "eval" / "score.py")
    pool = shared / "corpora" / "pool"
    held_out = {p.stem for p in (pool / "gold").glob("*.json")}
    docs = [p for p in sorted(pool.glob("*.txt"))
            if p.stem not in held_out and p.read_text(encoding="utf-8-sig").count("\n") > 3]
    clean_docs = {p.stem: parse(p.read_text(encoding="utf-8-sig"), p.stem) for p in docs}
    clean = {name: as_gold(d.to_dict()) for name, d in clean_docs.items()}
    print(f"{len(docs)} clean pool documents; each dress scored against the clean parse (score.py matching)")
    print(f"{'dress':<10} {'sections':>9} {'tasks':>9} {'units':>9} {'targets':>9} {'lead':>9} {'deadline':>9}"
          f" {'refs':>9} {'meta':>9} {'instr':>9}")
    for kind in KINDS:
        results = {}
        same = total = 0
        for i, p in enumerate(docs):
            text = p.read_text(encoding="utf-8-sig")
            rng = random.Random(f"0:{kind}:{p.name}")
            dressed = perturb.widths(text, rng, i) if kind == "widths" else getattr(perturb, kind)(text, rng)
            doc = parse(dressed, p.stem)
            results[p.stem] = score.score_doc(clean[p.stem], doc.to_dict())
            twins = clean_docs[p.stem].tasks
            pairs = pair_tasks([t.title for t in twins], [t.title for t in doc.tasks])
            total += len(twins)
            same += sum(_instrument(twins[a]) == _instrument(doc.tasks[b]) for a, b in pairs.items())
        t = score.total(results)
        print(f"{kind:<10} {t['sections']['f1']:9.3f} {t['tasks']['f1']:9.3f} {t['units']['f1']:9.3f} "
              f"{t['targets']['f1']:9.3f} {t['lead_accuracy'] or 0:9.3f} {t['target_deadline_accuracy'] or 0:9.3f}"
              f" {t['references']['f1']:9.3f} {t['meta_accuracy']:9.3f} {same / max(total, 1):9.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
