"""Train the heading model (policytext.stages.headings) on clean pool documents re-dressed.

    .venv/bin/python models/headings/train.py [--shared ../shared] [--out models/headings/trained]

Labels come for free: a document whose clean copy has line breaks is parsed clean, and
its headings (kind, number, first characters of the title) label the candidates the
section rules are unsure about in its flattened, run-on, PDF-wrapped and OCR-spaced
copies (perturb.py). The dev corpus and the labelled pool documents (pool/gold) are
kept out, so their scores stay honest. Prints grouped cross-validation (by document)
of the model against the rule it replaces, and writes headings.npz + meta.json
(metrics.json beside this script).
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import io
import json
import random
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from policytext.doc import PolicyDoc, Source
from policytext.reading.normalize import TextView
from policytext.stages import header, headings, sections

REPO = Path(__file__).resolve().parents[2]
KINDS = ("flatten", "runon", "pdfwrap", "spaces")
SEED = 0


def _front(text: str) -> PolicyDoc:
    doc = PolicyDoc(doc_id="t", source=Source(path=None, format="txt", encoding="utf-8", sha256="", chars=len(text)),
                    text=text, view=TextView(text))
    header.run(doc)
    sections.run(doc)
    return doc


def _key(kind: str, ordinal: int, title: str) -> tuple:
    t = "".join(unicodedata.normalize("NFKC", title).split())[:6]
    return (kind, ordinal, t)


def _perturb(shared: Path):
    spec = importlib.util.spec_from_file_location("perturb", shared / "eval" / "perturb.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def collect(shared: Path):
    perturb = _perturb(shared)
    pool = shared / "corpora" / "pool"
    held_out = {p.stem for p in (pool / "gold").glob("*.json")}
    rows, labels, rules, groups = [], [], [], []
    docs = 0
    for path in sorted(pool.glob("*.txt")):
        text = path.read_text(encoding="utf-8-sig")
        if path.stem in held_out or text.count("\n") <= 3:
            continue  # labelled documents stay out; a one-line original has no clean headings
        clean = _front(text)
        keys = Counter(_key(s.kind, s.ordinal, s.title) for s in clean.sections)
        if not keys:
            continue
        docs += 1
        for kind in KINDS:
            rng = random.Random(f"{SEED}:{kind}:{path.name}")
            dressed = getattr(perturb, kind)(text, rng)
            sections._recorder = []
            try:
                doc = _front(dressed)
            finally:
                recorded, sections._recorder = sections._recorder, None
            view = doc.view.text
            left = Counter(keys)
            for feats, c in recorded:
                k = _key(c.kind, c.ordinal, view[c.title_start:c.title_start + 12])
                hit = left[k] > 0
                if hit:
                    left[k] -= 1
                rows.append(feats)
                labels.append(int(hit))
                rules.append(int(feats[headings.FEATURES.index("confirmed")]))
                groups.append(path.stem)
    return np.array(rows), np.array(labels), np.array(rules), np.array(groups), docs


def _fit(x, y):
    mean, scale = x.mean(axis=0), x.std(axis=0)
    mean[0], scale[0] = 0.0, 1.0  # the bias column stays a constant 1
    scale[scale == 0] = 1.0
    clf = LogisticRegression(C=1.0, max_iter=2000, fit_intercept=False)
    clf.fit((x - mean) / scale, y)
    return clf.coef_[0], mean, scale


def _prob(coef, mean, scale, x):
    return 1 / (1 + np.exp(-np.clip(((x - mean) / scale) @ coef, -30, 30)))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(REPO.parent / "shared"))
    ap.add_argument("--out", default=str(REPO / "models" / "headings" / "trained"),
                    help="where to write the model; copy it to src/policytext/data/models/headings to use it")
    a = ap.parse_args(argv)
    x, y, rule, groups, docs = collect(Path(a.shared))
    if len(set(y)) < 2:
        sys.exit("train headings: the candidates have one label only")
    threshold = 0.5
    pred = np.zeros(len(y), dtype=int)
    for train, test in GroupKFold(n_splits=5).split(x, y, groups):
        coef, mean, scale = _fit(x[train], y[train])
        pred[test] = (_prob(coef, mean, scale, x[test]) >= threshold).astype(int)

    def scores(p):
        tp = int(((p == 1) & (y == 1)).sum())
        prec = tp / max(1, int((p == 1).sum()))
        rec = tp / max(1, int((y == 1).sum()))
        return {"accuracy": round(float((p == y).mean()), 4), "precision": round(prec, 4), "recall": round(rec, 4),
                "f1": round(2 * prec * rec / max(prec + rec, 1e-9), 4)}

    metrics = {"documents": docs, "candidates": int(len(y)), "headings": int(y.sum()),
               "grouped_cv_5_folds": {"model": scores(pred), "rule (list confirmed)": scores(rule)}}
    coef, mean, scale = _fit(x, y)
    buf = io.BytesIO()
    np.savez(buf, coef=coef.astype(np.float64), mean=mean.astype(np.float64), scale=scale.astype(np.float64))
    blob = buf.getvalue()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "headings.npz").write_bytes(blob)
    meta = {"format": headings.FORMAT, "features": list(headings.FEATURES), "threshold": threshold,
            "sha256": hashlib.sha256(blob).hexdigest(), "trained_on": "clean pool documents (pool/gold and dev "
            "excluded) re-dressed by perturb.py: " + ", ".join(KINDS), "seed": SEED, "metrics": metrics}
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                   encoding="utf-8")
    (Path(__file__).parent / "metrics.json").write_text(json.dumps(metrics, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(metrics, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
