"""Where a heading's title ends in one-line text: a small model trained on labels clean text gives
for free.

In clean text a heading's title usually stands alone on its line (（一）落实运营主体责任⏎运营单位作为…);
text flattened onto one line (OCR, scraped pages) glues the body to it, and the title rule (up to the
first 。！？：) then takes the body's first clause too. Every such line break of the clean corpus is
a labelled example of where a title ends, and every run-in title (加快数字基础设施建设。加快5G…) one of
a title that ends at its stop; ``models/title_end/train.py`` learns both with a logistic regression
over hashed character features around each possible end. ``title_cut`` returns where the model would
end a run-on title, or None to keep it whole.

The model ships as ``data/models/title_end/`` (``title_end.npz``: arrays only, read with
``allow_pickle=False``; ``meta.json``: settings, metrics and the npz's sha256, checked on load).
Nothing is loaded until a one-line heading asks.

    >>> pmi_bucket(5.99), pmi_bucket(-7.0)
    (5, -2)
"""
from __future__ import annotations

import hashlib
import io
import json
import math
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import RuleDataError

FORMAT = "policytext-title-end-1"
#: Where the title rule ends a title (the model chooses an earlier end, or none).
STOPS = "。！？：:!?；;"
#: Ends considered: after at least 2 characters, before at most this many; and the whole string.
MAX_END = 48
#: Shorter runs are left whole: a short title needs no cut, and the model is least sure there.
MIN_LENGTH = 12


#: Feature templates, each hashed with the character codes it reads (see ``columns``).
TEMPLATES = ("bias", "l1", "l2", "r1", "r2", "r3", "l1r1", "l2r2", "len", "lenb", "comma", "pmi", "pmi_left",
             "pmi_right", "end")
#: The code standing for "past the end of the string" (no character has it).
_END = 0x110000
#: Odd multipliers of the hash (one per slot: template, then up to four values).
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                 0xFF51AFD7ED558CCD], dtype=np.uint64)


def pair_key(pair: str) -> int:
    """A two-character string as one integer (the cohesion table's key)."""
    return ord(pair[0]) * _END + ord(pair[1]) if len(pair) == 2 else -1


#: Cohesion buckets: floor of the pointwise mutual information, clipped to this range.
PMI_RANGE = (-2, 8)
#: The bucket of a pair the corpus had too rarely.
PMI_NONE = 99


def pmi_bucket(value: float) -> int:
    """The bucket of a pointwise mutual information value."""
    return max(PMI_RANGE[0], min(PMI_RANGE[1], math.floor(value)))


def candidates(s: str) -> list[int]:
    """The ends considered for ``s``: after 2 to MAX_END - 1 characters, and the whole of it."""
    return [*range(2, min(len(s), MAX_END)), len(s)]


def columns(s: str, pair_keys: np.ndarray, pair_buckets: np.ndarray, bits: int) -> tuple[list[int], np.ndarray]:
    """The ends considered for ``s`` and, for each, the hashed columns of its features: the
    characters on each side of the end, their pairs, how long the title would be, how far the next
    comma is, and how strongly the characters on each side hold together in the corpus (the
    cohesion bucket of a pair: a high one means the end would split a word, 攻|坚); the last end,
    ``len(s)``, keeps ``s`` whole.

    Computed for all ends at once with numpy (the pipeline asks for every heading of a one-line
    document).

    >>> ends, cols = columns("加快建设运营单位作为主体", np.array([], dtype=np.int64), np.array([], dtype=np.int64), 18)
    >>> ends[:3], ends[-1], cols.shape
    ([2, 3, 4], 12, (11, 15))
    """
    ends = candidates(s)
    n = len(s)
    code = np.array([ord(c) for c in s] + [_END, _END, _END], dtype=np.int64)
    j = np.array(ends, dtype=np.int64)
    at_end = j >= n
    l1, l2 = code[j - 1], code[j - 2]
    r1, r2, r3 = code[j], code[j + 1], code[j + 2]
    # the next comma at or after each end (a sentinel past the string: none, -1), at most 10 away
    commas = np.array([i for i, c in enumerate(s) if c == "，"] + [_END], dtype=np.int64)
    after = commas[np.searchsorted(commas, j)]
    comma = np.where(after == _END, -1, np.minimum(after - j, 10))

    def cohesion(a, b):
        keys = a * _END + b
        if not len(pair_keys):
            return np.full(len(keys), PMI_NONE)
        at = np.minimum(np.searchsorted(pair_keys, keys), len(pair_keys) - 1)
        return np.where(pair_keys[at] == keys, pair_buckets[at], PMI_NONE)

    zero = np.zeros(len(j), dtype=np.int64)
    slots = [  # (values read, as columns of up to four codes), one row per template
        (zero, zero, zero, zero), (l1, zero, zero, zero), (l2, l1, zero, zero), (r1, zero, zero, zero),
        (r1, r2, zero, zero), (r1, r2, r3, zero), (l1, r1, zero, zero), (l2, l1, r1, r2),
        (np.minimum(j, 30), zero, zero, zero), (j // 4, zero, zero, zero), (comma, zero, zero, zero),
        (cohesion(l1, r1), zero, zero, zero), (cohesion(l2, l1), zero, zero, zero),
        (cohesion(r1, r2), zero, zero, zero), (at_end.astype(np.int64), zero, zero, zero),
    ]
    out = np.empty((len(j), len(TEMPLATES)), dtype=np.int64)
    with np.errstate(over="ignore"):
        for t, values in enumerate(slots):
            h = np.full(len(j), (t + 1) * int(_MIX[0]) % (1 << 64), dtype=np.uint64)
            for k, v in enumerate(values):
                h = (h ^ (v.astype(np.uint64) + np.uint64(k + 1))) * _MIX[k + 1]
            out[:, t] = (h >> np.uint64(64 - bits)).astype(np.int64)
    return ends, out


class TitleEndModel:
    """The trained weights (dense over the hashed columns), the cohesion table and the cut-off."""

    def __init__(self, weights: np.ndarray, intercept: float, bits: int, min_probability: float,
                 pair_keys: np.ndarray, pair_buckets: np.ndarray):
        self.weights, self.intercept, self.bits, self.min_probability = weights, intercept, bits, min_probability
        self.pair_keys, self.pair_buckets = pair_keys, pair_buckets

    def probabilities(self, s: str) -> tuple[list[int], np.ndarray]:
        """The ends considered for ``s`` and how likely each is the title's end (they sum to 1)."""
        ends, cols = columns(s, self.pair_keys, self.pair_buckets, self.bits)
        z = self.weights[cols].sum(axis=1) + self.intercept
        p = np.exp(z - z.max())
        return ends, p / p.sum()

    def cut(self, s: str) -> int | None:
        """Where the title of ``s`` ends, when the model is sure enough it ends before ``s`` does."""
        if len(s) < MIN_LENGTH:
            return None
        ends, p = self.probabilities(s)
        best = int(np.argmax(p))
        if ends[best] >= len(s) or p[best] < self.min_probability:
            return None
        return ends[best]


def model_dir() -> Path:
    """The folder of the shipped model."""
    return Path(str(resources.files("policytext"))) / "data" / "models" / "title_end"


def load(folder: Path | None = None) -> TitleEndModel:
    """The model in ``folder`` (default: the shipped one), its hash, arrays and settings checked; a
    RuleDataError says what is wrong."""
    folder = Path(folder or model_dir())
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        data = (folder / "title_end.npz").read_bytes()
    except (OSError, ValueError) as exc:
        raise RuleDataError(f"{folder}: title-end model unreadable ({exc})") from None
    if meta.get("format") != FORMAT or hashlib.sha256(data).hexdigest() != meta.get("npz_sha256"):
        raise RuleDataError(f"{folder}: title-end model has another format or its npz does not match meta.json")
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            keys, weights, intercept = z["keys"], z["weights"], z["intercept"]
            pair_keys, pair_buckets = z["pair_keys"], z["pair_buckets"]
        bits, threshold = int(meta["bits"]), float(meta["min_probability"])
    except (KeyError, ValueError, TypeError) as exc:
        raise RuleDataError(f"{folder}: title-end model arrays or settings missing ({exc})") from None
    valid = (keys.ndim == 1 and weights.shape == keys.shape and keys.dtype.kind == "i" and weights.dtype.kind == "f"
             and intercept.shape == (1,) and 1 <= bits <= 24 and 0.0 <= threshold < 1.0
             and bool(np.all(np.diff(keys) > 0)) and (len(keys) == 0 or (keys[0] >= 0 and keys[-1] < 1 << bits))
             and bool(np.isfinite(weights).all()) and math.isfinite(float(intercept[0]))
             and pair_keys.ndim == 1 and pair_buckets.shape == pair_keys.shape and pair_keys.dtype.kind == "i"
             and pair_buckets.dtype.kind == "i" and bool(np.all(np.diff(pair_keys) > 0)))
    if not valid:
        raise RuleDataError(f"{folder}: title-end model arrays malformed")
    dense = np.zeros(1 << bits)
    dense[keys] = weights
    return TitleEndModel(dense, float(intercept[0]), bits, threshold, pair_keys.astype(np.int64),
                         pair_buckets.astype(np.int64))


@cache
def shipped() -> TitleEndModel | None:
    """The shipped model, loaded once; None when it cannot be (titles are then left as the rule ends
    them)."""
    try:
        return load()
    except RuleDataError:
        return None


def title_cut(s: str) -> int | None:
    """Where the run-on title ``s`` (a heading's text up to its first stop, in one-line text) ends
    before its body begins, or None to keep it whole."""
    model = shipped()
    return model.cut(s) if model is not None else None
