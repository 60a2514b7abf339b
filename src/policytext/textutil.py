"""Small text helpers shared by stages: lines, genre words, dates, 发文字号."""
from __future__ import annotations

import datetime
import re
import unicodedata
from functools import cache

import regex

from .data import genre_words

#: The one table of Chinese digits (with the letter O that OCR reads for 〇), for every reader of
#: Chinese numerals: dates, ordinals, quantities.
CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUM = "〇零○一二两三四五六七八九十百"

# 发文字号: 国发〔2022〕14号, 浙政办发[2021]5号, 皖政办秘〔2021〕82号.
DOC_NUMBER = regex.compile(
    r"(?P<prefix>[\p{Han}A-Za-z]{1,10}?)\s*[〔\[［(（【﹝]\s*(?P<year>(?:19|20)\d\d)\s*[〕\]］)）】﹞]"
    r"\s*(?:第\s*)?(?P<serial>\d{1,5})\s*号"
)
# DOC_NUMBER from the opening bracket on: cheap to search for, since it starts with a bracket.
_DOC_NUMBER_TAIL = regex.compile(
    r"[〔\[［(（【﹝]\s*(?:19|20)\d\d\s*[〕\]］)）】﹞]\s*(?:第\s*)?\d{1,5}\s*号"
)
_DOC_NUMBER_PREFIX_MAX = 10
_SPACES_BEFORE = regex.compile(r"\s*", regex.REVERSE)


def iter_doc_numbers(text: str, pos: int = 0, endpos: int | None = None):
    """The matches of ``DOC_NUMBER.finditer(text, pos, endpos)``, found several times faster.

    DOC_NUMBER opens with a short lazy prefix, so a plain scan tries up to ten characters at
    every Han character of the text. A match needs its bracket tail to match at most ten
    prefix characters plus a run of spaces after its start; so find each tail first and try
    DOC_NUMBER only at the positions before it that could reach it.
    """
    endpos = len(text) if endpos is None else min(endpos, len(text))
    while pos < endpos:
        tail = _DOC_NUMBER_TAIL.search(text, pos + 1, endpos)
        if tail is None:
            return
        b = tail.start()
        spaces = len(_SPACES_BEFORE.match(text, pos, b).group())
        for p in range(max(pos, b - spaces - _DOC_NUMBER_PREFIX_MAX), b):
            m = DOC_NUMBER.match(text, p, endpos)
            if m:
                yield m
                pos = m.end()
                break
        else:
            pos = b


_DATE_ARABIC = regex.compile(
    r"(?P<y>(?:19|20)\d\d)\s*(?:年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?|[-./](?P<m2>\d{1,2})[-./](?P<d2>\d{1,2}))"
)
_DATE_CN = regex.compile(
    rf"(?P<y>[〇零○一二三四五六七八九]{{4}})年(?P<m>[{_CN_NUM}]{{1,3}})月(?:(?P<d>[{_CN_NUM}]{{1,3}})日)?"
)


def lines(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each line in text[start:end], without the newline.

    >>> lines("标题\\n\\n  正文 ")
    [(0, 2), (3, 3), (4, 9)]
    """
    end = len(text) if end is None else end
    if start > end:
        return []
    out, pos = [], start
    for line in text[start:end].split("\n"):  # split runs in C; a find() loop costs a call per line
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    out[-1] = (out[-1][0], end)
    return out


def strip_span(text: str, start: int, end: int, chars: str = " \t\u3000#*>") -> tuple[int, int]:
    """Shrink [start, end) past leading/trailing blanks (and Markdown emphasis).

    >>> strip_span("## 标题 *", 0, 7)
    (3, 5)
    """
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in " \t\u3000*":
        end -= 1
    return start, end


def is_digits(s: str) -> bool:
    """True for a non-empty run of ASCII or full-width digits only.

    ``str.isdigit`` also accepts superscripts, circled numbers and other scripts' digits
    (``"²".isdigit()`` is True and ``int("²")`` raises), so numbers are tested with this.

    >>> is_digits("2025"), is_digits("２０２５"), is_digits("²"), is_digits("①"), is_digits("")
    (True, True, False, False, False)
    """
    return bool(s) and all("0" <= ch <= "9" or "０" <= ch <= "９" for ch in s)


def cn_small_int(s: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23, 一百零五 → 105; digits pass through; None for anything else.

    >>> cn_small_int("一百零五"), cn_small_int("十二"), cn_small_int("１２"), cn_small_int("第")
    (105, 12, 12, None)
    """
    if not s:
        return None
    if is_digits(s):
        return int(s)
    total, cur = 0, 0
    for ch in s:
        if ch in CN_DIGITS:
            cur = CN_DIGITS[ch]
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
        else:
            return None
    return total + cur


def parse_date(s: str) -> tuple[str, tuple[int, int]] | None:
    """The first full or partial date in s as (ISO, span): 2022年12月30日, 二〇二二年十二月三十日, 2022-12-30.

    None when there is none, or the first one is no real day.

    >>> parse_date("成文日期：2022年12月30日"), parse_date("二〇二二年十二月"), parse_date("2023年2月30日")
    (('2022-12-30', (5, 16)), ('2022-12', (0, 8)), None)
    """
    m = _DATE_ARABIC.search(s)
    cn = _DATE_CN.search(s)
    if cn and (not m or cn.start() < m.start()):
        y = "".join(str(CN_DIGITS[c]) for c in cn["y"])
        mo, d = cn_small_int(cn["m"]), cn_small_int(cn["d"] or "")
        iso = _iso(int(y), mo, d)
        return (iso, cn.span()) if iso else None
    if not m:
        return None
    mo = int(m["m"] or m["m2"])
    d = m["d"] or m["d2"]
    iso = _iso(int(m["y"]), mo, int(d) if d else None)
    return (iso, m.span()) if iso else None


def _iso(y: int, m: int | None, d: int | None) -> str | None:
    """``iso_date_of`` of a parsed date; a day of None (not matched) gives month precision."""
    if m is None:
        return iso_date_of(y)
    return iso_date_of(y, m, d) if d else iso_date_of(y, m)


def iso_date_of(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """ISO text of a date of any precision (2023, 2023-06, 2023-06-30); None when the calendar has
    no such day (2023-02-30, month 13). The one date check of the package: header, formats, times.

    >>> iso_date_of(2023), iso_date_of(2023, 6), iso_date_of(2023, 6, 30), iso_date_of(2023, 2, 30)
    ('2023', '2023-06', '2023-06-30', None)
    """
    try:
        datetime.date(year, month or 1, day or 1)
    except (ValueError, TypeError, OverflowError):
        return None
    if month is None:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" if day is None else f"{year:04d}-{month:02d}-{day:02d}"


_TRAILING_BRACKETS = regex.compile(r"(?:\s*[(（〔\[][^()（）〔〕\[\]]{0,30}[)）〕\]])+\s*$")


@cache
def _genre_pattern() -> regex.Pattern:
    """A genre word at the end of a string, the longest first (实施方案 before 方案)."""
    words = sorted(genre_words(), key=len, reverse=True)
    return regex.compile("(?:" + "|".join(map(regex.escape, words)) + r")$")


def doc_type_of(title: str | None) -> str | None:
    """The genre word that ends a title, after dropping trailing brackets: …实施方案（试行） → 实施方案.

    >>> doc_type_of("关于印发《行动计划》的通知"), doc_type_of("数字政府建设实施方案（试行）"), doc_type_of("附件")
    ('通知', '实施方案', None)
    """
    if not title:
        return None
    core = _TRAILING_BRACKETS.sub("", title.strip().rstrip("。.")).strip("》”\" ")
    m = _genre_pattern().search(core)
    return m.group() if m else None


#: The characters NFKC changes that Chinese government text is full of, with their NFKC forms.
_NFKC_COMMON = tuple((c, unicodedata.normalize("NFKC", c)) for c in "，：；！？（）％．／～\u3000０１２３４５６７８９")


def nfkc(s: str) -> str:
    """``unicodedata.normalize("NFKC", s)``, several times faster on Chinese text: the full-width
    punctuation that makes almost every sentence change is folded with ``str.replace`` first, and
    the full algorithm runs only if something else is left to change. Exact: each replacement is
    the character's own NFKC form, which keeps the string compatibility-equivalent, and
    equivalent strings share one NFKC form.

    >>> nfkc("２０２５年，ＰＭ２.５")
    '2025年,PM2.5'
    """
    if unicodedata.is_normalized("NFKC", s):  # most task titles: no scan for each common character
        return s
    for char, folded in _NFKC_COMMON:
        if char in s:
            s = s.replace(char, folded)
    if unicodedata.is_normalized("NFKC", s):
        return s
    # unicodedata.normalize costs thousands of instructions a character, and one ＋ or Ⅱ in a long text
    # would have all of it normalised: only the pieces that change are, each starting at a character
    # that nothing before it combines with (the NFKC of the whole is the NFKC of such pieces joined)
    out = []
    start = 0
    while start < len(s):
        cut = _NFKC_SEGMENT_START.search(s, start + _NFKC_PIECE)
        end = cut.start() if cut else len(s)
        piece = s[start:end]
        out.append(piece if unicodedata.is_normalized("NFKC", piece) else unicodedata.normalize("NFKC", piece))
        start = end
    return "".join(out)


#: The length past which ``nfkc`` cuts a text that needs the full algorithm into pieces.
_NFKC_PIECE = 32


#: Characters whose decomposition starts with a starter that never composes with a preceding character
#: (ASCII and Latin-1, CJK punctuation and ideographs, full-width ASCII; a test checks every one).
_NFKC_SEGMENT_START = re.compile("[\x00-\u02ff\u3000-\u3029\u4e00-\u9fff\uff01-\uff5e]")


def starts_nfkc_segment(c: str) -> bool:
    """Whether NFKC of a string starting with ``c`` is NFKC of what precedes it followed by NFKC of the
    string: ``c`` is one of ``_NFKC_SEGMENT_START`` (compared, not matched: it runs once a task)."""
    return c < "\u0300" or "\u3000" <= c <= "\u3029" or "\u4e00" <= c <= "\u9fff" or "\uff01" <= c <= "\uff5e"


def one_line(text: str) -> bool:
    """Whether a text is one-line (OCR or a database cell flattened it): a long text of at most three
    line breaks. The sections and tasks stages read such text by its markers, not its lines."""
    return text.count("\n") <= 3 and len(text) > 600


def bare(s: str) -> str:
    """Letters, digits and Han only: for comparing titles across widths and punctuation.

    >>> bare("《数字政府》建设（2023—2025年）") == bare("数字政府建设(2023-2025年)")
    True
    """
    return "".join(filter(str.isalnum, s)).lower()


_OPEN = "(（〔[［【《“‘{"
_CLOSE = ")）〕]］】》”’}"


def split_top_level(s: str, seps: str, offset: int = 0) -> list[tuple[str, int, int]]:
    """Split at separators that are not inside brackets or quotes; keeps offsets.

    >>> split_top_level("各区、县(市)政府，市政府各部门、各单位", "，,")
    [('各区、县(市)政府', 0, 9), ('市政府各部门、各单位', 10, 20)]
    """
    out, depth, start = [], 0, 0
    for i, ch in enumerate(s):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in seps and depth == 0:
            out.append((start, i))
            start = i + 1
    out.append((start, len(s)))
    result = []
    for a, b in out:
        while a < b and s[a] in " \t\u3000":
            a += 1
        while b > a and s[b - 1] in " \t\u3000":
            b -= 1
        if b > a:
            result.append((s[a:b], offset + a, offset + b))
    return result


# Words a leftmost match of DOC_NUMBER can swallow before the real prefix:
# letterheads (…厅文件鲁财会〔2021〕13号) and running text (根据国发〔2022〕14号).
_BEFORE_PREFIX = regex.compile(r"^.*(?:文件|根据|按照|依据|落实|贯彻|参照|执行|印发|转发|关于|和|及|与|的|号)")
# A telegram's class mark printed before its number (特急·明电鲁政办发明电〔2021〕1号), not part of it.
_TELEGRAM_MARK = regex.compile(r"^明电(?=\p{Han}{2})")
# Organ names end in 厅/局 too (赣府厅发), so only an implausibly long prefix is cut there.
_BEFORE_LONG_PREFIX = regex.compile(r"^.*(?:厅|局|纪要)")


def number_parts(m: regex.Match) -> tuple[str, str, int, int] | None:
    """(text, prefix, year, serial) of a DOC_NUMBER match, its prefix cleaned; None if nothing is left.

    A leftmost match takes the words before the number too; they are cut off here.

    >>> [m.group() for m in iter_doc_numbers("根据国发〔2022〕14号和浙政办发[2021]5号")]
    ['根据国发〔2022〕14号', '和浙政办发[2021]5号']
    >>> number_parts(DOC_NUMBER.search("根据国发〔2022〕14号"))
    ('国发〔2022〕14号', '国发', 2022, 14)
    """
    prefix = m["prefix"]
    if len(prefix) > 2:
        prefix = _BEFORE_PREFIX.sub("", prefix)
        prefix = _TELEGRAM_MARK.sub("", prefix)
    if len(prefix) > 6:
        prefix = _BEFORE_LONG_PREFIX.sub("", prefix)
    if not prefix:
        return None
    text = m.group()[len(m["prefix"]) - len(prefix):].strip()
    return text, prefix, int(m["year"]), int(m["serial"])
