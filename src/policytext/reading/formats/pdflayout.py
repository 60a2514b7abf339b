"""Turn PDF text lines into paragraphs: drop running headers, footers and page numbers,
then rejoin lines that the page width broke.

Official documents (公文) are typeset with a two-character first-line indent and
justified lines, so a line that reaches the right margin and a next line that
starts at the left margin belong to one paragraph; a short line, an indented
line, a change of font size or a wider gap ends one. Headings (一、 （一） 第X条)
are short and indented, so they stay on lines of their own.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from statistics import median

from .common import CJK


@dataclass
class Line:
    """One line of a PDF page: its text, page index, horizontal extent, top and bottom (PDF
    coordinates, y upwards) and median glyph height.
    """
    text: str
    page: int
    x0: float
    x1: float
    top: float  # PDF coordinates: y grows upwards, so top > bottom
    bottom: float
    size: float


@dataclass
class PageGeometry:
    """A page's text block: height, the left margin most lines start at, the right margin full lines
    reach, and the body font size.
    """
    height: float
    left: float
    right: float
    size: float


_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－‐―一~～\s]*\d{1,4}[-—–－‐―一~～\s]*|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?"
    r"|\d+\s*/\s*\d+|[Pp]age\s*\d+(?:\s*of\s*\d+)?)$")
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百]+[）)]|第[一二三四五六七八九十百零〇\d]+[章节条部分篇]"
    r"|\d{1,2}[．.、](?!\d)|[（(]\d{1,2}[）)]|[①-⑳]|附件\s*\d*[:：]?$)")
_SENTENCE_END = re.compile(r"[。！？；：!?;:]$|[。！？][”’」』）)]$")
#: Share of the page height at the top and bottom where running headers and footers sit.
EDGE = 0.12


def _key(text: str) -> str:
    """A line's text with spaces removed and numbers as #, so running headers match across pages."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def remove_furniture(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """Drop page numbers and lines repeated at the top or bottom of many pages."""
    def zone(line: Line) -> str | None:
        """"top" or "bottom" when the line sits in the page's header or footer band, else None."""
        h = heights[line.page]
        if line.bottom >= h * (1 - EDGE):
            return "top"
        if line.top <= h * EDGE:
            return "bottom"
        return None

    seen_on: dict[str, set[int]] = {}
    for lines in pages:
        for line in lines[:2] + lines[-2:]:
            if zone(line):
                seen_on.setdefault(_key(line.text), set()).add(line.page)
    repeated = {k for k, pgs in seen_on.items() if len(pgs) >= max(3, len(pages) // 2)} if len(pages) >= 3 else set()
    kept_once: set[str] = set()
    out: list[list[Line]] = []
    for lines in pages:
        keep = []
        for line in lines:
            where = zone(line)
            if where and _PAGE_NUMBER.match(line.text.strip()):
                continue
            key = _key(line.text)
            if where and key in repeated:
                # A repeated table header row is content once; a footer never is.
                if where == "top" and key not in kept_once:
                    kept_once.add(key)
                    keep.append(line)
                continue
            keep.append(line)
        out.append(keep)
    return out


def geometry(lines: list[Line], height: float) -> PageGeometry:
    """The PageGeometry of a page's lines: the most common left edge, the 90th percentile right edge
    and the median size of lines of six characters or more.
    """
    wide = [ln for ln in lines if len(ln.text) >= 6] or lines
    if not wide:
        return PageGeometry(height, 0.0, 0.0, 10.0)
    size = median(ln.size for ln in wide) or 10.0
    bins = Counter(round(ln.x0 / 3) for ln in wide)
    left = min(ln.x0 for ln in wide if round(ln.x0 / 3) == bins.most_common(1)[0][0])
    rights = sorted(ln.x1 for ln in wide)
    right = rights[int(0.9 * (len(rights) - 1))]
    return PageGeometry(height, left, right, size)


def continues(a: Line, b: Line, ga: PageGeometry, gb: PageGeometry) -> bool:
    """True if line ``b`` continues the paragraph that line ``a`` is in."""
    cw = max(ga.size, 1.0)
    if a.x1 < ga.right - 1.5 * cw:
        return False  # a short line ends its paragraph
    if b.x0 > gb.left + 0.8 * gb.size:
        return False  # the next line is indented or centred
    if abs(a.size - b.size) > 0.2 * max(a.size, b.size):
        return False
    if a.page == b.page and a.bottom - b.top > 1.5 * cw:
        return False
    if _HEADING.match(b.text) and _SENTENCE_END.search(a.text):
        return False
    return True


_ASCII_WORD_END = re.compile(r"[A-Za-z0-9]$")
_ASCII_WORD_START = re.compile(r"^[A-Za-z0-9]")


def paragraphs(pages: list[list[Line]], heights: list[float]) -> list[str]:
    """Paragraph texts of the pages: furniture removed, each line joined to the one before when it
    continues it (see ``continues``).

    >>> rows = [("一、压实责任", 96, 180), ("各区要落实安全生产主体责任，建立健全", 72, 520),
    ...         ("全员安全生产责任制，明确责任人员和考核", 72, 520), ("标准。", 72, 110)]
    >>> page = [Line(t, 0, x0, x1, 700 - 20 * i, 688 - 20 * i, 12) for i, (t, x0, x1) in enumerate(rows)]
    >>> page.append(Line("— 1 —", 0, 280, 310, 40, 30, 10))  # a page number at the foot
    >>> paragraphs([page], [842])
    ['一、压实责任', '各区要落实安全生产主体责任，建立健全全员安全生产责任制，明确责任人员和考核标准。']
    """
    pages = remove_furniture(pages, heights)
    geo = [geometry(lines, h) for lines, h in zip(pages, heights, strict=True)]
    out: list[str] = []
    prev: Line | None = None
    for lines in pages:
        for line in lines:
            if prev is not None and out and continues(prev, line, geo[prev.page], geo[line.page]):
                sep = " " if _ASCII_WORD_END.search(out[-1]) and _ASCII_WORD_START.search(line.text) else ""
                out[-1] += sep + line.text
            else:
                out.append(line.text)
            prev = line
    return out


_SPACE_IN_CJK = re.compile(f"(?<=[{CJK}\\d\u3000-\u303f\uff00-\uffef])[ \u00a0]+(?=[{CJK}\u3000-\u303f\uff00-\uffef])"
                           f"|(?<=[{CJK}\u3000-\u303f\uff00-\uffef])[ \u00a0]+(?=\\d)")
_SOFT_HYPHEN_IN_NUMBER = re.compile(r"(?<=\d)[\u00ad\u2010\u2011](?=\d)")
_INVISIBLE = re.compile("[\u00ad\u200b\ufeff\ufffe\x00-\x08\x0b-\x1f]")


def clean_line(text: str, respaced: bool = False) -> str:
    """Letter-spaced titles and font changes leave spaces inside Chinese text: 2019 年 1 月 → 2019年1月."""
    text = _INVISIBLE.sub("", _SOFT_HYPHEN_IN_NUMBER.sub("-", text))
    if not respaced:
        text = _SPACE_IN_CJK.sub("", text)
    return text.strip(" \t\u3000\xa0")
