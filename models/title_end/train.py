"""Train the title-end model of one-line text from the clean corpora (labels for free).

    .venv/bin/python models/title_end/train.py [--corpora ../shared/corpora]

Examples come from the clean (multi-line) documents of dev/ and pool/, leaving out the labelled
pool/gold documents: each heading whose title stands alone on its line gives its title glued to the
body's first clause (the title ends at the old line break); each run-in title (title。body) gives
the title alone (kept whole) and, with the stop dropped, the title glued to its body; each
one-sentence item (1.交通量预测应采用最新数据。) gives its sentence, kept whole. A
logistic regression scores every possible end over hashed character features
(``policytext.stages.title_end.features``). Five folds of documents give the held-out figures and the
cut-off; the model is then fitted on all examples and written to
src/policytext/data/models/title_end/ (npz of arrays + meta.json), the figures to metrics.json here.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

import policytext
from policytext.instruments.model import write_npz
from policytext.stages.title_end import FORMAT, MIN_LENGTH, STOPS, columns, model_dir, pair_key, pmi_bucket

HERE = Path(__file__).resolve().parent
BITS = 18
C = 3.0
FOLDS = 5
#: Cut-offs tried; the lowest that keeps at least this share of run-in titles whole is chosen.
CUTOFFS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
KEEP_WHOLE = 0.995
PRUNE = 0.01
_STOP = re.compile(f"[{STOPS}]")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_MARKER = re.compile(r"\s*(?:第[一二三四五六七八九十百零]+[条章节部分]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]"
                     r"|\d+[.．、]|[①-⑳])")


def clean_files(corpora: Path) -> list[Path]:
    """The clean (multi-line) documents of dev/ and pool/, without the labelled pool/gold ones."""
    pool = corpora / "pool"
    held_out = {p.stem for p in (pool / "gold").glob("*.json")}
    files = sorted((corpora / "dev").glob("*.txt")) + [p for p in sorted(pool.glob("*.txt")) if p.stem not in held_out]
    return [p for p in files if p.read_text(encoding="utf-8-sig").count("\n") >= 4]


def headings(files: list[Path]) -> list[dict]:
    """Title/body pairs of the clean documents' headings: line-end titles and run-in titles."""
    out = []
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        doc = policytext.parse(text, path.stem)
        src = doc.text
        for s in doc.sections:
            title, b = s.title.strip(), s.span[1]
            line_end = src.find("\n", b)
            if not (2 <= len(title) <= 80) or _STOP.search(title) or line_end < 0:
                continue
            rest = src[b:line_end].strip()
            if len(rest) == 1 and _STOP.match(rest):  # a one-sentence item: its title is the sentence
                out.append({"doc": f"{path.parent.name}/{path.stem}", "title": title, "body": "", "runin": True})
                continue
            if len(title) > 40:
                continue
            if rest:
                if src[b:b + 1] == "。" and len(rest) > 4:  # a run-in title
                    out.append({"doc": f"{path.parent.name}/{path.stem}", "title": title, "body": rest[1:81].strip(),
                                "runin": True})
                continue
            nxt = line_end + 1
            while nxt < len(src) and src[nxt] in "\n \t\u3000":
                nxt += 1
            line = src[nxt:src.find("\n", nxt) if src.find("\n", nxt) >= 0 else len(src)].strip()[:80]
            if line and not _MARKER.match(line):
                out.append({"doc": f"{path.parent.name}/{path.stem}", "title": title, "body": line, "runin": False})
    return out


def cohesion_table(texts: list[str], min_count: int = 3) -> dict[str, int]:
    """The PMI bucket of every two-character string seen at least ``min_count`` times inside runs of
    Chinese characters of ``texts``."""
    single, pairs = Counter(), Counter()
    for text in texts:
        for run in _HAN.findall(text):
            single.update(run)
            pairs.update(run[i:i + 2] for i in range(len(run) - 1))
    n1, n2 = sum(single.values()), sum(pairs.values())
    return {p: pmi_bucket(math.log((c / n2) / ((single[p[0]] / n1) * (single[p[1]] / n1))))
            for p, c in pairs.items() if c >= min_count}


def _clause(body: str) -> str:
    stop = _STOP.search(body)
    return body[:stop.start()] if stop else body


def examples(row: dict) -> list[tuple[str, int]]:
    """(text as one-line text shows it up to its first stop, where the title ends); the first is the
    one the row is evaluated on."""
    title = row["title"]
    if row["runin"]:
        return [(title, len(title))] + ([(title + _clause(row["body"]), len(title))] if row["body"] else [])
    return [(title + _clause(row["body"]), len(title))]


def _matrix(cols: np.ndarray):
    """Rows of hashed columns as a sparse 0/1 matrix."""
    n, k = cols.shape
    return sparse.csr_matrix((np.ones(n * k), cols.ravel(), np.arange(0, n * k + 1, k)), shape=(n, 1 << BITS))


def _table_arrays(table: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    pairs = sorted((pair_key(p), b) for p, b in table.items())
    return np.array([k for k, _ in pairs], dtype=np.int64), np.array([b for _, b in pairs], dtype=np.int64)


def fit(rows: list[dict], table: dict[str, int]) -> LogisticRegression:
    keys, buckets = _table_arrays(table)
    X, y = [], []
    for row in rows:
        for s, gold in examples(row):
            if len(s) < MIN_LENGTH:
                continue
            ends, cols = columns(s, keys, buckets, BITS)
            X.append(cols)
            y.extend(e == gold for e in ends)
    clf = LogisticRegression(C=C, max_iter=3000).fit(_matrix(np.vstack(X)), np.array(y))
    # weights too small to move a decision are dropped (the held-out figures are of the pruned model)
    clf.coef_[np.abs(clf.coef_) < PRUNE] = 0.0
    return clf


def best_end(clf: LogisticRegression, table: dict[str, int], s: str) -> tuple[int, float]:
    keys, buckets = _table_arrays(table)
    ends, cols = columns(s, keys, buckets, BITS)
    z = clf.decision_function(_matrix(cols))
    p = np.exp(z - z.max())
    p /= p.sum()
    k = int(np.argmax(p))
    return ends[k], float(p[k])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", default=str(HERE.parents[1].parent / "shared" / "corpora"))
    corpora = Path(ap.parse_args(argv).corpora)
    files = clean_files(corpora)
    texts = {f"{p.parent.name}/{p.stem}": p.read_text(encoding="utf-8-sig") for p in files}
    rows = headings(files)
    docs = sorted({r["doc"] for r in rows})
    order = np.random.default_rng(0).permutation(len(docs))
    fold = {docs[k]: i % FOLDS for i, k in enumerate(order)}
    held: list[tuple[dict, int, float, int]] = []  # row, chosen end, its probability, gold end
    for f in range(FOLDS):
        # the cohesion table too is counted without the held-out documents
        table = cohesion_table([t for name, t in texts.items() if fold.get(name) != f])
        clf = fit([r for r in rows if fold[r["doc"]] != f], table)
        for r in rows:
            if fold[r["doc"]] == f:
                s, gold = examples(r)[0]
                if len(s) >= MIN_LENGTH:
                    end, p = best_end(clf, table, s)
                    held.append((r, end, p, gold))

    def figures(cutoff: float) -> dict:
        def decided(end, p, s_len):
            return end if end < s_len and p >= cutoff else s_len
        run_on = [(decided(e, p, len(examples(r)[0][0])), g, len(examples(r)[0][0])) for r, e, p, g in held
                  if not r["runin"]]
        run_in = [(decided(e, p, len(examples(r)[0][0])), g) for r, e, p, g in held if r["runin"]]
        return {"cutoff": cutoff, "run_on_titles": len(run_on),
                "run_on_exact": round(float(np.mean([d == g for d, g, _ in run_on])), 4),
                "run_on_cut": round(float(np.mean([d < n for d, _, n in run_on])), 4),
                "run_in_titles": len(run_in),
                "run_in_kept_whole": round(float(np.mean([d == g for d, g in run_in])), 4)}

    grid = [figures(c) for c in CUTOFFS]
    chosen = next((g for g in grid if g["run_in_kept_whole"] >= KEEP_WHOLE), grid[-1])
    table = cohesion_table(list(texts.values()))
    clf = fit(rows, table)
    coef = clf.coef_[0]
    keys = np.flatnonzero(coef).astype(np.int32)
    pair_keys, pair_buckets = _table_arrays(table)
    arrays = {"keys": keys, "weights": coef[keys].astype(np.float32), "intercept": clf.intercept_.astype(np.float64),
              "pair_keys": pair_keys, "pair_buckets": pair_buckets.astype(np.int8)}
    out = model_dir()
    out.mkdir(parents=True, exist_ok=True)
    blob = write_npz(out / "title_end.npz", arrays)
    meta = {"format": FORMAT, "bits": BITS, "C": C, "min_probability": chosen["cutoff"],
            "examples": len(rows), "documents": len(docs), "held_out": chosen,
            "npz_sha256": hashlib.sha256(blob).hexdigest()}
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    (HERE / "metrics.json").write_text(json.dumps({"grid": grid, "chosen": chosen, "examples": len(rows),
                                                   "documents": len(docs)}, ensure_ascii=False, indent=1) + "\n",
                                       encoding="utf-8")
    for g in grid:
        print(g)
    print("chosen", chosen)
    return 0


if __name__ == "__main__":
    sys.exit(main())
