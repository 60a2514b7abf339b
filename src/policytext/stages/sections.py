"""The section tree: 一、 （一） 1. （1） ① 第X部分 第X章 第X节 第X条.

Rules propose candidates wherever a heading can stand — strong ones at a line
start or where lines ran together (after 。；： or a closing unit bracket), weak
ones right after another heading's title or anywhere in one-line OCR text — and
the headings are chosen as one sequence: each kind's ordinals must continue
(which rejects lines that merely start with a number, 2025年…, 1.5倍…), a list
rejected inside a sentence keeps its later items out, and a weak candidate or one
that skips a lost sibling needs the next number of its kind to confirm its list.
A kind's rank comes from the order kinds first appear in each (enclosed)
document; a heading's level is its depth under the headings still open.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import cache, lru_cache

import regex

from ..doc import Box, PolicyDoc, Section
from ..textutil import cn_small_int, doc_type_of, lines, one_line, strip_span
from . import headings
from .boxes import BOX, find_boxes

_CN = "一二三四五六七八九十百零〇两"
# (。 too: OCR reads the item dot as a full stop, 11。强化生态帮扶, or as a comma, 2，参会人员…; the
# list's order still decides)
_DOT = r"[.．﹒、。，]"
MARKER = regex.compile(
    rf"(?P<part>第(?P<n_part>[{_CN}\d]{{1,4}})部分)"
    rf"|(?P<bian>第(?P<n_bian>[{_CN}\d]{{1,4}})编)(?=\s|[\p{{Han}}])"
    rf"|(?P<chapter>第(?P<n_chapter>[{_CN}\d]{{1,4}})章)"
    rf"|(?P<jie>第(?P<n_jie>[{_CN}\d]{{1,4}})节)(?=\s|[\p{{Han}}])"
    rf"|(?P<article>第(?P<n_article>[{_CN}\d]{{1,5}})条)(?=[\s【(（]|[\p{{Han}}])"
    rf"|(?P<cn>(?P<n_cn>[{_CN}]{{1,4}})[、.．﹒])"
    rf"|(?P<paren_cn>[(（](?P<n_paren_cn>[{_CN}]{{1,4}})[)）])"
    rf"|(?P<paren_arabic>[(（](?P<n_paren_arabic>\d{{1,3}})[)）])"
    # not 4.1 (a clause) or 1.5; 1.2025年 is, and 2.2月16日 (an item opening on a date, pool 0039),
    # and 4.0 402年 (a year OCR split with spaces)
    rf"|(?P<arabic>(?P<n_arabic>\d{{1,3}}){_DOT}(?!\d{{1,3}}(?![\d年]|月\d{{1,2}}日|(?:[ \t]?\d)+[ \t]?年)))"
    rf"|(?P<arabic_paren>(?P<n_arabic_paren>\d{{1,2}})[)）])"
    r"|(?P<circled>(?P<n_circled>[①-⑳]))"
)
#: Where a heading's or an item's title ends (the tasks stage reads titles so too); a colon between
#: two digits is a time of day, 于1月14日17:00前, not the end of a title.
TITLE_END = regex.compile(r"[。！？!?]|(?<!\d)[：:]|[：:](?!\d)")
# Two or more spaces after a title's first words end it: typeset plans set their headings apart
# from the first sentence so (第三节　加快完善再分配调节机制　　加快健全…). A one-character word
# before them is spaced-out lettering (第一章　总　　则), not a title.
_TITLE_GAP = regex.compile(r"(?<=\S\S)[ \t\u3000]{2,}(?=\S)")
_HAN = regex.compile(r"\p{Han}")
_TOC_LINE = regex.compile(r"(?:[.…·．\-_]{4,}|[ \t]{3,})\s*\d{1,3}\s*$")
_TOC_ENTRY = regex.compile(r"[^。；\n]{1,60}?(?:[.…·．_]{4,}|[.…·．_\-]{2,}\s+)\s*\d{1,3}(?!\d)")
_PAGE_NUMBER = regex.compile(r"[-—\s]*\d{1,3}[-—\s]*")
# Two leader characters in a row, without which no contents entry can match (a cheap test first).
_LEADER = re.compile(r"[.…·．_\-]{2}")
_ANNEX = regex.compile(r"附件\s*\d*\s*[:：]?")
# Where lines ran together (OCR text flattened to one line, scraped pages, joined PDF
# lines) a heading follows a sentence end, a colon ending a lead-in, or the closing
# bracket of a unit marker: …负责）2.加强….
_RUN_ON_CHARS = "。；！？;：:）)"
_RUN_ON = re.compile(r"[。；！？;：:）)][ \t\u3000]*")
# Any place a marker could begin (a cheap prefilter for weak candidates).
# The lookahead of every first character lets re skip ahead instead of trying the lookbehind at
# every offset of a long line (three times faster).
# A numeral before a marker makes it part of a longer number (二十二、, 12.), but a bracket closes
# its number (a formula: …÷2（二）实行百分制), a page number between a sentence end and a heading is
# no part of it (…构建完善产业生态。2二、行动目标; a score is: 总分100一、), and nothing continues 第
# (a word that ends in a numeral may run into a chapter in one-line text: …祖国统一第五十九章).
_MARKER_START = re.compile(
    rf"(?=[(（{_CN}0-9①-⑳第])(?:[(（][{_CN}0-9]{{1,4}}[、.．﹒。)）]"
    rf"|(?:(?<![0-9.．、第{_CN}])|(?<=[。；！？;!?]\d)|(?<=[。；！？;!?]\d\d)|(?<=[。；！？;!?]\d\d\d))"
    rf"[{_CN}]{{1,4}}[、.．﹒。)）]"
    rf"|(?<![0-9.．、第{_CN}])(?:[0-9]{{1,4}}[、.．﹒。，)）]|[①-⑳])"
    rf"|(?<!第)第[{_CN}0-9]{{1,5}}[部编章节条])")
_LONG_LINE = 150
# A number that points at an attachment, table or figure (见附件1)) is no marker; 第 is never
# such a number (…宏伟发展蓝图第六十一章 in one-line text).
_CITED_NUMBER = regex.compile(r"(?:附件|附表|附图|[表图])$")
# A plan's volume (第三篇推进改革开放) is no section (ANNOTATION.md), but its first chapter may follow
# on its line (第三篇推进改革开放第十三章深化各项改革).
_VOLUME = regex.compile(rf"第[{_CN}\d]{{1,3}}篇")
# A marker right after one of these opens a quotation.
_OPENING_QUOTES = "“‘「『\""
# Characters a marker can begin with (a cheap test before the marker pattern).
_MARKER_FIRST = frozenset(_CN + "0123456789(（①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳第")
# A run-on place with a marker's first character after it (most sentence ends have none).
_RUN_ON_MARKER = re.compile(_RUN_ON.pattern + "(?=[" + re.escape("".join(sorted(_MARKER_FIRST))) + "])")
# The list of attachments in a notice (附件：1.名单2.措施) is not a list of headings.
_ANNEX_LIST_HEAD = regex.compile(r"附件\s*[:：]\s*$")
# How far a title may run before the body begins, when no punctuation ends it.
_TITLE_SCAN = 200
# How many later candidates may be read to confirm that a list goes on.
_CONFIRM_WINDOW = 400
# How far into a document (or part) a 目录 may stand.
_CONTENTS_WINDOW = 5000
# A number with a unit after "1." is a decimal quantity (1.5倍), not a heading.
# 第三条【适用范围】: an article's heading in brackets; clause punctuation means body text instead.
_ARTICLE_HEADING = regex.compile(r"[【\[]([^】\]]{1,20})[】\]]")
_CLAUSE_PUNCT = regex.compile(r"[，。；、,：:]")
_CLAUSE_GOES_ON = regex.compile(r"[，,；;]")
_DECIMAL_QUANTITY = regex.compile(r"\d{1,3}\s*(?:倍|%|‰|万|亿|千|百分|个|元|米|吨|公里|亩|人|家|项|度)")


@dataclass
class _Candidate:
    """A marker where a heading may start: its kind (``cn``, ``paren_cn``, ``arabic``…), ordinal,
    view offsets of the marker and of the title after it, and how sure its place is.
    """
    kind: str
    ordinal: int
    start: int  # view offset of the marker
    marker_end: int
    title_start: int
    title_end: int
    strong: bool = True  # at a line start, after a sentence end or a closing bracket
    free: bool = True  # in one-line text or a long line, where its list may confirm a weak candidate
    # where the title would end but for a wide gap (总则　　第一条…): a heading may follow there
    scan_end: int = -1
    # where the marker begins when OCR wrote it after the title (总体要求-、): else at ``start``
    marker_start: int = -1


def _ordinal(kind: str, digits: str) -> int | None:
    """The number a marker's digits stand for (①→1, 十二→12, 12→12), or None."""
    if kind == "circled":
        return ord(digits) - ord("①") + 1
    return cn_small_int(digits)


def _candidate_at(text: str, pos: int, line_end: int) -> _Candidate | None:
    """The heading candidate whose marker starts at ``pos``, with its title up to the first sentence end,
    or None where the marker is not a heading's (1.5倍, 一是, a contents entry, nothing after it).
    """
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
    if _LEADER.search(text, ts, min(line_end, ts + 64)) and _TOC_ENTRY.match(text, ts, line_end):
        return None  # a table-of-contents entry run into one line with the others
    end_m = TITLE_END.search(text, ts, min(line_end, ts + _TITLE_SCAN))
    te = end_m.start() if end_m else min(line_end, ts + _TITLE_SCAN)
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
    scan_end = te
    gap = _TITLE_GAP.search(text, ts, te)
    if gap and gap.start() - ts >= 2:
        te = gap.start()
    while te > ts and text[te - 1] in " \t\u3000":
        te -= 1
    return _Candidate(kind, n, pos, marker_end, ts, te, scan_end=scan_end)


def _candidates(text: str, body: list[tuple[int, int]], flat: bool, joins: list[int] = ()) -> list[_Candidate]:
    """Markers that may start a heading, in text order.

    Strong candidates stand where headings stand in clean text: at a line start, or
    where lines ran together (after a sentence end or a closing unit bracket). Weak
    ones stand anywhere else in one-line text, where a heading follows its parent's
    title directly (一、总体要求（一）指导思想); the sequence decides about those.
    """
    out: list[_Candidate] = []
    for bstart, bend in body:
        for a, b in lines(text, bstart, bend):
            a, b = strip_span(text, a, b)
            # (a contents line and a page number end in a digit or a dash: most lines need neither)
            if b <= a or ((text[b - 1].isdigit() or text[b - 1].isspace() or text[b - 1] in "-—")
                          and (_TOC_LINE.search(text, a, b) or _PAGE_NUMBER.fullmatch(text, a, b))):
                continue
            free = flat or b - a > _LONG_LINE
            strong = [a] + [m.end() for m in _RUN_ON_MARKER.finditer(text, a, b) if m.end() < b]
            found = _at(text, strong, a, b, free)
            # Weak candidates: anywhere in a one-line text or a long line; elsewhere only
            # inside the title of a heading on the line (一、总体要求（一）指导思想).
            spans = [(a, b)] if free else [(c.title_start, c.scan_end) for c in found]
            if not free and _VOLUME.match(text, a, b):
                spans.append((a, b))
            weak = [m.start() for x, y in spans for m in _MARKER_START.finditer(text, x, y)]
            # Where the view rejoined a hard wrap, the wrap may have fallen at a paragraph's end
            # (…开放格局进一步形成 / 第四章　政策导向, the first line full): its list may confirm it.
            rejoined = [] if free else _at(text, [j for j in joins[bisect_left(joins, a):bisect_left(joins, b)]
                                                  if _MARKER_START.match(text, j)], a, b, True)
            for cand in sorted(found + _at(text, weak, a, b, free) + rejoined, key=lambda c: c.start):
                if out and out[-1].start == cand.start:
                    # (a weak one inside a title found first where a wrap was rejoined: the wrap's say counts)
                    out[-1].free = out[-1].free or cand.free
                else:
                    out.append(cand)
    return out


def _at(text: str, starts: list[int], a: int, b: int, free: bool) -> list[_Candidate]:
    """Candidates at the given offsets of the line ``a:b``, skipping numbers after 附件, 表 or 图
    (表1 cites a table) and items of an 附件： list; each marked strong when it stands at a line start or after a run-on.
    """
    out = []
    for s in starts:
        while s < b and text[s] in " \t\u3000":
            s += 1
        if s >= b or text[s] not in _MARKER_FIRST or (
                text[s] != "第" and _CITED_NUMBER.search(text, max(a, s - 3), s)):
            continue
        if s > a and text[s - 1] in _OPENING_QUOTES:
            continue  # quoted text (an amendment's 修改为：“（一）…), not the document's own list
        cand = _candidate_at(text, s, b)
        if cand and not _ANNEX_LIST_HEAD.search(text, max(a, s - 8), s):
            cand.strong = _after_run_on(text, a, s)
            cand.free = free
            out.append(cand)
    return out


def _line_start(text: str, pos: int) -> bool:
    """Whether only spaces stand between ``pos`` and the start of its line."""
    j = pos
    while j > 0 and text[j - 1] in " \t\u3000":
        j -= 1
    return j == 0 or text[j - 1] == "\n"


def _after_run_on(text: str, line_start: int, s: int) -> bool:
    """Whether ``s`` follows the line start or a character where two lines ran together (。；： or a
    closing bracket), so a heading may stand there.
    """
    j = s
    while j > line_start and text[j - 1] in " \t\u3000":
        j -= 1
    return j == line_start or text[j - 1] in _RUN_ON_CHARS


#: Set to a list to record the features of every candidate the heading model decides about
#: (models/headings/train.py labels them against the clean copy of the document).
_recorder: list | None = None
# 目录 as a heading of its own: alone on its line, or followed at once by its first entry (one-line
# text); 供应商目录。 and 发布推荐目录，… name lists in the body.
_CONTENTS = regex.compile(r"目[ \t\u3000]*录(?=[ \t\u3000]*(?:\n|$|序言|前言|引言|第[一二三四五六七八九十\d]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]|\d{1,2}[.．、]))")


def _skip_contents(text: str, cands: list[_Candidate], start: int, end: int) -> list[_Candidate]:
    """A table of contents without dot leaders (one-line text, or a plain list of chapter
    lines) lists the headings once before the body: everything from 目录 to where its
    first entry comes again is skipped."""
    m = _CONTENTS.search(text, max(0, start - 500), min(end, start + _CONTENTS_WINDOW))  # it may close the header zone
    if not m:
        return _skip_unlabelled_contents(text, cands)
    after = [c for c in cands if c.start >= m.end()]
    if not after or any(m.start() <= c.start < m.end() for c in cands):
        return cands
    first = after[0]
    if text.find("。", m.end(), first.start) >= 0:
        # a sentence of the body before it: the entries were no markers of ours (1　总则 / 1.1　编制目的)
        return cands
    again = next((c for c in after[1:] if c.kind == first.kind and c.ordinal == first.ordinal), None)
    if again is None:
        return cands
    return [c for c in cands if c.start < m.start() or c.start >= again.start]


#: The longest entry of such contents, its subheadings included (3.监测预警和信息报告3.1监测…3.3.3信息通报).
_CONTENTS_ENTRY = 160


def _skip_unlabelled_contents(text: str, cands: list[_Candidate]) -> list[_Candidate]:
    """A table of contents printed without 目录 (a plan attached to a letter, in one line: …(会签稿)1.总则
    1.1编制目的…8.附则…1.总则1.1编制目的建立健全…): headings numbered 1, 2, 3… with no sentence among
    them, then the first one again with the same words, where the body begins."""
    for i, first in enumerate(cands):
        if first.ordinal != 1:
            continue
        again = next((j for j in range(i + 1, len(cands))
                      if cands[j].kind == first.kind and cands[j].ordinal == 1), None)
        if again is None:
            continue
        entries = [c for c in cands[i:again] if c.kind == first.kind]
        ends = [c.start for c in entries[1:]] + [cands[again].start]
        words = text[first.title_start:first.title_start + 4]
        if len(entries) >= 3 and [c.ordinal for c in entries] == list(range(1, len(entries) + 1)) \
                and len(words) == 4 and text.startswith(words, cands[again].title_start) \
                and all(end - c.start <= _CONTENTS_ENTRY for c, end in zip(entries, ends, strict=True)) \
                and text.find("。", first.start, cands[again].start) < 0:
            # The body's first heading follows the contents' last title, not a sentence end; another 1.
            # before its 2. is no heading of its list (1.1编制目的…。1. 2编制依据, a decimal OCR spaced).
            head = cands[again]
            second = next((j for j in range(again + 1, len(cands))
                           if cands[j].kind == head.kind and cands[j].ordinal == 2), len(cands))
            rest = [c for c in cands[again + 1:second] if not (c.kind == head.kind and c.ordinal == 1)]
            return cands[:i] + [replace(head, strong=True)] + rest + cands[second:]
    return cands


# A boxed column (专栏1 智能制造技术攻关行动): its numbered items are no sections (ANNOTATION.md), and
# the document's own list goes on after it (1. 2. [专栏 1.–10.] 3.).
# It may stand anywhere: a PDF's rejoined lines run it into the sentence before.
# How far after the box's number its list may begin (the box's title comes between).
_BOX_TITLE = 80


def _skip_boxes(text: str, cands: list[_Candidate], start: int, end: int) -> list[_Candidate]:
    """Candidates less the numbered list of each 专栏 box: the run that starts at 1 right after the
    box's heading and goes on while no kind of heading seen before the box comes between."""
    if "专栏" not in text[start:end]:
        return cands
    dropped: set[int] = set()
    for box in BOX.finditer(text, start, end):
        after = [i for i, c in enumerate(cands) if c.start >= box.end()]
        if not after or cands[after[0]].ordinal != 1 or cands[after[0]].start - box.end() > _BOX_TITLE:
            continue
        first = cands[after[0]]
        outer = {c.kind for c in cands if start <= c.start < box.start()}
        expected = 1
        for i in after:
            c = cands[i]
            if c.kind == first.kind and c.ordinal == expected:
                dropped.add(i)
                expected += 1
            elif c.kind in outer:
                break
    return [c for i, c in enumerate(cands) if i not in dropped]


_ANNEX_LIST = regex.compile(r"附件\s*[:：]\s*")


def _skip_annex_lists(text: str, cands: list[_Candidate], start: int, end: int) -> list[_Candidate]:
    """Candidates less the items of a notice's list of attachments (附件：1.名单 / 2.措施 / 3.表):
    after the first, which no candidate takes, the items that go on numbering it, one after another
    (one number may be missing: in 1.标准化项目汇总表2.…申请书 the 2 reads as a table's number)."""
    if "附件" not in text[start:end]:
        return cands
    dropped: set[int] = set()
    for head in _ANNEX_LIST.finditer(text, start, end):
        first = MARKER.match(text, head.end(), min(end, head.end() + 6))
        if not first or _ordinal(first.lastgroup, first.group("n_" + first.lastgroup)) != 1:
            continue
        expected = 2
        for i, c in enumerate(cands):
            if c.start < head.end():
                continue
            if c.kind != first.lastgroup or c.ordinal not in (expected, expected + 1):
                break
            dropped.add(i)
            expected = c.ordinal + 1
    return [c for i, c in enumerate(cands) if i not in dropped] if dropped else cands


# A heading whose number OCR garbled and wrote after its title (总体要求-、 for 一、总体要求): a short title,
# then a mark that is no numeral and the marker's own stop, where a paragraph ended. (一 itself is left
# out: …全国统一、 is a word's.)
_GARBLED_MARK = re.compile(r"[-－—–_~·][、．.]")
_GARBLED_HEADING = regex.compile(
    r"(?:(?<=\n)|(?<=^)|(?<=[。！？]))[ \t\u3000]*(?P<title>\p{Han}{2,12})[ \t\u3000]*(?P<marker>[-－—–_~·][、．.])")


def _garbled_markers(text: str, cands: list[_Candidate], start: int, end: int) -> list[_Candidate]:
    """Candidates plus each heading whose number was garbled and written after its title (总体要求-、), where
    its list lacks exactly that number: the next candidate is the number after it, with the same stop,
    and the list's number before it (or none, for a 1) comes before. Lined text wants the marker to end
    its line."""
    if not _GARBLED_MARK.search(text, start, end):
        return cands
    flat = text.count("\n") <= 3
    added = []
    for m in _GARBLED_HEADING.finditer(text, start, end):
        line_end = text.find("\n", m.end(), end)
        if not flat and text[m.end():end if line_end < 0 else line_end].strip():
            continue
        i = bisect_left([c.start for c in cands], m.end())
        if i >= len(cands):
            continue
        nxt = cands[i]
        stop = text[nxt.marker_end - 1]
        if nxt.ordinal < 2 or stop != m["marker"][-1] and not (stop in ".．" and m["marker"][-1] in ".．"):
            continue
        before = [c for c in cands[:i] if c.kind == nxt.kind]
        if (before[-1].ordinal if before else 0) != nxt.ordinal - 2:
            continue
        added.append(_Candidate(nxt.kind, nxt.ordinal - 1, m.start("title"), m.end(), m.start("title"),
                                m.end("title"), scan_end=m.end("title"), marker_start=m.start("marker")))
    return sorted(cands + added, key=lambda c: c.start) if added else cands


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
    return _flat_annex(text, body_start, body_end)


_ANNEX_AFTER_DATE = regex.compile(r"(?:\d{4}|[〇零○一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日\s*(?:[（(][^）)]{1,12}[）)])?\s*(附件\s*\d*\s*[:：]?)")
_LATER_ANNEX = regex.compile(r"附件\s*\d+\s*[:：]?")
# An annex the text cites (参照…申报书（附件2）编写, 见附件3) is no annex starting there.
_CITED_ANNEX = regex.compile(r"[)）]")
_CITING_ANNEX = regex.compile(r"[(（见照]$")
# A document of its own has headings, as the line-based rule asks of an annex (一、 after a sentence
# end or its title's 方案); a list whose title ends in a genre word (典型场景清单1.典型场景：…) has none.
_FIRST_HEADING = regex.compile(rf"(?<![{_CN}])一[、.．]|第一[章部条]")
# A form to fill in (申报书, 申请表) is none, whatever its title or headings say: near its start it
# leaves blanks for a seal or a date (（盖章）, 年　　月　　日).
_FORM_BLANKS = regex.compile(r"[（(][ \t\u3000]*盖[ \t\u3000]*章[ \t\u3000]*[)）]|(?<!\d)年[ \t\u3000_]{2,}月[ \t\u3000_]{2,}日")


def _flat_annex(text: str, body_start: int, body_end: int) -> int:
    """In one-line text an 附件 starts right after the signature's date (…2019年1月16日
    （此件公开发布）附件三级公立医院绩效考核指标…). The body ends at the first annex after the last
    that is a document of its own, whose title names a genre and which has headings (a plan attached
    to a letter, after a list of the units consulted); lists and forms after it are cut."""
    if text.count("\n", body_start, body_end) > 3:
        return body_end
    m = _ANNEX_AFTER_DATE.search(text, body_start, body_end)
    if m:
        annexes = [(m.start(1), m.end())] + [
            (x.start(), x.end()) for x in _LATER_ANNEX.finditer(text, m.end(), body_end)
            if not _CITED_ANNEX.match(text, x.end()) and not _CITING_ANNEX.search(text, max(0, x.start() - 2), x.start())]
    else:
        # No date before it: the 附件 whose title repeats the one the notice announced
        # (附件：包头市…考评指标 … 附件包头市…考评指标一、…).
        found = _announced_annex(text, body_start, body_end)
        if found is None:
            return body_end
        annexes = [found]
    ends = [c for c, _ in annexes[1:]] + [body_end]
    documents = [i for i, ((_, a), z) in enumerate(zip(annexes, ends, strict=True))
                 if _genre_word().search(text, a, min(a + 40, z)) and _FIRST_HEADING.search(text, a, z)
                 and not _FORM_BLANKS.search(text, a, min(a + 300, z))]
    if not documents:
        return annexes[0][0]
    # The first annex after the documents that is none (a form after the plan ends the body, as it does in
    # lined text: what follows may be the page printed twice, whose notice and plan are a copy).
    cut = next((i for i in range(documents[0] + 1, len(annexes)) if i not in documents), len(annexes))
    return annexes[cut][0] if cut < len(annexes) else body_end


_ANNOUNCE = regex.compile(r"附件\s*[:：]\s*(?:\d+[.．、]\s*)?")
_ANNEX_AT = regex.compile(r"附件\s*\d*\s*(?![:：\s])")


def _announced_annex(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``(start, title start)`` of the 附件 whose first words repeat the title the notice announced
    (附件：X … 附件X), or None.
    """
    for a in _ANNOUNCE.finditer(text, start, end):
        head = text[a.end():a.end() + 6]
        if len(head) < 6:
            continue
        for b in _ANNEX_AT.finditer(text, a.end(), end):
            if text.startswith(head, b.end()):
                return b.start(), b.end()
    return None


@cache
def _genre_word() -> regex.Pattern:
    """Any genre word of the lexicon (方案, 意见…), the longest first: an annex whose title has one is
    a document of its own.
    """
    from ..data import genre_words

    return regex.compile("|".join(map(regex.escape, sorted(genre_words(), key=len, reverse=True))))


# The kinds a document's top list is written in when its enclosing headings are none of the text's.
_OUTER_KINDS = frozenset({"cn", "paren_cn"})


def _after_paragraph(text: str, pos: int, colon: bool = True) -> bool:
    """Whether a sentence end, a closing bracket or (when ``colon``) a lead-in's colon stands before ``pos``
    (blanks and line breaks between), as it does where a paragraph ended, whether or not the lines were
    joined."""
    j = pos
    while j > 0 and text[j - 1] in " \t\u3000\n":
        j -= 1
    return j > 0 and text[j - 1] in _RUN_ON_CHARS and (colon or text[j - 1] not in "：:")


def _restarts(cands: list[_Candidate], i: int) -> bool:
    """Whether ``cands[i]``, a 1 of a list already open, starts a list of its own: the next candidate
    of its kind is its 2, where a heading stands too."""
    c = cands[i]
    nxt = next((later for later in cands[i + 1:i + 1 + _CONFIRM_WINDOW] if later.kind == c.kind), None)
    return nxt is not None and nxt.ordinal == 2 and nxt.strong


def _confirmed(cands: list[_Candidate], i: int, stack_next: dict[str, int]) -> bool:
    """Whether the list that ``cands[i]`` continues goes on: the next number of its kind
    comes before the next number of any enclosing kind (its parent's next sibling)."""
    c = cands[i]
    for later in cands[i + 1 : i + 1 + _CONFIRM_WINDOW]:
        if later.kind == c.kind:
            if later.ordinal == c.ordinal + 1:
                return True
            if later.ordinal == c.ordinal and later.strong and not c.strong:
                # the same number again where a heading stands (…法制统一、政令统一… then 一、总体要求
                # at a line start): that one is the heading, this one a word's
                return False
            continue
        if stack_next.get(later.kind) == later.ordinal:
            return False
    return False


#: A decimal clause number heading its line or sentence (2.1.1　国家粮食应急工作指挥部职责, common in
#: emergency plans): no section of ours (ANNOTATION.md), but the （1） lists under each start anew here,
#: and an item's text ends at the next one (the tasks stage reads them by this one pattern too).
#: The view drops the space between the number and the title (2.1.1国家…); a counting word or a date's
#: after the number makes it a quantity or a date (3.5万吨, 1.5倍, 2.2月16日, 2.5所学校), not a clause
#: (5.1.3所有粮食经营企业… is one).
CLAUSE_HEADING = regex.compile(
    r"(?:(?<=\n)|(?<=^)|(?<=[。；！？]))[ \t\u3000]*\d{1,2}(?:[.．]\d{1,2}){1,3}[ \t\u3000]*(?=\p{Han})"
    r"(?![年月日时万亿千百倍个元米吨亩项家人分公平立次天周岁座户辆台张条件]|所(?!有))")


# A work report's parts may be headed by unnumbered lines (2023年工作回顾 … 2024年工作安排), or in
# one-line text by such headings glued after a sentence end; the numbered lists under each start anew.
# Year-led and ending in a part word, so that no other short line (a date, a signature) is taken.
_PART_WORDS = r"(?:工作回顾|回顾|工作总结|工作安排|工作任务|主要任务|目标任务|工作建议|工作部署|重点工作|主要工作)"
_PART_YEAR = r"(?:\d{4}|[〇○零一二三四五六七八九]{4})[ \t\u3000]*年度?"
_PART_LINE = regex.compile(
    rf"(?m)^[ \t\u3000]*(?P<h>{_PART_YEAR}\p{{Han}}{{0,4}}?{_PART_WORDS})[ \t\u3000]*$")
_PART_GLUED = regex.compile(rf"[。！？!?][ \t\u3000]*(?P<h>{_PART_YEAR}\p{{Han}}{{0,4}}?{_PART_WORDS})")
_REVIEW_PART = regex.compile(r"回顾|总结")


def work_report_parts(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, bool]]:
    """(start, end, is_review) of the unnumbered part headings of a work report in ``text[start:end]``
    (2023年工作回顾 on a line of its own, or glued after a sentence end in one-line text).

    >>> work_report_parts("各位代表：\\n2023年工作回顾\\n（一）经济运行稳中向好。\\n2024年工作安排\\n（一）稳增长。")
    [(6, 15, True), (29, 38, False)]
    """
    end = len(text) if end is None else end
    return [part for part in _all_report_parts(text) if start <= part[0] and part[1] <= end]


@lru_cache(maxsize=2)  # the sections and the tasks stage both ask, each for its own stretch of a text
def _all_report_parts(text: str) -> tuple[tuple[int, int, bool], ...]:
    found = {m.start("h"): m.end("h") for pattern in (_PART_LINE, _PART_GLUED) for m in pattern.finditer(text)}
    return tuple((a, b, bool(_REVIEW_PART.search(text, a, b))) for a, b in sorted(found.items()))


def _clause_between(clauses: list[int], a: int, b: int) -> bool:
    """Whether a decimal clause heading stands between ``a`` and ``b``."""
    i = bisect_left(clauses, a)
    return i < len(clauses) and clauses[i] < b


def _build(text: str, cands: list[_Candidate], part: int, ids: list[int]) -> list[tuple[Section, _Candidate]]:
    """Choose the headings among the candidates as one sequence.

    A kind's rank comes from the order kinds first appear; a heading's level is its
    depth under the headings still open. A candidate is taken when its number follows
    its kind's last one (or starts a list at 1); a strong candidate may also skip one
    lost sibling, and a weak one (mid-line in one-line text) or a skip is taken only
    when the next number of its kind follows before its parent's next sibling.
    """
    rank: dict[str, int] = {}
    stack: list[tuple[str, int, Section]] = []
    last: dict[str, int] = {}
    out: list[tuple[Section, _Candidate]] = []
    # The last candidate of each kind and whether it was taken: a list whose item was
    # rejected where a heading could stand is a list inside a sentence (以下工作：一、加强组织；
    # 二、强化保障), and its later items on the same line go with it. (A rejected weak one,
    # the 一、 of 统一、规范, says nothing.)
    prev: dict[str, tuple[_Candidate, bool]] = {}
    clauses = [m.start() for m in CLAUSE_HEADING.finditer(text, cands[0].start, cands[-1].start)] if cands else []
    report_parts = [a for a, _b, _r in work_report_parts(text, cands[0].start, cands[-1].start)] if cands else []
    taken_at: dict[str, int] = {}  # where the last heading of each kind was taken
    # item id → (the kind of its lists, where the first list began that a lost sibling of the item owns)
    lost_siblings: dict[str, tuple[str, int]] = {}
    flat = one_line(text)
    for i, c in enumerate(cands):
        before = prev.get(c.kind)
        prev[c.kind] = (c, False)
        if (before and not before[1] and before[0].strong and before[0].ordinal == c.ordinal - 1
                and text.find("\n", before[0].start, c.start) < 0 and not _line_start(text, before[0].start)):
            continue
        kinds = [k for k, _, _ in stack]
        if c.kind in kinds:
            expected = (stack[kinds.index(c.kind)][1] + 1,)
            if clauses and _clause_between(clauses, taken_at.get(c.kind, -1), c.start):
                expected = (1, *expected)  # a list restarts under each numbered clause (2.1.1　…职责)
            if report_parts and c.kind == stack[0][0] and _clause_between(report_parts, taken_at[c.kind], c.start):
                expected = (1, *expected)  # the top list restarts under each part (2024年工作安排)
        elif c.kind in rank:
            # A list may restart under a new parent or continue its numbering across parents.
            expected = (1, last.get(c.kind, 0) + 1)
        else:
            expected = (1,)
        if c.ordinal in expected:
            sure = c.strong or (c.ordinal > 1 and (c.kind in kinds or c.ordinal == last.get(c.kind, 0) + 1))
        elif (c.strong or c.free) and c.ordinal - 1 in expected and (c.kind in rank or c.ordinal == 2):
            # One sibling lost (or garbled beyond reading: 总体要求-、 for 一、总体要求); in one-line
            # text also mid-sentence (…增长8%左右二、实施…), where its list must confirm it.
            sure = False
        elif (c.ordinal == 1 and c.strong and c.kind in kinds and (kinds.index(c.kind) > 0 or c.kind in _OUTER_KINDS)
              and _after_paragraph(text, c.start, flat or _line_start(text, c.start)) and _restarts(cands, i)):
            # A list that starts anew under a heading the text lost (…5.开展健康指导。 / 1.卫生管理要求。,
            # the （五） between them dropped): a sibling list, as its next item confirms, where a paragraph
            # ended (not after a table's header cell; mid-line in lined text, not after a lead-in's colon:
            # 以下工作：一、加强组织；二、… is a list inside a sentence). A top list of 1. 2. that starts anew
            # is a table's (a scoring sheet's rows), not the body's.
            sure = True
            above = stack[kinds.index(c.kind) - 1] if kinds.index(c.kind) > 0 else None
            if above is not None and rank[above[0]] == rank[c.kind] - 1:
                # No kind ranks between the open item and the list, so the heading the text lost was the
                # item's sibling (its next （五）), not its child: from here on its lists hang where that
                # sibling would (as a list under a lost （一） hangs under the part: pool gold 0073).
                lost_siblings.setdefault(above[2].id, (c.kind, c.start))
        else:
            continue
        if not sure and not c.strong and out and c.kind not in kinds and c.ordinal == 1:
            # right after a heading's title, before its sentence ends: 一、总体要求（一）指导思想
            above = out[-1][1]
            # (before its sentence goes on: past a comma the 一、 of 统一、开放 is a word's; so it is
            # right after a word once a gap has ended the title: 第五十八章　…大业　　坚持“和平统一、一国两制”)
            sure = above.title_start < c.start <= above.scan_end and not _CLAUSE_GOES_ON.search(
                text, above.title_start, c.start) and not (
                _HAN.match(text, c.start - 1) and _TITLE_GAP.search(text, above.title_start, c.start))
        if not sure and not c.strong and not c.free:
            continue
        if not sure:
            # The rules disagree (a weak or skipping candidate): it is a heading when the
            # next number of its kind follows before its parent's next sibling. A trained
            # heading model, when one is installed, decides instead (models/headings/).
            depth = rank.get(c.kind, len(rank) + 1)
            stack_next = {k: n + 1 for k, n, _ in stack if rank[k] < depth}
            confirmed = _confirmed(cands, i, stack_next)
            if _recorder is not None or headings.model() is not None:
                feats = headings.features(text, cands, i, c.ordinal not in expected, confirmed,
                                          c.kind in rank, c.kind in kinds, len(stack))
                if _recorder is not None:
                    _recorder.append((feats, c))
                confirmed = headings.accept(feats, confirmed)
            if not confirmed:
                continue
        if c.kind not in rank:
            rank[c.kind] = len(rank) + 1
        r = rank[c.kind]
        while stack and rank[stack[-1][0]] >= r:
            stack.pop()
        ids[0] += 1
        sec = Section(
            id=f"s{ids[0]}",
            parent=stack[-1][2].id if stack else None,
            part=part,
            level=len(stack) + 1,
            marker="",
            ordinal=c.ordinal,
            title="",
            span=(c.start, c.title_end),
            kind=c.kind,
            view_start=c.start,
        )
        stack.append((c.kind, c.ordinal, sec))
        last[c.kind] = c.ordinal
        taken_at[c.kind] = c.start
        prev[c.kind] = (c, True)
        out.append((sec, c))
    if lost_siblings:
        _lift_lost_siblings_lists(out, lost_siblings)
    # A title runs at most to the next heading: 一、总体要求（一）指导思想 on one line.
    for (_, c), (_, nxt) in zip(out, out[1:], strict=False):
        if c.title_start <= nxt.start < c.title_end:
            c.title_end = nxt.start
            while c.title_end > c.title_start and text[c.title_end - 1] in " \t\u3000":
                c.title_end -= 1
    return out


def _lift_lost_siblings_lists(out: list[tuple[Section, _Candidate]], lost: dict[str, tuple[str, int]]) -> None:
    """Move the lists that lost siblings of an item own from under that item to its parent, one level
    up with everything under them."""
    by_id = {sec.id: sec for sec, _ in out}
    lifted: set[str] = set()
    for sec, c in out:
        owner = lost.get(sec.parent or "")
        if owner is not None and c.kind == owner[0] and c.start >= owner[1]:
            sec.parent = by_id[sec.parent].parent
            sec.level -= 1
            lifted.add(sec.id)
        elif sec.parent in lifted:
            sec.level -= 1
            lifted.add(sec.id)


def run(doc: PolicyDoc) -> None:
    """Build ``doc.sections``, the heading tree of each part (the notice, then each enclosed document).

    Headings are chosen per part so that an enclosed plan's 一、 starts its own list instead of
    continuing the notice's. A trailing 附件 that is a list or a form is cut from ``doc.body``, so
    the later stages do not take its rows for tasks.

    >>> from policytext import parse
    >>> doc = parse("关于推进数据共享的通知\\n一、重点任务\\n1. 建设平台。\\n2. 完善制度。\\n")
    >>> [(s.id, s.marker, s.title, s.level, s.parent) for s in doc.sections]
    [('s1', '一、', '重点任务', 1, None), ('s2', '1.', '建设平台', 2, 's1'), ('s3', '2.', '完善制度', 2, 's1')]
    """
    text = doc.view.text
    body = doc.body or [(0, len(text))]
    flat = one_line(text)
    # Part boundaries: the notice (part 0) and each enclosed document.
    bstart, bend = body[0][0], body[-1][1]
    bend = _non_body_annex(text, bstart, bend)
    bounds = sorted({bstart, bend, *(p for p in doc.parts if bstart < p < bend)})
    ids = [0]
    sections: list[Section] = []
    doc.body = [(bstart, bend)]
    for a, b in zip(bounds, bounds[1:], strict=False):
        part = sum(1 for p in doc.parts if p <= a)  # 0 = the notice, i = its i-th enclosed document
        cands = _candidates(text, [(a, b)], flat, doc.view.joins)
        cands = _skip_boxes(text, _skip_contents(text, cands, a, b), a, b)
        cands = _skip_annex_lists(text, cands, a, b)
        cands = _garbled_markers(text, cands, a, b)
        built = _build(text, cands, part, ids)
        if flat:
            _cut_run_on_titles(text, built)
        sections.extend(_finish(doc, built, b))
    doc.sections = sections
    doc.boxes = _boxes(doc, bounds)


def _boxes(doc: PolicyDoc, bounds: list[int]) -> list[Box]:
    """The 专栏 boxes of each part, each placed in the innermost section it stands in."""
    text = doc.view.text
    heads = sorted(s.view_start for s in doc.sections)
    out: list[Box] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        for box in find_boxes(text, a, b, heads, doc.view.joins):
            end = box.end
            while end > box.start and text[end - 1].isspace():
                end -= 1
            owner = None
            for s in doc.sections:
                if s.view_start <= box.start < s.body_end and (owner is None or s.level >= owner.level):
                    owner = s
            body = text[box.title_end:end]
            out.append(Box(
                id=f"b{len(out) + 1}", section=owner.id if owner else None,
                part=sum(1 for p in doc.parts if p <= box.start),
                marker=doc.src_text(doc.view.src_span(box.start, box.marker_end)), ordinal=box.ordinal,
                title=text[box.title_start:box.title_end].strip(" \t\u3000"),
                text="\n".join(ln.strip(" \t\u3000") for ln in body.split("\n") if ln.strip()),
                span=doc.view.src_span(box.start, end), view_span=(box.start, end)))
    return out


_CLAUSE_OPENING_TIME = regex.compile(r"(?<=\p{Han})(?:(?:力争|到|至|在|于)?(?:19|20)\d\d年(?:\d{1,2}月)?(?:底|末)?(?:前|以前|起)?[，,]"
                                     # 2023年工作回顾过去一年，是…; 2021年重点工作今年是…
                                     r"|过去(?:[一两三四五六七八九十]+|几)年(?:来)?[，,]|(?:今年|明年)(?:[，,]|是))")
_TIME_WORD = regex.compile(r"今年|明年|当年|本年度|(?:19|20)\d\d年")
_VERB_END = regex.compile(r"(?:总结|加强|推进|推动|完善|建立|健全|开展|实施|做好|抓好|提高|提升|加快|强化|深化|优化|"
                          r"落实|巩固|统筹|梳理|谋划|制定)$")


@lru_cache(maxsize=64)
def _first_clause_of(ordinal: int) -> regex.Pattern:
    """The number of a heading's first decimal clause glued after a word of its title (总则1.1编制目的)."""
    return regex.compile(rf"(?<=\p{{Han}}){ordinal}[ \t\u3000]*[.．][ \t\u3000]*1(?!\d)(?=[ \t\u3000]*\p{{Han}})")


def _cut_run_on_titles(text: str, built: list[tuple[Section, _Candidate]]) -> None:
    """In one-line text a heading's body runs on from its title (（一）落实主体责任运营单位作为…), and
    the title rule takes both up to the first stop; the title-end model (``title_end``, learnt from
    where clean text breaks its lines) ends the title where the line broke, when it is sure and enough
    of the heading's siblings are cut too."""
    from .title_end import STOPS, title_cuts

    # a run the next heading stopped (一、总体要求（一）指导思想…) shows no body: it does not vote (a
    # sentence ended by its stop before the next heading, （一）…的；（二）…, does)
    nexts = [c.start for _, c in built[1:]] + [len(text)] * bool(built)
    voters = [text[c.title_end:nxt].strip() != "" or text[c.title_start:c.title_end].rstrip()[-1:] in STOPS
              for (_, c), nxt in zip(built, nexts, strict=True)]
    cuts = title_cuts([text[c.title_start:c.title_end] for _, c in built], [(s.parent, s.level) for s, _ in built],
                      voters)
    for (_, c), cut in zip(built, cuts, strict=True):
        # 1.总则1.1编制目的…, 6.保障措施6. 1通信保障…: the heading's own first clause number ends its title
        own = _first_clause_of(c.ordinal).search(text, c.title_start + 2, c.title_end)
        if own is not None and (cut is None or own.start() < c.title_start + cut):
            cut = own.start() - c.title_start
        if cut is None:
            # (一、分批实现生育保险待遇联网结算2020年11月底前，山东省立医院…: a time phrase that opens a
            # clause, the date and its comma, is the body's first words)
            opener = _CLAUSE_OPENING_TIME.search(text, c.title_start + 4, c.title_end)
            cut = opener.start() - c.title_start if opener else None
        elif _TIME_WORD.match(text, c.title_start + cut) and _VERB_END.search(text, c.title_start, c.title_start + cut):
            cut = None  # 1.认真总结|今年汛期各项…机制: a verb's object, not the body, starts with its time word
        if cut is not None:
            c.title_end = c.title_start + cut
            while c.title_end > c.title_start and text[c.title_end - 1] in " \t\u3000":
                c.title_end -= 1


def _finish(doc: PolicyDoc, built: list[tuple[Section, _Candidate]], part_end: int) -> list[Section]:
    """Set each built section's extent (to the next heading at its level or above, else the part's end),
    its marker as written in the source, its title and its source span.
    """
    text = doc.view.text
    secs = [sec for sec, _ in built]
    for i, (sec, c) in enumerate(built):
        end = part_end
        for later in secs[i + 1 :]:
            if later.level <= sec.level:
                end = later.view_start
                break
        sec.body_end = end
        marker_start = c.start if c.marker_start < 0 else c.marker_start
        sec.marker = doc.src_text(doc.view.src_span(marker_start, c.marker_end))  # as written
        sec.title = text[c.title_start : c.title_end].rstrip("。．.，,；;")
        sec.span = doc.view.src_span(c.start, max(c.title_end, c.marker_end) if c.title_end > c.title_start
                                     else c.marker_end)
    return secs
