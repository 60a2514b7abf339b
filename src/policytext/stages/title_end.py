"""Where a heading's title ends in one-line text: a small model trained on labels clean text gives
for free.

In clean text a heading's title usually stands alone on its line (（一）落实运营主体责任⏎运营单位作为…);
text flattened onto one line (OCR, scraped pages) glues the body to it, and the title rule (up to the
first 。！？：) then takes the body's first clause too. Every such line break of the clean corpus is
a labelled example of where a title ends, and every run-in title (加快数字基础设施建设。加快5G…) one of
a title that ends at its stop; ``models/title_end/train.py`` learns both with a logistic regression
over hashed features around each possible end (the characters, how strongly they hold together, how
often those after the end open a clause of clean text and those before it close one). ``title_cut``
returns where the model would end a run-on title, or None to keep it whole; ``title_cuts`` does it
for a part's headings at once and lets a list's headings vote (siblings share a style).

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
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import RuleDataError

FORMAT = "policytext-title-end-3"  # 3: the model reads ``canonical`` characters
#: Where the title rule ends a title (the model chooses an earlier end, or none).
STOPS = "。！？：:!?；;"
#: Ends considered: after at least 2 characters, before at most this many; and the whole string.
MAX_END = 48
#: Shorter runs are left whole: a short title needs no cut, and the model is least sure there.
MIN_LENGTH = 12


#: Feature templates, each hashed with the values it reads (see ``columns``); a model uses those
#: its meta.json names.
TEMPLATES = ("bias", "l1", "l2", "r1", "r2", "r3", "l1r1", "l2r2", "len", "lenb", "comma", "pmi", "pmi_left",
             "pmi_right", "end", "open2", "open1", "close2", "close1", "open_close", "whole_len")
#: The templates of the first model (format 1), kept for models that do not name theirs.
TEMPLATES_1 = TEMPLATES[:15]
#: The code standing for "past the end of the string" (no character has it).
_END = 0x110000
#: Odd multipliers of the hash (one per slot: template, then up to four values).
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                 0xFF51AFD7ED558CCD], dtype=np.uint64)
#: Where a clause of clean text starts or ends (the open and close tables count around them).
CLAUSE_STOPS = "。！？：:!?；;，,"
#: Open/close buckets: floor of log2 of the share of a string's occurrences that open (close) a
#: clause, clipped below.
RATIO_MIN = -7


# One form of each character that copies of a text write either way (perturb.py's widths dress, OCR):
# punctuation full-width, as clean Chinese text has it; digits and Latin letters ASCII. One character
# for one, so an end found in the canonical string is the same end in the original.
_CANONICAL = str.maketrans({**dict(zip(",;:!?()", "，；：！？（）", strict=True)),
                            **{chr(0xFF10 + i): chr(0x30 + i) for i in range(10)},
                            **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
                            **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
                            "％": "%", "．": "."})


def canonical(s: str) -> str:
    """``s`` with the characters the model reads in one form (see _CANONICAL); same length.

    >>> canonical("加快建设(一期),到２０２５年")
    '加快建设（一期），到2025年'
    """
    return s.translate(_CANONICAL)


def pair_key(pair: str) -> int:
    """A one- or two-character string as one integer (the tables' key)."""
    if len(pair) == 1:
        return ord(pair) * _END
    return ord(pair[0]) * _END + ord(pair[1]) if len(pair) == 2 else -1


def ratio_bucket(share: float) -> int:
    """The bucket of the share of a string's occurrences that open (or close) a clause.

    >>> ratio_bucket(1.0), ratio_bucket(0.3), ratio_bucket(0.0001)
    (0, -2, -7)
    """
    return max(RATIO_MIN, math.floor(math.log2(share))) if share > 0 else RATIO_MIN


@dataclass(frozen=True)
class Tables:
    """Sorted keys (``pair_key``) and their buckets: ``pair`` the cohesion of two characters,
    ``open`` how often a string opens a clause of clean text, ``close`` how often it ends one."""
    pair_keys: np.ndarray
    pair_buckets: np.ndarray
    open_keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    open_buckets: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    close_keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    close_buckets: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


def _lookup(keys: np.ndarray, buckets: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    if not len(keys):
        return np.full(len(wanted), PMI_NONE)
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return np.where(keys[at] == wanted, buckets[at], PMI_NONE)


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


def columns(s: str, tables: Tables, bits: int) -> tuple[list[int], np.ndarray]:
    """The ends considered for ``s`` and, for each, the hashed columns of its features (one per
    template of TEMPLATES): the characters on each side of the end, their pairs, how long the title
    would be, how far the next comma is, how strongly the characters on each side hold together in
    the corpus (the cohesion bucket of a pair: a high one means the end would split a word, 攻|坚),
    how often the one or two characters after the end open a clause of clean text (到2025年, 围绕,
    各地…) and those before it close one (…建设, …机制), and how long ``s`` is against keeping it
    whole; the last end, ``len(s)``, keeps ``s`` whole.

    >>> empty = np.array([], dtype=np.int64)
    >>> ends, cols = columns("加快建设运营单位作为主体", Tables(empty, empty), 18)
    >>> ends[:3], ends[-1], cols.shape == (11, len(TEMPLATES))
    ([2, 3, 4], 12, True)
    """
    ends, cols, _rows = columns_many([s], tables, bits)
    return ends[0], cols


def columns_many(strings: list[str], tables: Tables, bits: int) -> tuple[list[list[int]], np.ndarray, np.ndarray]:
    """``columns`` of several strings at once: the ends of each, the columns of all their ends one
    after another, and the row where each string's ends begin (plus the total). One numpy pass for
    all the headings of a document: per heading, numpy's call overhead cost more than the work."""
    strings = [canonical(s) for s in strings]
    ends = [candidates(s) for s in strings]
    # every string padded with three "past the end" codes, so r1…r3 never read the next string
    code = np.array([o for s in strings for o in [*map(ord, s), _END, _END, _END]], dtype=np.int64)
    bases = np.cumsum([0] + [len(s) + 3 for s in strings[:-1]]).tolist()
    counts = [len(e) for e in ends]
    rows = np.cumsum([0, *counts])
    local = np.array([x for e in ends for x in e], dtype=np.int64)
    n = np.repeat(np.array([len(s) for s in strings], dtype=np.int64), counts)
    j = local + np.repeat(np.array(bases, dtype=np.int64), counts)
    at_end = local >= n
    l1, l2 = code[j - 1], code[j - 2]
    r1, r2, r3 = code[j], code[j + 1], code[j + 2]
    # the next comma at or after each end, at most 10 away (none: -1); each string's sentinel stands
    # past its padding, so no end finds the next string's comma
    commas = np.array(sorted([base + i for base, st in zip(bases, strings, strict=True)
                              for i, c in enumerate(st) if c == "，"]
                             + [base + len(st) + 3 for base, st in zip(bases, strings, strict=True)]), dtype=np.int64)
    sentinel = np.zeros(len(code) + 1, dtype=bool)
    sentinel[[base + len(st) + 3 for base, st in zip(bases, strings, strict=True)]] = True
    after = commas[np.searchsorted(commas, j)]
    comma = np.where(sentinel[after], -1, np.minimum(after - j, 10))
    t = tables
    open2 = _lookup(t.open_keys, t.open_buckets, r1 * _END + r2)
    close2 = _lookup(t.close_keys, t.close_buckets, l2 * _END + l1)

    zero = np.zeros(len(j), dtype=np.int64)
    values = {  # template: the values it reads, up to four
        "bias": (), "l1": (l1,), "l2": (l2, l1), "r1": (r1,), "r2": (r1, r2), "r3": (r1, r2, r3),
        "l1r1": (l1, r1), "l2r2": (l2, l1, r1, r2), "len": (np.minimum(local, 30),), "lenb": (local // 4,),
        "comma": (comma,), "pmi": (_lookup(t.pair_keys, t.pair_buckets, l1 * _END + r1),),
        "pmi_left": (_lookup(t.pair_keys, t.pair_buckets, l2 * _END + l1),),
        "pmi_right": (_lookup(t.pair_keys, t.pair_buckets, r1 * _END + r2),), "end": (at_end.astype(np.int64),),
        "open2": (open2,), "open1": (_lookup(t.open_keys, t.open_buckets, r1 * _END),),
        "close2": (close2,), "close1": (_lookup(t.close_keys, t.close_buckets, l1 * _END),),
        "open_close": (open2, close2),
        "whole_len": (at_end.astype(np.int64), np.minimum(n, 120) // 10),
    }
    out = np.empty((len(j), len(TEMPLATES)), dtype=np.int64)
    with np.errstate(over="ignore"):
        for k_t, name in enumerate(TEMPLATES):
            vals = values[name] or (zero,)
            vals = vals + (zero,) * (4 - len(vals)) if name in TEMPLATES_1 else vals
            h = np.full(len(j), (k_t + 1) * int(_MIX[0]) % (1 << 64), dtype=np.uint64)
            for k, v in enumerate(vals):
                h = (h ^ (v.astype(np.uint64) + np.uint64(k + 1))) * _MIX[k + 1]
            out[:, k_t] = (h >> np.uint64(64 - bits)).astype(np.int64)
    return ends, out, rows


class TitleEndModel:
    """The trained weights (dense over the hashed columns), the templates they read, the tables and
    the cut-off."""

    def __init__(self, weights: np.ndarray, intercept: float, bits: int, min_probability: float,
                 tables: Tables, templates: tuple[str, ...] = TEMPLATES_1, min_list_share: float = 0.0,
                 sure_probability: float = 1.0, support_probability: float | None = None,
                 support_share: float = 1.0):
        self.weights, self.intercept, self.bits, self.min_probability = weights, intercept, bits, min_probability
        self.min_list_share, self.sure_probability = min_list_share, sure_probability
        self.support_probability = min_probability if support_probability is None else support_probability
        self.support_share = support_share
        self.tables = tables
        self.use = np.array([TEMPLATES.index(name) for name in templates], dtype=np.int64)

    def probabilities(self, s: str) -> tuple[list[int], np.ndarray]:
        """The ends considered for ``s`` and how likely each is the title's end (they sum to 1)."""
        return self.probabilities_many([s])[0]

    def probabilities_many(self, strings: list[str]) -> list[tuple[list[int], np.ndarray]]:
        """``probabilities`` of each string, their features computed in one pass."""
        if not strings:
            return []
        ends, cols, rows = columns_many(strings, self.tables, self.bits)
        z_all = self.weights[cols[:, self.use]].sum(axis=1) + self.intercept
        out = []
        for k, e in enumerate(ends):
            z = z_all[rows[k]:rows[k + 1]]
            p = np.exp(z - z.max())
            out.append((e, p / p.sum()))
        return out

    def cut(self, s: str) -> int | None:
        """Where the title of ``s`` ends, when the model is sure enough it ends before ``s`` does."""
        return self._cut(s)[0]

    def _cut(self, s: str, probabilities=None, cut_off: float | None = None) -> tuple[int | None, float]:
        if len(s) < MIN_LENGTH:
            return None, 0.0
        ends, p = probabilities or self.probabilities(s)
        best = int(np.argmax(p))
        if ends[best] >= len(s) or p[best] < (self.min_probability if cut_off is None else cut_off):
            return None, 0.0
        return ends[best], float(p[best])

    def list_cuts(self, runs: list[str], lists: list[object], voters: list[bool] | None = None) -> list[int | None]:
        """``cut`` for each heading of a part, ``lists[i]`` naming the list heading i belongs to. The
        headings of a list vote (they share a style): a cut stands only where at least
        ``min_list_share`` of its list's voters are cut too, or its probability reaches
        ``sure_probability`` (a lone cut among whole sentences, 1.各市要…。2.认真总结今年汛期…。, is
        more often a sentence split than a title ended); and a heading whose most probable end falls
        short of the cut-off but reaches ``support_probability`` is cut there where at least
        ``support_share`` of its list's other voters are cut (a list of run-on titles is cut
        throughout, and siblings make a doubtful end likely). Voters are the headings long enough to
        cut and, when ``voters`` is given, marked True in it: a heading whose run stops at the next
        heading (一、总体要求（一）…) shows no body and says nothing of its list's style."""
        long_runs = [s for s in runs if len(s) >= MIN_LENGTH]
        found = iter(self.probabilities_many(long_runs))
        probs = [next(found) if len(s) >= MIN_LENGTH else None for s in runs]
        low = min(self.support_probability, self.min_probability)
        cuts = [self._cut(s, pr, low) if pr is not None else (None, 0.0) for s, pr in zip(runs, probs, strict=True)]
        # the most probable end short of the whole: where a list's support cuts a doubtful heading, even
        # one whose whole is a little more probable (实施场景机会培创行动|深入实施…, its siblings cut)
        doubtful = [_best_cut(pr) if pr is not None else (None, 0.0) for pr in probs]
        votes: dict[object, list[bool]] = {}
        for k, (s, key, (c, p)) in enumerate(zip(runs, lists, cuts, strict=True)):
            if len(s) >= MIN_LENGTH and (voters is None or voters[k]):
                votes.setdefault(key, []).append(c is not None and p >= self.min_probability)

        def stands(key, p: float) -> bool:
            v = votes.get(key, [])
            return len(v) < 2 or sum(v) >= self.min_list_share * len(v) or p >= self.sure_probability

        sure = [c is not None and p >= self.min_probability and stands(key, p)
                for key, (c, p) in zip(lists, cuts, strict=True)]
        standing: dict[object, int] = {}  # how many of each list's voters are cut for sure
        for k, key in enumerate(lists):
            if sure[k] and (voters is None or voters[k]):
                standing[key] = standing.get(key, 0) + 1

        def supported(key, voter: bool) -> bool:  # a doubtful end: cut where enough siblings are
            others = len(votes.get(key, [])) - voter
            return others >= 1 and standing.get(key, 0) >= self.support_share * others

        return [c if sure[k] else d if (d is not None and self.support_probability <= q < self.min_probability
                                        and supported(key, voters is None or voters[k])) else None
                for k, (key, (c, _p), (d, q)) in enumerate(zip(lists, cuts, doubtful, strict=True))]


def _best_cut(probabilities: tuple[list[int], np.ndarray]) -> tuple[int | None, float]:
    """The most probable end before the whole string, and its probability."""
    ends, p = probabilities
    if len(ends) < 2:
        return None, 0.0
    k = int(np.argmax(p[:-1]))
    return ends[k], float(p[k])


def model_dir() -> Path:
    """The folder of the shipped model."""
    return Path(str(resources.files("policytext"))) / "data" / "models" / "title_end"


_TABLES = ("pair", "open", "close")


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
            tables = {name: (z[f"{name}_keys"], z[f"{name}_buckets"]) for name in _TABLES}
        bits, threshold = int(meta["bits"]), float(meta["min_probability"])
        templates, share = tuple(meta["templates"]), float(meta.get("min_list_share", 0.0))
        sure = float(meta.get("sure_probability", 1.0))
        support, support_share = float(meta.get("support_probability", threshold)), float(meta.get("support_share", 1.0))
    except (KeyError, ValueError, TypeError) as exc:
        raise RuleDataError(f"{folder}: title-end model arrays or settings missing ({exc})") from None
    valid = (keys.ndim == 1 and weights.shape == keys.shape and keys.dtype.kind == "i" and weights.dtype.kind == "f"
             and intercept.shape == (1,) and 1 <= bits <= 24 and 0.0 <= threshold < 1.0 and 0.0 <= share <= 1.0
             and threshold <= sure <= 1.0 and 0.0 <= support <= threshold and 0.0 <= support_share <= 1.0
             and bool(np.all(np.diff(keys) > 0)) and (len(keys) == 0 or (keys[0] >= 0 and keys[-1] < 1 << bits))
             and bool(np.isfinite(weights).all()) and math.isfinite(float(intercept[0]))
             and len(templates) > 0 and all(isinstance(name, str) and name in TEMPLATES for name in templates)
             and all(k.ndim == 1 and b.shape == k.shape and k.dtype.kind == "i" and b.dtype.kind == "i"
                     and bool(np.all(np.diff(k) > 0)) for k, b in tables.values()))
    if not valid:
        raise RuleDataError(f"{folder}: title-end model arrays malformed")
    dense = np.zeros(1 << bits)
    dense[keys] = weights
    arrays = {f"{name}_{part}": a.astype(np.int64) for name, (k, b) in tables.items()
              for part, a in (("keys", k), ("buckets", b))}
    return TitleEndModel(dense, float(intercept[0]), bits, threshold, Tables(**arrays), templates, share, sure,
                         support, support_share)


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


def title_cuts(runs: list[str], lists: list[object], voters: list[bool] | None = None) -> list[int | None]:
    """``title_cut`` for every heading of a part at once, ``lists[i]`` naming the list heading i
    belongs to (its siblings vote: see ``TitleEndModel.list_cuts``; ``voters`` marks those that do)."""
    model = shipped()
    return model.list_cuts(runs, lists, voters) if model is not None else [None] * len(runs)
