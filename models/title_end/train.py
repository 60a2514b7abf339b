"""Train the title-end model of one-line text from the clean corpora (labels for free).

    .venv/bin/python models/title_end/train.py [--corpora ../shared/corpora]

Examples come from the clean (multi-line) documents of dev/ and pool/, leaving out the labelled
pool/gold documents: each heading whose title stands alone on its line gives its title glued to the
body's first clause (the title ends at the old line break); each run-in title (title。body) gives
the title alone (kept whole) and, with the stop dropped, the title glued to its body; each
one-sentence item (1.交通量预测应采用最新数据。) gives its sentence, kept whole. A
logistic regression scores every possible end over hashed features
(``policytext.stages.title_end.columns``), some read from tables counted on the clean texts (the
cohesion of two characters, how often a string opens or closes a clause); a training row reads
tables counted without its own fold, or the model trusts them more than it may on unseen text.
Five folds of documents give the held-out figures, the cut-off and the list vote (a cut stands
where enough of its list's headings are cut too); the model is then fitted on all examples and
written to src/policytext/data/models/title_end/ (npz of arrays + meta.json), the figures to
metrics.json here. Same corpora, same bytes out.
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
from policytext.stages.title_end import (
    CLAUSE_STOPS,
    FORMAT,
    MIN_LENGTH,
    STOPS,
    TEMPLATES,
    Tables,
    canonical,
    columns,
    model_dir,
    pair_key,
    pmi_bucket,
    ratio_bucket,
)

HERE = Path(__file__).resolve().parent
BITS = 18
C = 1.0
FOLDS = 5
#: Cut-offs tried; the lowest that keeps at least this share of run-in titles whole is chosen.
CUTOFFS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.92, 0.95)
KEEP_WHOLE = 0.995
#: Shares of a list's headings that must be cut for a cut to stand (0: each heading alone).
SHARES = (0.0, 0.34, 0.5)
#: The shares the model may ship with: no vote (0) is measured, not chosen; held out it is within a
#: title or five of the vote, while on the flatten dress it cuts 18 more one-sentence items of
#: regulations early (（一）不依照本条例规定的条件|、程序和期限…的；).
CHOOSE_SHARES = (0.34, 0.5)
#: A cut this probable stands whatever its list says (a list of whole sentences may hold one title).
SURE = 0.98
#: (lower cut-off, share of the other headings of its list cut): a most probable end below the
#: cut-off but at least the lower one is cut where that share of its siblings is cut (None: never).
SUPPORTS = (None, (0.4, 0.5), (0.5, 0.5), (0.6, 0.5), (0.4, 0.67), (0.5, 0.67), (0.6, 0.67))
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
                out.append({"doc": f"{path.parent.name}/{path.stem}", "title": title, "body": "", "runin": True,
                            "list": f"{s.parent}/{s.level}"})
                continue
            if len(title) > 40:
                continue
            if rest:
                if src[b:b + 1] == "。" and len(rest) > 4:  # a run-in title
                    out.append({"doc": f"{path.parent.name}/{path.stem}", "title": title, "body": rest[1:81].strip(),
                                "runin": True, "list": f"{s.parent}/{s.level}"})
                continue
            nxt = line_end + 1
            while nxt < len(src) and src[nxt] in "\n \t\u3000":
                nxt += 1
            line = src[nxt:src.find("\n", nxt) if src.find("\n", nxt) >= 0 else len(src)].strip()[:80]
            if line and not _MARKER.match(line):
                out.append({"doc": f"{path.parent.name}/{path.stem}", "title": title, "body": line, "runin": False,
                            "list": f"{s.parent}/{s.level}"})
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


_CLAUSE = re.compile(f"[{re.escape(CLAUSE_STOPS)}\n]")


def clause_tables(texts: list[str], min_count: int = 3) -> tuple[dict[str, int], dict[str, int]]:
    """How often each one- or two-character string seen at least ``min_count`` times opens a clause
    of ``texts`` (a line or the text after a stop or comma: 到2025年, 围绕, 各地…) and how often it
    closes one (…建设, …机制), as ``ratio_bucket``s: the free labels of "a body starts here" and "a
    title ends here" that one-line text lost."""
    total, opens, closes = Counter(), Counter(), Counter()
    for text in texts:
        for clause in _CLAUSE.split(text):
            c = "".join(clause.split())
            if not c:
                continue
            grams = [c[i:i + k] for k in (1, 2) for i in range(len(c) - k + 1)]
            total.update(grams)
            opens.update({c[:1], c[:2]})
            closes.update({c[-1:], c[-2:]})
    kept = [g for g, n in total.items() if n >= min_count]
    return ({g: ratio_bucket(opens[g] / total[g]) for g in kept}, {g: ratio_bucket(closes[g] / total[g]) for g in kept})


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


class Settings:
    """What a variant changes: the templates, C, the weight of the true end among the candidates."""

    def __init__(self, templates=TEMPLATES, c=C, pos_weight=1.0, bits=BITS):
        self.templates, self.c, self.pos_weight, self.bits = tuple(templates), c, pos_weight, bits
        self.use = np.array([TEMPLATES.index(t) for t in self.templates], dtype=np.int64)

    def describe(self) -> dict:
        return {"templates": list(self.templates), "C": self.c, "pos_weight": self.pos_weight, "bits": self.bits}


def _matrix(cols: np.ndarray, bits: int):
    """Rows of hashed columns as a sparse 0/1 matrix."""
    n, k = cols.shape
    return sparse.csr_matrix((np.ones(n * k), cols.ravel(), np.arange(0, n * k + 1, k)), shape=(n, 1 << bits))


def _arrays(table: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    pairs = sorted((pair_key(p), b) for p, b in table.items())
    return np.array([k for k, _ in pairs], dtype=np.int64), np.array([b for _, b in pairs], dtype=np.int64)


def make_tables(texts: list[str]) -> Tables:
    """The cohesion, open and close tables of ``texts``, counted on their ``canonical`` characters (what
    the model reads)."""
    texts = [canonical(t) for t in texts]
    opening, closing = clause_tables(texts)
    (pk, pb), (ok, ob), (ck, cb) = _arrays(cohesion_table(texts)), _arrays(opening), _arrays(closing)
    return Tables(pk, pb, ok, ob, ck, cb)


def _columns(s: str, tables: Tables, st: Settings) -> tuple[list[int], np.ndarray]:
    ends, cols = columns(s, tables, st.bits)
    return ends, cols[:, st.use]


def fit(rows: list[dict], tables_of, st: Settings) -> LogisticRegression:
    """The model of ``rows``, each row's features read from the tables ``tables_of(row)`` gives: tables
    counted without the row's own document, or the model learns to trust them more than it may on
    text it never saw."""
    X, y = [], []
    for row in rows:
        tables = tables_of(row)
        for s, gold in examples(row):
            if len(s) < MIN_LENGTH:
                continue
            ends, cols = _columns(s, tables, st)
            X.append(cols)
            y.extend(e == gold for e in ends)
    y = np.array(y)
    weight = np.where(y, st.pos_weight, 1.0)
    clf = LogisticRegression(C=st.c, max_iter=3000).fit(_matrix(np.vstack(X), st.bits), y, sample_weight=weight)
    # weights too small to move a decision are dropped (the held-out figures are of the pruned model)
    clf.coef_[np.abs(clf.coef_) < PRUNE] = 0.0
    return clf


def best_end(clf: LogisticRegression, tables: Tables, st: Settings, s: str) -> tuple[int, float, int, float]:
    """The most probable end of ``s`` and its probability, then the most probable end before the whole
    of ``s`` and its (what a list's support may cut at)."""
    ends, cols = _columns(s, tables, st)
    z = clf.decision_function(_matrix(cols, st.bits))
    p = np.exp(z - z.max())
    p /= p.sum()
    k = int(np.argmax(p))
    c = int(np.argmax(p[:-1]))
    return ends[k], float(p[k]), ends[c], float(p[c])


def folds(rows: list[dict]) -> dict[str, int]:
    docs = sorted({r["doc"] for r in rows})
    order = np.random.default_rng(0).permutation(len(docs))
    return {docs[k]: i % FOLDS for i, k in enumerate(order)}


def held_out(rows: list[dict], texts: dict[str, str], st: Settings) -> list[tuple[dict, int, float, int]]:
    """Every row's chosen end and its probability by a model that never saw its document (the
    tables too counted without it; the training rows' tables without their own fold as well)."""
    fold = folds(rows)
    without = {}  # tables counted without the documents of some folds

    def tables(*out: int) -> Tables:
        key = tuple(sorted(set(out)))
        if key not in without:
            without[key] = make_tables([t for name, t in texts.items() if fold.get(name) not in key])
        return without[key]

    held = []
    for f in range(FOLDS):
        clf = fit([r for r in rows if fold[r["doc"]] != f], lambda r, f=f: tables(f, fold[r["doc"]]), st)
        for r in rows:
            if fold[r["doc"]] == f:
                s, gold = examples(r)[0]
                if len(s) >= MIN_LENGTH:
                    end, p, cut, cut_p = best_end(clf, tables(f), st, s)
                    held.append((r, end, p, gold, cut, cut_p))
    return held


def figures(held, cutoff: float, share: float = 0.0, sure: float = 1.0, support=None) -> dict:
    """Held-out figures when the model cuts at ``cutoff`` and a cut stands only where at least
    ``share`` of its list's evaluated headings are cut too or its probability reaches ``sure``; with
    ``support`` = (lower cut-off, share), a most probable end below the cut-off but at least the lower
    one is cut where that share of the list's other headings is cut (as ``TitleEndModel.list_cuts``)."""
    low, support_share = support or (cutoff, 1.0)
    n = [len(examples(r)[0][0]) for r, *_ in held]
    proposed = [e < m and p >= cutoff for (_, e, p, *_), m in zip(held, n, strict=True)]
    votes: dict[tuple[str, str], list[bool]] = {}
    for (r, *_), cut in zip(held, proposed, strict=True):
        votes.setdefault((r["doc"], r["list"]), []).append(cut)

    def stands(r, p):
        v = votes[(r["doc"], r["list"])]
        return len(v) < 2 or sum(v) >= share * len(v) or p >= sure

    sure_cut = [cut and stands(r, p) for (r, _, p, *_), cut in zip(held, proposed, strict=True)]
    standing = Counter((r["doc"], r["list"]) for (r, *_), s in zip(held, sure_cut, strict=True) if s)

    def supported(r, e, m, p):  # a doubtful cut (the most probable end short of the whole), cut where
        # enough of the list's others are cut for sure
        others = len(votes[(r["doc"], r["list"])]) - 1
        return e < m and low <= p < cutoff and others >= 1 and standing[(r["doc"], r["list"])] >= support_share * others

    decided = [(r, e if s else ce if supported(r, ce, m, cp) else m, g, m)
               for (r, e, p, g, ce, cp), s, m in zip(held, sure_cut, n, strict=True)]
    run_on = [(d, g, m) for r, d, g, m in decided if not r["runin"]]
    run_in = [(d, g) for r, d, g, _ in decided if r["runin"]]
    return {"cutoff": cutoff, "list_share": share, "sure": sure,
            "support_probability": low, "support_share": support_share, "run_on_titles": len(run_on),
            "run_on_exact": round(float(np.mean([d == g for d, g, _ in run_on])), 4),
            "run_on_cut": round(float(np.mean([d < m for d, _, m in run_on])), 4),
            "run_in_titles": len(run_in),
            "run_in_kept_whole": round(float(np.mean([d == g for d, g in run_in])), 4)}


def choose(grid: list[dict]) -> dict:
    """For each list share of CHOOSE_SHARES and each support the lowest cut-off keeping KEEP_WHOLE of
    whole titles whole, and of those the one that ends most run-on titles exactly (on a tie: the
    smaller share, the stricter support)."""
    best = []
    for share in CHOOSE_SHARES:
        for support in SUPPORTS:
            ok = [g for g in grid if g["list_share"] == share and g["support"] == support
                  and g["run_in_kept_whole"] >= KEEP_WHOLE]
            if ok:
                best.append(min(ok, key=lambda g: g["cutoff"]))
    if not best:
        return grid[-1]
    return max(best, key=lambda g: (g["run_on_exact"], -g["list_share"], g["support_probability"] - g["cutoff"],
                                    g["support_share"]))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", default=str(HERE.parents[1].parent / "shared" / "corpora"))
    corpora = Path(ap.parse_args(argv).corpora)
    files = clean_files(corpora)
    texts = {f"{p.parent.name}/{p.stem}": p.read_text(encoding="utf-8-sig") for p in files}
    rows = headings(files)
    st = Settings()
    held = held_out(rows, texts, st)
    grid = [{**figures(held, c, share, SURE if share else 1.0, support), "support": support}
            for share in SHARES for support in SUPPORTS for c in CUTOFFS]
    chosen = choose(grid)
    # each row's features from tables without its own fold; the shipped tables count every document
    fold = folds(rows)
    own = {f: make_tables([t for name, t in texts.items() if fold.get(name) != f]) for f in range(FOLDS)}
    clf = fit(rows, lambda r: own[fold[r["doc"]]], st)
    tables = make_tables(list(texts.values()))
    coef = clf.coef_[0]
    keys = np.flatnonzero(coef).astype(np.int32)
    arrays = {"keys": keys, "weights": coef[keys].astype(np.float32), "intercept": clf.intercept_.astype(np.float64),
              "pair_keys": tables.pair_keys, "pair_buckets": tables.pair_buckets.astype(np.int8),
              "open_keys": tables.open_keys, "open_buckets": tables.open_buckets.astype(np.int8),
              "close_keys": tables.close_keys, "close_buckets": tables.close_buckets.astype(np.int8)}
    out = model_dir()
    out.mkdir(parents=True, exist_ok=True)
    blob = write_npz(out / "title_end.npz", arrays)
    meta = {"format": FORMAT, "bits": st.bits, "C": st.c, "pos_weight": st.pos_weight, "templates": list(st.templates),
            "min_probability": chosen["cutoff"], "min_list_share": chosen["list_share"],
            "sure_probability": chosen["sure"], "support_probability": chosen["support_probability"],
            "support_share": chosen["support_share"], "examples": len(rows), "documents": len(set(folds(rows))),
            "held_out": chosen, "npz_sha256": hashlib.sha256(blob).hexdigest()}
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    (HERE / "metrics.json").write_text(json.dumps({"grid": grid, "chosen": chosen, "examples": len(rows),
                                                   "documents": len(set(folds(rows))), "settings": st.describe()},
                                                  ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for g in grid:
        print(g)
    print("chosen", chosen)
    return 0


if __name__ == "__main__":
    sys.exit(main())
