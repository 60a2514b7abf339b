"""Literal prefixes a regular expression's matches must start with, to skip patterns cheaply.

Coding a task runs some 200 lexicon and mechanism patterns over its title and body; most never
match. A substring test for the two-character prefixes a pattern's matches must begin with
(给予.{0,25}万元 → {"给予"}; 数据共享|信息共享 → {"数据", "信息"}), and for those of every group
the match must pass through (the object of 给予…补助), is several times cheaper than running the
pattern, and exact: a pattern is skipped only when no match is possible.
"""
from __future__ import annotations

import math
import re
from re import _constants as C  # noqa: N812 - the parser's opcodes
from re import _parser

import numpy as np

from .codes import CODES
from .lookup import PackedKeys

PREFIX_LEN = 2


def _seq(items, k: int) -> tuple[set[str], bool]:
    """Prefixes (up to k characters) of a parsed sequence, and whether the sequence is fully spelled
    out by them (so a following item may extend them)."""
    out = {""}
    for op, av in items:
        if all(len(p) >= k for p in out):
            return out, False
        if op is C.LITERAL:
            opts, complete = {chr(av)}, True
        elif op is C.IN and av and all(o is C.LITERAL for o, _v in av):
            opts, complete = {chr(v) for _o, v in av}, True
        elif op is C.BRANCH:
            opts, complete = set(), True
            for alt in av[1]:
                sub, done = _seq(alt, k)
                opts |= sub
                complete &= done
        elif op is C.SUBPATTERN:
            opts, complete = _seq(av[3], k)
        else:
            return out, False
        out = {p if len(p) >= k else (p + o)[:k] for p in out for o in opts}
        if not complete:
            return out, False
    return out, True


def prefixes(pattern: str, k: int = PREFIX_LEN) -> frozenset[str] | None:
    """Strings one of which every match of pattern starts with; None when that cannot be told."""
    try:
        found, _ = _seq(list(_parser.parse(pattern)), k)
    except Exception:  # noqa: BLE001 - an unusual construct only costs the shortcut
        return None
    return None if "" in found else frozenset(found)


def required(pattern: str, k: int = PREFIX_LEN) -> list[frozenset[str]]:
    """Sets of strings every match of pattern contains one of each: the prefixes of the match, and
    of every group the match must pass through (动词…对象: the object's prefixes too). Empty when
    nothing can be told."""
    try:
        items = list(_parser.parse(pattern))
    except Exception:  # noqa: BLE001 - an unusual construct only costs the shortcut
        return []
    out = []
    for i, (op, av) in enumerate(items):
        if i and op not in (C.SUBPATTERN, C.BRANCH):  # (?:…) parses as a BRANCH; literals after
            continue                                     # the first add little to the prefix set
        found, _ = _seq(items[i:] if i == 0 else [(op, av)], k)
        if "" not in found:
            out.append(frozenset(found))
    return out


class PatternSet:
    """Which of many patterns can match a string. Each pattern has one or more sets of strings, one
    of each of which its matches contain (see ``required``); a string's one- and two-character
    substrings, packed into integers, are looked up among them with numpy, and only the patterns
    with every set present (or with none to go by) run."""

    def __init__(self, patterns: list[str]):
        """Index the required substrings of every pattern: sorted packed keys, and for each key the
        required sets it belongs to, as flat arrays.
        """
        by_prefix: dict[str, set[int]] = {}
        unit_pattern: list[int] = []  # the pattern each required set belongs to
        for i, pattern in enumerate(patterns):
            for strings in required(pattern):
                for p in strings:
                    by_prefix.setdefault(p, set()).add(len(unit_pattern))
                unit_pattern.append(i)
        keys = sorted(by_prefix, key=_key)
        self._keys = PackedKeys(np.array([_key(k) for k in keys], dtype=np.int64))
        # The required sets of each key as one flat array (CSR), so candidates_batch gathers them
        # for every key a string holds without a matrix product.
        units = [sorted(by_prefix[k]) for k in keys]
        self._ptr = np.r_[0, np.cumsum([len(u) for u in units])].astype(np.intp)
        self._units = np.array([u for us in units for u in us], dtype=np.intp)
        self._unit_pattern = np.array(unit_pattern, dtype=np.intp)
        self._needed = np.bincount(self._unit_pattern, minlength=len(patterns))
        self._always = self._needed == 0

    def candidates(self, s: str) -> list[int]:
        """Indices of the patterns that may match s, in order."""
        return self.candidates_batch([s])[0]

    def candidates_batch(self, strings: list[str]) -> list[list[int]]:
        """``candidates`` of every string, with one numpy pass over all of them."""
        if not strings:
            return []
        a = np.frombuffer("\uffff".join(strings).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        starts = np.cumsum([0] + [len(x) + 1 for x in strings[:-1]])
        grams = np.concatenate([a, ((a[:-1] << 21) | a[1:]) + _TWO])
        at = np.concatenate([np.arange(len(a)), np.arange(len(a) - 1)])
        n, n_patterns = len(self._keys.keys), len(self._always)
        cand = np.tile(self._always, (len(strings), 1))
        if n and len(grams):
            pos = self._keys.find(grams)
            hit = pos >= 0
            # each (string, key) pair once, then each (string, required set) pair once
            row, key = np.divmod(np.unique((np.searchsorted(starts, at[hit], side="right") - 1) * n + pos[hit]), n)
            counts = self._ptr[key + 1] - self._ptr[key]
            first = np.repeat(self._ptr[key] - np.r_[0, np.cumsum(counts)[:-1]], counts)
            n_units = len(self._unit_pattern)
            row, unit = np.divmod(np.unique(np.repeat(row, counts) * n_units
                                            + self._units[first + np.arange(counts.sum())]), n_units)
            # a pattern may match where all of its required sets are present
            held = np.bincount(row * n_patterns + self._unit_pattern[unit],
                               minlength=len(strings) * n_patterns).reshape(len(strings), n_patterns)
            cand |= held == self._needed
        rows, found = np.nonzero(cand)
        ends = np.searchsorted(rows, np.arange(1, len(strings) + 1)).tolist()
        found = found.tolist()
        return [found[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]


#: One-character prefixes are their code point; two-character ones are packed above 2^42.
_TWO = 1 << 42


def _key(p: str) -> int:
    """A one- or two-character string packed into one integer, as the substring lookup keys them."""
    return ord(p) if len(p) == 1 else ((ord(p[0]) << 21) | ord(p[1])) + _TWO


class WeightedPatterns:
    """Patterns, each adding its weight to one code's score: ``scores(s)`` → one score per code,
    ``1 + ln(matches)`` × weight for every pattern that matches. Subclasses set ``_compiled``
    ((code index, compiled pattern, weight) per pattern) and ``_pattern_set``."""

    _compiled: list
    _pattern_set: PatternSet

    def _init_patterns(self, items) -> None:
        """``items``: (code index, pattern source, weight) per pattern."""
        items = list(items)
        self._compiled = [(ci, re.compile(p), w) for ci, p, w in items]
        self._pattern_set = PatternSet([p for _ci, p, _w in items])
        # each code's patterns in file order, for its evidence
        self._code_patterns: dict[str, list] = {code: [] for code in CODES}
        for ci, pattern, weight in self._compiled:
            self._code_patterns[CODES[ci]].append((pattern, weight))

    def scores(self, s: str) -> np.ndarray:
        """One score per code for ``s``: ``weight × (1 + ln matches)`` summed over the patterns that
        match, only those the prefilter lets through being run.
        """
        return self.scores_batch([s])[0]

    def scores_batch(self, strings: list[str]) -> np.ndarray:
        """``scores`` of every string (rows), the candidate patterns found for all at once."""
        return _scores([self], [len(strings)], self._pattern_set.candidates_batch(strings), strings)[0]

    def evidence(self, s: str, code: str) -> tuple[int, int] | None:
        """The span in s of the strongest (then first) match of a pattern of ``code``. (The prefilter's
        numpy pass costs more than searching s with the few patterns of one code.)"""
        best: tuple[float, int, int] | None = None
        for pattern, weight in self._code_patterns[code]:
            m = pattern.search(s)
            if m and (best is None or (-weight, m.start()) < (-best[0], best[1])):
                best = (weight, m.start(), m.end())
        return None if best is None else (best[1], best[2])


class PatternSets:
    """Several pattern sets (the lexicon, the mechanism rules) scored over one prefilter pass: each
    scores a leading share of the same strings (the lexicon titles, bodies and section paths, the
    rules titles and bodies), and their candidates are found together."""

    def __init__(self, *sets: WeightedPatterns):
        self.sets = sets
        self._pattern_set = PatternSet([pattern.pattern for one in sets for _ci, pattern, _w in one._compiled])

    def scores_batch(self, strings: list[str], counts: list[int]) -> list[np.ndarray]:
        """Each set's ``scores_batch`` of ``strings[:count]``, one count per set."""
        return _scores(self.sets, counts, self._pattern_set.candidates_batch(strings), strings)


def _scores(sets, counts: list[int], candidates: list[list[int]], strings: list[str]) -> list[np.ndarray]:
    """Each set's rows of code scores for ``strings[:count]``: ``weight × (1 + ln matches)`` summed
    over the candidate patterns (indices into the sets' patterns, one after another) that match."""
    width = len(CODES)
    # every pattern as (column in a row of all sets' scores, pattern, weight, strings it scores)
    columns = [(i * width + ci, pattern, weight, count)
               for i, (one, count) in enumerate(zip(sets, counts, strict=True))
               for ci, pattern, weight in one._compiled]
    out = np.zeros((len(strings), len(sets) * width))
    for r, (s, cand) in enumerate(zip(strings, candidates, strict=True)):
        for k in cand:
            col, pattern, weight, count = columns[k]
            if r < count:
                n = len(pattern.findall(s))
                if n:
                    out[r, col] += weight * (1.0 + math.log(n))
    return [out[:count, i * width:(i + 1) * width] for i, count in enumerate(counts)]
