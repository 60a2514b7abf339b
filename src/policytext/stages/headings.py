"""The heading model: decides about heading candidates the section rules disagree on.

The section stage takes a marker as a heading by rule when it stands where headings
stand (a line start, after a sentence end or a closing unit bracket) and continues its
list. A weak candidate (mid-line in one-line text) or one that skips a lost sibling is
uncertain; for those this module scores a small logistic regression over where the
candidate stands and how its list goes on. The model was trained on clean pool
documents re-dressed by perturb.py, labelled by the headings of their clean copies
(``models/headings/train.py``; the dev and pool/gold documents are kept out).

A model is arrays (``headings.npz``, read with ``allow_pickle=False``) and ``meta.json``
(feature names, threshold, sha256 of the npz), installed in ``data/models/headings/``.
None ships today: measured on the dev corpus's one-line copies it loses to the rule it
would replace (models/headings/README.md), so the rule decides — is the list confirmed
by its next number? Features are computed only when a model is installed or a trainer
records them.
"""
from __future__ import annotations

import hashlib
import io
import json
import math
from functools import cache
from importlib import resources

FORMAT = "policytext-headings/1"
KINDS = ("part", "bian", "chapter", "jie", "article", "cn", "paren_cn", "paren_arabic", "arabic",
         "arabic_paren", "circled")
_BEFORE = ("sentence_end", "colon", "bracket", "han", "latin_digit", "other")
FEATURES = (
    "bias", "strong", "free", "first_item", "skips_one", "confirmed", "kind_ranked", "kind_open", "depth",
    "title_len", "title_ends_soon", "gap_log", "next_is_successor", "han_after", "pos_in_doc",
    *(f"before_{b}" for b in _BEFORE), *(f"kind_{k}" for k in KINDS),
)
_TITLE_ENDS = "。！？：:!?；;"


def _before_class(text: str, start: int) -> str:
    """What precedes a candidate's marker, skipping spaces: a sentence end (or line start), a colon, a
    closing bracket, a Han character, a Latin letter or digit, or other.
    """
    j = start - 1
    while j >= 0 and text[j] in " \t\u3000":
        j -= 1
    ch = text[j] if j >= 0 else "\n"
    if ch in "。；！？;!?\n":
        return "sentence_end"
    if ch in "：:":
        return "colon"
    if ch in "）)】]":
        return "bracket"
    if "\u4e00" <= ch <= "\u9fff":
        return "han"
    if ch.isascii() and ch.isalnum():
        return "latin_digit"
    return "other"


def features(text: str, cands: list, i: int, skips_one: bool, confirmed: bool, kind_ranked: bool,
             kind_open: bool, depth: int) -> list[float]:
    """The feature vector of candidate ``cands[i]`` (names in ``FEATURES``)."""
    c = cands[i]
    nxt = cands[i + 1] if i + 1 < len(cands) else None
    end = min(len(text), c.title_start + 60)
    title_end = next((j for j in range(c.title_start, end) if text[j] in _TITLE_ENDS), end)
    gap = (nxt.start - c.start) if nxt else len(text) - c.start
    before = _before_class(text, c.start)
    row = [
        1.0, float(c.strong), float(c.free), float(c.ordinal == 1), float(skips_one), float(confirmed),
        float(kind_ranked), float(kind_open), min(depth, 5) / 5,
        min(title_end - c.title_start, 60) / 60, float(title_end - c.title_start <= 30),
        math.log1p(gap) / 10, float(bool(nxt and nxt.kind == c.kind and nxt.ordinal == c.ordinal + 1)),
        float(c.marker_end < len(text) and "\u4e00" <= text[c.marker_end] <= "\u9fff"),
        c.start / max(len(text), 1),
    ]
    row += [float(before == b) for b in _BEFORE]
    row += [float(c.kind == k) for k in KINDS]
    return row


class HeadingModel:
    """A logistic regression over standardised features."""

    def __init__(self, coef: list[float], mean: list[float], scale: list[float], threshold: float):
        self.coef, self.mean, self.scale, self.threshold = coef, mean, scale, threshold

    def probability(self, row: list[float]) -> float:
        """The probability that the candidate with feature ``row`` is a heading (logistic, clipped so
        ``exp`` never overflows).
        """
        z = sum(w * (x - m) / s for w, x, m, s in zip(self.coef, row, self.mean, self.scale, strict=True))
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def model() -> HeadingModel | None:
    """The installed model (``data/models/headings/``), or None when there is none."""
    return load(resources.files("policytext") / "data" / "models" / "headings")


def load(folder) -> HeadingModel | None:
    """A model from ``folder`` (headings.npz + meta.json), or None when it is absent or does
    not check out (format, feature names, sha256 of the npz, array shapes)."""
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        blob = (folder / "headings.npz").read_bytes()
        if meta.get("format") != FORMAT or hashlib.sha256(blob).hexdigest() != meta.get("sha256"):
            return None
        if tuple(meta.get("features", ())) != FEATURES:
            return None
        import numpy as np

        with np.load(io.BytesIO(blob), allow_pickle=False) as arrays:
            coef, mean, scale = (arrays[k].astype(float) for k in ("coef", "mean", "scale"))
        if not (coef.shape == mean.shape == scale.shape == (len(FEATURES),)) or not np.all(scale > 0):
            return None
        return HeadingModel(coef.tolist(), mean.tolist(), scale.tolist(), float(meta["threshold"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def accept(row: list[float], by_rule: bool) -> bool:
    """Whether an uncertain candidate is a heading: the model's call, else the rule's."""
    m = model()
    if m is None:
        return by_rule
    return m.probability(row) >= m.threshold
