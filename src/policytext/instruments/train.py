"""Training and cross-validation of the instrument coder (scikit-learn; never needed at inference).

Cross-validation leaves one labelled document out at a time: the coder meets unseen documents in
use, and tasks of one document share wording that would flatter a random split (the stratified
figures are reported beside the grouped ones to show how much). Weak examples come from other
documents and join every training fold.
"""
from __future__ import annotations

import functools
import json
import math
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from ..about import __version__
from ..errors import InputError, MissingExtra, RuleDataError, require, require_extra
from ..textutil import bare
from .codes import CODES, MAX_SECONDARY, TYPES, type_of
from .dataset import (
    SHIPPED_EXAMPLES,
    Example,
    coded_examples,
    examples_digest,
    labelled_examples,
    read_examples,
    read_labels,
    sha256_file,
    shipped_examples,
    shipped_examples_path,
    weak_examples,
    write_examples,
)
from .features import capped, char_ngrams, lsa_text, unit_rows
from .lexicon import LEXICON_FILE, LexiconCoder, load_lexicon
from .mechanisms import MECHANISMS_FILE, load_mechanisms
from .model import (
    ABSTAIN_ON,
    CONFIG_NAME,
    FORMAT,
    META_NAME,
    METRICS_NAME,
    NPZ_NAME,
    TYPE_LETTERS,
    blend,
    choose_columns,
    load_model,
    package_model_dir,
    sha256_bytes,
    tree_depth,
    tree_input,
    write_npz,
)
from .sentences import INPUTS as SENTENCE_INPUTS


# -- configuration ------------------------------------------------------------------------------
def recipe_dir() -> Path:
    """models/instruments/ of the source checkout: training config, model card and metrics.
    (Training needs the checkout's corpora anyway; an installed package has only the weights.)"""
    return Path(__file__).resolve().parents[3] / "models" / "instruments"


def load_config(path: Path | None = None) -> dict:
    """The training configuration (default: the package's data/instruments_config.toml), checked."""
    path = path or Path(str(resources.files("policytext"))) / "data" / CONFIG_NAME
    try:
        cfg = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuleDataError(f"{path}: training configuration not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RuleDataError(f"{path}: {exc}") from None
    try:
        lo, hi = cfg["features"]["title_ngrams"]
        assert 1 <= lo <= hi <= 3
        assert int(cfg["features"].get("min_df", 1)) >= 1
        float(cfg["features"]["lexicon_weight"])
        assert cfg["primary"]["kind"] in _KINDS
        float(cfg["primary"]["C"])
        float(cfg["presence"]["C"])
        assert all(0 < float(t) < 1 for t in cfg["presence"]["thresholds"])
        float(cfg["weak"]["margin"])
        float(cfg["weak"]["weight"])
        for alt in cfg.get("compare", []):
            assert alt["kind"] in _KINDS and alt["name"]
            assert all(0 <= float(alt.get("blend", {}).get(k, 0.0)) <= 1 for k in ("type_weight", "trees_weight"))
        for key in ("labels", "label_docs", "weak_docs"):
            assert isinstance(cfg["data"][key], str)
        assert isinstance(cfg["coded"]["file"], str)
        assert 0 < float(cfg["coded"]["weight"]) <= 1, "[coded] weight must lie in (0, 1]"
        blo, bhi = cfg["features"].get("body_ngrams", [1, 1])
        assert 1 <= blo <= bhi <= 3
        assert float(cfg["features"].get("mechanism_weight", 0.0)) >= 0
        for feats in [cfg["features"], *(alt.get("features", {}) for alt in cfg.get("compare", []))]:
            chars = feats.get("body_chars", 0)
            assert isinstance(chars, int) and not isinstance(chars, bool) and chars >= 0, \
                f"body_chars {chars!r}: a whole number of characters, 0 for the whole body"
            k = feats.get("lsa_components", 0)
            assert isinstance(k, int) and not isinstance(k, bool) and 0 <= k <= 500, \
                f"lsa_components {k!r}: a whole number up to 500, 0 for none"
            llo, lhi = feats.get("lsa_ngrams", [2, 2])
            assert 1 <= llo <= lhi <= 3, "lsa_ngrams: 1 <= lo <= hi <= 3"
            assert int(feats.get("lsa_chars", 300)) >= 0 and int(feats.get("lsa_min_df", 3)) >= 1
            assert int(feats.get("lsa_max_features", 10000)) >= 1 and float(feats.get("lsa_weight", 1.0)) > 0
        abstain = cfg.get("abstain", {})
        assert 0 < float(abstain.get("min_coverage", 1.0)) <= 1
        assert 0 <= float(abstain.get("min_type_accuracy", 0.0)) <= 1
        assert 0 <= float(abstain.get("min_every_type", 0.0)) <= 1
        assert abstain.get("on", "code") in ABSTAIN_ON, f"[abstain] on must be one of {ABSTAIN_ON}"
        assert isinstance(cfg["primary"].get("type_first", False), bool)
        mix = cfg.setdefault("blend", {})
        for key in ("type_weight", "trees_weight"):
            assert 0 <= float(mix.get(key, 0.0)) <= 1, f"[blend] {key} must lie in [0, 1]"
        assert float(mix.get("type_C", 10.0)) > 0 and int(mix.get("trees_iterations", 100)) >= 1
        assert 0 < float(mix.get("trees_learning_rate", 0.1)) <= 1 and int(mix.get("trees_leaves", 15)) >= 2
        assert 1 <= int(mix.get("trees_depth", 3)) <= 12, "[blend] trees_depth: 1 to 12 levels"
        for feats in [cfg["features"], *(alt.get("features", {}) for alt in cfg.get("compare", []))]:
            inputs = feats.get("sentence_vectors") or []
            feats["sentence_vectors"] = inputs = [inputs] if isinstance(inputs, str) else list(inputs)
            assert set(inputs) <= set(SENTENCE_INPUTS) and len(set(inputs)) == len(inputs), \
                f"sentence_vectors {inputs}: each of {', '.join(SENTENCE_INPUTS)} at most once"
            assert float(feats.get("sentence_weight", 1.0)) > 0, "sentence_weight must be above 0"
    except (KeyError, TypeError, ValueError, AssertionError) as exc:
        raise RuleDataError(f"{path}: missing or invalid setting ({exc!r})") from None
    cfg["_path"] = str(path)
    return cfg


# -- data ---------------------------------------------------------------------------------------
@dataclass
class Data:
    """Training data: labelled examples, weak examples, and the sha256 of the labels they came from."""

    labelled: list[Example]
    weak: list[Example]
    labels_sha256: str


def shipped_data(extra: list[Example] | None = None, labels_name: str | None = None,
                 cfg: dict | None = None) -> Data:
    """The package's training examples (data/instruments_train.jsonl: weight 1 = labelled, below 1 =
    weak), the coded pool tasks the configuration names ([coded]; the package's configuration when
    none is given) and a researcher's labels: all three count as labelled. A coded task is no weak
    example any more."""
    cfg = cfg or load_config()
    rows = shipped_examples()
    coded = coded_examples(cfg["coded"]["file"], float(cfg["coded"]["weight"])) if cfg["coded"]["file"] else []
    hand = {(e.doc, bare(e.title)) for e in coded}
    labelled = [e for e in rows if e.weight >= 1.0] + coded + list(extra or [])
    weak = [e for e in rows if e.weight < 1.0 and (e.doc, bare(e.title)) not in hand]
    digest = sha256_file(shipped_examples_path())
    if coded:
        digest = sha256_bytes((digest + examples_digest(coded)).encode())
    if labels_name:
        digest = sha256_bytes((digest + examples_digest(list(extra or []))).encode())
    return Data(labelled, weak, digest)


def refresh_examples(corpora: Path, cfg: dict, out: Path | None = None) -> Path:
    """Rebuild data/instruments_train.jsonl from the corpora: every labelled dev task with the text
    policytext parses for it, and the weak pool labels (leaving out documents an evaluation label
    file names, so the pool labels stay unseen)."""
    data = load_data(corpora, cfg)
    path = Path(out) if out else shipped_examples_path()
    write_examples(path, data.labelled + data.weak)
    return path


def load_data(corpora: Path, cfg: dict, weak: bool = True) -> Data:
    """Training data read from the corpora as the config names them: labelled dev tasks and, with
    ``weak``, lexicon-labelled tasks of the weak-label documents.
    """
    corpora = Path(corpora)
    if not corpora.is_dir():
        raise InputError(str(corpora), "not_found", "corpora folder not found (give --corpora)")
    labels = corpora / cfg["data"]["labels"]
    labelled = labelled_examples(labels, corpora / cfg["data"]["label_docs"])
    weak_ex: list[Example] = []
    if weak and cfg["data"]["weak_docs"]:
        weak_dir = corpora / cfg["data"]["weak_docs"]
        if not weak_dir.is_dir():
            raise InputError(str(weak_dir), "not_found", "folder of weak-label documents not found")
        weak_ex = weak_examples(weak_dir, float(cfg["weak"]["margin"]), float(cfg["weak"]["weight"]))
        held_out = weak_dir / "instruments.jsonl"
        if held_out.is_file():
            keep_out = {row["doc"] for row in read_labels(held_out)}
            weak_ex = [e for e in weak_ex if e.doc not in keep_out]
    return Data(labelled, weak_ex, sha256_file(labels))


@functools.cache
def sentence_vectors():
    """The sentence encoder shared by every featurizer of a process, so each text is embedded once
    across folds and variants."""
    from .sentences import SentenceVectors

    return SentenceVectors("training with sentence vectors")


# -- features and heads ------------------------------------------------------------------------
class Featurizer:
    """Title and body TF-IDF (fitted) beside the lexicon's and the mechanism rules' dense scores;
    mirrors ModelCoder's inference."""

    def __init__(self, cfg: dict):
        """Vectorizers and rules as the config's ``features`` table sets them."""
        require_extra("train", "training the instrument coder")
        from sklearn.feature_extraction.text import TfidfVectorizer

        feats = cfg["features"]
        self.weight = float(feats["lexicon_weight"])
        self.mechanism_weight = float(feats.get("mechanism_weight", 0.0))
        self.sentence_inputs = list(feats.get("sentence_vectors") or [])
        self.sentence_weight = float(feats.get("sentence_weight", 1.0))
        self.body_chars = int(feats.get("body_chars") or 0)
        self.lexicon = load_lexicon()
        self.mechanisms = load_mechanisms()
        self.vectorizer = None  # a compare row may drop the title n-grams (sentence vectors + lexicon)
        if feats.get("title_ngrams"):
            lo, hi = feats["title_ngrams"]
            self.vectorizer = TfidfVectorizer(
                analyzer=functools.partial(char_ngrams, lo=int(lo), hi=int(hi)),
                sublinear_tf=True, norm="l2", min_df=int(feats.get("min_df", 1)), dtype=np.float64)
        self.lsa_components = int(feats.get("lsa_components") or 0)
        self.lsa_chars = int(feats.get("lsa_chars", 300))
        self.lsa_weight = float(feats.get("lsa_weight", 1.0))
        self.lsa_vectorizer = self.lsa = None
        if self.lsa_components:
            llo, lhi = feats.get("lsa_ngrams") or [2, 2]
            self.lsa_vectorizer = TfidfVectorizer(
                analyzer=functools.partial(char_ngrams, lo=int(llo), hi=int(lhi)), sublinear_tf=True, norm="l2",
                min_df=int(feats.get("lsa_min_df", 3)), max_features=int(feats.get("lsa_max_features", 10000)),
                dtype=np.float64)
        self.body_vectorizer = None
        if feats.get("body_ngrams"):
            blo, bhi = feats["body_ngrams"]
            self.body_vectorizer = TfidfVectorizer(
                analyzer=functools.partial(char_ngrams, lo=int(blo), hi=int(bhi)),
                sublinear_tf=True, norm="l2", min_df=int(feats.get("body_min_df", 2)), dtype=np.float64)

    def _rules(self, e: Example) -> np.ndarray:
        """The lexicon and mechanism scores of an example, computed once and cached on it across folds."""
        # Rule scores do not depend on the fold: computed once per example and kept on it.
        key = f"_rule_scores_{self.body_chars}"  # variants may cut the body at different lengths
        cached = e.__dict__.get(key)
        if cached is None:
            t = capped(e.task_text, self.body_chars)
            cached = np.concatenate([self.lexicon.features(t), self.mechanisms.scores(t.title),
                                     self.mechanisms.scores(t.body)])
            e.__dict__[key] = cached
        return cached

    def dense(self, examples: list[Example]) -> np.ndarray:
        """The dense rule features of the examples, weighted as ``ModelCoder.dense`` weights them."""
        n_lex = 3 * len(CODES)
        rules = np.log1p(np.array([self._rules(e) for e in examples]).reshape(len(examples), -1))
        parts = [rules[:, :n_lex] * self.weight]
        if self.mechanism_weight:
            parts.append(rules[:, n_lex:] * self.mechanism_weight)
        if self.sentence_inputs:
            vectors = sentence_vectors().features([e.task_text for e in examples], self.sentence_inputs)
            parts.append(vectors * self.sentence_weight)
        if self.lsa is not None:
            parts.append(self.topics(examples))
        return np.hstack(parts)

    def dense_part(self, X) -> np.ndarray:
        """The dense columns (rule scores, sentence vectors, topics) of a feature matrix, as the trees
        read them (``model.tree_input``)."""
        n_sparse = sum(len(v.vocabulary_) for v in (self.vectorizer, self.body_vectorizer) if v is not None)
        return tree_input(X[:, n_sparse:].toarray())

    def fit_topics(self, examples: list[Example]) -> None:
        """Fit the latent-topic projection on the examples' texts (their labels play no part)."""
        from sklearn.decomposition import TruncatedSVD

        X = self.lsa_vectorizer.fit_transform([lsa_text(e.task_text, self.lsa_chars) for e in examples])
        self.lsa = TruncatedSVD(self.lsa_components, random_state=0).fit(X)

    def topics(self, examples: list[Example]) -> np.ndarray:
        """Each example's latent-topic row, scaled to length 1 × lsa_weight (as ModelCoder computes it)."""
        X = self.lsa_vectorizer.transform([lsa_text(e.task_text, self.lsa_chars) for e in examples])
        return unit_rows(np.asarray(X @ self.lsa.components_.T)) * self.lsa_weight

    def _stack(self, examples: list[Example], fit: bool):
        """Title TF-IDF, body TF-IDF and dense features side by side as one sparse matrix, the vectorizers
        fitted first when ``fit``.
        """
        from scipy import sparse

        texts = [capped(e.task_text, self.body_chars) for e in examples]
        go = (lambda v, xs: v.fit_transform(xs)) if fit else (lambda v, xs: v.transform(xs))
        if fit and self.lsa_vectorizer is not None:
            self.fit_topics(examples)
        mats = []
        if self.vectorizer is not None:
            mats.append(go(self.vectorizer, [t.title for t in texts]))
        if self.body_vectorizer is not None:
            mats.append(go(self.body_vectorizer, [t.body for t in texts]))
        mats.append(sparse.csr_matrix(self.dense(examples)))
        return sparse.hstack(mats).tocsr()

    def fit_transform(self, examples: list[Example]):
        """Fit the vectorizers on ``examples`` and return their feature matrix."""
        return self._stack(examples, True)

    def transform(self, examples: list[Example]):
        """The feature matrix of ``examples`` with the vectorizers as fitted."""
        return self._stack(examples, False)


_KINDS = ("logreg", "linear_svc", "complement_nb", "sgd")


def _classifier(spec: dict, seed: int):
    """The scikit-learn classifier a config spec names (logreg, linear_svc, complement_nb, sgd)."""
    kind = spec["kind"]
    if kind == "logreg":
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(C=float(spec["C"]), max_iter=int(spec.get("max_iter", 2000)),
                                  solver=str(spec.get("solver", "lbfgs")), random_state=seed)
    if kind == "linear_svc":
        from sklearn.svm import LinearSVC

        return LinearSVC(C=float(spec["C"]), random_state=seed)
    if kind == "complement_nb":
        from sklearn.naive_bayes import ComplementNB

        return ComplementNB(alpha=float(spec["alpha"]))
    from sklearn.linear_model import SGDClassifier

    return SGDClassifier(loss="modified_huber", alpha=float(spec["alpha"]), max_iter=200, tol=1e-4,
                         random_state=seed)


@dataclass
class Fitted:
    """A trained model: the featurizer, the primary head and one presence head per code; with
    ``[blend]`` weights, a type head and boosted trees whose probabilities are mixed in."""

    featurizer: Featurizer
    primary: object
    presence: dict[str, object]  # code → binary logistic regression
    type_head: object | None = None  # logistic regression on S/E/D
    trees: object | None = None  # HistGradientBoostingClassifier on the dense features
    type_weight: float = 0.0
    trees_weight: float = 0.0

    def proba(self, X) -> tuple[list[str], np.ndarray, np.ndarray | None]:
        """The primary classes, their probabilities with the trees' mixed in, and the type probabilities
        (columns S, E, D) with the type head's mixed in, None without one (``model.blend``)."""
        classes = [str(k) for k in self.primary.classes_]
        trees = types = None
        if self.trees is not None:
            got = self.trees.predict_proba(self.featurizer.dense_part(X))
            trees = np.zeros((X.shape[0], len(classes)))
            trees[:, [classes.index(str(k)) for k in self.trees.classes_]] = got
        if self.type_head is not None:
            got = self.type_head.predict_proba(X)
            types = got[:, [[str(k) for k in self.type_head.classes_].index(t) for t in TYPE_LETTERS]]
        return (classes, *blend(classes, self.primary.predict_proba(X), trees, types,
                                self.trees_weight, self.type_weight))


def fit(train: list[Example], weak: list[Example], cfg: dict, seed: int, spec: dict | None = None,
        presence: bool = True) -> Fitted:
    """Both heads on one training set; weak examples teach the primary head only (they say nothing
    about secondary codes)."""
    from sklearn.linear_model import LogisticRegression

    spec = spec or cfg["primary"]
    featurizer = Featurizer(cfg)
    rows = train + weak
    X = featurizer.fit_transform(rows)
    clf = _classifier(spec, seed)
    weights = np.array([e.weight for e in rows])
    clf.fit(X, [e.primary for e in rows], sample_weight=weights)
    mix = cfg.get("blend", {}) if spec["kind"] == "logreg" else {}
    type_weight, trees_weight = float(mix.get("type_weight", 0.0)), float(mix.get("trees_weight", 0.0))
    type_head = trees = None
    if type_weight:
        type_head = LogisticRegression(C=float(mix.get("type_C", 10.0)), max_iter=int(spec.get("max_iter", 2000)),
                                       solver=str(spec.get("solver", "lbfgs")), random_state=seed)
        type_head.fit(X, [e.primary[0] for e in rows], sample_weight=weights)  # S, E or D
    if trees_weight and len(clf.classes_) > 2:  # (two classes would make the trees one binary model)
        from sklearn.ensemble import HistGradientBoostingClassifier

        # Fixed iterations, no early stopping: deterministic, and every fold grows the same forest.
        trees = HistGradientBoostingClassifier(
            max_iter=int(mix.get("trees_iterations", 100)), learning_rate=float(mix.get("trees_learning_rate", 0.1)),
            max_leaf_nodes=int(mix.get("trees_leaves", 15)), max_depth=int(mix.get("trees_depth", 3)),
            l2_regularization=float(mix.get("trees_l2", 1.0)),
            early_stopping=False, random_state=seed)
        trees.fit(featurizer.dense_part(X), [e.primary for e in rows], sample_weight=weights)
    heads: dict[str, object] = {}
    if presence:
        Xl = X[: len(train)]
        for code in CODES:
            y = np.array([code == e.primary or code in e.secondary for e in train])
            if y.any() and not y.all():
                heads[code] = LogisticRegression(
                    C=float(cfg["presence"]["C"]), max_iter=int(cfg["presence"]["max_iter"]),
                    solver=str(cfg["presence"].get("solver", "lbfgs")), random_state=seed,
                ).fit(Xl, y)
    return Fitted(featurizer, clf, heads, type_head, trees, type_weight if type_head else 0.0,
                  trees_weight if trees else 0.0)


def presence_proba(fitted: Fitted, X) -> np.ndarray:
    """n × 14 presence probabilities (0 for a code the fold never saw)."""
    out = np.zeros((X.shape[0], len(CODES)))
    for code, head in fitted.presence.items():
        out[:, CODES.index(code)] = head.predict_proba(X)[:, 1]
    return out


def secondary_sets(primary: list[str], presence: np.ndarray, threshold: float) -> list[list[str]]:
    """Secondary codes per task: codes other than the primary whose presence probability reaches
    ``threshold``, most probable first, at most ``MAX_SECONDARY``.
    """
    out = []
    for p, row in zip(primary, presence, strict=True):
        order = sorted((-float(q), j) for j, q in enumerate(row) if q >= threshold and CODES[j] != p)
        out.append([CODES[j] for _q, j in order[:MAX_SECONDARY]])
    return out


# -- cross-validation ---------------------------------------------------------------------------
def folds(examples: list[Example], scheme: str, seed: int, n_splits: int = 5, max_group_folds: int = 0):
    """(train, test) index arrays: one document per fold ("group") or stratified by primary code."""
    idx = np.arange(len(examples))
    if scheme == "group":
        docs = sorted({e.doc for e in examples})
        # max_group_folds (config [cv]) > 0 deals the documents round-robin into that many folds, for
        # quick retraining; 0 leaves one document out at a time.
        k = max_group_folds if 0 < max_group_folds < len(docs) else len(docs)
        for f in range(k):
            held = set(docs[f::k])
            test = np.array([i for i in idx if examples[i].doc in held])
            yield np.setdiff1d(idx, test), test
        return
    import warnings

    require_extra("train", "cross-validating the instrument coder")
    from sklearn.model_selection import StratifiedKFold

    y = [e.primary for e in examples]
    with warnings.catch_warnings():  # codes with fewer examples than folds are expected here
        warnings.simplefilter("ignore", UserWarning)
        yield from StratifiedKFold(n_splits, shuffle=True, random_state=seed).split(idx, y)


def cross_validate(data: Data, cfg: dict, seed: int, scheme: str = "group", spec: dict | None = None,
                   use_weak: bool = True, presence: bool = True) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Out-of-fold primary codes, presence probabilities and confidences of every labelled example."""
    n = len(data.labelled)
    pred: list[str] = [""] * n
    pres = np.zeros((n, len(CODES)))
    conf = np.ones(n)
    weak = data.weak if use_weak else []
    type_first = bool(cfg["primary"].get("type_first", False))
    for tr, te in folds(data.labelled, scheme, seed, int(cfg["cv"].get("stratified_folds", 5)),
                        int(cfg["cv"].get("max_group_folds", 0))):
        fitted = fit([data.labelled[i] for i in tr], weak, cfg, seed, spec, presence)
        X = fitted.featurizer.transform([data.labelled[i] for i in te])
        if hasattr(fitted.primary, "predict_proba") and (spec or cfg["primary"])["kind"] == "logreg":
            classes, proba, types = fitted.proba(X)
            cols, conf[te] = choose_columns(classes, proba, type_first, abstain_on(cfg), types)
            codes = [classes[k] for k in cols]
        else:
            codes = [str(k) for k in fitted.primary.predict(X)]
        for i, code in zip(te, codes, strict=True):
            pred[i] = code
        if presence:
            pres[te] = presence_proba(fitted, X)
    return pred, pres, conf


def coverage_curve(examples: list[Example], pred: list[str], conf: np.ndarray,
                   levels=(1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.6, 0.5)) -> list[dict]:
    """Accuracy on the coded tasks when the least confident are left uncoded, at each coverage."""
    order = np.argsort(-conf, kind="stable")
    rows = []
    for level in levels:
        k = max(1, int(round(level * len(order))))
        keep = order[:k]
        rows.append({
            "coverage": level, "threshold": round(float(conf[keep[-1]]), 4),
            "code_accuracy": round(float(np.mean([pred[i] == examples[i].primary for i in keep])), 4),
            "type_accuracy": round(float(np.mean([type_of(pred[i]) == type_of(examples[i].primary)
                                                  for i in keep])), 4),
        })
    return rows


def abstain_on(cfg: dict) -> str:
    """What the config's abstention is judged on: ``"type"`` or ``"code"`` probability."""
    return str(cfg.get("abstain", {}).get("on", "code"))


def calibrate_abstention(conf: np.ndarray, min_coverage: float, type_right: np.ndarray | None = None,
                         min_type_accuracy: float = 0.0, min_every_type: float = 0.0) -> float:
    """The confidence threshold below which the coder abstains, from cross-validated tasks: with
    ``min_type_accuracy`` (and ``type_right``, whether each task's type was right), the lowest that
    keeps the coded tasks' type accuracy at or above it, so the coder codes as many tasks as that
    accuracy allows; never one that codes fewer than ``min_coverage`` of the tasks (0: never abstain).

    With ``min_every_type`` too, two aims pull apart: abstaining raises the coded tasks' type accuracy
    but lowers it counted over every task (an abstention counts as wrong). The threshold is then the
    one where the worse of the two margins, coded type accuracy − ``min_type_accuracy`` and type
    accuracy over every task − ``min_every_type``, is largest (ties to the lower threshold), so
    neither aim is met by spending all the slack of the other.

    >>> conf = np.array([0.9, 0.8, 0.7, 0.6, 0.5])
    >>> calibrate_abstention(conf, 0.4)
    0.8
    >>> calibrate_abstention(conf, 0.4, np.array([True, True, True, False, True]), 0.75)
    0.5
    >>> calibrate_abstention(conf, 0.4, np.array([True, False, False, False, True]), 0.9)
    0.8
    >>> right = np.array([True, True, False, True, True])
    >>> calibrate_abstention(conf, 0.2, right, 0.9), calibrate_abstention(conf, 0.2, right, 0.9, 0.7)
    (0.8, 0.5)
    """
    if min_coverage >= 1.0:
        return 0.0
    order = np.argsort(-conf, kind="stable")
    k = int(np.ceil(min_coverage * len(order)))
    if min_type_accuracy and type_right is not None and len(order):
        hits = np.cumsum(type_right[order])
        accuracy = hits / np.arange(1, len(order) + 1)
        if min_every_type:
            worse = np.minimum(accuracy - min_type_accuracy, hits / len(order) - min_every_type)
            worse[: max(k - 1, 0)] = -np.inf  # never below the coverage floor
            k = int(np.flatnonzero(worse >= worse.max() - 1e-12)[-1]) + 1
        else:
            reached = np.flatnonzero(accuracy >= min_type_accuracy - 1e-12)
            if len(reached):
                k = max(k, int(reached[-1]) + 1)
    # rounded down, so the task at the cut stays coded
    return math.floor(float(conf[order[k - 1]]) * 1e6) / 1e6 if k else 0.0


def abstain_threshold(cfg: dict, examples: list[Example], pred: list[str], conf: np.ndarray) -> float:
    """The config's abstain threshold calibrated on cross-validated predictions of ``examples``."""
    settings = cfg.get("abstain", {})
    right = np.array([type_of(p) == type_of(e.primary) for p, e in zip(pred, examples, strict=True)])
    return calibrate_abstention(conf, float(settings.get("min_coverage", 1.0)), right,
                                float(settings.get("min_type_accuracy", 0.0)),
                                float(settings.get("min_every_type", 0.0)))


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    """Precision, recall, F1, support and predicted count from the counts."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": n_gold, "predicted": n_pred}


def score(examples: list[Example], pred: list[str], secondary: list[list[str]] | None = None) -> dict:
    """Primary and type accuracy, per-code precision/recall, confusion matrices, secondary P/R/F1."""
    gold = [e.primary for e in examples]
    n = len(gold)
    out: dict = {
        "n": n,
        "documents": len({e.doc for e in examples}),
        "primary_accuracy": round(sum(g == p for g, p in zip(gold, pred, strict=True)) / n, 4),
        "type_accuracy": round(sum(type_of(g) == type_of(p) for g, p in zip(gold, pred, strict=True)) / n, 4),
        "per_code": {
            c: _prf(sum(g == p == c for g, p in zip(gold, pred, strict=True)), pred.count(c), gold.count(c))
            for c in CODES
        },
        "per_type": {
            t: _prf(sum(type_of(g) == type_of(p) == t for g, p in zip(gold, pred, strict=True)),
                    sum(type_of(p) == t for p in pred), sum(type_of(g) == t for g in gold))
            for t in TYPES
        },
        "confusion": {"labels": list(CODES), "rows_gold_cols_predicted": [
            [sum(g == a and p == b for g, p in zip(gold, pred, strict=True)) for b in CODES] for a in CODES]},
    }
    if secondary is not None:
        tp = sum(len(set(s) & set(e.secondary)) for s, e in zip(secondary, examples, strict=True))
        out["secondary"] = _prf(tp, sum(map(len, secondary)), sum(len(e.secondary) for e in examples))
    return out


def tune_threshold(examples: list[Example], pred: list[str], pres: np.ndarray, grid) -> tuple[float, dict]:
    """The presence cut-off with the best secondary F1 (the lower one on a tie), and the F1 of each."""
    f1s = {}
    for t in grid:
        t = float(t)
        sec = secondary_sets(pred, pres, t)
        tp = sum(len(set(s) & set(e.secondary)) for s, e in zip(sec, examples, strict=True))
        f1s[t] = _prf(tp, sum(map(len, sec)), sum(len(e.secondary) for e in examples))["f1"]
    best = max(sorted(f1s), key=lambda t: f1s[t])
    return best, {str(t): f for t, f in f1s.items()}


def evaluate_config(data: Data, cfg: dict, seed: int) -> dict:
    """Grouped cross-validation of the configured model, with the tuned secondary threshold."""
    pred, pres, conf = cross_validate(data, cfg, seed)
    threshold, grid = tune_threshold(data.labelled, pred, pres, cfg["presence"]["thresholds"])
    metrics = score(data.labelled, pred, secondary_sets(pred, pres, threshold))
    k = int(cfg["cv"].get("max_group_folds", 0))
    metrics["cv"] = f"documents in {k} folds" if k else "leave-one-document-out"
    metrics["coverage_curve"] = coverage_curve(data.labelled, pred, conf)
    metrics["abstain_threshold"] = abstain_threshold(cfg, data.labelled, pred, conf)
    coded = conf >= metrics["abstain_threshold"]
    metrics["abstain"] = {
        "coverage": round(float(coded.mean()), 4),
        "code_accuracy_coded": round(float(np.mean([p == e.primary for p, e, c in
                                                    zip(pred, data.labelled, coded, strict=True) if c])), 4),
        "type_accuracy_coded": round(float(np.mean([type_of(p) == type_of(e.primary) for p, e, c in
                                                    zip(pred, data.labelled, coded, strict=True) if c])), 4),
        # counting every task, an abstention as wrong
        "type_accuracy_every": round(float(np.mean([c and type_of(p) == type_of(e.primary) for p, e, c in
                                                    zip(pred, data.labelled, coded, strict=True)])), 4),
    }
    metrics["by_document"] = {
        d: {"n": sum(e.doc == d for e in data.labelled),
            "code": round(float(np.mean([p == e.primary for p, e in zip(pred, data.labelled, strict=True)
                                         if e.doc == d])), 4),
            "type": round(float(np.mean([type_of(p) == type_of(e.primary)
                                         for p, e in zip(pred, data.labelled, strict=True) if e.doc == d])), 4)}
        for d in sorted({e.doc for e in data.labelled})}
    # The dev labels (weight 1) apart from the coded pool tasks (another coder, lower weight): the
    # figure earlier releases reported is the first.
    metrics["by_weight"] = {
        str(w): {"n": len(part), "code": round(float(np.mean([p == e.primary for p, e in part])), 4),
                 "type": round(float(np.mean([type_of(p) == type_of(e.primary) for p, e in part])), 4)}
        for w in sorted({e.weight for e in data.labelled}, reverse=True)
        for part in [[(p, e) for p, e in zip(pred, data.labelled, strict=True) if e.weight == w]]}
    metrics["secondary_threshold"] = threshold
    metrics["secondary_f1_by_threshold"] = grid
    return metrics


def compare(data: Data, cfg: dict, seed: int, labels: Path | None = None, docs: Path | None = None) -> list[dict]:
    """The configured model against the alternatives of the config and the lexicon alone, grouped by
    document, plus the configured model under stratified folds. With ``labels`` (and ``docs`` for a
    gold label file) each grouped row is also fitted on every example and scored on those labels
    (documents never trained on): found-task and every-task accuracy, and coverage and type accuracy
    of the coded tasks at the row's own abstain threshold (calibrated on its grouped CV)."""
    from .evaluate import label_outcomes, summarise

    parsed: dict = {}

    def on_labels(using) -> dict:
        if labels is None:
            return {}
        outcomes = label_outcomes(labels, docs, using, parsed)
        return {"labels": summarise(outcomes)["total"], "labels_right": [o.predicted == o.gold for o in outcomes]}

    rows = []
    variants = [(f"{cfg['primary']['kind']} (configured)", cfg, None, True)]
    for alt in cfg.get("compare", []):
        spec = {k: v for k, v in alt.items() if k not in ("name", "weak", "features", "blend")}
        variants.append((alt["name"], _with_overrides(cfg, alt.get("features", {}), alt.get("blend")), spec,
                         bool(alt.get("weak", True))))
    for name, alt_cfg, spec, use_weak in variants:
        if alt_cfg["features"].get("sentence_vectors"):
            try:
                sentence_vectors().version()
            except MissingExtra as exc:
                rows.append({"name": name, "cv": "skipped", "skipped": str(exc)})
                continue
        pred, _, conf = cross_validate(data, alt_cfg, seed, spec=spec, use_weak=use_weak, presence=False)
        row = {"name": name, "cv": "grouped", **_summary(data, pred),
               "right": [p == e.primary for p, e in zip(pred, data.labelled, strict=True)]}
        if labels is not None:
            # only a logistic head's confidences are calibrated in CV; the other kinds never abstain
            threshold = abstain_threshold(alt_cfg, data.labelled, pred, conf) \
                if (spec or alt_cfg["primary"])["kind"] == "logreg" else 0.0
            fitted = fit(data.labelled, data.weak if use_weak else [], alt_cfg, seed, spec, presence=False)
            row |= on_labels(FittedCoder(fitted, threshold, bool(alt_cfg["primary"].get("type_first", False)),
                                         abstain_on(alt_cfg)))
        rows.append(row)
    lex = [i.primary for i in LexiconCoder().code([e.task_text for e in data.labelled])]
    rows.append({"name": "lexicon alone (no training)", "cv": "none", **_summary(data, lex), **on_labels(LexiconCoder()),
                 "right": [p == e.primary for p, e in zip(lex, data.labelled, strict=True)]})
    pred, _, _ = cross_validate(data, cfg, seed, scheme="stratified", presence=False)
    rows.append({"name": f"{cfg['primary']['kind']} (configured)", "cv": "stratified", **_summary(data, pred)})
    return rows


class _Task:
    """A task text where the featurizer expects an Example (it reads ``task_text`` and caches on it)."""

    def __init__(self, tt):
        self.task_text = tt


class FittedCoder:
    """A model fitted in memory, coding tasks as ModelCoder codes them (primary head only, no secondary
    codes), so ``compare`` scores each variant on labelled documents without writing it out. A head
    other than logistic regression has threshold 0 and never abstains."""

    source = "model"

    def __init__(self, fitted: Fitted, abstain_threshold: float, type_first: bool, abstain_on: str = "code"):
        """``fitted`` by ``fit``; below ``abstain_threshold`` (on the chosen code's or its type's
        probability, as ``abstain_on`` says) the task is left uncoded."""
        self.fitted = fitted
        self.abstain_threshold = abstain_threshold
        self.type_first = type_first
        self.abstain_on = abstain_on

    def code(self, texts) -> list:
        """One Instrument per TaskText."""
        from ..doc import Instrument

        if not texts:
            return []
        X = self.fitted.featurizer.transform([_Task(tt) for tt in texts])
        clf = self.fitted.primary
        classes = [str(k) for k in clf.classes_]
        if hasattr(clf, "predict_proba"):
            classes, proba, types = self.fitted.proba(X)
            cols, conf = choose_columns(classes, proba, self.type_first, self.abstain_on, types)
            p = proba[np.arange(len(texts)), cols]
        else:
            cols = np.array([classes.index(str(k)) for k in clf.predict(X)])
            conf = p = np.ones(len(texts))
        out = []
        for k, c, q in zip(cols.tolist(), conf.tolist(), p.tolist(), strict=True):
            c = round(c, 4)  # as ModelCoder judges it
            coded = c >= self.abstain_threshold
            out.append(Instrument(primary=classes[k] if coded else None, secondary=[],
                                  scores={classes[k]: round(q, 4)}, source="model" if coded else "abstain",
                                  confidence=c))
        return out


def _with_overrides(cfg: dict, features: dict, mix: dict | None = None) -> dict:
    """cfg with some feature or ``[blend]`` settings replaced (a compare row that drops body n-grams,
    or the blended heads, say)."""
    if not features and not mix:
        return cfg
    out = dict(cfg)
    out["features"] = {k: v for k, v in {**cfg["features"], **features}.items() if v is not False}
    out["blend"] = {**cfg.get("blend", {}), **(mix or {})}
    return out


def _summary(data: Data, pred: list[str]) -> dict:
    """Primary accuracy, type accuracy and macro F1 (over codes with support) of predictions."""
    s = score(data.labelled, pred)
    macro = sum(v["f1"] for v in s["per_code"].values() if v["support"]) / sum(
        1 for v in s["per_code"].values() if v["support"])
    return {"primary_accuracy": s["primary_accuracy"], "type_accuracy": s["type_accuracy"],
            "macro_f1": round(macro, 4)}


# -- the shipped files --------------------------------------------------------------------------
def export_arrays(fitted: Fitted) -> dict[str, np.ndarray]:
    """The fitted model as plain arrays (see model.ARRAYS)."""
    fz = fitted.featurizer
    vec = fz.vectorizer
    vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
    bvec = fz.body_vectorizer
    body_vocab = sorted(bvec.vocabulary_, key=bvec.vocabulary_.get) if bvec is not None else []
    lex = fz.lexicon.entries
    mech = fz.mechanisms.rules if fz.mechanism_weight else ()
    clf = fitted.primary
    codes = [c for c in CODES if c in fitted.presence]
    lsa = {}
    if fz.lsa is not None:
        lvec = fz.lsa_vectorizer
        lsa = {"lsa_vocab": np.array(sorted(lvec.vocabulary_, key=lvec.vocabulary_.get), dtype=str),
               "lsa_idf": np.asarray(lvec.idf_, dtype=np.float64),
               "lsa_components": np.asarray(fz.lsa.components_, dtype=np.float64)}
    return lsa | _head_arrays(fitted) | {
        "vocab": np.array(vocab, dtype=str),
        "idf": np.asarray(vec.idf_, dtype=np.float64),
        "body_vocab": np.array(body_vocab, dtype="<U8"),
        "body_idf": np.asarray(bvec.idf_ if bvec is not None else [], dtype=np.float64),
        "lex_code": np.array([e.code for e in lex], dtype=str),
        "lex_pattern": np.array([e.pattern for e in lex], dtype=str),
        "lex_weight": np.array([e.weight for e in lex], dtype=np.float64),
        "mech_code": np.array([r.code for r in mech], dtype="<U2"),
        "mech_name": np.array([r.name for r in mech], dtype="<U32"),
        "mech_verb": np.array([r.verb for r in mech], dtype="<U200"),
        "mech_obj": np.array([r.obj for r in mech], dtype="<U200"),
        "mech_weight": np.array([r.weight for r in mech], dtype=np.float64),
        "primary_classes": np.array([str(c) for c in clf.classes_], dtype=str),
        "primary_coef": np.asarray(clf.coef_, dtype=np.float64),
        "primary_intercept": np.asarray(clf.intercept_, dtype=np.float64),
        "presence_classes": np.array(codes, dtype=str),
        "presence_coef": np.vstack([fitted.presence[c].coef_[0] for c in codes]).astype(np.float64),
        "presence_intercept": np.array([fitted.presence[c].intercept_[0] for c in codes], dtype=np.float64),
    }


def _head_arrays(fitted: Fitted) -> dict[str, np.ndarray]:
    """The type head's and the trees' arrays (model.TYPE_ARRAYS, model.TREE_ARRAYS), for those the
    model has: each scikit-learn tree laid out as a complete tree of the forest's depth."""
    out: dict[str, np.ndarray] = {}
    if fitted.type_head is not None:
        order = [[str(k) for k in fitted.type_head.classes_].index(t) for t in TYPE_LETTERS]
        out |= {"type_classes": np.array(list(TYPE_LETTERS), dtype=str),
                "type_coef": np.asarray(fitted.type_head.coef_[order], dtype=np.float64),
                "type_intercept": np.asarray(fitted.type_head.intercept_[order], dtype=np.float64)}
    if fitted.trees is not None:
        classes = [str(k) for k in fitted.primary.classes_]
        columns = [classes.index(str(k)) for k in fitted.trees.classes_]
        predictors = [(columns[k], p.nodes) for per_iteration in fitted.trees._predictors
                      for k, p in enumerate(per_iteration)]
        depth = max(1, max(int(nodes["depth"].max()) for _k, nodes in predictors))
        n_tests = 2 ** depth - 1
        feature = np.zeros((len(predictors), n_tests), dtype=np.int64)
        threshold = np.full((len(predictors), n_tests), np.finfo(np.float64).max)  # padding: always left
        value = np.zeros((len(predictors), n_tests + 1))
        for t, (_k, nodes) in enumerate(predictors):
            stack = [(0, 0)]  # (scikit-learn's node, its slot in the complete tree)
            while stack:
                node, slot = stack.pop()
                if not nodes["is_leaf"][node]:
                    feature[t, slot] = nodes["feature_idx"][node]
                    threshold[t, slot] = nodes["num_threshold"][node]
                    stack += [(int(nodes["left"][node]), 2 * slot + 1), (int(nodes["right"][node]), 2 * slot + 2)]
                    continue
                while slot < n_tests:  # a leaf above the last level: its tests go left down to the leaves
                    slot = 2 * slot + 1
                value[t, slot - n_tests] = nodes["value"][node]
        baseline = np.zeros(len(classes))
        baseline[columns] = np.ravel(fitted.trees._baseline_prediction)
        out |= {"tree_class": np.array([k for k, _n in predictors], dtype=np.int64), "tree_baseline": baseline,
                "tree_feature": feature, "tree_threshold": threshold, "tree_value": value}
    return out


def train(corpora: Path | None = None, out_dir: Path | None = None, config: Path | None = None, seed: int = 0,
          report_dir: Path | None = None, labels: Path | None = None) -> dict:
    """Cross-validate, fit on every example, write instruments.npz and meta.json into out_dir
    (default: the package's model folder) and metrics.json into report_dir (default: out_dir when
    given, else models/instruments/ of the checkout); returns the metrics.

    The examples are the package's own (data/instruments_train.jsonl) plus ``labels``, a researcher's
    sheet (CSV or JSONL, see ``dataset.read_examples``); with ``corpora`` the package's examples are
    first rebuilt from the corpora (dev labels and weak pool labels)."""
    sklearn = require("sklearn", "train", "policytext train instruments")
    require_extra("train", "policytext train instruments")

    cfg = load_config(config)
    encoder = None
    if cfg["features"]["sentence_vectors"]:
        encoder = sentence_vectors().version()  # MissingExtra before any work
    if cfg["primary"]["kind"] != "logreg":
        raise RuleDataError(f"{cfg['_path']}: the shipped model needs probabilities: [primary] kind must be logreg")
    extra = read_examples(Path(labels)) if labels else []
    if corpora is not None:
        refresh_examples(Path(corpora), cfg)
    data = shipped_data(extra, str(labels) if labels else None, cfg)
    out = Path(out_dir) if out_dir else package_model_dir()
    out.mkdir(parents=True, exist_ok=True)
    metrics = evaluate_config(data, cfg, seed)
    fitted = fit(data.labelled, data.weak, cfg, seed)
    arrays = export_arrays(fitted)
    blob = write_npz(out / NPZ_NAME, arrays)
    feats = cfg["features"]
    meta = {
        "format": FORMAT,
        "policytext_version": __version__,
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "seed": seed,
        "labels": list(CODES),
        "primary_classes": arrays["primary_classes"].tolist(),
        "arrays": {name: list(arr.shape) for name, arr in sorted(arrays.items())},
        "training_data": {
            "examples_file": f"data/{SHIPPED_EXAMPLES}",
            "examples_sha256": sha256_file(shipped_examples_path()),
            "added_labels": Path(labels).name if labels else None,
            "added_examples": len(extra),
            "labelled_examples": len(data.labelled),
            "labelled_documents": len({e.doc for e in data.labelled}),
            "labelled_texts_sha256": examples_digest(data.labelled),
            "coded_file": f"data/{cfg['coded']['file']}" if cfg["coded"]["file"] else None,
            "coded_weight": float(cfg["coded"]["weight"]),
            "weak_examples": len(data.weak),
            "weak_texts_sha256": examples_digest(data.weak),
            "lexicon_sha256": sha256_file(_data_path(LEXICON_FILE)),
            "mechanisms_sha256": sha256_file(_data_path(MECHANISMS_FILE)),
        },
        "features": {
            "title_ngrams": [int(v) for v in feats["title_ngrams"]],
            "min_df": int(feats.get("min_df", 1)),
            "body_ngrams": [int(v) for v in feats["body_ngrams"]] if feats.get("body_ngrams") else None,
            "body_min_df": int(feats.get("body_min_df", 2)),
            "body_chars": int(feats.get("body_chars") or 0),
            "tfidf": "sublinear_tf, smooth idf, l2 norm (TfidfVectorizer)",
            "lexicon_weight": float(feats["lexicon_weight"]),
            "lexicon_features": "ln(1 + score) of title, body and section scores, 3 x 14",
            "mechanism_weight": float(feats.get("mechanism_weight", 0.0)),
            "mechanism_features": "ln(1 + score) of title and body mechanism-rule scores, 2 x 14",
            "vocabulary": len(arrays["vocab"]),
            "body_vocabulary": len(arrays["body_vocab"]),
            "lsa_components": int(feats.get("lsa_components") or 0),
        },
        "primary": {k: v for k, v in cfg["primary"].items()},
        "type_first": bool(cfg["primary"].get("type_first", False)),
        "blend": {"type_weight": fitted.type_weight, "trees_weight": fitted.trees_weight}
        | ({"type_C": float(fitted.type_head.C)} if fitted.type_head is not None else {})
        | ({"trees": f"HistGradientBoostingClassifier over the dense features, "
                     f"{len(arrays['tree_class'])} trees, laid out complete to depth {tree_depth(arrays['tree_feature'].shape[1])}",
            # the settings as the fitted trees hold them, not the config's defaults again
            "trees_iterations": int(fitted.trees.max_iter), "trees_learning_rate": float(fitted.trees.learning_rate),
            "trees_leaves": int(fitted.trees.max_leaf_nodes), "trees_depth": int(fitted.trees.max_depth),
            "trees_l2": float(fitted.trees.l2_regularization)} if fitted.trees is not None else {}),
        "presence": {"C": cfg["presence"]["C"], "classes": arrays["presence_classes"].tolist()},
        "weak": dict(cfg["weak"]),
        "secondary_threshold": metrics["secondary_threshold"],
        "abstain_threshold": metrics["abstain_threshold"],
        "abstain_on": abstain_on(cfg),
        "metrics": {k: metrics[k] for k in ("cv", "n", "documents", "primary_accuracy", "type_accuracy", "abstain")}
        | {"secondary_f1": metrics["secondary"]["f1"]},
        "npz_sha256": sha256_bytes(blob),
    }
    if meta["features"]["lsa_components"]:
        meta["features"] |= {
            "lsa_ngrams": [int(v) for v in feats.get("lsa_ngrams") or [2, 2]],
            "lsa_chars": int(feats.get("lsa_chars", 300)),
            "lsa_min_df": int(feats.get("lsa_min_df", 3)),
            "lsa_weight": float(feats.get("lsa_weight", 1.0)),
            "lsa_vocabulary": len(arrays["lsa_vocab"]),
            "lsa_features": "title, a space and the body's first lsa_chars characters as one text: character "
                            "n-gram TF-IDF (sublinear, l2) @ lsa_components.T, row scaled to length 1, x lsa_weight",
        }
    if encoder is not None:  # only then: the n-gram model's meta.json stays as it was
        from . import sentences

        meta["features"] |= {
            "sentence_vectors": list(feats["sentence_vectors"]),
            "sentence_weight": float(feats.get("sentence_weight", 1.0)),
            "sentence_features": f"{sentences.DIM} values per input, rounded to {sentences.DECIMALS} decimals, "
                                 f"x sentence_weight; title+body = title, then {sentences.BODY_CHARS} body characters",
        }
        meta["sentence_encoder"] = {"name": sentences.ENCODER, "distribution": sentences.DISTRIBUTION,
                                    "version": encoder, "dim": sentences.DIM}
    (out / META_NAME).write_text(json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    report = Path(report_dir) if report_dir else (out if out_dir else recipe_dir())
    report.mkdir(parents=True, exist_ok=True)
    (report / METRICS_NAME).write_text(
        json.dumps(metrics, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    load_model(out)  # what was written must load
    return metrics


def _data_path(name: str) -> Path:
    """Where the package's data file ``name`` is installed (training writes the model there)."""
    return Path(str(resources.files("policytext"))) / "data" / name


# -- reports ------------------------------------------------------------------------------------
def format_report(metrics: dict) -> str:
    """Per-code precision/recall and the confusion matrix, as text."""
    lines = [
        f"{metrics.get('cv', 'cross-validation')}: {metrics['n']} tasks in {metrics['documents']} documents",
        f"primary accuracy {metrics['primary_accuracy']:.3f}   type (S/E/D) accuracy {metrics['type_accuracy']:.3f}",
    ]
    for w, v in metrics.get("by_weight", {}).items() if len(metrics.get("by_weight", {})) > 1 else ():
        lines.append(f"  examples of weight {w}: {v['n']} tasks, primary {v['code']:.3f}   type {v['type']:.3f}")
    if "secondary" in metrics:
        s = metrics["secondary"]
        lines.append(f"secondary (threshold {metrics.get('secondary_threshold')}): precision {s['precision']:.3f} "
                     f"recall {s['recall']:.3f} F1 {s['f1']:.3f}")
    lines += ["", f"{'code':<5}{'precision':>10}{'recall':>8}{'F1':>7}{'gold':>6}{'pred':>6}"]
    for code, v in metrics["per_code"].items():
        lines.append(f"{code:<5}{v['precision']:>10.3f}{v['recall']:>8.3f}{v['f1']:>7.3f}{v['support']:>6}{v['predicted']:>6}")
    lines += ["", f"{'type':<12}{'precision':>10}{'recall':>8}{'F1':>7}{'gold':>6}{'pred':>6}"]
    for t, v in metrics["per_type"].items():
        lines.append(f"{t:<12}{v['precision']:>10.3f}{v['recall']:>8.3f}{v['f1']:>7.3f}{v['support']:>6}{v['predicted']:>6}")
    conf = metrics["confusion"]
    labels = conf["labels"]
    lines += ["", "confusion (rows: gold, columns: predicted)", "     " + "".join(f"{c:>4}" for c in labels)]
    for code, row in zip(labels, conf["rows_gold_cols_predicted"], strict=True):
        lines.append(f"{code:<5}" + "".join(f"{v:>4}" if v else "   ." for v in row))
    return "\n".join(lines)


#: The label-file columns of a comparison: (summary key, heading).
_LABEL_COLUMNS = (("code_found", "found code"), ("type_found", "found type"), ("code", "every code"),
                  ("type", "every type"), ("coverage", "coverage"), ("type_coded", "type coded"))


def sign_test(gained: int, lost: int) -> float:
    """Two-sided exact sign-test p-value of ``gained`` against ``lost`` tasks (the tasks on which two
    coders disagree in being right): how often chance alone splits them at least this unevenly."""
    n = gained + lost
    if not n:
        return 1.0
    tail = sum(math.comb(n, k) for k in range(min(gained, lost) + 1)) / 2 ** n
    return min(1.0, 2 * tail)


def _paired(right: list[bool], base: list[bool]) -> str:
    """Tasks a row gets right that the first row gets wrong, and the reverse, with the sign test's p."""
    gained = sum(a and not b for a, b in zip(right, base, strict=True))
    lost = sum(b and not a for a, b in zip(right, base, strict=True))
    return f"+{gained}/-{lost} p={sign_test(gained, lost):.2f}"


def format_comparison(rows: list[dict]) -> str:
    """Model comparison rows (cv scheme, primary and type accuracy, macro F1, and the label-file
    figures when there are any) as a text table; each grouped row is set against the first, task by
    task (primary code, every labelled task), with a sign test."""
    with_labels = any("labels" in r for r in rows)
    head = f"{'model':<44}{'cv':<12}{'primary':>8}{'type':>7}{'macroF1':>9}"
    if with_labels:
        head += "".join(f"{h:>12}" for _k, h in _LABEL_COLUMNS)
    head += f"  {'vs first row: dev':<20}" + ("  labels" if with_labels else "")
    lines = [head]
    first = rows[0]
    for r in rows:
        if "skipped" in r:
            lines.append(f"{r['name']:<44}skipped: {r['skipped']}")
            continue
        line = f"{r['name']:<44}{r['cv']:<12}{r['primary_accuracy']:>8.3f}{r['type_accuracy']:>7.3f}{r['macro_f1']:>9.3f}"
        if "labels" in r:
            line += "".join(f"{r['labels'][k]:>12.3f}" if r["labels"][k] is not None else f"{'-':>12}"
                            for k, _h in _LABEL_COLUMNS)
        elif with_labels:
            line += " " * 12 * len(_LABEL_COLUMNS)
        if r is not first and "right" in r and "right" in first:
            line += f"  {_paired(r['right'], first['right']):<20}"
            if "labels_right" in r and "labels_right" in first:
                line += "  " + _paired(r["labels_right"], first["labels_right"])
        lines.append(line.rstrip())
    if with_labels:
        lines.append("label-file columns: every row trained on all the shipped examples; found: the top code of "
                     "found tasks; every: each labelled task (not found or abstained = wrong); coverage and type "
                     "accuracy of the coded tasks at the row's abstain threshold")
    lines.append("vs first row: tasks whose primary code this row gets right and the first row wrong (+), the "
                 "reverse (-), and the two-sided sign test's p (below 0.05: unlikely to be chance); on the labels "
                 "an abstention or a task not found counts as wrong, so a row that never abstains gains there")
    return "\n".join(lines)
