"""Time expressions: deadlines (到2025年, 2023年底前), dates, periods, recurrences, ongoing work.

``find_times(text, signed_date)`` returns them in text order. Relative phrases
(年底前, 年内, 今年, 明年, and a month without a year: 于3月2日前, 7月底前)
resolve against the document's signed date, never today's; without one their
value is None. 次年 is the year after one the sentence names (10月至次年1月,
于获批次年), so it never resolves. Dates inside 《》 titles and 发文字号
are not time expressions of the text. A year that cannot be meant (a
scrambled 0403年) keeps its place with value None, so that it still ends the
scope of an earlier deadline.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from ..textutil import CN_DIGITS, cn_small_int, is_digits, iso_date_of
from .numerals import TIMEOUT

MIN_YEAR, MAX_YEAR = 1949, 2100
RECURRING = {"每年": "P1Y", "每一年": "P1Y", "每季度": "P3M", "每个季度": "P3M", "每月": "P1M",
             "每个月": "P1M", "每半年": "P6M", "每周": "P1W", "每两年": "P2Y", "每三年": "P3Y", "每季": "P3M"}
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

    @property
    def until(self) -> str | None:
        """The deadline this phrase sets for what it governs: a period's end (“十四五”时期 → 2025)."""
        return self.value.rpartition("/")[2] if self.value and self.kind == "period" else self.value


# What a work plan's milestone says is done by a month (（6月底完成，…）, 5月底取得明显成效).
_MILESTONE = "完成|建成|取得|实现|上线|出台|印发|启动|开工|竣工|到位|见效"
#: 纳入年底效能考核: a year-end assessment, a kind of thing, not when the sentence's work is due.
_YEAR_END_NOUNS = ("考核", "效能", "绩效", "考评", "述职")
#: 在年中和年末向国务院报告: the year's end beside another time of year is when a standing duty recurs.
_OTHER_TIME_OF_YEAR = regex.compile(r"(?:年中|年初|半年)[和与及、]$")
#: Sending something in (报送材料, 上报名单, 提交报告): 于 a day before one of these is the day it is due.
_SUBMIT = "报送|上报|报至|报给|提交|反馈|寄送|寄至|送至|送达|报名"
_CN_DIGIT_CLASS = "[〇○零一二三四五六七八九]"
_CN_YEAR = _CN_DIGIT_CLASS + "{4}"
_CN_SMALL = "[一二三四五六七八九十]{1,3}"
# Words before a year that belong to the phrase (力争到2025年, 比2020年); the first alternative that
# matches is taken, so a longer word stands before its prefix.
_DATE_PREFIXES = ("比", "较", "同比", "与", "力争到", "力争在", "力争于", "力争", "截至", "截止到", "截止",
                  "到", "至", "在", "于", "从", "自")


def _alternatives() -> str:
    sep = r"\s*(?:——|—|―{1,2}|-|–|~|～|至|到)\s*"
    # A lookbehind stands after the first character it guards (\d(?<!\d\d) rather than (?<!\d)\d):
    # this pattern is tried at every character of the text, and a branch that fails on its first
    # character costs least (find_times is a fifth faster so).
    plan = rf"“?十(?P<plan>[{PLAN_DIGITS}])五”?(?:(?P<planx>期间|时期|规划期|末|期末))?"
    # 2021—2025年, 从2021年到2025年: one period.
    span = rf"(?:从|自)?(?P<y1>\d(?<!\d\d)\d{{3}})年?{sep}(?P<y2>\d{{4}})(?!\d)年?(?P<spanx>期间|内)?"
    # 2018年10月至2021年7月底: months of two years, one period (a statistics window, a plan's span).
    ym_span = (rf"(?P<py1>\d(?<!\d\d)\d{{3}})年(?P<pm1>\d{{1,2}})月份?{sep}"
               rf"(?P<py2>\d{{4}})年(?P<pm2>\d{{1,2}})月(?:份|底|末)?")
    # 自2012年2月1日至2017年1月31日, 2019年1月1日至12月31日: a window from one day to another, one period.
    day_span = (rf"(?:自|从)?(?P<dy1>\d(?<!\d\d)\d{{3}})年(?P<dm1>\d{{1,2}})月(?P<dd1>\d{{1,2}})日{sep}"
                rf"(?:(?P<dy2>\d{{4}})年)?(?P<dm2>\d{{1,2}})月(?P<dd2>\d{{1,2}})日")
    # Old-style 公文 dates spell the year digit by digit: 二〇三五年, 二〇二三年十二月二十日.
    year = rf"(?P<y>\d(?<!\d\d)\d{{3}})|(?P<ycn>{_CN_DIGIT_CLASS}(?<!{_CN_DIGIT_CLASS}{{2}}){_CN_DIGIT_CLASS}{{3}})"
    month = rf"(?P<m>\d{{1,2}}|{_CN_SMALL})"
    day = rf"(?P<d>\d{{1,2}}|{_CN_SMALL})"
    # 2023年6月至9月, 2024年1—6月, 2023年4月12日至19日: a range within the year.
    month_range = rf"(?:{sep}(?P<m2>\d{{1,2}}|{_CN_SMALL})月(?!\d*日))?"
    day_range = rf"(?:{sep}(?P<d2>\d{{1,2}}|{_CN_SMALL})日)?"
    date = ("(?P<pre>" + "|".join(_DATE_PREFIXES) + ")?"
            rf"(?:{year})\s*年(?:{month}(?:{sep}(?P<mb>\d{{1,2}}|{_CN_SMALL}))?\s*月(?:份)?(?:{day}\s*日{day_range}|{month_range}))?"
            r"(?P<suf>上半年|下半年|年底前|年底|年末|底前|底|末|前|以前|之前|起|以来|开始|内)?")
    # 2023-03-15, 2023.3.15, 2023/03/15: numeric dates (in tables and headers).
    numeric = r"(?P<ny>\d(?<![\d.]\d)\d{3})(?P<ns>[-./])(?P<nm>\d{1,2})(?P=ns)(?P<nd>\d{1,2})(?![\d.])"
    # 4月12日至19日 with no year: within the signed year.
    md_range = (rf"(?P<om>\d(?<![\d年月]\d)\d?)月(?P<od>\d{{1,2}})日{sep}"
                rf"(?:(?P<om2>\d{{1,2}})月)?(?P<od2>\d{{1,2}})日")
    # 于3月2日前, 11月6日下午5时前, 7月底前: a deadline within the signed year (a notice's reply date).
    # Never after a year (2023年7月底前 is a date above), nor after 每年/次年/当年, whose month is
    # every year's or another year's, nor after 截至 (a statistics cut-off).
    md_deadline = (r"(?:(?P<mdyu>于)|在|到|至)?(?<!截至|截止|截止到|每年|次年|当年|翌年|同年|上年|去年|每年度)"
                   rf"(?P<mdm>\d(?<![\d年月./]\d)\d?|(?<![年〇○零一二三四五六七八九十]){_CN_SMALL})月"
                   rf"(?:(?P<mdd>\d{{1,2}}|{_CN_SMALL})(?:日|(?=之前|以前|前))|(?P<mdend>底|末|中旬|上旬|下旬)"
                   # (（11月取得明显成效，…）: a bracket's month alone, before its milestone; find_times checks the bracket)
                   rf"|(?P<mdbare>份?)(?={_MILESTONE}))"
                   r"(?:上午|下午|中午|晚上)?(?:\d{1,2}(?:[:：]\d{2}|[时点](?:\d{1,2}分)?))?"
                   # (a work plan's milestone says it without 前: （6月底完成，牵头单位：…）, 5月底取得明显成效)
                   # (于7月30日报送…: a day things are to be sent by is due without 前 too)
                   rf"(?:(?P<mdsuf>之前|以前|前)|(?={_MILESTONE})|(?(mdyu)(?={_SUBMIT})|(?!)))")
    # 于13日下午15时前, 在20日前: a notice's reply day in the month of signing (a day alone, after 于 or 在).
    d_deadline = (rf"(?:于|在)(?P<dod>\d{{1,2}}|{_CN_SMALL})日(?:上午|下午|中午|晚上)?"
                  r"(?:\d{1,2}(?:[:：]\d{2}|[时点](?:\d{1,2}分)?))?(?:之前|以前|前)")
    # 到202年，: a year OCR lost a digit of still ends the scope of the deadline before it.
    bad = r"(?P<bad>(?:力争)?到\d{3}年)(?=[，,])"
    # (not after a number: 五年内, 半年内 are durations, not this year)
    rel = (r"(?=[今明年本次])(?<![\d年〕)〇○零一二三四五六七八九十百两几多数半])(?P<rel>今年底前|今年年底前|今年底|今年内|今年|明年底前|明年底|明年|"
           r"年底前|年末前|年底|年末|年内|本年度|次年)")
    rec = "(?P<rec>" + "|".join(sorted(RECURRING, key=len, reverse=True)) + ")"
    # 每5年修订1次, 每4个月提交, 5年一周期: a recurrence counted in digits.
    rec_n = r"每(?P<recn>\d{1,2})(?P<recu>年|个月|周)(?!\d)|(?P<recp>\d(?<!\d\d)\d?)年一(?:周期|轮)"
    ong = "(?P<ong>" + "|".join(ONGOING) + ")"
    return (f"{plan}|{span}|{numeric}|{ym_span}|{day_span}|{date}|{md_range}|{md_deadline}|{d_deadline}|{bad}|{rel}"
            f"|{rec}|{rec_n}"
            f"|{ong}")


def _opening() -> str:
    """A lookahead every match of ``_alternatives()`` passes at its first character, and most
    positions of a text fail at once: the pattern is tried at every character, and this check
    costs less than trying its nine branches (find_times is a fifth faster so; the regex module
    gained nothing from a lookahead of every possible first character, as 一, 在 and 于 are
    frequent: a prefix word counts only before a year, a Chinese digit only as four of them).
    """
    first = "".join(sorted({w[0] for w in _DATE_PREFIXES}))
    singles = "“今明次" + "".join(sorted({w[0] for w in (*RECURRING, *ONGOING)}))
    return (rf"(?=[\d{singles}]|十[{PLAN_DIGITS}]五|{_CN_YEAR}|{_CN_SMALL}月|年[底末内]|本年"
            rf"|[{first}].{{0,{max(map(len, _DATE_PREFIXES)) - 1}}}(?:\d|{_CN_DIGIT_CLASS}))")


@functools.cache
def _patterns() -> regex.Pattern:
    return regex.compile(f"{_opening()}(?:{_alternatives()})")


# (a notice's number may name its year in words: 住房城乡建设部公告2019年第237号; a title may be broken
# over lines: 《⏎国民经济和社会发展第十四个五年规划和2035年远景目标纲要（草案）⏎》)
_SHIELD = regex.compile(r"《[^《》\n]{0,120}(?:\n[^《》\n]{0,120}){0,2}》|〔\d{4}〕|\[\d{4}\]|\d{4}年第\d{1,4}号")
# 对2020年及以前发放的贷款, 2018年12月31日之前已完成转制的企业: the date qualifies which things are
# meant (a threshold, ANNOTATION.md), it sets no deadline; nor does a price basis (按2000年价格计算,
# 2020年不变价).
_QUALIFIES = regex.compile(r"\s*(?:及(?:以前|之前|以后|之后)|已|(?:不变|可比)?价)")


# What a year is written with when it names the year itself, not a time to finish by: 2023年是…开局之年,
# 今年是…关键一年, 一、2020年工作回顾.
_YEAR_AS_TOPIC = regex.compile(r"\s*(?:是|工作回顾|工作总结)")


def exported(text: str, p: TimePhrase) -> tuple[str, str, int]:
    """The text, kind and end of a time phrase as the output lists it: a year written as the topic of
    its clause (2023年是…) is a date, not a deadline, and 2022年度 is listed whole. (Only the label:
    the phrase governs what it governed; the target rules read it as found.)"""
    kind, end = p.kind, p.end
    if kind == "deadline" and _YEAR_AS_TOPIC.match(text, end):
        kind = "date"
    if text.startswith("度", end) and p.text.endswith("年"):
        end += 1
    return text[p.start:end] if end != p.end else p.text, kind, end


def _period_described(text: str, tp: TimePhrase) -> bool:
    """Whether a period is what a 是 clause says its subject is (今年是“十二五”时期…的一年)."""
    return text[max(0, tp.start - 3):tp.start].rstrip("“\"").endswith("是")


def _shields(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _SHIELD.finditer(text, timeout=TIMEOUT)]


def _year(y: str | int) -> int | None:
    y = int(y)
    return y if MIN_YEAR <= y <= MAX_YEAR else None


def find_times(text: str, signed_date: str | None = None) -> list[TimePhrase]:
    """Every time expression in ``text``; offsets are into ``text``."""
    signed_year = _year(signed_date[:4]) if signed_date and is_digits(signed_date[:4]) else None
    signed_md = _month_day(signed_date) if signed_year else None
    shields = _shields(text)
    out: list[TimePhrase] = []
    for m in _patterns().finditer(text, timeout=TIMEOUT * 5):
        if any(a <= m.start() < b for a, b in shields):
            continue
        if m["dod"]:
            tp = None if _EVERY.search(text, max(0, m.start() - 40), m.start()) else _day_deadline(
                m, signed_year, signed_md)
        elif m["mdm"]:
            if m["mdbare"] is not None and text[max(0, m.start() - 1):m.start()] not in ("（", "("):
                continue  # (a month alone is a milestone only as a bracket's note: 1—10月完成投资 reports)
            tp = None if _EVERY.search(text, max(0, m.start() - 40), m.start()) else _month_deadline(
                m, signed_year, signed_md)
        else:
            tp = _phrase(m, signed_year)
            if tp is not None and tp.kind == "deadline" and _QUALIFIES.match(text, tp.end):
                tp = TimePhrase(tp.start, tp.end, tp.text, "date", tp.value)
            elif tp is not None and tp.kind == "period" and tp.governs and tp.until and (
                    signed_year and int(tp.until[:4]) < signed_year or _period_described(text, tp)):
                # 2022年1—6月 or “十三五”时期 in a text signed in 2023: a window already closed reports,
                # it is no deadline; nor is a period that says what a year is (今年是“十二五”时期承前启后的
                # 重要一年). (A period a paragraph opens on, “十四五”时期是…第一个五年, governs its goals.)
                tp = TimePhrase(tp.start, tp.end, tp.text, "period", tp.value)
        if tp is not None:
            out.append(tp)
    return out


# 每年7月30日前完成半年度总结、11月30日前完成年度总结: a recurrence earlier in the sentence makes
# every yearless month after it a date of every year, no deadline.
_EVERY = regex.compile(r"每(?:一|个|半)?(?:年|季|月)[^。；;！？!?\n]*$")


def _month_day(signed_date: str) -> tuple[int, int]:
    """(month, day) of an ISO signed date; (1, 1) where it gives only the year."""
    parts = signed_date.split("-")
    try:
        return int(parts[1]) if len(parts) > 1 else 1, int(parts[2][:2]) if len(parts) > 2 else 1
    except ValueError:
        return 1, 1


def _month_deadline(m: regex.Match, signed_year: int | None, signed_md: tuple[int, int] | None
                    ) -> TimePhrase | None:
    """于3月2日前, 7月底前: a deadline in the year of signing, or in the next when its day is already
    past at the signing (a notice of 12月20日 asking for replies 1月10日前). No value without a date."""
    s, e, t = m.start(), m.end(), m.group()
    month, day = _small(m["mdm"]), _small(m["mdd"])
    if month is None or m["mdd"] and day is None or iso_date_of(2000, month, day) is None:
        return None
    if signed_year is None or signed_md is None:
        return TimePhrase(s, e, t, "deadline", None)
    year = signed_year + 1 if (month, day or 31) < signed_md else signed_year
    value = iso_date_of(year, month, day)
    return TimePhrase(s, e, t, "deadline", value, governs=value is not None)


def _day_deadline(m: regex.Match, signed_year: int | None, signed_md: tuple[int, int] | None
                  ) -> TimePhrase | None:
    """于13日下午15时前: the day in the month of signing, or in the next when it is already past at the
    signing (a notice of 3月28日 asking for replies 于5日前). No value without a dated signing."""
    s, e, t = m.start(), m.end(), m.group()
    day = _small(m["dod"])
    if day is None or not 1 <= day <= 31:
        return None
    if signed_year is None or signed_md is None or signed_md == (1, 1):
        return TimePhrase(s, e, t, "deadline", None)
    year, month = signed_year, signed_md[0]
    if day < signed_md[1]:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    value = iso_date_of(year, month, day)
    return TimePhrase(s, e, t, "deadline", value, governs=value is not None) if value else None


def _phrase(m: regex.Match, signed_year: int | None) -> TimePhrase | None:
    s, e, t = m.start(), m.end(), m.group()
    g = m  # m["plan"] reads one group; groupdict() would build all thirty for every phrase
    if g["plan"]:
        start = 1981 + 5 * (10 + PLAN_DIGITS.index(g["plan"]) + 1 - 6)
        if g["planx"] in ("末", "期末"):
            return TimePhrase(s, e, t, "deadline", str(start + 4), governs=True)
        # “十四五”时期 …: the plan period's goals are due at its end (ANNOTATION.md).
        return TimePhrase(s, e, t, "period", f"{start}/{start + 4}", governs=bool(g["planx"]))
    if g["y1"]:
        y1, y2 = _year(g["y1"]), _year(g["y2"])
        if y1 is None or y2 is None or y2 <= y1 or y2 - y1 > 30:
            return None
        return TimePhrase(s, e, t, "period", f"{y1}/{y2}")
    if g["py1"]:
        y1, y2 = _year(g["py1"]), _year(g["py2"])
        a = iso_date_of(y1, int(g["pm1"])) if y1 else None
        b = iso_date_of(y2, int(g["pm2"])) if y2 else None
        return TimePhrase(s, e, t, "period", f"{a}/{b}", governs=True) if a and b and a < b else None
    if g["dy1"]:
        # A window in which something applies or runs: listed as a period; it governs nothing (a
        # policy's validity, 自…至…施行, is no due date), as its first day did before.
        y1 = _year(g["dy1"])
        y2 = _year(g["dy2"]) if g["dy2"] else y1
        a = iso_date_of(y1, int(g["dm1"]), int(g["dd1"])) if y1 else None
        b = iso_date_of(y2, int(g["dm2"]), int(g["dd2"])) if y2 else None
        if a and b and a < b:
            return TimePhrase(s, e, t, "period", f"{a}/{b}")
        return TimePhrase(s, e, t, "date", a) if a else None
    if g["ny"]:
        year = _year(g["ny"])
        value = iso_date_of(year, int(g["nm"]), int(g["nd"])) if year else None
        return TimePhrase(s, e, t, "date", value) if value else None
    if g["y"] or g["ycn"]:
        return _date(m, s, e, t)
    if g["om"]:
        return _day_range(m, signed_year)
    if g["bad"]:
        return TimePhrase(s, e, t, "deadline", None, governs=True)
    if g["rel"]:
        rel = g["rel"]
        if rel == "次年":
            # 10月至次年1月, 于获批次年: the year after one the sentence names, never the signing's.
            return TimePhrase(s, e, t, "date", None)
        if rel in ("年底", "年末") and (m.string.startswith(_YEAR_END_NOUNS, e)
                                     or _OTHER_TIME_OF_YEAR.search(m.string, max(0, s - 4), s)):
            return None
        if signed_year is None:
            return TimePhrase(s, e, t, "deadline", None)
        year = signed_year + 1 if rel.startswith("明年") else signed_year
        value = f"{year}-12" if "底" in rel or "末" in rel else str(year)
        return TimePhrase(s, e, t, "deadline", value, governs=True)
    if g["rec"]:
        return TimePhrase(s, e, t, "recurring", RECURRING[g["rec"]])
    if g["recn"] or g["recp"]:
        n = int(g["recn"] or g["recp"])
        unit = {"年": "Y", "个月": "M", "周": "W"}[g["recu"] or "年"]
        return TimePhrase(s, e, t, "recurring", f"P{n}{unit}") if n else None
    return TimePhrase(s, e, t, "ongoing", None)


def _small(s: str | None) -> int | None:
    return cn_small_int(s) if s else None


_CN_DIGIT = str.maketrans({c: str(v) for c, v in CN_DIGITS.items()})


def _cn_year(s: str) -> int:
    return int(s.translate(_CN_DIGIT))


def _date(m: regex.Match, s: int, e: int, t: str) -> TimePhrase | None:
    g = m
    pre, suf = g["pre"] or "", g["suf"] or ""
    year = _year(g["y"] if g["y"] else _cn_year(g["ycn"]))
    month, day = _small(g["m"]), _small(g["d"])
    month2, day2 = _small(g["m2"] or g["mb"]), _small(g["d2"])
    if g["mb"] and g["d"]:
        return None  # 1—6月12日 is no date
    if g["m"] and month is None or g["d"] and day is None:
        return None
    if month is not None and iso_date_of(2000, month, day) is None:  # 2000: a leap year
        return None
    if year is None:
        value = None
    elif month is None:
        value = {"上半年": f"{year}-06", "下半年": f"{year}-12", "年底前": f"{year}-12", "年底": f"{year}-12",
                 "年末": f"{year}-12", "底前": f"{year}-12", "底": f"{year}-12", "末": f"{year}-12"}.get(
                     suf, str(year))
    else:
        value = iso_date_of(year, month, day)
        if value is None:
            return None
        # 1997年4—6月，由社会团体自查: a dated window is due at its end, as a deadline is
        end = (iso_date_of(year, month, day2) if day2 else
               iso_date_of(year, month2) if month2 and month2 > month else None)
        if end and end > value:
            return TimePhrase(s, e, t, "period", f"{value}/{end}", governs=True)
    if pre in ("比", "较", "同比", "与"):
        return TimePhrase(s, e, t, "date", value)  # 比2020年下降5%: the baseline year
    if suf in ("起", "开始") or pre in ("从", "自"):
        return TimePhrase(s, e, t, "date", value, past=True)
    if suf == "以来":
        return TimePhrase(s, e, t, "date", value, past=True)
    if day is not None and suf not in ("前", "以前", "之前") and (not pre or pre == "于" and m.string[s - 1:s] == "定"):
        return TimePhrase(s, e, t, "date", value)  # (定于11月11日上午9时召开: the day of a meeting, no due date)
    return TimePhrase(s, e, t, "deadline", value, governs=True)


def _day_range(m: regex.Match, signed_year: int | None) -> TimePhrase | None:
    s, e, t = m.start(), m.end(), m.group()
    m1, d1, d2 = int(m["om"]), int(m["od"]), int(m["od2"])
    m2 = int(m["om2"]) if m["om2"] else m1
    if iso_date_of(2000, m1, d1) is None or iso_date_of(2000, m2, d2) is None or (m2, d2) <= (m1, d1):
        return None
    if signed_year is None:
        return TimePhrase(s, e, t, "period", None)
    return TimePhrase(s, e, t, "period", f"{iso_date_of(signed_year, m1, d1)}/{iso_date_of(signed_year, m2, d2)}")
