"""The section tree: 一、 （一） 1. （1） ① 第X部分 第X章 第X节 第X条.

A heading is a marker at the start of a line (or, in text flattened by OCR,
after the end of a sentence). Levels come from the order in which marker
kinds first appear in each (enclosed) document, and ordinals must continue
the sequence of their kind, which rejects lines that merely start with a
number (2025年…, 1.5倍…) or a list inside a sentence.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from ..doc import PolicyDoc, Section
from ..textutil import cn_small_int, doc_type_of, lines, strip_span

_CN = "一二三四五六七八九十百零〇两"
_DOT = r"[.．﹒、]"
MARKER = regex.compile(
    rf"(?P<part>第(?P<n_part>[{_CN}\d]{{1,4}})部分)"
    rf"|(?P<bian>第(?P<n_bian>[{_CN}\d]{{1,4}})编)(?=\s|[\p{{Han}}])"
    rf"|(?P<chapter>第(?P<n_chapter>[{_CN}\d]{{1,4}})章)"
    rf"|(?P<jie>第(?P<n_jie>[{_CN}\d]{{1,4}})节)(?=\s|[\p{{Han}}])"
    rf"|(?P<article>第(?P<n_article>[{_CN}\d]{{1,5}})条)(?=[\s【(（]|[\p{{Han}}])"
    rf"|(?P<cn>(?P<n_cn>[{_CN}]{{1,4}})[、.．﹒])"
    rf"|(?P<paren_cn>[(（](?P<n_paren_cn>[{_CN}]{{1,4}})[)）])"
    rf"|(?P<paren_arabic>[(（](?P<n_paren_arabic>\d{{1,3}})[)）])"
    rf"|(?P<arabic>(?P<n_arabic>\d{{1,3}}){_DOT}(?!\d{{1,3}}(?:{_DOT}|\s)))"
    rf"|(?P<arabic_paren>(?P<n_arabic_paren>\d{{1,2}})[)）])"
    r"|(?P<circled>(?P<n_circled>[①-⑳]))"
)
_TITLE_END = regex.compile(r"[。！？：:!?]")
_TOC_LINE = regex.compile(r"(?:[.…·．\-_]{4,}|[ \t]{3,})\s*\d{1,3}\s*$")
_PAGE_NUMBER = regex.compile(r"[-—\s]*\d{1,3}[-—\s]*")
_ANNEX = regex.compile(r"附件\s*\d*\s*[:：]?")
# In OCR text flattened to one line, a heading follows the end of a sentence; in
# PDF text whose lines were joined, it follows a sentence end and a space.
_SENTENCE_END = regex.compile(r"(?<=[。；！？;])")
_SENTENCE_END_SPACE = regex.compile(r"(?<=[。；！？;])[ \t\u3000]+")
# A number with a unit after "1." is a decimal quantity (1.5倍), not a heading.
# 第三条【适用范围】: an article's heading in brackets; clause punctuation means body text instead.
_ARTICLE_HEADING = regex.compile(r"[【\[]([^】\]]{1,20})[】\]]")
_CLAUSE_PUNCT = regex.compile(r"[，。；、,：:]")
_DECIMAL_QUANTITY = regex.compile(r"\d{1,3}\s*(?:倍|%|‰|万|亿|千|百分|个|元|米|吨|公里|亩|人|家|项|度)")


@dataclass
class _Candidate:
    kind: str
    ordinal: int
    start: int  # view offset of the marker
    marker_end: int
    title_start: int
    title_end: int


def _ordinal(kind: str, digits: str) -> int | None:
    if kind == "circled":
        return ord(digits) - ord("①") + 1
    return cn_small_int(digits)


def _candidate_at(text: str, pos: int, line_end: int) -> _Candidate | None:
    m = MARKER.match(text, pos, line_end)
    if not m:
        return None
    kind = m.lastgroup  # each alternative is one named group around it all, so it closes last
    n = _ordinal(kind, m.group("n_" + kind))
    if n is None or n == 0:
        return None
    marker_end = m.end()
    if kind == "arabic" and _DECIMAL_QUANTITY.match(text, marker_end, line_end):
        return None
    if kind == "cn" and text.startswith("是", marker_end):
        return None
    ts = marker_end
    while ts < line_end and text[ts] in " \t\u3000":
        ts += 1
    if text.startswith("| ", ts):  # a table row whose first cell is the marker: the next cell is the title
        ts += 2
    end_m = _TITLE_END.search(text, ts, line_end)
    te = end_m.start() if end_m else line_end
    # Only up to the title's end: a flattened document is one line, and scanning it
    # all for every marker would make the stage quadratic.
    cell_end = text.find(" |", ts, te)
    if cell_end >= 0:
        line_end = te = cell_end
    if ts >= line_end and kind not in ("article", "chapter", "part", "bian", "jie"):
        return None  # a bare marker with nothing after it
    if kind == "article":
        rest = text[ts:min(line_end, ts + 60)]
        heading = _ARTICLE_HEADING.match(rest)
        if heading:
            ts, te = ts + heading.start(1), ts + heading.end(1)
        elif len(rest) > 20 or _CLAUSE_PUNCT.search(rest):
            te = ts
    while te > ts and text[te - 1] in " \t\u3000":
        te -= 1
    return _Candidate(kind, n, pos, marker_end, ts, te)


def _candidates(text: str, body: list[tuple[int, int]], flat: bool) -> list[_Candidate]:
    out: list[_Candidate] = []
    for bstart, bend in body:
        for a, b in lines(text, bstart, bend):
            a, b = strip_span(text, a, b)
            if b <= a or _TOC_LINE.search(text, a, b) or _PAGE_NUMBER.fullmatch(text, a, b):
                continue
            starts = [a]
            splitter = _SENTENCE_END if flat or b - a > 400 else _SENTENCE_END_SPACE
            starts += [m.end() for m in splitter.finditer(text, a, b) if m.end() < b]
            for s in starts:
                while s < b and text[s] in " \t\u3000":
                    s += 1
                cand = _candidate_at(text, s, b)
                if cand:
                    out.append(cand)
    return out


def _non_body_annex(text: str, body_start: int, body_end: int) -> int:
    """Where a trailing 附件 that is not a document of its own (a list, a form) starts."""
    for a, b in lines(text, body_start, body_end):
        a, b = strip_span(text, a, b)
        if not _ANNEX.fullmatch(text, a, b):
            continue
        following = [(x, y) for x, y in (strip_span(text, *ln) for ln in lines(text, b, body_end)) if y > x]
        title_ok = bool(following) and doc_type_of(text[following[0][0]:following[0][1]]) is not None
        has_headings = any(regex.match(rf"[{_CN}]+、", text[x:y]) for x, y in following[1:200])
        if not (title_ok and has_headings):
            return a
    return body_end


def _build(cands: list[_Candidate], part: int, ids: list[int]) -> list[tuple[Section, _Candidate]]:
    rank: dict[str, int] = {}
    stack: list[tuple[str, int, Section]] = []
    last: dict[str, int] = {}
    out: list[tuple[Section, _Candidate]] = []
    for c in cands:
        kinds = [k for k, _, _ in stack]
        if c.kind in rank:
            if c.kind in kinds:
                ok = c.ordinal == stack[kinds.index(c.kind)][1] + 1
            else:
                # A list may restart under a new parent or continue its numbering across parents.
                ok = c.ordinal == 1 or c.ordinal == last.get(c.kind, 0) + 1
        else:
            ok = c.ordinal == 1
            if ok:
                rank[c.kind] = len(rank) + 1
        if not ok:
            continue
        r = rank[c.kind]
        while stack and rank[stack[-1][0]] >= r:
            stack.pop()
        ids[0] += 1
        sec = Section(
            id=f"s{ids[0]}",
            parent=stack[-1][2].id if stack else None,
            part=part,
            level=r,
            marker="",
            ordinal=c.ordinal,
            title="",
            span=(c.start, c.title_end),
            kind=c.kind,
            view_start=c.start,
        )
        stack.append((c.kind, c.ordinal, sec))
        last[c.kind] = c.ordinal
        out.append((sec, c))
    return out


def run(doc: PolicyDoc) -> None:
    text = doc.view.text
    body = doc.body or [(0, len(text))]
    flat = text.count("\n") <= 3 and len(text) > 600
    # Part boundaries: the notice (part 0) and each enclosed document.
    bstart, bend = body[0][0], body[-1][1]
    bend = _non_body_annex(text, bstart, bend)
    bounds = sorted({bstart, bend, *(p for p in doc.parts if bstart < p < bend)})
    ids = [0]
    sections: list[Section] = []
    doc.body = [(bstart, bend)]
    for a, b in zip(bounds, bounds[1:], strict=False):
        part = sum(1 for p in doc.parts if p <= a)  # 0 = the notice, i = its i-th enclosed document
        built = _build(_candidates(text, [(a, b)], flat), part, ids)
        sections.extend(_finish(doc, built, b))
    doc.sections = sections


def _finish(doc: PolicyDoc, built: list[tuple[Section, _Candidate]], part_end: int) -> list[Section]:
    text = doc.view.text
    secs = [sec for sec, _ in built]
    for i, (sec, c) in enumerate(built):
        end = part_end
        for later in secs[i + 1 :]:
            if later.level <= sec.level:
                end = later.view_start
                break
        sec.body_end = end
        sec.marker = doc.src_text(doc.view.src_span(c.start, c.marker_end))  # as written
        sec.title = text[c.title_start : c.title_end].rstrip("。．.，,；;")
        sec.span = doc.view.src_span(c.start, c.title_end if c.title_end > c.title_start else c.marker_end)
    return secs
