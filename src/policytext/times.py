"""Time expressions: deadlines (到2025年, 2023年底前), dates, periods, recurrences, ongoing work.

``find_times(text, signed_date)`` returns them in text order. Relative phrases
(年底前, 年内, 今年, 明年) resolve against the document's signed date, never
today's; without one their value is None. Dates inside 《》 titles and 发文字号
are not time expressions of the text. A year that cannot be meant (a
scrambled 0403年) keeps its place with value None, so that it still ends the
scope of an earlier deadline.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from .numerals import TIMEOUT
from .textutil import is_digits

MIN_YEAR, MAX_YEAR = 1949, 2100
RECURRING = {"每年": "P1Y", "每一年": "P1Y", "每季度": "P3M", "每个季度": "P3M", "每月": "P1M",
             "每个月": "P1M", "每半年": "P6M", "每周": "P1W", "每两年": "P2Y", "每三年": "P3Y"}
ONGOING = ("长期坚持", "持续推进", "长期推进", "常态化推进", "持续开展", "长期开展")
PLAN_DIGITS = "一二三四五六七八九"


@dataclass(frozen=True)
class TimePhrase:
    start: int
    end: int
    text: str
    kind: str  # deadline | date | period | recurring | ongoing
    value: str | None
    # A deadline that governs the targets after it (到2025年); start dates (2020年起)
    # and past anchors (2015年以来) do not.
    governs: bool = False
    # A past anchor (…以来) or a start date (…起).
    past: bool = False


@functools.cache
def _patterns() -> regex.Pattern:
    sep = r"\s*(?:——|—|-|–|~|～|至|到)\s*"
    plan = rf"“?十(?P<plan>[{PLAN_DIGITS}])五”?(?:(?P<planx>期间|时期|规划期|末|期末))?"
    span = rf"(?<!\d)(?P<y1>\d{{4}})年?{sep}(?P<y2>\d{{4}})(?!\d)年?(?P<spanx>期间|内)?"
    date = (r"(?P<pre>比|较|同比|与|力争到|力争在|力争于|力争|截至|截止到|截止|到|至|在|于|从|自)?"
            r"(?<!\d)(?P<y>\d{4})\s*年(?:(?P<m>\d{1,2})\s*月(?:份)?(?:(?P<d>\d{1,2})\s*日)?)?"
            r"(?P<suf>上半年|下半年|年底前|年底|年末|底前|底|末|前|以前|之前|起|以来|开始|内)?")
    rel = (r"(?<![\d年〕)])(?P<rel>今年底前|今年年底前|今年底|今年内|今年|明年底前|明年底|明年|"
           r"年底前|年内|本年度|次年)")
    rec = "(?P<rec>" + "|".join(sorted(RECURRING, key=len, reverse=True)) + ")"
    ong = "(?P<ong>" + "|".join(ONGOING) + ")"
    return regex.compile(f"{plan}|{span}|{date}|{rel}|{rec}|{ong}")


_SHIELD = regex.compile(r"《[^《》\n]{1,120}》|〔\d{4}〕|\[\d{4}\]")


def _shields(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _SHIELD.finditer(text, timeout=TIMEOUT)]


def _year(y: str | int) -> int | None:
    y = int(y)
    return y if MIN_YEAR <= y <= MAX_YEAR else None


def find_times(text: str, signed_date: str | None = None) -> list[TimePhrase]:
    """Every time expression in ``text``; offsets are into ``text``."""
    signed_year = _year(signed_date[:4]) if signed_date and is_digits(signed_date[:4]) else None
    shields = _shields(text)
    out: list[TimePhrase] = []
    for m in _patterns().finditer(text, timeout=TIMEOUT * 5):
        if any(a <= m.start() < b for a, b in shields):
            continue
        tp = _phrase(m, signed_year)
        if tp is not None:
            out.append(tp)
    return out


def _phrase(m: regex.Match, signed_year: int | None) -> TimePhrase | None:
    s, e, t = m.start(), m.end(), m.group()
    g = m.groupdict()
    if g["plan"]:
        start = 1981 + 5 * (10 + PLAN_DIGITS.index(g["plan"]) + 1 - 6)
        if g["planx"] in ("末", "期末"):
            return TimePhrase(s, e, t, "deadline", str(start + 4), governs=True)
        return TimePhrase(s, e, t, "period", f"{start}/{start + 4}")
    if g["y1"]:
        y1, y2 = _year(g["y1"]), _year(g["y2"])
        if y1 is None or y2 is None or y2 <= y1 or y2 - y1 > 30:
            return None
        return TimePhrase(s, e, t, "period", f"{y1}/{y2}")
    if g["y"]:
        return _date(m, s, e, t)
    if g["rel"]:
        rel = g["rel"]
        if signed_year is None:
            return TimePhrase(s, e, t, "deadline", None)
        year = signed_year + 1 if rel.startswith(("明年", "次年")) else signed_year
        value = f"{year}-12" if "底" in rel else str(year)
        return TimePhrase(s, e, t, "deadline", value, governs=True)
    if g["rec"]:
        return TimePhrase(s, e, t, "recurring", RECURRING[g["rec"]])
    return TimePhrase(s, e, t, "ongoing", None)


def _date(m: regex.Match, s: int, e: int, t: str) -> TimePhrase | None:
    g = m.groupdict()
    pre, suf = g["pre"] or "", g["suf"] or ""
    year = _year(g["y"])
    month = int(g["m"]) if g["m"] else None
    day = int(g["d"]) if g["d"] else None
    if month is not None and not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
        return None
    if year is None:
        value = None
    elif month is None:
        value = {"上半年": f"{year}-06", "下半年": f"{year}-12", "年底前": f"{year}-12", "年底": f"{year}-12",
                 "年末": f"{year}-12", "底前": f"{year}-12", "底": f"{year}-12", "末": f"{year}-12"}.get(
                     suf, str(year))
    elif day is None:
        value = f"{year}-{month:02d}"
    else:
        value = f"{year}-{month:02d}-{day:02d}"
    if pre in ("比", "较", "同比", "与"):
        return TimePhrase(s, e, t, "date", value)  # 比2020年下降5%: the baseline year
    if suf in ("起", "开始") or pre in ("从", "自"):
        return TimePhrase(s, e, t, "date", value, past=True)
    if suf == "以来":
        return TimePhrase(s, e, t, "date", value, past=True)
    if day is not None and not pre and suf not in ("前", "以前", "之前"):
        return TimePhrase(s, e, t, "date", value)
    return TimePhrase(s, e, t, "deadline", value, governs=True)
