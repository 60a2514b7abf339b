"""专栏 boxes: the panels a plan prints between its items (专栏1　工业互联网平台培育工程, often a list
of projects or technologies).

A box is neither a section nor a task (ANNOTATION.md: boxed 专栏 lists are not sections), and its
words are not the item it follows: the tasks stage leaves a box's text, its unit markers and its
targets out of the task it interrupts, and the document lists its boxes apart (``doc.boxes``), so a
reader comparing plans finds their 重点工程 without the tasks growing by them.

A box runs from its head to the next heading, the next box, or the end of its part; where a PDF
printed it before the rest of the item's page, the body resumes after the box's last sentence
on the same line (…打造数据互联互通的供应链。 推进中小企业数字化转型。加快…), and the box ends there.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

import regex

from ..textutil import cn_small_int

#: A numbered box's head (专栏1, 专栏 12, 专栏三). It may stand anywhere: a PDF's rejoined lines run it
#: into the sentence before. (专栏1个 counts, 专栏1.2 is a clause, 专栏栏目 a word.)
BOX = regex.compile(r"专栏[ \t\u3000]*(?P<n>[\d一二三四五六七八九十]{1,3})(?![\d.．、个期篇栏])")
# A box the text cites (见专栏1, （专栏2）, 专栏1、2) is no box starting there.
_CITED_BEFORE = regex.compile(r"(?:见|参见|详见|如|[（(])[ \t\u3000]*$")
_CITED_AFTER = regex.compile(r"[ \t\u3000]*[）)、，,和及至—-]")
# An unnumbered box (专栏　重点工程) heads a short line of its own, with no sentence on it.
_PLAIN_BOX = regex.compile(r"(?m)^[ \t\u3000]*专栏(?![\d一二三四五六七八九十])[ \t\u3000]*[:：]?[ \t\u3000]*"
                           r"(?=[^\n。；，,;]{2,30}$)")
# What follows the number before the title: blanks and a colon (专栏1：重点突破的技术领域).
_TITLE_LEAD = regex.compile(r"[ \t\u3000]*[:：]?[ \t\u3000]*")
# A title ends at a line end, a sentence end or colon, or a wide gap (one-line text keeps the gap
# that stood between the title and the box's first line, when there was one).
_TITLE_END = regex.compile(r"[\n。！？：:]|[ \t\u3000]{2,}|(?<=\S)[ \t\u3000](?=\S)")
_TITLE_MAX = 40
# The body resumes after the box's last sentence, on the same line: a sentence end, blanks, then a
# short run-in heading sentence of the item (推进中小企业数字化转型。). Only a PDF's hard-wrapped lines
# join two flows so; in paragraph lines a blank after a full stop is mere spacing.
_RESUME = regex.compile(r"(?<=[。；！？])[ \t\u3000]+(?=\p{Han}[^\n。；，,：:]{1,15}。)")


# A box the view rejoined at least this many hard wraps in was hard-wrapped by a PDF.
_WRAP_JOINS = 3


@dataclass
class BoxSpan:
    """Where a box stands, in view offsets: its head (marker and title) and its whole extent."""
    start: int
    marker_end: int
    title_start: int
    title_end: int
    end: int
    ordinal: int | None


def find_boxes(text: str, start: int, end: int, headings: list[int], joins: list[int] = ()) -> list[BoxSpan]:
    """The boxes in ``text[start:end]``, in text order; ``headings`` are the sorted view offsets of
    the sections, each of which ends a box, and ``joins`` those where the view rejoined a hard wrap.

    >>> t = "1.建设平台。\\n专栏1　重点工程\\n建设数据中心。\\n2.完善制度。"
    >>> [(t[b.start:b.marker_end], t[b.title_start:b.title_end], t[b.start:b.end])
    ...  for b in find_boxes(t, 0, len(t), [0, t.index("2.")])]
    [('专栏1', '重点工程', '专栏1\\u3000重点工程\\n建设数据中心。\\n')]
    """
    if text.find("专栏", start, end) < 0:
        return []
    heads: list[tuple[int, int, int | None]] = []  # (start, marker end, ordinal)
    for m in BOX.finditer(text, start, end):
        if _CITED_BEFORE.search(text, max(start, m.start() - 3), m.start()) or _CITED_AFTER.match(text, m.end()):
            continue
        heads.append((m.start(), m.end(), cn_small_int(m["n"])))
    for m in _PLAIN_BOX.finditer(text, start, end):
        at = text.index("专栏", m.start())
        heads.append((at, at + 2, None))
    heads.sort()
    out = []
    for k, (a, marker_end, n) in enumerate(heads):
        ts = _TITLE_LEAD.match(text, marker_end, end).end()
        stop = _TITLE_END.search(text, ts, min(end, ts + _TITLE_MAX))
        te = stop.start() if stop else min(end, ts + _TITLE_MAX)
        if stop is None:
            nl = text.find("\n", ts, end)
            te = min(te, nl) if nl >= 0 else te
        limit = heads[k + 1][0] if k + 1 < len(heads) else end
        i = bisect_right(headings, a)
        if i < len(headings):
            limit = min(limit, headings[i])
        resume = _RESUME.search(text, te, limit) if _joins_between(joins, te, limit) >= _WRAP_JOINS else None
        stop_at = resume.end() if resume else limit
        out.append(BoxSpan(a, marker_end, ts, te, stop_at, n))
    return out


def _joins_between(joins: list[int], a: int, b: int) -> int:
    """How many of the view's rejoined hard wraps lie in ``[a, b)``."""
    return bisect_left(joins, b) - bisect_left(joins, a)
