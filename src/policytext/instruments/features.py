"""The text a task is coded from, in the one normalised form that training and inference share.

A task is seen as three strings: its title (the heading sentence, which names the main action
and so usually decides the primary code), its body (the rest of its text) and the titles of its
two nearest enclosing sections (保障措施 and its kin tell what kind of measure follows).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..textutil import bare, nfkc, starts_nfkc_segment
from .lookup import PackedKeys

_DIGITS = re.compile(r"[\d]\d*(?:\.\d+)?")  # as \d+…, but a leading class is searched faster
#: Enclosing section titles used: the parent and the grandparent of the task.
SECTION_LEVELS = 2


def normalise(s: str) -> str:
    """NFKC, lower case, every number as 0 (years and amounts say nothing about the instrument),
    no whitespace (OCR text breaks lines inside words)."""
    return squeeze(fold(s or ""))


def fold(s: str) -> str:
    """The first step of ``normalise``: NFKC and lower case."""
    return nfkc(s).lower()


def squeeze(folded: str) -> str:
    """The rest of ``normalise``, on ``fold(s)``: numbers as 0, whitespace dropped."""
    # str.split() drops the same characters as re's \s (both ask Py_UNICODE_ISSPACE), four times faster
    return "".join(_DIGITS.sub("0", folded).split())


@dataclass(frozen=True)
class TaskText:
    """A task as the coders read it, normalised: title, body without the title, and the titles of its
    nearest enclosing sections joined."""

    title: str
    body: str
    section: str


def body_read(body: str, body_chars: int) -> str:
    """The part of a task's body a model trained with the ``body_chars`` feature setting reads: its
    first ``body_chars`` characters (0: all of it)."""
    return body[:body_chars] if body_chars else body


def unit_rows(Z: np.ndarray) -> np.ndarray:
    """The rows of Z scaled to length 1 (a row of zeros stays zeros)."""
    norms = np.sqrt((Z * Z).sum(axis=1, keepdims=True))
    return Z / np.where(norms > 0, norms, 1.0)


def lsa_text(tt: TaskText, chars: int) -> str:
    """What the latent-topic projection reads of a task: its title, a space, and its body's first
    ``chars`` characters, as one text (the topic often lies in how title and body words co-occur)."""
    return f"{tt.title} {body_read(tt.body, chars)}"


def capped(tt: TaskText, body_chars: int) -> TaskText:
    """``tt`` with its body as ``body_read`` cuts it."""
    if not body_chars or len(tt.body) <= body_chars:
        return tt
    return TaskText(tt.title, body_read(tt.body, body_chars), tt.section)


def task_text(title: str, text: str, section_path: Sequence[str] = ()) -> TaskText:
    """The normalised parts of a task; ``section_path`` lists enclosing section titles, top first."""
    return task_forms_many([(title, text, section_path)])[0][0]


def task_forms_many(tasks: Sequence[tuple[str, str, Sequence[str]]]) -> list[tuple[TaskText, str, str]]:
    """``task_text`` of (title, text, section path) triples, each with ``fold(text)`` and ``normalise(text)``
    made on the way (the evidence reuses them): a document's titles and texts are folded and squeezed
    together, in one call each (``fold_many``, ``squeeze_many``), not two thousand small ones."""
    n = len(tasks)
    folded = fold_many([title or "" for title, _text, _path in tasks] + [text or "" for _title, text, _path in tasks])
    norm = squeeze_many(folded)
    out = []
    for (_title, _text, path), t, b, folded_text in zip(tasks, norm[:n], norm[n:], folded[n:], strict=True):
        tt = TaskText(t, b[len(t):] if b.startswith(t) else b, _normalise_heading("".join(path[-SECTION_LEVELS:])))
        out.append((tt, folded_text, b))
    return out


def fold_many(strings: Sequence[str]) -> list[str]:
    """``fold`` of each string, all NFKC-normalised and lower-cased in one call: joined by a noncharacter
    that composes with nothing, blocks every reordering and is no letter the lower case of a sigma
    looks past, each comes back as it would alone."""
    joined = _SEP.join(strings)
    if joined.count(_SEP) != len(strings) - 1:  # a string holding the separator: one at a time
        return [fold(s) for s in strings]
    return fold(joined).split(_SEP) if strings else []


def squeeze_many(folded: Sequence[str]) -> list[str]:
    """``squeeze`` of each folded string, the numbers of all replaced in one pass (no number runs
    across the separator ``fold_many`` joins them by)."""
    joined = _SEP.join(folded)
    if joined.count(_SEP) != len(folded) - 1:
        return [squeeze(s) for s in folded]
    return ["".join(s.split()) for s in _DIGITS.sub("0", joined).split(_SEP)] if folded else []


def source_forms_many(items: Sequence[tuple[str, str, str, str]]) -> list[tuple[str, str]]:
    """``fold(source)`` and ``normalise(source)`` of (source, text, fold(text), normalise(text)): a task's
    source span usually ends with its text (the source adds the marker, 一、 or （三）), and then only
    that head is normalised and joined to the text's own forms. Exact: the two parts are joined only
    where normalising them apart gives what normalising them together gives; the other sources are
    folded together (``fold_many``)."""
    out: list[tuple[str, str] | None] = []
    for source, text, folded_text, norm_text in items:
        joined = None
        if source.endswith(text) and (not text or starts_nfkc_segment(text[0])) \
                and "σ" not in folded_text and "ς" not in folded_text:
            head = _head_forms(source[:len(source) - len(text)])
            # a number running across the join ("1." + "5" is one 0, not two)
            if head is not None and not (folded_text[:1].isdecimal() and head[2]
                                         or folded_text[:1] == "." and head[2] == 2):
                joined = head[0] + folded_text, head[1] + norm_text
        out.append(joined)
    rest = [i for i, forms in enumerate(out) if forms is None]
    folded = fold_many([items[i][0] for i in rest])
    for i, f, n in zip(rest, folded, squeeze_many(folded), strict=True):
        out[i] = f, n
    return out


@lru_cache(maxsize=1024)
def _head_forms(head: str) -> tuple[str, str, int] | None:
    """``fold(head)``, ``normalise(head)`` and how a number may run on from its end (0: it cannot; 1: into
    a digit; 2: into a digit or a point) for a task's marker, which many tasks share; None when it holds
    a capital sigma, the one letter whose lower case depends on its neighbours."""
    folded = fold(head)
    if "σ" in folded or "ς" in folded:
        return None
    if folded[-1:].isdecimal():
        runs = 2
    else:
        runs = int(folded[-1:] == "." and folded[-2:-1].isdecimal())
    return folded, squeeze(folded), runs


@lru_cache(maxsize=4096)
def _normalise_heading(s: str) -> str:
    """``normalise`` of an enclosing section path, which the tasks under one heading share."""
    return normalise(s)


@lru_cache(maxsize=4096)
def _bare_heading(s: str) -> str:
    """``bare`` of a section title, which every task under the section compares its own title with."""
    return bare(s)


def char_ngrams(s: str, lo: int, hi: int) -> list[str]:
    """Every character n-gram of s with lo <= n <= hi, shorter first (Chinese needs no tokeniser)."""
    return [s[i : i + n] for n in range(lo, hi + 1) for i in range(len(s) - n + 1)]


def section_path(doc, task, by_id: dict | None = None) -> list[str]:
    """Titles of the sections enclosing a parsed task, top first; the task's own heading, when the
    parser made it a section too, is left out. ``by_id`` ({id: section}) saves rebuilding the
    index for every task of a document."""
    by_id = by_id if by_id is not None else {s.id: s for s in doc.sections}
    sid = task.section
    if sid in by_id and _bare_heading(by_id[sid].title) == bare(task.title):
        sid = by_id[sid].parent
    path: list[str] = []
    while sid in by_id and len(path) < len(by_id):
        path.append(by_id[sid].title)
        sid = by_id[sid].parent
    return path[::-1]


#: What normalise changes: a number (to 0) or a whitespace run (dropped). Written to start with one
#: character class, which lets the regex engine skip to candidates fast (twice the speed of the
#: plain alternation); \d and \s never overlap, so the lookbehind tells which run it is.
_RUNS = re.compile(r"[\d\s](?:(?<=\d)\d*(?:\.\d+)?|(?<=\s)\s*)")


@lru_cache(maxsize=8192)
def _fold_char(c: str) -> str:
    """One character NFKC-folded and lower-cased (it may become several)."""
    return nfkc(c).lower()


def normalise_map(s: str) -> tuple[str, Sequence[int]]:
    """``normalise(s)`` and, for each of its characters, the index in s it came from (plus one entry
    for the end), so a match in normalised text maps back to a source span."""
    folded = nfkc(s).lower()
    if len(folded) != len(s):  # a character that NFKC widens or merges: map one character at a time
        chars = list(map(_fold_char, s))
        pos = [i for i, c in enumerate(chars) for _ in c]
        folded = "".join(chars)
    else:
        pos = None  # character i of folded is character i of s
    out: list[str] = []
    where = _pieces(folded, len(s), out)
    return "".join(out), (where if pos is None else [pos[i] for i in where.tolist()[:-1]] + [len(s)])


def source_offsets(s: str, indices: Sequence[int], folded: str | None = None, norm: str | None = None) -> list[int]:
    """``normalise_map(s)[1][i]`` for each i (none past ``len(normalise(s))``), with the map worked
    out only as far as the largest: the evidence needs two offsets of a task's map, not all of it.
    ``folded``: ``fold(s)``, and ``norm``: ``normalise(s)``, when the caller has them."""
    folded = fold(s) if folded is None else folded
    if len(folded) != len(s):  # rare: NFKC changed a length, the full per-character map is needed
        where = normalise_map(s)[1]
        return [where[i] for i in indices]
    if not indices:
        return []
    if min(indices) < 0:
        raise IndexError(min(indices))
    top = max(indices)
    # Up to the largest index normalising changed nothing (no whitespace, no number other than a lone 0:
    # either would make the two differ there, and a 0 is not looked past), so each index is its own offset.
    # Two C comparisons instead of a regex walk, for most evidence.
    if norm is not None and top <= len(norm) and "0" not in folded[:top + 1] \
            and norm[:top + 1] == folded[:top + 1]:
        return list(indices)
    # The walk of _pieces as far as the largest index: (normalised start, source start) of each piece
    # that maps one to one, a number's 0 being a piece of its own (this runs once per coded task).
    at_norm, at_source = [0], [0]
    size = last = 0
    for m in _RUNS.finditer(folded):
        start = m.start()
        if start > last:
            at_norm.append(size)
            at_source.append(last)
            size += start - last
        if size > top:
            break
        if not folded[start].isspace():
            at_norm.append(size)
            at_source.append(start)
            size += 1
        last = m.end()
    else:
        at_norm.append(size)
        at_source.append(last)
        size += len(folded) - last
        if top > size:
            raise IndexError(top)
    out = []
    for i in indices:
        j = bisect_right(at_norm, i) - 1
        out.append(len(s) if i == size else at_source[j] + i - at_norm[j])
    return out


def _pieces(folded: str, end: int, out: list[str] | None = None) -> _OffsetMap:
    """The offset map of ``normalise`` over ``folded`` (NFKC-folded, lower-cased text of the same
    length as its source, ``end`` long); the normalised text is appended to ``out`` when given."""
    # (normalised start, source start) of each piece that maps one to one; a digit run's 0 is a
    # piece of its own, whitespace is no piece.
    pieces: list[tuple[int, int]] = []
    size = last = 0
    for m in _RUNS.finditer(folded):
        if m.start() > last:
            pieces.append((size, last))
            if out is not None:
                out.append(folded[last:m.start()])
            size += m.start() - last
        if not m.group().isspace():
            pieces.append((size, m.start()))
            if out is not None:
                out.append("0")
            size += 1
        last = m.end()
    if len(folded) > last:
        pieces.append((size, last))
        if out is not None:
            out.append(folded[last:])
        size += len(folded) - last
    return _OffsetMap(pieces, size, end)


class _OffsetMap(Sequence[int]):
    """The source index of each normalised character, read off the pieces that map one to one, so
    the common case (NFKC changes no length) never builds a list as long as the text."""

    def __init__(self, pieces: list[tuple[int, int]], size: int, end: int):
        self._starts = [a for a, _b in pieces]
        self._pieces = pieces
        self._size, self._end = size, end

    def __len__(self) -> int:
        return self._size + 1

    def tolist(self) -> list[int]:
        """Every source index, piece by piece (not one search per index)."""
        out: list[int] = []
        tops = [*self._starts[1:], self._size]  # where each piece ends in normalised text
        for (at, src), top in zip(self._pieces, tops, strict=False):  # no pieces: all whitespace
            out.extend(range(src, src + top - at))
        out.append(self._end)
        return out

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        if i == self._size:
            return self._end
        at, src = self._pieces[bisect_right(self._starts, i) - 1]
        return src + i - at


class NgramIndex:
    """Column numbers of a text's character n-grams in a fixed vocabulary, computed with numpy.

    Each n-gram (n <= 3) is packed exactly into one integer, 21 bits per code point plus one (every
    code point plus one fits, and none is 0, so n-grams of different lengths never share a key), so
    a text's n-grams of every length are found among the vocabulary keys by one vectorised hash
    lookup (``PackedKeys``) instead of a dictionary lookup per n-gram: the same columns, in C."""

    def __init__(self, vocab: Sequence[str], lo: int, hi: int):
        """Pack every vocabulary n-gram into a sorted key array, with the column of each."""
        if not 1 <= lo <= hi <= 3:
            raise ValueError(f"n-gram range {lo}..{hi}: packed keys need 1 <= n <= 3")
        self.lo, self.hi = lo, hi
        keys, cols = [], []
        for n in range(lo, hi + 1):
            of_n = [j for j, g in enumerate(vocab) if len(g) == n]
            grid = _codes("".join(vocab[j] for j in of_n)).reshape(len(of_n), n) + 1
            packed = np.zeros(len(of_n), dtype=np.int64)
            for k in range(n):  # the same packing as rows, for all n-grams of this length at once
                packed = (packed << 21) | grid[:, k]
            keys.append(packed)
            cols += of_n
        keys = np.concatenate(keys)
        order = np.argsort(keys, kind="stable")
        self.keys = PackedKeys(keys[order])
        self.cols = np.array(cols, dtype=np.intp)[order]

    def rows(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) of every vocabulary n-gram of every text, all texts in one pass: they are
        joined with a separator no vocabulary n-gram contains, so no n-gram crosses two texts."""
        if not texts or not len(self.cols):
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
        a = _codes(_SEP.join(texts)) + 1
        # the text of each position (a separator counts to the text before it): one gather a hit, not a
        # binary search
        row_of = np.arange(len(texts)).repeat([len(t) + 1 for t in texts])
        # the n-grams starting at each position, n = 1, 2, 3 (one from the last: shifted, the next
        # character added), of the lengths the vocabulary has, one after another
        blocks, key = [], a
        for n in range(1, self.hi + 1):
            if n > 1:
                key = (key[:-1] << 21) | a[n - 1:]
            if n >= self.lo:
                blocks.append(key)
        hit, index = self.keys.hits(np.concatenate(blocks))
        # the hits come in order, so those of each block are a run: less the block's offset, each is the
        # position its n-gram starts at
        sizes = [len(b) for b in blocks]
        for begin, size in zip(hit.searchsorted(np.cumsum(sizes[:-1])).tolist(), sizes, strict=False):
            hit[begin:] -= size
        return row_of.take(hit), self.cols.take(index)  # take gathers faster than [hit]

    def columns(self, s: str) -> np.ndarray:
        """Vocabulary columns of every n-gram of s that the vocabulary holds, repeats kept."""
        return self.rows([s])[1]


#: Joins texts for NgramIndex.rows: a noncharacter, never in normalised text or a vocabulary.
_SEP = "\uffff"


def _codes(s: str) -> np.ndarray:
    """The code points of ``s`` as an int64 array (for packing n-grams into integers)."""
    return np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
