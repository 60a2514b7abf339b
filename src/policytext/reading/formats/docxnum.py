"""Word's automatic list numbering: the 一、 （一） 1. that numbering.xml adds to a paragraph.

A heading whose marker comes from numbering.xml has no marker in its text, so
the marker is rendered here the way Word shows it: counters per list, deeper
levels restarting when a shallower one advances, ``lvlText`` templates such as
``（%2）`` and number formats such as chineseCounting.
"""
from __future__ import annotations

import re

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DIGITS = "〇一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def chinese_number(n: int, digits: str = _DIGITS, units: str = "十百千") -> str:
    """``n`` counted in Chinese as Word's chineseCounting shows it (up to 9999; digits beyond).

    >>> chinese_number(1), chinese_number(10), chinese_number(21), chinese_number(105)
    ('一', '十', '二十一', '一百〇五')
    """
    if n <= 0 or n > 9999:
        return str(n)
    parts: list[str] = []
    zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // power % 10
        if d:
            if zero and parts:
                parts.append(digits[0])
            parts.append(("" if (d == 1 and power == 10 and n < 20) else digits[d]) + unit)
            zero = False
        elif parts:
            zero = True
    return "".join(parts)


#: Letters and roman numerals grow with the number (Word shows 27 as aa, 5000 as mmmmm); past these
#: a crafted w:start (10^11) would build gigabyte strings, so the number is shown in digits instead.
MAX_LETTER_REPEAT = 10
MAX_ROMAN = 3999
#: A level's template (lvlText, such as "（%2）") is a few characters; a crafted one repeating %1 a million
#: times would be rendered before every numbered paragraph.
MAX_LVL_TEXT = 64


def _letters(n: int) -> str:
    """``n`` as Word's letters (1 → a, 27 → aa); digits past MAX_LETTER_REPEAT."""
    # Word repeats the letter: 27 → aa.
    repeat = (n - 1) // 26 + 1
    if n < 1 or repeat > MAX_LETTER_REPEAT:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * repeat


def _roman(n: int) -> str:
    """``n`` in lower-case roman numerals; digits past MAX_ROMAN."""
    if n < 1 or n > MAX_ROMAN:
        return str(n)
    out = []
    for value, sym in _ROMAN:
        count, n = divmod(n, value)
        out.append(sym * count)
    return "".join(out)


def format_number(n: int, fmt: str) -> str:
    """``n`` in one of Word's number formats (chineseCounting, decimalEnclosedCircle, upperRoman…);
    unknown formats fall back to decimal, bullets to "".

    >>> format_number(12, "chineseCounting"), format_number(3, "decimalEnclosedCircle"), format_number(4, "upperRoman")
    ('十二', '③', 'IV')
    """
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting"):
        return chinese_number(n)
    if fmt == "chineseLegalSimplified":
        return chinese_number(n, _LEGAL_DIGITS, "拾佰仟")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_DIGITS[int(c)] for c in str(n))
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


class _Level:
    """One level of a list definition: start number, number format, template, suffix, legal numbering
    and which level restarts it.
    """
    __slots__ = ("start", "fmt", "text", "suffix", "legal", "restart")

    def __init__(self, lvl):
        def val(tag: str, default=None):
            el = lvl.find(W + tag)
            return el.get(W + "val", default) if el is not None else default

        self.start = _int(val("start"), 1)
        self.fmt = val("numFmt", "decimal")
        self.text = val("lvlText", "")[:MAX_LVL_TEXT]
        self.suffix = val("suff", "tab")
        self.legal = lvl.find(W + "isLgl") is not None
        restart = val("lvlRestart")
        self.restart = _int(restart, None) if restart is not None else None


def _int(value, default):
    """``value`` as an int, or ``default`` when it is missing, not a number or implausibly long."""
    # Word itself stops at 32767; a longer number is junk, and str(int) of thousands of digits is slow.
    if value is None or len(str(value)) > 16:
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


class Numbering:
    """Renders list markers in document order; call ``marker`` once per numbered paragraph."""

    def __init__(self, numbering_xml, styles_xml=None):
        """Load the list definitions (numbering.xml) and the styles that number their paragraphs
        (styles.xml); either may be None.
        """
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._num: dict[str, tuple[str, dict[int, _Level], dict[int, int]]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._style_num: dict[str, tuple[str | None, int | None]] = {}
        if numbering_xml is not None:
            self._load(numbering_xml)
        if styles_xml is not None:
            self._load_styles(styles_xml)

    def _load(self, root) -> None:
        """Read the abstract list definitions and the lists (num) that use them, with their level overrides
        and start overrides.
        """
        for ab in root.iter(W + "abstractNum"):
            levels = {_int(lv.get(W + "ilvl"), 0): _Level(lv) for lv in ab.findall(W + "lvl")}
            self._abstract[ab.get(W + "abstractNumId")] = levels
        for num in root.iter(W + "num"):
            ab = num.find(W + "abstractNumId")
            if ab is None:
                continue
            overrides: dict[int, _Level] = {}
            starts: dict[int, int] = {}
            for ov in num.findall(W + "lvlOverride"):
                ilvl = _int(ov.get(W + "ilvl"), 0)
                lv = ov.find(W + "lvl")
                if lv is not None:
                    overrides[ilvl] = _Level(lv)
                so = ov.find(W + "startOverride")
                if so is not None:
                    starts[ilvl] = _int(so.get(W + "val"), 1)
            self._num[num.get(W + "numId")] = (ab.get(W + "val"), overrides, starts)

    def _load_styles(self, root) -> None:
        """Record which paragraph styles number their paragraphs, following ``basedOn`` chains (without
        looping on a cycle).
        """
        based: dict[str, str] = {}
        own: dict[str, tuple[str | None, int | None]] = {}
        for st in root.iter(W + "style"):
            sid = st.get(W + "styleId")
            b = st.find(W + "basedOn")
            if b is not None:
                based[sid] = b.get(W + "val")
            np_ = st.find(f"{W}pPr/{W}numPr")
            if np_ is not None:
                own[sid] = _num_pr(np_)
        for sid in set(based) | set(own):
            seen, cur = set(), sid
            while cur and cur not in own and cur not in seen:
                seen.add(cur)
                cur = based.get(cur)
            if cur in own:
                self._style_num[sid] = own[cur]

    def numbering_of(self, ppr) -> tuple[str, int] | None:
        """(numId, ilvl) of a paragraph, from its own numPr or its style's."""
        if ppr is None:
            return None
        num_id, ilvl = None, None
        style = ppr.find(W + "pStyle")
        if style is not None and style.get(W + "val") in self._style_num:
            num_id, ilvl = self._style_num[style.get(W + "val")]
        np_ = ppr.find(W + "numPr")
        if np_ is not None:
            own_id, own_lvl = _num_pr(np_)
            num_id = own_id if own_id is not None else num_id
            ilvl = own_lvl if own_lvl is not None else ilvl
        if num_id is None or num_id == "0" or num_id not in self._num:
            return None
        return num_id, ilvl or 0

    def marker(self, num_id: str, ilvl: int) -> str:
        """The marker of the next paragraph numbered (``num_id``, ``ilvl``), advancing that list's counter
        and restarting deeper levels, as Word renders it.

        >>> from policytext.reading.formats.safezip import parse_xml
        >>> xml = ('<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        ...        '<w:abstractNum w:abstractNumId="0">'
        ...        '<w:lvl w:ilvl="0"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        ...        '<w:lvl w:ilvl="1"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        ...        '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
        >>> numbering = Numbering(parse_xml(xml.encode(), None, "word/numbering.xml"))
        >>> [numbering.marker("1", level) for level in (0, 1, 1, 0, 1)]
        ['一、', '（一）', '（二）', '二、', '（一）']
        """
        abstract_id, overrides, starts = self._num[num_id]
        levels = {**self._abstract.get(abstract_id, {}), **overrides}
        level = levels.get(ilvl)
        if level is None:
            return ""
        # Lists sharing an abstract definition continue one another unless a start is overridden.
        key = f"num:{num_id}" if starts else f"abs:{abstract_id}"
        counters = self._counters.get(key)
        if counters is None:
            counters = self._counters[key] = {}
        current = counters.get(ilvl)
        counters[ilvl] = (starts.get(ilvl, level.start) if current is None else current + 1)
        for deeper in [k for k in counters if k > ilvl]:
            lv = levels.get(deeper)
            if lv is None or lv.restart is None or lv.restart > ilvl:
                del counters[deeper]
        if level.fmt == "bullet" or level.fmt == "none":
            return ""

        def render(m: re.Match) -> str:
            n = int(m.group(1)) - 1
            lv = levels.get(n)
            value = counters.get(n, lv.start if lv else 1)
            fmt = "decimal" if (level.legal and n < ilvl) else (lv.fmt if lv else "decimal")
            return format_number(value, fmt)

        text = re.sub(r"%([1-9])", render, level.text)
        # 第一章 + tab shows as a gap; 一、 and 1. are followed directly by the text, as typed.
        if text and level.suffix != "nothing" and text[-1].isalnum():
            text += " "
        return text


def _num_pr(np_) -> tuple[str | None, int | None]:
    """``(numId, ilvl)`` of a numPr element, each None when absent."""
    nid = np_.find(W + "numId")
    lvl = np_.find(W + "ilvl")
    return (nid.get(W + "val") if nid is not None else None,
            _int(lvl.get(W + "val"), 0) if lvl is not None else None)
