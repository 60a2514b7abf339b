"""The instrument lexicon (data/instruments_lexicon.tsv): keyword scores per code, and the coder
that answers from them alone when no trusted model is installed.

The model reads the same scores as features, so a task the model has never seen anything like
still gets the lexicon's evidence.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from ..data import data_text, tsv_rows
from ..doc import Instrument
from ..errors import RuleDataError
from .codes import CODES, MAX_SECONDARY
from .features import TaskText, normalise
from .prefilter import WeightedPatterns

LEXICON_FILE = "instruments_lexicon.tsv"
#: The title names the task's main action, the body lists everything it touches: a title match
#: outweighs body matches (checked on dev: 1x → 0.655, 3x → 0.674 primary accuracy).
TITLE_WEIGHT = 3.0
#: An enclosing 保障措施/组织保障 heading hints at E5 but must not outvote the task's own words.
SECTION_WEIGHT = 0.5
#: Secondary codes: those scoring at least this share of the primary's score (tuned on dev).
SECONDARY_SHARE = 0.2
#: A task without any keyword: restating goals is E1 (INSTRUMENTS.md rules).
DEFAULT_CODE = "E1"
MAX_WEIGHT = 10.0


@dataclass(frozen=True)
class Entry:
    """One lexicon row: the code it scores, its regex and its weight."""

    code: str
    pattern: str
    weight: float


class Lexicon(WeightedPatterns):
    """Validated entries with their compiled patterns; ``scores(s)`` → one score per code."""

    def __init__(self, entries: Sequence[Entry], where: str):
        if not entries:
            raise RuleDataError(f"{where}: no entries")
        self.entries = tuple(entries)
        self._init_patterns((CODES.index(e.code), e.pattern, e.weight) for e in entries)

    def features(self, tt: TaskText) -> np.ndarray:
        """Title, body and section scores side by side: 3 × 14 values."""
        return np.concatenate([self.scores(tt.title), self.scores(tt.body), self.scores(tt.section)])

    def combined(self, tt: TaskText) -> np.ndarray:
        """One score per code for a task: title hits weigh ``TITLE_WEIGHT``, body hits 1, section-path hits
        ``SECTION_WEIGHT``.
        """
        return self.combined_batch([tt])[0]

    def combined_batch(self, texts: Sequence[TaskText]) -> np.ndarray:
        """``combined`` of every task (rows), the titles, bodies and section paths scored in one pass."""
        n = len(texts)
        f = self.scores_batch([*(tt.title for tt in texts), *(tt.body for tt in texts), *(tt.section for tt in texts)])
        return TITLE_WEIGHT * f[:n] + f[n : 2 * n] + SECTION_WEIGHT * f[2 * n :]


def check_entry(code: str, pattern: str, weight: str | float, where: str) -> Entry:
    """One lexicon row, validated; ``where`` names the file and line for the error."""
    if code not in CODES:
        raise RuleDataError(f"{where}: code {code!r} is not one of {', '.join(CODES)}")
    try:
        w = float(weight)
    except ValueError:
        raise RuleDataError(f"{where}: weight {weight!r} is not a number") from None
    if not (0 < w <= MAX_WEIGHT) or math.isnan(w):
        raise RuleDataError(f"{where}: weight {w} is outside (0, {MAX_WEIGHT:g}]")
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise RuleDataError(f"{where}: pattern {pattern!r} is not a regular expression ({exc})") from None
    if compiled.search(""):
        raise RuleDataError(f"{where}: pattern {pattern!r} matches the empty string")
    # Patterns run over normalised text; one written with capitals, full-width forms or digits
    # other than 0 could never match.
    literal = re.sub(r"\\.|\{\d*,?\d*\}|[.*+?{}\[\]()|^$]", "", pattern)
    if literal != normalise(literal):
        raise RuleDataError(
            f"{where}: pattern {pattern!r} can never match normalised text "
            f"(lower case, NFKC, numbers written as 0): write {normalise(literal)!r}")
    return Entry(code, pattern, w)


def lexicon_from_rows(rows: Iterable[tuple[str, tuple[str, str, str | float]]], what: str) -> Lexicon:
    """A Lexicon from (location, (code, pattern, weight)) rows; duplicates are errors."""
    entries, seen = [], {}
    for where, (code, pattern, weight) in rows:
        entry = check_entry(code, pattern, weight, where)
        key = (code, pattern)
        if key in seen:
            raise RuleDataError(f"{where}: {code} {pattern!r} repeats {seen[key]}")
        seen[key] = where
        entries.append(entry)
    return Lexicon(entries, what)


@cache
def load_lexicon() -> Lexicon:
    """The package lexicon, validated once; a bad row is a RuleDataError naming its line."""
    name = f"data/{LEXICON_FILE}"
    rows = tsv_rows(LEXICON_FILE, data_text(LEXICON_FILE), 3)
    return lexicon_from_rows(((f"{name} line {n}", tuple(parts)) for n, parts in rows), name)


class LexiconCoder:
    """Codes tasks from keyword scores alone (``source: "lexicon"``)."""

    source = "lexicon"

    def __init__(self, lexicon: Lexicon | None = None, refused: str | None = None):
        self.lexicon = lexicon or load_lexicon()
        #: Why a model file was refused, when the lexicon answers in its place.
        self.refused = refused

    def code(self, texts: Sequence[TaskText]) -> list[Instrument]:
        """The lexicon's instrument for each task: the top code, secondaries scoring at least
        ``SECONDARY_SHARE`` of it, scores as shares of the total; ``DEFAULT_CODE`` when nothing matches.

        >>> from policytext.instruments.features import task_text
        >>> LexiconCoder().code([task_text("加大财政补助", "对新建项目给予最高50万元补助。")])[0].primary
        'S2'
        """
        return [self._one(s) for s in self.lexicon.combined_batch(texts)] if texts else []

    @staticmethod
    def _one(s: np.ndarray) -> Instrument:
        """The Instrument of one task's combined scores (ties between codes go to the first in CODES)."""
        top = float(s.max())
        if top <= 0:
            return Instrument(primary=DEFAULT_CODE, secondary=[], scores={DEFAULT_CODE: 0.0}, source="lexicon")
        order = sorted(range(len(CODES)), key=lambda i: (-s[i], i))
        primary = order[0]
        secondary = [i for i in order[1:] if s[i] >= SECONDARY_SHARE * top][:MAX_SECONDARY]
        total = float(s.sum())
        scores = {CODES[i]: round(float(s[i]) / total, 4) for i in [primary, *secondary]}
        return Instrument(primary=CODES[primary], secondary=[CODES[i] for i in secondary],
                          scores=scores, source="lexicon")
