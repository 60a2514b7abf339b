"""The text a task is coded from, in the one normalised form that training and inference share.

A task is seen as three strings: its title (the heading sentence, which names the main action
and so usually decides the primary code), its body (the rest of its text) and the titles of its
two nearest enclosing sections (保障措施 and its kin tell what kind of measure follows).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ..textutil import bare

_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_SPACE = re.compile(r"\s+")
#: Enclosing section titles used: the parent and the grandparent of the task.
SECTION_LEVELS = 2


def normalise(s: str) -> str:
    """NFKC, lower case, every number as 0 (years and amounts say nothing about the instrument),
    no whitespace (OCR text breaks lines inside words)."""
    s = unicodedata.normalize("NFKC", s or "").lower()
    return _SPACE.sub("", _DIGITS.sub("0", s))


@dataclass(frozen=True)
class TaskText:
    title: str
    body: str
    section: str


def task_text(title: str, text: str, section_path: Sequence[str] = ()) -> TaskText:
    """The normalised parts of a task; ``section_path`` lists enclosing section titles, top first."""
    t, b = normalise(title), normalise(text)
    if b.startswith(t):
        b = b[len(t):]
    return TaskText(t, b, normalise("".join(section_path[-SECTION_LEVELS:])))


def char_ngrams(s: str, lo: int, hi: int) -> list[str]:
    """Every character n-gram of s with lo <= n <= hi, shorter first (Chinese needs no tokeniser)."""
    return [s[i : i + n] for n in range(lo, hi + 1) for i in range(len(s) - n + 1)]


def section_path(doc, task, by_id: dict | None = None) -> list[str]:
    """Titles of the sections enclosing a parsed task, top first; the task's own heading, when the
    parser made it a section too, is left out. ``by_id`` ({id: section}) saves rebuilding the
    index for every task of a document."""
    by_id = by_id if by_id is not None else {s.id: s for s in doc.sections}
    sid = task.section
    if sid in by_id and bare(by_id[sid].title) == bare(task.title):
        sid = by_id[sid].parent
    path: list[str] = []
    while sid in by_id and len(path) < len(by_id):
        path.append(by_id[sid].title)
        sid = by_id[sid].parent
    return path[::-1]


_RUNS = re.compile(r"\d+(?:\.\d+)?|\s+")


def normalise_map(s: str) -> tuple[str, list[int]]:
    """``normalise(s)`` and, for each of its characters, the index in s it came from (plus one entry
    for the end), so a match in normalised text maps back to a source span."""
    folded = unicodedata.normalize("NFKC", s).lower()
    if len(folded) != len(s):  # a character that NFKC widens or merges: map one character at a time
        chars = [unicodedata.normalize("NFKC", c).lower() for c in s]
        flat, pos = [], []
        for i, c in enumerate(chars):
            flat.append(c)
            pos.extend([i] * len(c))
        folded = "".join(flat)
    else:
        pos = list(range(len(s)))
    out: list[str] = []
    where: list[int] = []
    last = 0
    for m in _RUNS.finditer(folded):
        out.append(folded[last:m.start()])
        where.extend(pos[last:m.start()])
        if not m.group().isspace():
            out.append("0")
            where.append(pos[m.start()])
        last = m.end()
    out.append(folded[last:])
    where.extend(pos[last:])
    where.append(len(s))
    return "".join(out), where
