"""The trained instrument coder as plain arrays: loading, checking and inference with numpy alone.

``policytext train instruments`` writes ``instruments.npz`` (arrays only, read with
``allow_pickle=False``) and ``meta.json`` (versions, training-data hashes, feature settings,
metrics and the sha256 of the npz). The loader refuses a file whose hash, format or arrays do not
agree with its metadata, so a tampered or half-written model never codes a task.

Inference reproduces what scikit-learn computed at training time:

* title character n-grams and body character n-grams, each → counts → ``1 + ln(count)`` × idf → L2
  row norm (TfidfVectorizer with ``sublinear_tf=True``), followed by the lexicon's 3 × 14 scores and
  the mechanism rules' 2 × 14 scores (title, body) as ``ln(1 + score) × weight``, then, for a model
  trained with ``sentence_vectors``, 512 sentence-vector values per input × ``sentence_weight``
  (``sentences.py``; needs the ``encoder`` extra, computed only for such a model), then, for a model
  trained with latent topics (``lsa_components``), the title and the body's first ``lsa_chars``
  characters as one text: its n-gram TF-IDF projected on ``lsa_components`` (TruncatedSVD's
  transform), the row scaled to length 1 × ``lsa_weight``;
* primary head: multinomial logistic regression, ``softmax(X @ coef.T + intercept)``;
* presence head: one binary logistic regression per code, ``sigmoid(X @ coef.T + intercept)``,
  whose codes above the tuned threshold (besides the primary) become the secondary codes;
* for a model trained with ``[blend]`` weights, two more heads whose probabilities are mixed in:
  boosted trees over the dense features (HistGradientBoostingClassifier: each tree walked from its
  root, ``x[feature] <= threshold`` going left, the leaves' values summed per code onto the baseline,
  then softmax), mixed into the code probabilities, and a type head (multinomial logistic regression
  on S/E/D over the same features), mixed into the type probabilities.

The primary code is the most probable one (or, for a model trained with ``type_first``, the most
probable within the most probable type, S/E/D; with a type head, the type is always chosen first,
by the blended type probabilities). The confidence abstention is judged on is the
probability of the chosen code's type, the sum of its codes' probabilities (``abstain_on: "type"``;
models trained before it judged the code's own probability, ``"code"``): a task the model is sure
is a supply measure but torn between S3 and S4 is still coded. Below the calibrated
``abstain_threshold`` the coder abstains: ``primary`` is None, ``source`` is ``"abstain"``, and
``scores`` keep the top guess.

The sha256 in meta.json checks integrity (the npz is the one training wrote beside that meta.json),
not origin: anyone who can write both files can replace the model. Load models only from folders
you trust. Array headers are read and checked against meta.json's shapes before any array is
allocated, so a header claiming 10^11 values is refused instead of exhausting memory.
"""
from __future__ import annotations

import hashlib
import io
import json
import math
import zipfile
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from ..doc import Instrument
from ..errors import RuleDataError
from .codes import CODES, MAX_SECONDARY
from .features import NgramIndex, TaskText, body_read, lsa_text, unit_rows
from .lexicon import Lexicon, lexicon_from_rows
from .mechanisms import Mechanisms, rules_from_rows
from .prefilter import PatternSets
from .sentences import DIM as SENTENCE_DIM
from .sentences import INPUTS as SENTENCE_INPUTS

FORMAT = "policytext-instruments/2"
NPZ_NAME = "instruments.npz"
META_NAME = "meta.json"
METRICS_NAME = "metrics.json"
CONFIG_NAME = "instruments_config.toml"
#: Array name → (dtype kind, number of dimensions).
ARRAYS: dict[str, tuple[str, int]] = {
    "vocab": ("U", 1),
    "idf": ("f", 1),
    "body_vocab": ("U", 1),
    "body_idf": ("f", 1),
    "mech_code": ("U", 1),
    "mech_name": ("U", 1),
    "mech_verb": ("U", 1),
    "mech_obj": ("U", 1),
    "mech_weight": ("f", 1),
    "lex_code": ("U", 1),
    "lex_pattern": ("U", 1),
    "lex_weight": ("f", 1),
    "primary_classes": ("U", 1),
    "primary_coef": ("f", 2),
    "primary_intercept": ("f", 1),
    "presence_classes": ("U", 1),
    "presence_coef": ("f", 2),
    "presence_intercept": ("f", 1),
}
#: Arrays only a model trained with latent topics (``lsa_components`` > 0) has.
LSA_ARRAYS: dict[str, tuple[str, int]] = {
    "lsa_vocab": ("U", 1),
    "lsa_idf": ("f", 1),
    "lsa_components": ("f", 2),
}
#: Arrays only a model with a type head (``[blend] type_weight`` > 0) has.
TYPE_ARRAYS: dict[str, tuple[str, int]] = {
    "type_classes": ("U", 1),
    "type_coef": ("f", 2),
    "type_intercept": ("f", 1),
}
#: Arrays only a model with boosted trees (``[blend] trees_weight`` > 0) has. Each tree is complete to
#: its depth D, one row a tree: 2^D - 1 tests in breadth-first order (the children of test i are i·2+1
#: and i·2+2, past the tests the 2^D leaves), the leaves' values, and the primary column it adds to.
#: A leaf above depth D stands as tests that always go left (the largest float as threshold).
TREE_ARRAYS: dict[str, tuple[str, int]] = {
    "tree_class": ("i", 1),
    "tree_baseline": ("f", 1),
    "tree_feature": ("i", 2),
    "tree_threshold": ("f", 2),
    "tree_value": ("f", 2),
}
TYPE_LETTERS = "SED"
#: No array of a model this package trains comes near this many values (the largest has ~10^6);
#: a header claiming more is refused before anything is allocated.
MAX_ARRAY_VALUES = 20_000_000


class ModelDataError(RuleDataError):
    """A model file that cannot be trusted: missing parts, wrong hash, unknown format, bad arrays."""

    kind = "model_data"


def package_model_dir() -> Path:
    """Where the package keeps its instrument model (data/models/instruments)."""
    return Path(str(resources.files("policytext"))) / "data" / "models" / "instruments"


def sha256_bytes(data: bytes) -> str:
    """sha256 of ``data`` as hex, how meta.json pins the npz it describes."""
    return hashlib.sha256(data).hexdigest()


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> bytes:
    """Write arrays as an .npz that is byte-identical for identical arrays (np.savez stamps the
    current time into the zip); returns the bytes written."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            arr = np.ascontiguousarray(arrays[name])
            if arr.dtype == object:
                raise ValueError(f"{name}: object arrays would need pickle")
            member = io.BytesIO()
            np.lib.format.write_array(member, arr, allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, member.getvalue())
    data = buf.getvalue()
    path.write_bytes(data)
    return data


def model_digest(model_dir: str | Path) -> str:
    """A short fingerprint of a model folder (its meta.json, which holds the npz's sha256); an
    InputError when the folder is missing."""
    from ..errors import InputError

    meta = Path(model_dir) / META_NAME
    if not Path(model_dir).is_dir():
        raise InputError(str(model_dir), "not_found", "instrument model folder not found")
    return sha256_bytes(meta.read_bytes())[:12] if meta.is_file() else "none"


class ModelCoder:
    """Codes tasks with the trained arrays (``source: "model"``, or ``"abstain"`` below the
    calibrated confidence)."""

    source = "model"

    def __init__(self, arrays: dict[str, np.ndarray], meta: dict, lexicon: Lexicon, mechanisms: Mechanisms | None,
                 folder: Path | None = None):
        """A coder over checked ``arrays`` and ``meta`` (see ``load_model``), with the lexicon and mechanism
        rules its dense features come from; ``folder`` is where it was loaded from, for messages.
        """
        self.meta = meta
        self.folder = folder
        self.lexicon = lexicon
        self.mechanisms = mechanisms
        self._rules = None if mechanisms is None else PatternSets(lexicon, mechanisms)
        feats = meta["features"]
        self.ngram_range = (int(feats["title_ngrams"][0]), int(feats["title_ngrams"][1]))
        body = feats.get("body_ngrams") or [1, 1]
        self.body_range = (int(body[0]), int(body[1]))
        self.body_chars = int(feats.get("body_chars") or 0)  # 0: the whole body
        self.lexicon_weight = float(feats["lexicon_weight"])
        self.mechanism_weight = float(feats.get("mechanism_weight", 0.0))
        self.sentence_inputs = list(feats.get("sentence_vectors") or [])
        self.sentence_weight = float(feats.get("sentence_weight", 1.0))
        self.sentences = None
        if self.sentence_inputs:
            from .sentences import SentenceVectors

            # Checked now, so a model that needs the encoder fails at load (and the parse falls back
            # to the lexicon with this message in its warnings), not in the middle of a batch.
            what = f"instrument model {folder}" if folder else "this instrument model"
            self.sentences = SentenceVectors(f"{what} (trained with sentence vectors)", keep=False)
            self.sentences.version()
        self.threshold = float(meta["secondary_threshold"])
        self.abstain_threshold = float(meta.get("abstain_threshold", 0.0))
        self.type_first = bool(meta.get("type_first", False))
        self.abstain_on = str(meta.get("abstain_on", "code"))
        self.title_grams = NgramIndex(arrays["vocab"].tolist(), *self.ngram_range)
        self.idf = arrays["idf"]
        self.body_grams = NgramIndex(arrays["body_vocab"].tolist(), *self.body_range)
        self.body_idf = arrays["body_idf"]
        self.primary_classes = arrays["primary_classes"].tolist()
        self.primary_coef = arrays["primary_coef"]
        self.primary_intercept = arrays["primary_intercept"]
        self.lsa_k = int(feats.get("lsa_components") or 0)
        if self.lsa_k:
            llo, lhi = feats.get("lsa_ngrams") or [2, 2]
            self.lsa_chars = int(feats.get("lsa_chars", 300))
            self.lsa_weight = float(feats.get("lsa_weight", 1.0))
            self.lsa_grams = NgramIndex(arrays["lsa_vocab"].tolist(), int(llo), int(lhi))
            self.lsa_idf = arrays["lsa_idf"]
            self.lsa_rows = np.ascontiguousarray(arrays["lsa_components"].T)  # one row of topic weights per n-gram
        self.presence_classes = arrays["presence_classes"].tolist()
        self.presence_coef = arrays["presence_coef"]
        self.presence_intercept = arrays["presence_intercept"]
        blend_weights = meta.get("blend") or {}
        self.type_weight = float(blend_weights.get("type_weight", 0.0))
        self.trees_weight = float(blend_weights.get("trees_weight", 0.0))
        # The linear heads' weights side by side (primary, presence, then the type head's when there is
        # one): decision values for all of them come from one pass over a task's features.
        coefs = [self.primary_coef, self.presence_coef]
        intercepts = [self.primary_intercept, self.presence_intercept]
        if self.type_weight:
            coefs.append(arrays["type_coef"])
            intercepts.append(arrays["type_intercept"])
        self.trees = Trees(arrays) if self.trees_weight else None
        n = self.n_sparse
        # Their sparse weights as one row per feature: a task's n-grams gather whole rows.
        self._sparse_w = np.ascontiguousarray(np.hstack([c[:, :n].T for c in coefs]))
        self._dense_w = np.ascontiguousarray(np.hstack([c[:, n:].T for c in coefs]))
        self._intercept = np.concatenate(intercepts)
        # each primary column's code among the presence columns (-1: not there), to leave it out of the secondary
        self._presence_column = np.array([self.presence_classes.index(c) if c in self.presence_classes else -1
                                          for c in self.primary_classes], dtype=np.intp)

    @property
    def n_sparse(self) -> int:
        """How many TF-IDF columns (title and body vocabularies) come before the dense rule scores."""
        return len(self.idf) + len(self.body_idf)

    # -- features ------------------------------------------------------------------------
    def _body(self, tt: TaskText) -> str:
        """The part of a task's body the n-grams and rule scores read; the sentence vectors take their
        own cut."""
        return body_read(tt.body, self.body_chars)

    @staticmethod
    def _tfidf(s: str, grams: NgramIndex, idf: np.ndarray, offset: int):
        """(column indices shifted by ``offset``, L2-normalised sublinear TF-IDF values) of ``s``'s n-grams."""
        js = grams.columns(s)
        if not len(js):
            return np.zeros(0, dtype=np.intp), np.zeros(0)
        idx, counts = np.unique(js, return_counts=True)
        vals = (1.0 + np.log(counts)) * idf[idx]
        return idx + offset, vals / np.sqrt(vals @ vals)

    def tfidf(self, tt: TaskText) -> tuple[np.ndarray, np.ndarray]:
        """(column indices, values) of a task's title and body TF-IDF rows, side by side."""
        ti, tv = self._tfidf(tt.title, self.title_grams, self.idf, 0)
        if not len(self.body_idf):
            return ti, tv
        bi, bv = self._tfidf(self._body(tt), self.body_grams, self.body_idf, len(self.idf))
        return np.concatenate([ti, bi]), np.concatenate([tv, bv])

    def dense(self, texts: Sequence[TaskText]) -> np.ndarray:
        """The dense features of the tasks: log1p of the lexicon's title, body and section scores and of the
        mechanism rules' title and body scores, each block weighted as in training.
        """
        n = len(texts)
        strings = [*(tt.title for tt in texts), *map(self._body, texts), *(tt.section for tt in texts)]
        if self.mechanisms is None:
            lex = self.lexicon.scores_batch(strings)
        else:
            lex, mech = self._rules.scores_batch(strings, [3 * n, 2 * n])
        parts = [np.log1p(np.concatenate([lex[:n], lex[n:2 * n], lex[2 * n:]], axis=1)) * self.lexicon_weight]
        if self.mechanisms is not None:
            parts.append(np.log1p(np.concatenate([mech[:n], mech[n:]], axis=1)) * self.mechanism_weight)
        if self.sentences is not None:
            parts.append(self.sentences.features(texts, self.sentence_inputs) * self.sentence_weight)
        if self.lsa_k:
            parts.append(self.topics(texts))
        return np.concatenate(parts, axis=1)

    def topics(self, texts: Sequence[TaskText]) -> np.ndarray:
        """Each task's latent-topic row: its n-gram TF-IDF projected on the topics, scaled to length 1
        × lsa_weight (what TruncatedSVD.transform and training's scaling computed)."""
        out = np.zeros((len(texts), self.lsa_k))
        r, c = self.lsa_grams.rows([lsa_text(tt, self.lsa_chars) for tt in texts])
        if len(r):
            rows, cols, vals = _tfidf_entries(r, c, self.lsa_idf, len(texts), normalise=False)
            contrib = self.lsa_rows.take(cols, axis=0)
            np.multiply(contrib, vals[:, None], out=contrib)
            starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])  # entries are sorted by row
            out[rows[starts]] = np.add.reduceat(contrib, starts, axis=0)
        return unit_rows(out) * self.lsa_weight

    def matrix(self, texts: Sequence[TaskText]) -> np.ndarray:
        """The full feature rows (n × features), as training saw them; for checks, not for speed."""
        dense = self.dense(texts)
        X = np.zeros((len(texts), self.n_sparse + dense.shape[1]))
        for r, tt in enumerate(texts):
            idx, vals = self.tfidf(tt)
            X[r, idx] = vals
        X[:, self.n_sparse:] = dense
        return X

    def features(self, texts: Sequence[TaskText]) -> tuple[list[tuple[np.ndarray, np.ndarray]], np.ndarray]:
        """Sparse n-gram rows and dense rule rows, computed once for both heads."""
        return [self.tfidf(tt) for tt in texts], self.dense(texts)

    def sparse_blocks(self, texts: Sequence[TaskText]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """(row, column, value) of every task's title TF-IDF entries, then of its body's, as ``tfidf``
        computes them row by row, for all tasks at once; each block is sorted by row."""
        parts = [(self.title_grams.rows([tt.title for tt in texts]), self.idf, 0)]
        if len(self.body_idf):
            parts.append((self.body_grams.rows(list(map(self._body, texts))), self.body_idf, len(self.idf)))
        blocks = []
        for (r, c), idf, offset in parts:
            if len(r):
                rr, cc, v = _tfidf_entries(r, c, idf, len(texts), self.n_sparse)
                blocks.append((rr, cc + offset, v))
        return blocks

    def _decisions(self, feats, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
        """Linear decision values of the given head over sparse TF-IDF rows and dense rule scores."""
        sparse_rows, dense = feats
        out = dense @ coef[:, self.n_sparse:].T + intercept
        for r, (idx, vals) in enumerate(sparse_rows):
            if len(idx):
                out[r] += coef[:, idx] @ vals
        return out

    def _heads(self, texts: Sequence[TaskText]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Decision values of the primary, the presence and the type head at once (what _decisions
        computes for each; the type head's has no columns without one), every task's n-grams gathered
        and summed in one numpy pass; and the dense features, which the trees read."""
        dense = self.dense(texts)
        k, m = len(self.primary_classes), len(self.presence_classes)
        out = dense @ self._dense_w + self._intercept
        for rows, cols, vals in self.sparse_blocks(texts):
            edge = np.empty(len(rows), dtype=bool)  # where each task's rows begin (rows are sorted)
            edge[0] = True
            np.not_equal(rows[1:], rows[:-1], out=edge[1:])
            starts = edge.nonzero()[0]
            contrib = self._sparse_w.take(cols, axis=0)  # take gathers rows faster than [cols]
            np.multiply(contrib, vals[:, None], out=contrib)  # a fresh array: scaled in place, no second one
            out[rows[starts]] += np.add.reduceat(contrib, starts, axis=0)
        return out[:, :k], out[:, k:k + m], out[:, k + m:], dense

    # -- heads -----------------------------------------------------------------------------
    def primary_proba(self, texts: Sequence[TaskText], feats=None) -> np.ndarray:
        """Probability of each primary class for each task (softmax of the primary head)."""
        z = self._decisions(feats or self.features(texts), self.primary_coef, self.primary_intercept)
        z = np.exp(z - z.max(axis=1, keepdims=True))
        return z / z.sum(axis=1, keepdims=True)

    def blended_proba(self, texts: Sequence[TaskText]) -> tuple[np.ndarray, np.ndarray | None]:
        """The code probabilities with the trees' mixed in, and the type probabilities with the type
        head's mixed in (None without a type head), as ``code`` judges them."""
        z, _zq, zt, dense = self._heads(texts)
        return self._blend(z, zt, dense)

    def _blend(self, z: np.ndarray, zt: np.ndarray, dense: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        """Code and type probabilities from the linear heads' decision values and the dense features."""
        trees = self.trees.proba(dense) if self.trees is not None else None
        types = softmax(zt) if self.type_weight else None
        return blend(self.primary_classes, softmax(z), trees, types, self.trees_weight, self.type_weight)

    def presence_proba(self, texts: Sequence[TaskText], feats=None) -> np.ndarray:
        """Probability that each code is present at all, per task (one logistic head per code): the
        secondary codes are read from it.
        """
        z = self._decisions(feats or self.features(texts), self.presence_coef, self.presence_intercept)
        return 1.0 / (1.0 + np.exp(-z))

    def code(self, texts: Sequence[TaskText]) -> list[Instrument]:
        """The model's instrument for each task: the primary (within the most probable type when the model
        says so), present codes as secondary, and ``source: "abstain"`` with no primary when the
        confidence is below the calibrated threshold.
        """
        if not texts:
            return []
        z, zq, zt, dense = self._heads(texts)
        primary, types = self._blend(z, zt, dense)
        presence = 1.0 / (1.0 + np.exp(-zq))
        columns, confidence = choose_columns(self.primary_classes, primary, self.type_first, self.abstain_on, types)
        rows = np.arange(len(texts))
        p_chosen = primary[rows, columns].tolist()
        # The secondary codes of all tasks at once: present (at the threshold or above), not the primary,
        # strongest first, ties to the first presence column, at most MAX_SECONDARY a task.
        present = presence >= self.threshold
        own = self._presence_column[columns]  # the primary's presence column, -1 when it has none
        has = own >= 0
        present[rows[has], own[has]] = False
        r, j = present.nonzero()
        q = presence[r, j]
        order = np.lexsort((j, -q, r))
        r, j, q = r[order], j[order], q[order]
        first = r.searchsorted(r)  # where each task's run begins
        keep = np.arange(len(r)) - first < MAX_SECONDARY
        others: list[list[tuple[int, float]]] = [[] for _ in texts]
        for rr, jj, qq in zip(r[keep].tolist(), j[keep].tolist(), q[keep].tolist(), strict=True):
            others[rr].append((jj, qq))
        out = []
        # Python floats from here: the per-task loop reads a few values of each row
        names = self.presence_classes
        for k, p, sure, mine in zip(columns.tolist(), p_chosen, confidence.tolist(), others, strict=True):
            code = self.primary_classes[k]
            scores = {code: round(p, 4)}
            for jj, qq in mine:
                scores[names[jj]] = round(qq, 4)
            sure = round(sure, 4)  # judged as written, so the JSON shows why a task was left uncoded
            coded = sure >= self.abstain_threshold
            out.append(Instrument(primary=code if coded else None, secondary=[names[jj] for jj, _q in mine],
                                  scores=scores, source="model" if coded else "abstain", confidence=sure))
        return out


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax of decision values (as LogisticRegression.predict_proba computes it)."""
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def blend(classes: Sequence[str], codes: np.ndarray, trees: np.ndarray | None, types: np.ndarray | None,
          trees_weight: float, type_weight: float) -> tuple[np.ndarray, np.ndarray | None]:
    """The code probabilities ``(1 - trees_weight) · codes + trees_weight · trees`` and, with a type
    head's ``types`` (columns S, E, D), the type probabilities ``(1 - type_weight) · (the codes'
    sums per type) + type_weight · types`` (None without a type head).

    >>> p, t = blend(["S1", "E1", "D1"], np.array([[0.5, 0.3, 0.2]]), np.array([[0.1, 0.8, 0.1]]),
    ...              np.array([[0.2, 0.7, 0.1]]), 0.5, 0.5)
    >>> p.round(2), t.round(3)
    (array([[0.3 , 0.55, 0.15]]), array([[0.25 , 0.625, 0.125]]))
    """
    if trees is not None:
        codes = (1.0 - trees_weight) * codes + trees_weight * trees
    if types is None:
        return codes, None
    kinds = np.array([c[0] for c in classes])
    sums = np.stack([codes[:, kinds == t].sum(axis=1) for t in TYPE_LETTERS], axis=1)
    return codes, (1.0 - type_weight) * sums + type_weight * types


#: The trees read the dense features rounded to this many decimals, in training and here: the same
#: feature computed by scikit-learn and by numpy differs in its last bits (a sum in another order),
#: and a value on a split's threshold would go either way; rounded, both sides see the same number.
TREE_DECIMALS = 9


def tree_input(dense: np.ndarray) -> np.ndarray:
    """The dense features as the trees read them (rounded to ``TREE_DECIMALS``)."""
    return np.round(dense, TREE_DECIMALS)


class Trees:
    """Boosted trees (HistGradientBoostingClassifier, multiclass) as complete trees: every task walks
    every tree at once, one level a step, and the leaves' values add up per primary column."""

    def __init__(self, arrays: dict[str, np.ndarray]):
        """Over checked ``TREE_ARRAYS``."""
        # The trees sorted by the primary column they add to (stably: each column's trees keep their
        # order), so that each column's leaves are one run to sum.
        classes = arrays["tree_class"].astype(np.intp)
        order = np.argsort(classes, kind="stable")
        self.feature = arrays["tree_feature"].astype(np.intp)[order]
        self.threshold = arrays["tree_threshold"][order]
        self.value = arrays["tree_value"][order]
        self.baseline = arrays["tree_baseline"]
        self.depth = tree_depth(self.feature.shape[1])
        n_trees, n_tests = self.feature.shape
        self._test_base = np.arange(n_trees) * n_tests  # where each tree's tests start, flattened
        self._leaf_base = np.arange(n_trees) * (n_tests + 1) - n_tests  # leaf slot i of a tree → its value
        self._columns, self._starts = np.unique(classes[order], return_index=True)
        self._tests = (self.feature.ravel(), self.threshold.ravel())

    def raw(self, dense: np.ndarray) -> np.ndarray:
        """The trees' decision values (n × classes) of the dense feature rows."""
        n = len(dense)
        # Every test of every tree for every task at once, then each walk only looks its answers up.
        feature, threshold = self._tests
        go_right = (tree_input(dense).take(feature, axis=1) > threshold).ravel()
        start = (np.arange(n) * self.feature.size)[:, None] + self._test_base
        slot = np.zeros((n, len(self.feature)), dtype=np.intp)
        for _ in range(self.depth):
            slot = 2 * slot + 1 + go_right.take(start + slot)
        leaves = self.value.ravel().take(self._leaf_base + slot)
        out = np.repeat(self.baseline[None, :], n, axis=0)
        out[:, self._columns] += np.add.reduceat(leaves, self._starts, axis=1)
        return out

    def proba(self, dense: np.ndarray) -> np.ndarray:
        """Class probabilities (softmax of the decision values), as predict_proba gives them."""
        return softmax(self.raw(dense))


def tree_depth(n_tests: int) -> int:
    """D of a complete tree with ``n_tests`` = 2^D - 1 tests (-1 when it is no such number)."""
    depth = (n_tests + 1).bit_length() - 1
    return depth if n_tests >= 1 and 2 ** depth == n_tests + 1 else -1


def _tfidf_entries(r: np.ndarray, c: np.ndarray, idf: np.ndarray, n_rows: int, width: int = 0,
                   normalise: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, column, value) of the L2-normalised sublinear TF-IDF rows of n-gram hits (row r[i] has
    column c[i]), sorted by row, as TfidfVectorizer(sublinear_tf=True) computes them; without
    ``normalise``, each row's values before its scaling to length 1 (for a projection whose rows are
    scaled to length 1 afterwards, which makes that scaling moot)."""
    width = width or len(idf)
    key = r * width + c
    if n_rows * width < 2**31:  # int32 keys sort twice as fast
        key = key.astype(np.int32)
    # np.unique(key, return_counts=True), without its copies: sorted in place, each run's first
    key.sort()
    edge = np.empty(len(key) + 1, dtype=bool)
    edge[0] = edge[-1] = True
    np.not_equal(key[1:], key[:-1], out=edge[1:-1])
    first = edge.nonzero()[0]
    counts = first[1:] - first[:-1]
    rr, cc = np.divmod(key.take(first[:-1]), width)  # take gathers faster than [first]
    v = (1.0 + np.log(counts)) * idf.take(cc)
    if not normalise:
        return rr, cc, v
    norms = np.sqrt(np.bincount(rr, weights=v * v, minlength=n_rows))
    return rr, cc, v / norms.take(rr)


#: What abstention is judged on: the chosen code's type probability, or the code's own.
ABSTAIN_ON = ("type", "code")


def choose_columns(classes: Sequence[str], proba: np.ndarray, type_first: bool,
                   abstain_on: str = "code", types: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The primary column of each row of class probabilities and the confidence abstention is judged
    on. The column: within the most probable type when ``type_first`` (ties go to S, then E, then D),
    else the most probable code; ties between columns go to the first. The confidence: the chosen
    code's type probability (the sum of its type's columns) when ``abstain_on`` is ``"type"`` or the
    type was chosen first, else the chosen code's own probability. Given ``types`` (a type head's blend,
    columns S, E, D), the type is chosen first by them, and the confidence is its probability there.

    >>> p = np.array([[0.45, 0.40, 0.15]])
    >>> choose_columns(["S3", "S4", "E5"], p, False)
    (array([0]), array([0.45]))
    >>> choose_columns(["S3", "S4", "E5"], p, False, "type")[1].round(2)
    array([0.85])
    """
    rows = np.arange(len(proba))
    if types is not None:
        best = types.argmax(axis=1)
        in_best = np.array([c[0] for c in classes])[None, :] == np.array(list(TYPE_LETTERS))[best][:, None]
        return np.where(in_best, proba, -np.inf).argmax(axis=1), types[rows, best]
    if not type_first:
        k = proba.argmax(axis=1)
        if abstain_on != "type":
            return k, proba[rows, k]
    types = np.array([c[0] for c in classes])
    totals = np.stack([proba[:, types == t].sum(axis=1) for t in "SED"], axis=1)
    if type_first:
        best = totals.argmax(axis=1)
        in_best = types[None, :] == np.array(list("SED"))[best][:, None]
        return np.where(in_best, proba, -np.inf).argmax(axis=1), totals[rows, best]
    return k, totals[rows, np.array(["SED".index(t) for t in types])[k]]


def load_model(model_dir: str | Path) -> ModelCoder:
    """The model in model_dir, checked; a ModelDataError says why it cannot be trusted.
    A missing folder or file is FileNotFoundError (no model installed, not a bad one)."""
    folder = Path(model_dir)
    meta_path, npz_path = folder / META_NAME, folder / NPZ_NAME
    if not meta_path.is_file() or not npz_path.is_file():
        raise FileNotFoundError(f"{folder}: no {META_NAME} and {NPZ_NAME}")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelDataError(f"{meta_path}: unreadable ({exc})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        got = meta.get("format") if isinstance(meta, dict) else type(meta).__name__
        raise ModelDataError(f"{meta_path}: format {got!r} is not {FORMAT!r}; retrain with this version")
    data = npz_path.read_bytes()
    digest = sha256_bytes(data)
    if digest != meta.get("npz_sha256"):
        raise ModelDataError(
            f"{npz_path}: sha256 {digest[:12]}… does not match {META_NAME} ({str(meta.get('npz_sha256'))[:12]}…); "
            "the file was changed after training")
    _check_meta(meta_path, meta)
    arrays = _read_arrays(npz_path, data, meta["arrays"])
    _check_shapes(npz_path, arrays, meta)
    try:
        lexicon = lexicon_from_rows(
            ((f"{npz_path} lexicon row {i}", (c, p, w)) for i, (c, p, w) in
             enumerate(zip(arrays["lex_code"].tolist(), arrays["lex_pattern"].tolist(),
                           arrays["lex_weight"].tolist(), strict=True))),
            str(npz_path))
        mechanisms = None
        if meta["features"].get("mechanism_weight"):
            mechanisms = rules_from_rows(
                ((f"{npz_path} mechanism row {i}", (c, n, v or "-", o, w)) for i, (c, n, v, o, w) in
                 enumerate(zip(*(arrays[f"mech_{k}"].tolist() for k in ("code", "name", "verb", "obj", "weight")),
                               strict=True))),
                str(npz_path))
    except RuleDataError as exc:
        raise ModelDataError(str(exc)) from None
    return ModelCoder(arrays, meta, lexicon, mechanisms, folder)


def _header(path: Path, name: str, fp) -> tuple[tuple[int, ...], np.dtype]:
    """Shape and dtype from an .npy member's header, read without touching its data."""
    try:
        version = np.lib.format.read_magic(fp)
        if version == (1, 0):
            shape, _fortran, dtype = np.lib.format.read_array_header_1_0(fp)
        elif version == (2, 0):
            shape, _fortran, dtype = np.lib.format.read_array_header_2_0(fp)
        else:
            raise ValueError(f"npy version {version}")
    except (ValueError, OSError, EOFError, SyntaxError) as exc:
        raise ModelDataError(f"{path}: array {name} has an unreadable header ({exc})") from None
    return tuple(int(v) for v in shape), dtype


def _read_arrays(path: Path, data: bytes, shapes: dict) -> dict[str, np.ndarray]:
    """The arrays, each checked against the shape meta.json records (and against a hard cap) from its
    header before its data is read."""
    arrays: dict[str, np.ndarray] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = {info.filename.removesuffix(".npy"): info for info in zf.infolist()}
            has = set(shapes) if isinstance(shapes, dict) else set()
            expected = ARRAYS | (LSA_ARRAYS if "lsa_vocab" in has else {}) \
                | (TYPE_ARRAYS if "type_coef" in has else {}) | (TREE_ARRAYS if "tree_value" in has else {})
            missing = sorted(set(expected) - set(members))
            if missing:
                raise ModelDataError(f"{path}: missing arrays {missing}")
            for name, (kind, ndim) in expected.items():
                want = shapes.get(name) if isinstance(shapes, dict) else None
                with zf.open(members[name]) as fp:
                    shape, dtype = _header(path, name, fp)
                    if dtype.hasobject or dtype.kind != kind or len(shape) != ndim:
                        raise ModelDataError(
                            f"{path}: array {name} is {dtype}/{len(shape)}-d, expected kind {kind!r}/{ndim}-d")
                    if not isinstance(want, list) or tuple(want) != shape:
                        raise ModelDataError(f"{path}: array {name} has shape {shape}, {META_NAME} says {want}")
                    if math.prod(shape) > MAX_ARRAY_VALUES:
                        raise ModelDataError(f"{path}: array {name} claims {math.prod(shape):,} values")
                    if members[name].file_size > 2 * (math.prod(shape) * dtype.itemsize + 4096):
                        raise ModelDataError(f"{path}: array {name} is larger than its header says")
                with zf.open(members[name]) as fp:
                    arr = np.lib.format.read_array(fp, allow_pickle=False)
                if kind == "f" and not np.isfinite(arr).all():
                    raise ModelDataError(f"{path}: array {name} holds NaN or infinite values")
                arrays[name] = arr
    except ModelDataError:
        raise
    except (ValueError, OSError, zipfile.BadZipFile, EOFError, KeyError, MemoryError) as exc:
        raise ModelDataError(f"{path}: not a readable array file ({type(exc).__name__}: {exc})") from None
    return arrays


def _check_meta(path: Path, meta: dict) -> None:
    """Raise ModelDataError unless meta.json has every field inference needs, of the right type."""
    try:
        feats = meta["features"]
        lo, hi = (int(v) for v in feats["title_ngrams"])
        blo, bhi = (int(v) for v in (feats.get("body_ngrams") or [1, 1]))
        float(feats["lexicon_weight"])
        float(feats.get("mechanism_weight", 0.0))
        chars = feats.get("body_chars", 0)
        assert isinstance(chars, int) and not isinstance(chars, bool) and chars >= 0, f"body_chars {chars!r}"
        inputs = feats.get("sentence_vectors") or []
        assert isinstance(inputs, list) and set(inputs) <= set(SENTENCE_INPUTS) and len(set(inputs)) == len(inputs)
        assert math.isfinite(float(feats.get("sentence_weight", 1.0))) and float(feats.get("sentence_weight", 1.0)) > 0
        k = feats.get("lsa_components", 0)
        assert isinstance(k, int) and not isinstance(k, bool) and k >= 0, f"lsa_components {k!r}"
        if k:
            llo, lhi = (int(v) for v in feats["lsa_ngrams"])
            assert 1 <= llo <= lhi <= 3, f"lsa_ngrams {feats['lsa_ngrams']!r}"
            assert int(feats["lsa_chars"]) >= 0 and math.isfinite(float(feats["lsa_weight"]))
            assert "lsa_vocab" in meta["arrays"], "a model with latent topics needs its lsa arrays"
        threshold = float(meta["secondary_threshold"])
        abstain = float(meta.get("abstain_threshold", 0.0))
        assert meta.get("abstain_on", "code") in ABSTAIN_ON, f"abstain_on must be one of {ABSTAIN_ON}"
        blend_weights = meta.get("blend") or {}
        for head, needs in (("type_weight", "type_coef"), ("trees_weight", "tree_value")):
            w = float(blend_weights.get(head, 0.0))
            assert 0.0 <= w <= 1.0, f"blend {head} {w!r} is not in [0, 1]"
            assert not w or needs in meta["arrays"], f"blend {head} {w} needs the {needs} arrays"
        assert isinstance(meta["arrays"], dict)
    except (KeyError, TypeError, ValueError, AssertionError) as exc:
        raise ModelDataError(f"{path}: feature settings missing or malformed ({exc!r})") from None
    if not (1 <= lo <= hi <= 3) or not (1 <= blo <= bhi <= 3) or not (0.0 < threshold < 1.0) \
            or not (0.0 <= abstain < 1.0):
        raise ModelDataError(f"{path}: n-gram ranges, threshold {threshold} or abstain threshold {abstain} "
                             "out of range")


def _check_shapes(path: Path, a: dict[str, np.ndarray], meta: dict) -> None:
    """Raise ModelDataError unless the arrays agree with one another and with meta.json (lengths,
    vocabularies without repeats, coefficient widths), so a damaged model fails on load, not mid-batch.
    """
    n_mech = 2 * len(CODES) if meta["features"].get("mechanism_weight") else 0
    n_sentence = SENTENCE_DIM * len(meta["features"].get("sentence_vectors") or [])
    n_lsa = int(meta["features"].get("lsa_components") or 0)
    n_features = len(a["vocab"]) + len(a["body_vocab"]) + 3 * len(CODES) + n_mech + n_sentence + n_lsa
    checks = [
        (len(a["idf"]) == len(a["vocab"]), "idf and vocab differ in length"),
        (len(a["body_idf"]) == len(a["body_vocab"]), "body_idf and body_vocab differ in length"),
        (len(set(a["vocab"].tolist())) == len(a["vocab"]), "vocab repeats a term"),
        (len(set(a["body_vocab"].tolist())) == len(a["body_vocab"]), "body_vocab repeats a term"),
        (len(a["lex_code"]) == len(a["lex_pattern"]) == len(a["lex_weight"]), "lexicon arrays differ in length"),
        (len({len(a[f"mech_{k}"]) for k in ("code", "name", "verb", "obj", "weight")}) == 1,
         "mechanism arrays differ in length"),
    ]
    if n_lsa:
        checks += [
            (len(a["lsa_idf"]) == len(a["lsa_vocab"]), "lsa_idf and lsa_vocab differ in length"),
            (len(set(a["lsa_vocab"].tolist())) == len(a["lsa_vocab"]), "lsa_vocab repeats a term"),
            (a["lsa_components"].shape == (n_lsa, len(a["lsa_vocab"])),
             f"lsa_components has shape {a['lsa_components'].shape}, expected {(n_lsa, len(a['lsa_vocab']))}"),
        ]
    for head in ("primary", "presence"):
        classes = a[f"{head}_classes"].tolist()
        checks += [
            (bool(classes) and set(classes) <= set(CODES) and len(set(classes)) == len(classes),
             f"{head}_classes {classes} are not distinct instrument codes"),
            (a[f"{head}_coef"].shape == (len(classes), n_features),
             f"{head}_coef has shape {a[f'{head}_coef'].shape}, expected {(len(classes), n_features)}"),
            (a[f"{head}_intercept"].shape == (len(classes),), f"{head}_intercept does not match its classes"),
        ]
    if "type_coef" in a:
        checks += [
            (a["type_classes"].tolist() == list(TYPE_LETTERS), f"type_classes {a['type_classes'].tolist()} are not S, E, D"),
            (a["type_coef"].shape == (len(TYPE_LETTERS), n_features),
             f"type_coef has shape {a['type_coef'].shape}, expected {(len(TYPE_LETTERS), n_features)}"),
            (a["type_intercept"].shape == (len(TYPE_LETTERS),), "type_intercept does not match S, E, D"),
        ]
    if "tree_value" in a:
        checks += _tree_checks(a, n_features - len(a["vocab"]) - len(a["body_vocab"]))
    for ok, problem in checks:
        if not ok:
            raise ModelDataError(f"{path}: {problem}")


def _tree_checks(a: dict[str, np.ndarray], n_dense: int) -> list[tuple[bool, str]]:
    """(ok, problem) checks of the tree arrays: complete trees of one depth, every feature and class
    index in range (a walk takes exactly ``depth`` steps, so it always ends)."""
    n_trees, n_tests = a["tree_feature"].shape
    return [
        (n_trees > 0 and tree_depth(n_tests) > 0, f"trees of {n_tests} tests are not complete (2^D - 1 tests)"),
        (a["tree_threshold"].shape == (n_trees, n_tests), "tree_threshold does not match tree_feature"),
        (a["tree_value"].shape == (n_trees, n_tests + 1), "tree_value is not one value a leaf"),
        (a["tree_class"].shape == (n_trees,), "tree_class is not one column a tree"),
        (bool(np.all((a["tree_feature"] >= 0) & (a["tree_feature"] < n_dense))),
         f"a tree reads a feature outside the {n_dense} dense features"),
        (bool(np.all((a["tree_class"] >= 0) & (a["tree_class"] < len(a["primary_classes"])))),
         "tree_class names a column outside the primary classes"),
        (a["tree_baseline"].shape == (len(a["primary_classes"]),), "tree_baseline does not match the primary classes"),
    ]


@cache
def _default_model() -> ModelCoder:
    """The package's model, loaded and checked."""
    return load_model(package_model_dir())
