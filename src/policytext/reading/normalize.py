"""A normalised view of the source text with an offset map back to it.

Rules are simpler on a canonical text: full-width digits and letters become
ASCII, ideographic spaces plain spaces, CRLF a single newline; zero-width
characters and the spaces OCR and PDF extraction put inside numbers
(``2 0 0 1年``, ``2035 年``, ``超过 50%``) are dropped, and so are a text extractor's page
breaks (form feeds) except where a paragraph starts after one, which the view reads as a line break. One-to-one
replacements keep offsets; every dropped character is recorded so that a
span in the view maps back to the exact source characters. Text written in traditional
characters is read in simplified ones, one character for one (``hant.py``).
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_left

import regex

from .hant import simplified

# One-to-one replacements (str.translate keeps length).
_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH.update({"％": "%", "．": ".", "＋": "+", "－": "-", "／": "/", "＝": "=", "＜": "<", "＞": ">", "＃": "#", "＊": "*"})
_FULLWIDTH.update({"\u3000": " ", "\xa0": " ", "\t": " ", "\r": "\n", "\u2002": " ", "\u2003": " "})
_TABLE = str.maketrans(_FULLWIDTH)
# str.translate looks every character up in the table; replacing only the runs that change is
# several times faster on Chinese text, where few characters do (and re scans a plain
# character class faster than regex).
_TRANSLATED_RUN = re.compile("[" + "".join(re.escape(c) for c in _FULLWIDTH) + "]+")


# A private-use character after a number is a glyph the extractor could not map, most
# often the dot of an item marker (1\ue010突破…); the view reads it as a dot.
# (The lookbehind stands after the character: a pattern that starts with a character class is
# searched by re's fast prefix scan, one that starts with a lookbehind is tried at every offset.)
_PRIVATE_AFTER_DIGIT = re.compile(r"[\ue000-\uf8ff](?<=[0-9０-９][\ue000-\uf8ff])")


def _translate(s: str) -> str:
    """``s`` with the one-to-one replacements (full-width to ASCII, odd spaces to plain ones) done."""
    return _TRANSLATED_RUN.sub(lambda m: m.group().translate(_TABLE), s)


def _canonical(s: str) -> str:
    """The one-to-one replacements of the view (lengths and offsets unchanged)."""
    s = _PRIVATE_AFTER_DIGIT.sub(".", _translate(s))
    # the page breaks the drops below kept start a paragraph
    return s.replace("\f", "\n") if "\f" in s else s


def view_form(s: str) -> str:
    """A short source string (a marker as written) as the view writes it: widths and the other
    one-to-one replacements, then simplified characters (nothing dropped).

    >>> view_form("１７．")
    '17.'
    """
    return simplified(_canonical(s))

_DIGIT = r"[0-9０-９]"
_SPACE = r"[ \t\u3000\xa0]"
# Characters to drop from the view; each alternative matches only characters to delete.
_DROP = regex.compile(
    r"\r(?=\n)"  # CRLF -> LF
    # A line of nothing but zero-width characters inside a paragraph's sentence (…交出一份人⏎\u200b⏎民满意…,
    # a web copy's page break) goes with both its line breaks: the words around it are one.
    # (The line before is no heading: it holds a comma or is long, and it does not end a sentence.)
    r"|\n(?=[\u200b\u200c\u200d\u2060\ufeff]+\n)(?<=(?:[，,][^\n]*|[^\n]{19})[^\n。！？；：!?;:\s]\n)"
    r"[\u200b\u200c\u200d\u2060\ufeff]+\n(?=\p{Han})(?![一二三四五六七八九十]+、|第[一二三四五六七八九十百]+[章节条篇部])"
    # The last one to three characters of a long numbered heading wrapped onto a line of their own
    # (（十二）…转型升级核心引领⏎区⏎依托…): the heading is one line. Only after a marker line that
    # ends in a character, and before a line of text, so a signature (…实施方案⏎国务院⏎2018年…) or a
    # column of table cells stays apart.
    r"|\n(?=\p{Han}{1,3}\n\p{Han}[^\n]{3})"
    rf"(?<=(?:^|\n){_SPACE}*(?:[（(](?:[一二三四五六七八九十]+|{_DIGIT}+)[)）]|[一二三四五六七八九十]+、|{_DIGIT}+[.．、])"
    r"[^\n]{14,}\p{Han}\n)"
    r"|[\u200b\u200c\u200d\u2060\ufeff\u00ad]"  # zero-width characters, soft hyphen
    # A text extractor's page break (form feed) falls anywhere, mid-word too (大宗农产\f品): the
    # text runs on, unless the next paragraph's indent follows it mid-line (…水平\f　　适应…),
    # where it stays and the view reads it as a line break.
    rf"|\f(?!{_SPACE}{{2}})|(?<=\n)\f"
    # OCR spaces a decimal point off its number (6 .5 %, 1 .⏎2万): a space is never written before
    # it. (Not a number that opens its line: 1 .⏎2025年… is an item marker.)
    rf"|(?<=[^\n0-9０-９]{_DIGIT}+){_SPACE}{{1,2}}(?=[.．]{_DIGIT}|[.．]\r?\n{_DIGIT})"
    rf"|(?<=[^\n0-9０-９]{_DIGIT}+{_SPACE}{{1,2}}[.．]\r?)\n(?={_DIGIT})"
    rf"|(?<={_DIGIT}){_SPACE}{{1,2}}(?=[\p{{Han}}%％])"  # 2035 年, 50 %
    rf"|(?<=[\p{{Han}}]){_SPACE}{{1,2}}(?={_DIGIT})",  # 超过 50
    regex.V1,
)

# OCR spells digits out with spaces between them: 2 0 0 1年, and a decimal's fraction: 37.5 0 0.
_SPACED_DIGITS = regex.compile(rf"(?:(?<![0-9０-９.．])|(?<={_DIGIT}[.．])){_DIGIT}(?: {_DIGIT})+(?![0-9０-９])")


# A page number line of a PDF page: — 3 —, - 3 -, 第3页, 3/12.
_PAGE_LINE = re.compile(r"[ \t\u3000]*(?:\d{1,4}|[-—–－]+[ \t\u3000]*\d{1,4}[ \t\u3000]*[-—–－]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})[ \t\u3000]*")
# Hard-wrapped text (a PDF page through a text extractor without reflow) has most of its
# lines at one width; shorter lines end paragraphs.
_MIN_WRAP_WIDTH = 12
_MIN_WRAPPED_SHARE = 0.3
_MIN_WRAPPED_LINES = 10


def _wrap_drops(source: str) -> list[int]:
    """The line breaks inside hard-wrapped paragraphs, and the page number lines between
    them, so that the view reads each paragraph as one line again."""
    if source.count("\n") < _MIN_WRAPPED_LINES:
        return []
    # (start, end) of every line, less a CR before its LF: walked once from the split's lengths.
    spans = []
    a = 0
    for line in source.split("\n"):
        b = a + len(line)
        spans.append((a, b - 1 if line.endswith("\r") else b))
        a = b + 1
    widths: dict[int, int] = {}
    for a, b in spans:
        if b - a >= _MIN_WRAP_WIDTH:
            widths[b - a] = widths.get(b - a, 0) + 1
    content = sum(1 for a, b in spans if b > a)
    if not widths or content < _MIN_WRAPPED_LINES:
        return []
    width, _ = max(widths.items(), key=lambda kv: (kv[1], kv[0]))
    # A line one character short of the width is full too (a wide character that did not fit; a
    # copy wrapped again by a narrower extractor mixes both), as the joining below treats it.
    count = widths.get(width, 0) + widths.get(width - 1, 0)
    if count < _MIN_WRAPPED_SHARE * content:
        return []
    # A hard wrap cuts sentences anywhere: most full-width lines end mid-sentence. Lines of
    # one width that end their sentences are a list, not a wrapped paragraph.
    ended = sum(1 for a, b in spans if width - 1 <= b - a <= width and source[b - 1] in "。！？；：!?;:")
    if ended * 2 > count:
        return []
    drops: list[int] = []
    prev: tuple[int, int] | None = None  # the last content line, while no blank line followed it
    pages: list[tuple[int, int]] = []  # page number lines since then
    for a, b in spans:
        if b == a:
            prev, pages = None, []
            continue
        if _PAGE_LINE.fullmatch(source, a, b):
            pages.append((a, b))
            drops.extend(range(a, b))
            continue
        # A full line that ends with a colon is a lead-in or the recipients line (各省、自治区、
        # 直辖市人民政府，国务院各部委、各直属机构：), not a wrap: what follows starts anew.
        if prev is not None and prev[1] - prev[0] >= width - 1 and source[prev[1] - 1] not in "：:" \
                and not _ends_short(source, prev, width, a):
            drops.extend(range(prev[1], a))  # the breaks and any page number between
        elif pages:
            # a page break between paragraphs: one line break stays
            drops.extend(pb for _pa, pb in pages if pb < len(source))
        prev, pages = (a, b), []
    return sorted(set(drops))


#: What may not end a line (a typesetter moves it to the next one, leaving the line a character short).
_OPENERS = "（(“‘《〈【〔「『"


def _ends_short(source: str, line: tuple[int, int], width: int, nxt: int) -> bool:
    """A line one character short of the width that ends its sentence (…的政策。) ended its paragraph:
    the paragraph's next character would have fitted. Unless that character is one a line may not
    end on (…销量。⏎（省工业和信息化厅负责）), which the typesetter moved down."""
    a, b = line
    return b - a == width - 1 and source[b - 1] in "。！？!?" and source[nxt:nxt + 1] not in _OPENERS


def _dropped(source: str) -> tuple[list[int], list[int]]:
    """Sorted source offsets the view leaves out: CR of CRLF, zero-width characters, spaces inside
    numbers, and the breaks and page numbers inside hard-wrapped paragraphs; and, apart, the line
    breaks among them that rejoined a hard wrap.
    """
    wrapped = _wrap_drops(source)
    if not wrapped:
        return _inline_drops(source), []
    # A hard wrap falls inside a number as anywhere (到2 0⏎ 0 5年, 1 2 ⏎%): the spaces in numbers are
    # looked for in the text with its wraps rejoined, and mapped back.
    kept, pieces, prev = [], [], 0
    for d in [*wrapped, len(source)]:
        if d > prev:
            kept.extend(range(prev, d))
            pieces.append(source[prev:d])
        prev = d + 1
    joined = "".join(pieces)
    drops = sorted({*wrapped, *(kept[i] for i in _inline_drops(joined))})
    return drops, [i for i in wrapped if source[i] == "\n"]


def _inline_drops(source: str) -> list[int]:
    """Sorted offsets of what the view leaves out within lines: CR of CRLF, zero-width characters,
    spaces inside and around numbers."""
    drops = [i for m in _DROP.finditer(source) for i in range(m.start(), m.end())]
    if " " in source:
        spaced = [
            m.start() + i
            for m in _SPACED_DIGITS.finditer(source)
            for i, ch in enumerate(m.group())
            if ch == " "
        ]
        if spaced:
            drops = sorted(set(drops).union(spaced))
    return drops


class TextView:
    """Normalised text plus the map from each of its offsets to the source.

    >>> view = TextView("到２０２５年，超过 50％，完成")
    >>> view.text
    '到2025年，超过50%，完成'
    >>> view.text[9:12], view.src_span(9, 12)  # the space before 50 was dropped from the view
    ('50%', (10, 13))
    """

    __slots__ = ("text", "_to_src", "source_len", "joins")

    def __init__(self, source: str):
        """Build the view of ``source``: replacements, drops, then simplified characters; the offset map is
        kept only when something was dropped (else offsets are the same). ``joins`` are the view offsets
        where a hard-wrapped paragraph was rejoined: a wrap can fall where a paragraph ended.
        """
        self.source_len = len(source)
        drops, joins = _dropped(source)
        # a drop's view offset is its source offset less the drops before it; a break and the page
        # number after it join at one place
        self.joins = sorted({j - bisect_left(drops, j) for j in joins})
        if not drops:
            self.text = simplified(_canonical(source))
            self._to_src = None  # identity
            return
        keep = array("i")
        pieces = []
        prev = 0
        for d in drops:
            if d > prev:
                pieces.append(source[prev:d])
                keep.extend(range(prev, d))
            prev = d + 1
        pieces.append(source[prev:])
        keep.extend(range(prev, len(source)))
        keep.append(len(source))
        self.text = simplified(_canonical("".join(pieces)))
        self._to_src = keep

    def src_pos(self, i: int) -> int:
        """Source offset of view offset ``i`` (``len(view)`` maps to ``len(source)``)."""
        return i if self._to_src is None else self._to_src[i]

    def view_pos(self, src: int) -> int:
        """View offset of source offset ``src``: of the first character the view keeps from there on."""
        return src if self._to_src is None else bisect_left(self._to_src, src)

    def src_span(self, start: int, end: int) -> tuple[int, int]:
        """Source span covering the view span ``[start, end)``."""
        if self._to_src is None:
            return (start, end)
        if end <= start:
            p = self._to_src[start]
            return (p, p)
        return (self._to_src[start], self._to_src[end - 1] + 1)
