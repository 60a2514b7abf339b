"""The trained instrument coder as plain arrays: loading, checking and inference with numpy alone.

``policytext train instruments`` writes ``instruments.npz`` (arrays only, read with
``allow_pickle=False``) and ``meta.json`` (versions, training-data hashes, feature settings,
metrics and the sha256 of the npz). The loader refuses a file whose hash, format or arrays do not
agree with its metadata, so a tampered or half-written model never codes a task.

Inference reproduces what scikit-learn computed at training time:

* title character n-grams → counts → ``1 + ln(count)`` × idf → L2 row norm (TfidfVectorizer with
  ``sublinear_tf=True``), followed by the lexicon's 3 × 14 scores as ``ln(1 + score) × weight``;
* primary head: multinomial logistic regression, ``softmax(X @ coef.T + intercept)``;
* presence head: one binary logistic regression per code, ``sigmoid(X @ coef.T + intercept)``,
  whose codes above the tuned threshold (besides the primary) become the secondary codes.
"""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from ..doc import Instrument
from ..errors import RuleDataError
from .codes import CODES, MAX_SECONDARY
from .features import TaskText, char_ngrams
from .lexicon import Lexicon, lexicon_from_rows

FORMAT = "policytext-instruments/1"
NPZ_NAME = "instruments.npz"
META_NAME = "meta.json"
METRICS_NAME = "metrics.json"
CONFIG_NAME = "config.toml"
#: Array name → (dtype kind, number of dimensions).
ARRAYS: dict[str, tuple[str, int]] = {
    "vocab": ("U", 1),
    "idf": ("f", 1),
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


class ModelDataError(RuleDataError):
    """A model file that cannot be trusted: missing parts, wrong hash, unknown format, bad arrays."""

    kind = "model_data"


def package_model_dir() -> Path:
    """Where the package keeps its instrument model (data/models/instruments)."""
    return Path(str(resources.files("policytext"))) / "data" / "models" / "instruments"


def sha256_bytes(data: bytes) -> str:
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


class ModelCoder:
    """Codes tasks with the trained arrays (``source: "model"``)."""

    source = "model"

    def __init__(self, arrays: dict[str, np.ndarray], meta: dict, lexicon: Lexicon):
        self.meta = meta
        self.lexicon = lexicon
        feats = meta["features"]
        self.ngram_range = (int(feats["title_ngrams"][0]), int(feats["title_ngrams"][1]))
        self.lexicon_weight = float(feats["lexicon_weight"])
        self.threshold = float(meta["secondary_threshold"])
        self.index = {term: i for i, term in enumerate(arrays["vocab"].tolist())}
        self.idf = arrays["idf"]
        self.primary_classes = arrays["primary_classes"].tolist()
        self.primary_coef = arrays["primary_coef"]
        self.primary_intercept = arrays["primary_intercept"]
        self.presence_classes = arrays["presence_classes"].tolist()
        self.presence_coef = arrays["presence_coef"]
        self.presence_intercept = arrays["presence_intercept"]

    # -- features ------------------------------------------------------------------------
    def tfidf(self, title: str) -> tuple[np.ndarray, np.ndarray]:
        """(column indices, values) of a title's L2-normalised sublinear TF-IDF row."""
        counts: dict[int, int] = {}
        for gram in char_ngrams(title, *self.ngram_range):
            j = self.index.get(gram)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        if not counts:
            return np.zeros(0, dtype=np.intp), np.zeros(0)
        idx = np.fromiter(sorted(counts), dtype=np.intp, count=len(counts))
        vals = (1.0 + np.log(np.array([counts[j] for j in idx], dtype=float))) * self.idf[idx]
        return idx, vals / np.sqrt(vals @ vals)

    def dense(self, texts: Sequence[TaskText]) -> np.ndarray:
        return np.log1p(np.array([self.lexicon.features(tt) for tt in texts])) * self.lexicon_weight

    def matrix(self, texts: Sequence[TaskText]) -> np.ndarray:
        """The full feature rows (n × features), as training saw them; for checks, not for speed."""
        n_vocab = len(self.idf)
        X = np.zeros((len(texts), n_vocab + 3 * len(CODES)))
        for r, tt in enumerate(texts):
            idx, vals = self.tfidf(tt.title)
            X[r, idx] = vals
        X[:, n_vocab:] = self.dense(texts)
        return X

    def features(self, texts: Sequence[TaskText]) -> tuple[list[tuple[np.ndarray, np.ndarray]], np.ndarray]:
        """Sparse title rows and dense lexicon rows, computed once for both heads."""
        return [self.tfidf(tt.title) for tt in texts], self.dense(texts)

    def _decisions(self, feats, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
        sparse_rows, dense = feats
        out = dense @ coef[:, len(self.idf):].T + intercept
        for r, (idx, vals) in enumerate(sparse_rows):
            if len(idx):
                out[r] += coef[:, idx] @ vals
        return out

    # -- heads -----------------------------------------------------------------------------
    def primary_proba(self, texts: Sequence[TaskText], feats=None) -> np.ndarray:
        z = self._decisions(feats or self.features(texts), self.primary_coef, self.primary_intercept)
        z = np.exp(z - z.max(axis=1, keepdims=True))
        return z / z.sum(axis=1, keepdims=True)

    def presence_proba(self, texts: Sequence[TaskText], feats=None) -> np.ndarray:
        z = self._decisions(feats or self.features(texts), self.presence_coef, self.presence_intercept)
        return 1.0 / (1.0 + np.exp(-z))

    def code(self, texts: Sequence[TaskText]) -> list[Instrument]:
        if not texts:
            return []
        feats = self.features(texts)
        primary = self.primary_proba(texts, feats)
        presence = self.presence_proba(texts, feats)
        out = []
        for p_row, q_row in zip(primary, presence, strict=True):
            k = int(p_row.argmax())
            code = self.primary_classes[k]
            others = sorted(
                (-float(q), j) for j, q in enumerate(q_row)
                if q >= self.threshold and self.presence_classes[j] != code)
            secondary = [self.presence_classes[j] for _q, j in others[:MAX_SECONDARY]]
            scores = {code: round(float(p_row[k]), 4)}
            for q, j in others[:MAX_SECONDARY]:
                scores[self.presence_classes[j]] = round(-q, 4)
            out.append(Instrument(primary=code, secondary=secondary, scores=scores, source="model"))
        return out


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
    arrays = _read_arrays(npz_path, data)
    _check_meta(meta_path, meta)
    _check_shapes(npz_path, arrays)
    try:
        lexicon = lexicon_from_rows(
            ((f"{npz_path} lexicon row {i}", (c, p, w)) for i, (c, p, w) in
             enumerate(zip(arrays["lex_code"].tolist(), arrays["lex_pattern"].tolist(),
                           arrays["lex_weight"].tolist(), strict=True))),
            str(npz_path))
    except RuleDataError as exc:
        raise ModelDataError(str(exc)) from None
    return ModelCoder(arrays, meta, lexicon)


def _read_arrays(path: Path, data: bytes) -> dict[str, np.ndarray]:
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
    except (ValueError, OSError, zipfile.BadZipFile, EOFError) as exc:
        raise ModelDataError(f"{path}: not a readable array file ({exc})") from None
    missing = sorted(set(ARRAYS) - set(arrays))
    if missing:
        raise ModelDataError(f"{path}: missing arrays {missing}")
    for name, (kind, ndim) in ARRAYS.items():
        arr = arrays[name]
        if arr.dtype.kind != kind or arr.ndim != ndim:
            raise ModelDataError(f"{path}: array {name} is {arr.dtype}/{arr.ndim}-d, expected kind {kind!r}/{ndim}-d")
        if kind == "f" and not np.isfinite(arr).all():
            raise ModelDataError(f"{path}: array {name} holds NaN or infinite values")
    return arrays


def _check_meta(path: Path, meta: dict) -> None:
    try:
        lo, hi = (int(v) for v in meta["features"]["title_ngrams"])
        float(meta["features"]["lexicon_weight"])
        threshold = float(meta["secondary_threshold"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelDataError(f"{path}: feature settings missing or malformed ({exc!r})") from None
    if not (1 <= lo <= hi <= 8) or not (0.0 < threshold < 1.0):
        raise ModelDataError(f"{path}: title_ngrams {lo}..{hi} or threshold {threshold} out of range")


def _check_shapes(path: Path, a: dict[str, np.ndarray]) -> None:
    n_features = len(a["vocab"]) + 3 * len(CODES)
    checks = [
        (len(a["idf"]) == len(a["vocab"]), "idf and vocab differ in length"),
        (len(set(a["vocab"].tolist())) == len(a["vocab"]), "vocab repeats a term"),
        (len(a["lex_code"]) == len(a["lex_pattern"]) == len(a["lex_weight"]), "lexicon arrays differ in length"),
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
    for ok, problem in checks:
        if not ok:
            raise ModelDataError(f"{path}: {problem}")


@cache
def _default_model() -> ModelCoder:
    return load_model(package_model_dir())
