"""Stage: time expressions, quantitative targets and subsidy/award amounts.

Reads ``doc.view.text``; every span it stores is in source coordinates.
The judgement calls (what is a target, which deadline governs it) follow
ANNOTATION.md; the word lists live in ``data/quantities.toml``.

A paragraph is read left to right: a governing time phrase (到2025年, “十四五”时期
→ 2025) sets the deadline of the targets after it until the next one; a year
inside a noun phrase (落实2030年…目标) governs only its sentence, another plan's
horizon (与到2020年…衔接) only its clause; a past marker (…以来, 现有) turns the
numbers after it into facts. A paragraph that introduces a list (ends with ：,
or is followed by ——/一是 bullets) hands its deadline to the bullets. A short
heading that names one year (二、2024年主要工作安排) is the deadline of its
part's targets that nothing else governs. Text flattened onto one line is cut
into paragraphs at its numbered items; page-number lines do not end one.

A number is a target when a verb or an explicit bound word sets it, or when its
clause is only an indicator and the number (居民消费价格涨幅3%左右); vetoes (rule
words, planning standards) look at the number's own clause. The indicator is
tidied last: no trailing bracket note, bound word or verb, at least two
characters, else the candidate is dropped.
"""
from __future__ import annotations

import functools
import itertools
import re
from bisect import bisect_left
from dataclasses import dataclass, replace

import regex

from ..doc import Amount, PolicyDoc, Target, TimeExpr
from ..errors import RuleDataError
from ..reading.normalize import view_form
from ..textutil import one_line
from .numerals import TIMEOUT, Quantity, find_quantities, word_list
from .times import TimePhrase, exported, find_times

RULES = "quantities.toml"
PAST = "past"  # scope marker: numbers after a past anchor are facts
_BULLET = r"(?:——|--|—|[一二三四五六七八九十]是)"
_MARKER = (r"(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+\s*[.．、﹒]|[①-⑳]"
           rf"|{_BULLET}|第[一二三四五六七八九十百]+[条章节部分]|专栏|附件)")


@dataclass
class Para:
    start: int
    end: int
    bullet: bool  # starts with ——/一是
    intro: bool  # ends with ：, introducing a list
    wrapped: bool = False  # of a text whose lines were wrapped (PDF): a line end is no clause end


@dataclass
class Candidate:
    kind: str  # target, or an amount kind
    start: int
    end: int
    value: float
    value_max: float | None
    unit: str
    comparator: str
    change: str = "level"
    indicator: str = ""
    deadline: str | None = None
    text: str = ""
    # The evidence (indicator, bound words and number) in view offsets; the number alone if unset.
    ev_start: int = -1
    ev_end: int = -1
    baseline: float | None = None  # the from-value of 由X提高到Y
    thing: str = ""  # what a bare stage verb counts (开工70个 -> 省州重点项目)


# Patterns used per sentence or per number, compiled once.
_BLANKS = regex.compile(r"\n\d*\n?|\s+")
# 和, 与, or 及 joining two things (not the 及 of 及以上)
_AND = r"[和与]|及(?!以[上下])"
# (A line break right after a quantity ends a list item whose punctuation the text lacks: …比重提高４个百分点⏎城镇化率…)
# (A short bracket note may stand before the comma: 保障性住房10万套（间）、供应分配6.5万套, or the
# bracket the number stands in may close there: 示范村100个（精品村20个）、美丽庭院500户.)
_LIST_JOIN = regex.compile(rf"\s*(?:[（(][^（）()\n]{{1,4}}[）)]|[）)])?\s*(?:以上|以下|左右)?\s*(?:、|{_AND})|[ \t\u3000]*\n\s*(?=\p{{Han}})")
_TRAILING_NUMBER = regex.compile(r"[\d.]+\S{0,4}$")
# Character classes searched per paragraph and per number: stdlib re costs half as much a call.
_SENTENCE_END = re.compile(r"[。！？；;!?]")
_CLAUSE_JOINERS = regex.compile(r"^(?:[（(][^（）()\n]{1,4}[）)]|[）)])?[、和及与以上下左右个]+")
_UP_TO = regex.compile(r"最高(?:不超过)?$")
_LISTED = regex.compile(r"(?:以上|左右|以下)?[和、及与]")
_REACH_VERB = regex.compile(r"(?:达到|突破|超过|过|达|迈上|迈向|超)$")
_COUNTED_BODIES = regex.compile(r"(?:[（(][^）)]{1,4}[）)])?(?:部门|单位|方面|阶段(?!性)|(?:阶段性)?目标)")
_WORD_START = regex.compile(r"[\p{Han}“\"]")
_FROM_CLAUSE = regex.compile(r"(?:由|从)[^，,。；]*$")
_EACH = regex.compile(r"(?<![平人]\n?)均\S{0,4}$")
_CONJ = regex.compile(r"[、和]")
_LEVEL_VERB = regex.compile(r"达到|保持|稳定|控制在|实现|达")
_MEASURE_NOTE = regex.compile(r"^[（(][^）)]{1,4}[）)]")
# 建成示范村100个（精品村20个）: a bracket after the number says something of its own.
_BRACKET_NOTE = regex.compile(r"^[（(][^（）()]*[）)]")
# What a count names after its number stops at a bracket (（省政府办公厅牵头…）).
_INDICATOR_RUN = regex.compile(r"(?:[^，。；,;：:\n|、和（）()]|[（(][^（）()\n]{1,5}[）)]|[、和](?![\d一二三四五六七八九十两]))*")
# 240小时, 11.3年: a duration is a goal only when a verb sets it.
_TIME_VERB = regex.compile(r"(?:达到|达|提高到|提高至|提升到|提升至|缩短到|缩短至|缩减到|缩减至|压缩到|压缩至|减少到|减少至|"
                           r"降低到|降低至|降至|控制在|保持在|稳定在|增加到|增至|延长到|延长至)$")
# 人均预期寿命提高1岁: an age changes by so many years (a duration changed by that much is not read:
# 巩固提高六年义务教育).
_AGE_CHANGE = regex.compile(r"(?:提高|增加|延长)$")
_PAGE_NUMBER = regex.compile(r"[ \t\u3000]*(?:[—\-–－]+[ \t\u3000]*)?(?:第[ \t]*)?\d{1,4}[ \t]*页?"
                              r"(?:[ \t\u3000]*[—\-–－]+)?[ \t\u3000]*")
_RUN_ON = 1000
_INLINE_ITEM = regex.compile(r"(?<=[。；！？])[ \t\u3000]*(?=(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]{1,3}[）)]"
                             r"|\d{1,2}[.．、](?!\d)|——))"
                             # …市消防救援支队(四)提升公共服务能力10.深化…: items run on after a unit list
                             r"|(?<=[\p{Han}）)])(?=(?:[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.．](?!\d))\p{Han})")
_YEAR_IN_TITLE = regex.compile(r"\d{4}\s*年|[〇○零一二三四五六七八九]{4}年")
# One-line text glues a heading to its first sentence (2024年工作安排今年是…): a long title that
# begins with its year is still that year's heading, read up to where the glued sentence may start.
_YEAR_FIRST = regex.compile(r"\s*(?:" + _YEAR_IN_TITLE.pattern + ")")
_YEAR_FIRST_SCAN = 12
_LINE_END = re.compile(r"[ \t\u3000]*\n")
_SUBSET = regex.compile(r"\s*其中")
_RESPECTIVELY = regex.compile(r"分别\S{0,4}$")
_LIST_NEXT = regex.compile(r"(?:以上|以下|左右)?[、和及与][\d一二三四五六七八九十]")
_CLAUSE_END = re.compile(r"[，,；;。！？!?]")
_CAP_OR_CHANGE = re.compile(r"每|比|较|单")
#: Alternatives (或者…) running on to a clause that ends in 的: the conditions of a case (an emergency
#: plan's grade), whatever clause the number stands in.
_CASE_ALTERNATIVES = re.compile(r"[^。！？]*?[，,；;]\s*或(?:者|是)?[^。！？]*?的\s*[，,；;：:。]")
#: A sentence that announces goals (全年主要预期目标是：…) speaks of the future whatever past marker came
#: before it in its paragraph — in one-line text the "paragraph" may be a whole part of a work report.
_GOAL_LEAD = re.compile(r"目标(?:是|为)[:：]?")
#: 已 (already) before the verb of a number's clause: 已建成, 已经完成, 其中已开发利用.
_ALREADY = regex.compile(r"已(?:经)?[^\s，,；;。：:的]{1,6}$")
#: A page number inside a bound word (以5上) of a PDF page run onto one line.
_PAGE_IN_BOUND = regex.compile(r"^以\s?\d{1,3}\s?(?=[上下内])")
#: A per-unit phrase right before the number (每平方公里, 每万人).
_PER_UNIT = regex.compile(r"(?<=.)每[^\s\d，,；;。的]{1,4}$")
#: The step of a rate, right before its 一 (每增加一个胎儿增加500元).
_PER_STEP = regex.compile(r"每(?:增加|新增|减少|提高|降低|超过|多)$")
#: Units that count people.
_PEOPLE = frozenset(("名", "人"))
#: Lines per full stop above which line ends are a text's sentence ends (tables of names: 10).
_STOPLESS_LINES = 20
#: Lines a piece needs before their widths can show a hard wrap.
_WRAP_MIN_LINES = 5
#: How much wider than the median a fifth of a wrapped piece's lines may be.
_WRAP_SPREAD = 1.5
#: What a thing does to a population (覆盖2000万人口的…), at the end of the number's clause head.
_POPULATION_VERB = regex.compile(r"(?:覆盖|服务|辐射|惠及)$")
#: The first number and bound of a range, at the end of a clause head (3人以上 of 3人以上10人以下).
_RANGE_FIRST = regex.compile(r"[\d.]+[^\d\s，,；;。]{0,3}?(?:以上|以下)$")
# 市、县级不低于70%: a clause naming only a level of government takes the rate named before.
_SCOPE_ONLY = regex.compile(r"(?:[省市县区乡镇村][、和]?)+级?")
# 三张清单, 十项举措: a package the document names, counted in Chinese numerals.
_PACKAGE = regex.compile(r"(?:大|项|条)?(?:举措|措施|清单|行动|工程|机制|任务|方面|领域|体系|原则|主张|意见|规定)")
# 落实疫区封锁、限制人员聚集2项措施, 完成…三项改革, 推动…98项具体举措落地: measures and reforms counted
# are the policy's own items (ANNOTATION.md: counts of items in the document), whatever the numerals.
_MEASURES = regex.compile(r"(?:具体|重点|重大|重要|主要|政策|改革)?(?:举措|措施)|改革(?:举措|措施|任务|事项)?(?!\p{Han})")
_MAKE_VERB = regex.compile(r"(?:打造|培育|建设|建成|新建|创建|推出|引育|引进|遴选|认定)(?=.)")
_COVER_VERB = regex.compile(r"(?:覆盖|惠及|辐射)$")
_WHOLE_PLACE = regex.compile(r"^(?:全省|全市|全区|全县|全国|全州|全盟)")
# 7000 for a rate: OCR read % as 00; a figure beyond reading is not a target.
_SHARE_WORD = regex.compile(r"(?:率|比例|比重|占比|覆盖面)$")
_TRAILING_BASIS = regex.compile(r"(?:较|比|同比|与)(?:上年度?|去年|上一年度?|上年同期|同期|\d{4}\s*年(?:底|末)?)$")
_TRAILING_JOIN = regex.compile(r"(?:并且|并|且|以及|和|及|与|、|等)$")
# 按2000年价格计算的国内生产总值, 按可比价计算，…: how a figure is measured, not a standard to follow.
_MEASURE_BASIS_WORDS = r"按(?:照)?[^，,。；;：:]{0,16}?计算的?"
_MEASURE_BASIS = regex.compile("^" + _MEASURE_BASIS_WORDS)
_MEASURED_AS = regex.compile(r"按(?:照)?[^，,。；;：:（）()]{0,16}?计算$")
_TRAILING_NOTE = regex.compile(r"\s*(?:[（(][^（）()]*[）)]|[（(][^（）()]*|[）)])\s*$")
_TRAILING_BOUND = regex.compile(r"(?:及以上|以上|及以下|以下|以内|左右|不低于|不少于|不超过|不高于|超过|突破|达到|至少|"
                                r"多于|少于|低于|高于|大于|小于|大约|约|近)+$")
# 河流…水体优良比例提升至75.0%以上: a count whose words run on into another target.
_HELD_TARGET = regex.compile(r"(?:达到|提升至|提升到|提高到|提高至|降低到|降低至|控制在)[\d.]+")
# A standard's number (GB/T 37695-2019) in the indicator: the number before it is a row of a list of
# standards (a flattened table), not a count of anything.
_STANDARD_NUMBER = regex.compile(r"(?<![\d.])(?!(?:19|20)\d\d-)\d{1,6}(?:\.\d+)?-(?:19|20)\d\d(?!\d)")
_SCOPE_PREFIX = regex.compile(r"(?:[省市县区乡镇村][、和]?)+级")
_JOINER = regex.compile(r"[、和及与]")
_CONJUNCT_OPENING = regex.compile(r"[\s、，,和及与并]*")
# (a conjunct names another thing; a number after 和 lists values of the noun that follows them all:
# 5000吨标准煤以上和1万吨以上重点用能企业)
_LISTED_VALUE_ENDS = regex.compile(
    r"[和及与、]\s*[\d.]+\s*[万亿千百]?\s*[^\d\s，,。；;：:、和及与]{1,4}?(?:以上|以下|左右)?(?=[，,。；;！!？?]|$)")
_CONJUNCT_NEXT = regex.compile(rf"(?:{_AND})(?![\d一二三四五六七八九十两])")
# After a counted thing, what is done with or to it (200家中小企业开展质量提升, 10个领域大力开展培训,
# 100项关键技术难题向全球发布; 向 not the second character of a word: 面向, 导向, 方向…).
_PLACE_VERB = regex.compile(r"(?<=[\p{Han}”])(?:大力|积极|全面|深入|广泛)?(?:在|由|为|纳入|通过|落地|开展|实现|参与"
                            r"|(?<![面导方走趋定意取倾转志指外内双单流动横纵逆正反投])向)(?=\p{Han})")
_NON_WORD = regex.compile(r"\W")
# 岸线长100米: the size of a thing described, with no verb that sets it, is no goal.
_DIMENSION = regex.compile(r"(?:长|宽|高|深|厚|直径|半径|跨度)(?:度)?$")
# 市级用稿2篇，得5分: an assessment sheet's line awards points for what it counts; no goal.
_SCORING = re.compile(r"(?:得|扣|加|计|记)\s*\d+(?:\.\d+)?\s*分(?![钟之])")
_BARE_YEAR = regex.compile(r"\d{4}年")
_HAN = regex.compile(r"\p{Han}")
_FIGURE_END = frozenset("0123456789%")
_SHARES_LISTED = regex.compile(r"(?:[、和及与](?:\d{4}年)?[\d.]+%(?:以上|以下|左右))+(?=的?[\p{Han}“])")
# A bare figure (a version number: 平台3.0) right before a list comma ends that item of a list.
_ITEM_COMMA = re.compile(r"、")
_FIGURE_ITEM_END = re.compile(r"(?<![\d.])\d+(?:\.\d+)?、")
_COVERS = regex.compile(r"(?:实现|打造)$")
_BARE_FIGURE = regex.compile(r"[\d.]+[\p{Han}%％]{0,3}")
_TIME_WORDS = regex.compile(r"(?:力争|争取)?(?:到|至|在|于|比|较)?(?:\d{4}年?[-—–～~至到])?\d{4}年"
                           r"(?:\d{1,2}月(?:底前|底|末|初|前|上旬|中旬|下旬)?|底前|底|末|前)?[、，,]?|“?十[一二三四五六七八九]五”?(?:期间|时期|末)?"
                           r"|^(?:今年|明年)?(?:年底前|年底|年末|年内)")


# ---------------------------------------------------------------- rules

@functools.cache
def _rules() -> dict[str, tuple[str, ...]]:
    keys = ["comparators." + k for k in ("ge_before", "gt_before", "le_before", "lt_before",
                                           "approx_before", "ge_after", "le_after", "approx_after")]
    keys += ["change.increase", "change.decrease", "change.level_after", "change.baseline_from",
             "targets.verbs", "targets.lead_words", "targets.lead_word_kept", "targets.adverbs",
             "targets.stage_verbs", "targets.predicate_starts", "targets.subject_terms", "targets.contracted_subjects",
             "not_targets.rule_words", "not_targets.before", "not_targets.past_markers",
             "not_targets.past_headings", "not_targets.fee_indicators", "not_targets.future_headings",
             "not_targets.not_amount_names", "not_targets.clause_starts", "not_targets.composition",
             "not_targets.penalties"]
    keys += ["amounts." + k for k in ("award", "subsidy", "fund", "budget", "other")]
    return {k: word_list(RULES, k) for k in keys}


def _alt(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


def _words(alternation: str) -> re.Pattern:
    """A pattern that is only a list of words: compiled with stdlib re, which scans for the words'
    first characters and answers a call in half the time regex does (the quantities stage asks
    these thousands of times); literal words leave nothing to backtrack, so no time limit."""
    return re.compile(alternation)


@functools.cache
def _res() -> dict[str, regex.Pattern | re.Pattern]:
    r = _rules()
    before = {op: r[f"comparators.{k}_before"] for op, k in
              (("<=", "le"), (">=", "ge"), ("<", "lt"), (">", "gt"), ("~", "approx"))}
    after = {op: r[f"comparators.{k}_after"] for op, k in ((">=", "ge"), ("<=", "le"), ("~", "approx"))}
    verbs = _alt(r["targets.verbs"] + r["change.increase"] + r["change.decrease"])
    # One-character verbs (超, 达) would eat the first character of an indicator (超充站).
    cmp_words = _alt(sum(before.values(), ()))
    long_verbs = _alt(w for w in r["targets.verbs"] if len(w) > 1)
    trail_adverbs = "|".join(_TRAIL_ADVERBS)
    return {
        "before": regex.compile("(?:" + "|".join(
            f"(?P<{n}>{_alt(w)})" for n, w in zip(("le", "ge", "lt", "gt", "ap"), before.values(),
                                                      strict=True)) + r")\s*$"),
        "after": regex.compile(r"\s*(?:(?P<ge>" + _alt(after[">="]) + ")|(?P<le>" + _alt(after["<="])
                               + ")|(?P<ap>" + _alt(after["~"]) + "))"),
        "verbs": _words(verbs),
        # 至少建成3所: a bound adverb before the verb bounds the count all the same.
        "ge_adverb": regex.compile(rf"(?:至少|最少)\s*(?:{long_verbs})\s*$"),
        # The lookahead: a word of the trail starts on one of these characters. Without it the
        # pattern is tried in full at every position of the string (five times slower); the
        # empty match it then loses at the end replaced nothing.
        "trail": regex.compile(rf"(?=[{regex.escape(''.join(sorted(_trail_starts())))}])"
                               rf"(?:(?:{trail_adverbs})?(?:{verbs}|{cmp_words})?(?:到|至|在|为)?)+$"),
        "lead_words_only": regex.compile(rf"(?:{_alt(r['targets.lead_words'])}|\s)+"),
        # 为企业提供场景服务不少于30次: whom a verb serves stands before it, no part of what is counted.
        "lead": regex.compile(rf"^(?:(?!{_alt(r['targets.lead_word_kept'])})(?:{_MEASURE_BASIS_WORDS}|{_alt(r['targets.lead_words'])}|{long_verbs}|[、和及与]"
                              rf"|为\p{{Han}}{{1,6}}?(?={long_verbs})"
                              rf"|(?:{_alt(r['targets.adverbs'])})(?={long_verbs}))\s*)+"),
        # 其中竣工, 基本建成, 开工建设: a clause head that is only what happens to the thing counted.
        # (Lazy: 新开工 is one verb, not 新 and 开工.)
        "stage": regex.compile(rf"(?:今年|明年|{_alt(r['targets.lead_words'] + r['targets.adverbs'])})*?"
                               rf"(?P<v>(?:{_alt(r['targets.stage_verbs'])})+)"),
        "predicate": regex.compile(rf"^(?:{_alt(r['targets.predicate_starts'])})"),
        "predicate_in": regex.compile(rf"(?<=\p{{Han}}{{2}})(?:{_alt(r['targets.predicate_starts'])})"),
        "stage_start": regex.compile(rf"^(?:{_alt(r['targets.adverbs'])})*?(?:{_alt(r['targets.stage_verbs'])})+"),
        "stage_end": regex.compile(rf"(?:{_alt(r['targets.stage_verbs'])})$"),
        "amount": _words(_alt(sum((r["amounts." + k] for k in ("award", "subsidy", "fund", "budget")), ()))),
        "rule": _words(_alt(r["not_targets.rule_words"])),
        "composition": _words(_alt(r["not_targets.composition"])),
        "penalty": _words(_alt(r["not_targets.penalties"])),
        "amount_other": _words(_alt(r["amounts.other"])),
        "standard": regex.compile(f"^(?:{_alt(r['not_targets.clause_starts'])})"),
        "fee": regex.compile("(?:" + "|".join(r["not_targets.fee_indicators"]) + ")$"),
        "not_before": regex.compile(f"(?:{_alt(r['not_targets.before'])})$"),
        "past": _words(_alt(r["not_targets.past_markers"])),
        "past_heading": _words(_alt(r["not_targets.past_headings"])),
        "future_heading": _words(_alt(r["not_targets.future_headings"])),
        "not_amount": _words(_alt(r["not_targets.not_amount_names"])),
        # A short line of its own without punctuation or marker: a work report's part heading.
        # (stdlib re: this whole-text scan is linear, and re runs it four times faster.)
        "part_heading": re.compile(r"(?m)^[ \t\u3000]*(?![一二三四五六七八九十]+、|[（(]|\d+[.．、])"
                                      r"(?P<h>[^\s，。；：:,、][^\n，。；：:,、]{3,15})[ \t\u3000]*$"),
        # One-line text: a year-led part heading glued between two sentences (…意见。2023年工作回顾2023年，…).
        "glued_part_heading": regex.compile(
            r"[。！？!?][ \t\u3000]*(?P<h>(?:\d{4}|[〇○零一二三四五六七八九]{4})[ \t\u3000]*年度?\p{Han}{0,4}?(?:"
            + _alt(r["not_targets.past_headings"] + r["not_targets.future_headings"]) + "))"),
        "inc": _words(_alt(r["change.increase"])),
        "dec": _words(_alt(r["change.decrease"])),
        # Between a baseline and the target: 提高到, 下降至 (after an optional bound word).
        "to_target": regex.compile(r"\s*(?:以上|左右|以下)?\s*(?:" + _alt(r["change.increase"] + r["change.decrease"])
                                   + ")(?:" + _alt(r["change.level_after"]) + r")\s*$"),
        "from_word": regex.compile("(?:" + _alt(r["change.baseline_from"]) + r")[^，,。；;、\d]{0,6}$"),
        "condition": regex.compile(r"的[，,](?:可|给予|按|予以|享受|经|可以|将|均|一律|应|由)"),
        # 第X条 at a line start (after blanks), counted: the pattern opens on 第, which regex finds by
        # a fast scan, and looks back for the line start; ^\s*第… first was tried at every position
        # (eight times slower). The count is the same, the matches leave out the blanks.
        "article": regex.compile(r"第[一二三四五六七八九十百零〇]+条(?<=^\s*第[一二三四五六七八九十百零〇]+条)", regex.M),
        "marker": regex.compile(rf"^\s*{_MARKER}"),
        "bullet": regex.compile(rf"^\s*{_BULLET}"),
        "heading": regex.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])\s*(.{1,14}?)\s*$",
                                 regex.M),
    }


# ---------------------------------------------------------------- stage

def run(doc: PolicyDoc) -> None:
    view = doc.view
    text = view.text
    signed = doc.meta.signed_date if doc.meta else None
    phrases = find_times(text, signed)
    # a year before the signing's (or an undated plan's first year) is a fact
    dated = _past_years(text, _qualifiers(text, phrases), signed or _plan_first_year(text))
    # A year that says which things are meant (2000年前建成的小区), or a past one's (2022年全市完成… in a
    # report of 2023), governs nothing: it is listed as a date.
    doc.times = [TimeExpr(t, "date" if p.governs and not d.governs else kind, p.value, view.src_span(p.start, end))
                 for p, d in zip(phrases, dated, strict=True) for t, kind, end in [exported(text, p)]]
    past = _past_regions(doc, text)
    # (articles found mid-line too, in one-line text)
    rules = sum(1 for s in doc.sections if s.kind == "article") >= _MIN_ARTICLES
    targets, amounts = extract(text, dated, _split_at_headings(doc), past, view.joins, rules)
    _heading_deadlines(targets, [(s.view_start, s.body_end, s.title) for s in doc.sections] + _plan_parts(text))
    doc.targets = [_target(doc, i, c) for i, c in enumerate(targets, 1)]
    doc.amounts = [_amount(doc, i, c) for i, c in enumerate(amounts, 1)]
    for task in doc.tasks:
        a, b = task.view_span
        boxed = bool(task.view_gaps)  # (a 专栏 box inside the task is none of its words)
        task.targets = [t.id for t, c in zip(doc.targets, targets, strict=True)
                        if a <= c.start < b and not (boxed and not task.holds(c.start))]
        dates = [p.until for p in dated if p.governs and p.value and a <= p.start < b
                 and not (boxed and not task.holds(p.start)) and not _names_a_thing(text, p, signed)]
        dates += [c.deadline for c in targets if a <= c.start < b and c.deadline
                  and not (boxed and not task.holds(c.start))]
        task.deadlines = list(dict.fromkeys(dates))


def _split_at_headings(doc: PolicyDoc) -> list[tuple[int, int]]:
    """The body cut at every heading: a time phrase never governs past the next heading,
    even where one-line text has no line break before it."""
    text = doc.view.text
    heads = [s.view_start for s in doc.sections]
    for s in doc.sections:
        # One-line text glues a heading to its first sentence (二、主要目标2016年启动50个以上…): the
        # sentence starts where the title ends, as it would on the next line. (A long title is a
        # heading the title end could not find, run on into its text: cut anywhere.)
        if len(s.title) > _HEADING_WORDS:
            continue
        end = doc.view.view_pos(s.span[1])
        if s.view_start < end < len(text) and _GLUED.match(text, end):
            heads.append(end)
    # So is an enclosed document's title (…（此件公开发布）国家职业教育改革实施方案职业教育与…).
    titles = [view_form(e.title) for e in doc.meta.enclosed if e.title] if doc.meta and doc.parts else []
    for at in doc.parts:
        end = next((at + len(t) for t in titles if text.startswith(t, at)), None)
        if end is not None and end < len(text) and _GLUED.match(text, end):
            heads.append(end)
    heads.sort()
    out = []
    for a, b in doc.body or [(0, len(doc.view.text))]:
        cuts = [h for h in heads if a < h < b]
        out += zip([a, *cuts], [*cuts, b], strict=True)
    return out


_GLUED = regex.compile(r"[\p{Han}\w]")
#: The longest title a heading glued to its text is trusted to end where the sections stage ended it.
_HEADING_WORDS = 24


def read_text(text: str, signed_date: str | None = None) -> tuple[list[Candidate], list[Candidate]]:
    """Targets and amounts of a plain text (no sections known); offsets are into ``text``."""
    phrases = find_times(text, signed_date)
    targets, amounts = extract(text, _past_years(text, _qualifiers(text, phrases), signed_date or _plan_first_year(text)), [],
                               _headed_past_regions(text))
    _heading_deadlines(targets, _plain_headings(text) + _plan_parts(text))
    return targets, amounts


# After a year inside a clause, a few words and 的 before a noun: the year belongs to a relative clause.
_RELATIVE_CLAUSE = regex.compile(r"(?:以前|前)?\p{Han}{1,12}?的(?=\p{Han})")


def _qualifiers(text: str, phrases: list[TimePhrase]) -> list[TimePhrase]:
    """推进2021年前获得竞配指标的新能源项目建成并网、2023年获得竞配指标的项目全部开工建设: a year that opens
    a relative clause inside an object or a list says which things are meant, and governs nothing; so
    does the year of an event named with it (以2022年北京冬奥会为契机).
    (Its words up to 的 hold no number: in 按照2020年…比例控制在5%以内的目标 the year is the goal's.)"""
    def qualifies(p: TimePhrase) -> bool:
        if p.kind != "deadline" or not p.governs or p.start == 0 or not p.text[:1].isdigit():
            return False
        before = text[p.start - 1]
        return (before == "、" or _HAN.match(before) is not None and before not in "到至在于前比较从自") \
            and (_RELATIVE_CLAUSE.match(text, p.end) is not None or _EVENT.match(text, p.end) is not None)
    return [replace(p, governs=False) if qualifies(p) else p for p in phrases]


# 以2022年北京冬奥会和冬残奥会为契机: the year of an event, named with it.
_EVENT = regex.compile(r"\p{Han}{0,8}?(?:奥运会|冬奥会|残奥会|亚运会|运动会|博览会|世博会|进博会|峰会|交易会|全运会|大会|论坛)")


#: How far into the text an undated plan's title, with its period, is looked for.
_TITLE_REACH = 200


def _plan_first_year(text: str) -> str | None:
    """The first year of the period an undated plan names at its head (…第十二个五年（2011—2015年）规划纲要):
    a plan is written before its period starts, so a year before that one is the past it reviews
    (2010年国内生产总值达到39.8万亿元 is a fact, not a target)."""
    period = next((p for p in find_times(text[:_TITLE_REACH]) if p.kind == "period" and p.value), None)
    return period.value[:4] if period else None


def _past_years(text: str, phrases: list[TimePhrase], signed_date: str | None) -> list[TimePhrase]:
    """2022年全市完成投资500亿元 in a document signed in 2023: a year before the signing that governs
    is a fact's, not a deadline, so the numbers it governs are facts (ANNOTATION.md: facts about the
    past). A year inside a noun phrase (按2000年价格计算) names that thing's year and stays as it is;
    one right before a verb (全市2022年完成投资) is the clause's adverbial. 到2005年 sets a horizon
    whenever the text was signed, and 2021年确保达到… is worded as a goal: each stays a deadline."""
    if not signed_date or not signed_date[:4].isdigit():
        return phrases
    signed_year = signed_date[:4]
    verbs = _res()["verbs"]
    return [replace(p, kind=PAST, governs=False) if p.kind == "deadline" and p.value and p.value[:4] < signed_year
            and not p.text.startswith(_HORIZON_WORDS) and (not _in_clause(text, p) or verbs.match(text, p.end))
            and not _GOAL_WORDED.match(text, p.end) else p for p in phrases]


_HORIZON_WORDS = ("到", "至", "力争", "争取")
# 总结今年汛期…工作机制, 做好今年工作: this year inside a noun phrase names what is meant, no due date.
_THIS_YEAR = ("今年", "明年", "本年度")


# 2020年第一季度季报, 2021年度决算, 2022年半年报: the period a report covers, not when a task is due
_REPORT_OF = regex.compile(r"(?:度|第?[一二三四1-4]季度|[上下]半年|半年度)?"
                           r"(?:年报|季报|半年报|月报|年度报告|决算|报表|统计公报|审计报告)|度报告")


# 执行期限为2019年1月1日至2023年12月31日, 有效期至2026年2月21日: when a policy stops applying, which is
# no task's due date (the words, perhaps a start date, then the time phrase)
_VALIDITY = regex.compile(r"(?:有效期|执行期限?|实施期限|施行期限|政策期限"
                          # 统计时段为2018年10月至2021年7月底: the period a count or an assessment covers
                          r"|(?:统计|考核|评估|评价|监测|核算)(?:时段|期间|周期|区间))(?:为|是|：|:)?"
                          r"(?:自?\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?起?)?$")


# 按照总体情况、2018年度、2019年度、2020年度及2021年度分别统计汇总: years listed as the periods of a count.
_YEARS_LISTED_BEFORE = regex.compile(r"\d{4}年度?[、和及与]$")
_YEARS_LISTED_AFTER = regex.compile(r"度[、和及与]\d{4}年")


def _names_a_thing(text: str, p: TimePhrase, signed_date: str | None) -> bool:
    """Whether a time phrase only names the year of a thing, so it is no task's due date: the period of a
    report (披露2020年第一季度季报, whatever the year) or a count (统计时段为…至2021年7月底, 2020年度及2021年度
    分别统计), the end of a policy's validity (执行期限为…至2023年12月31日), a year before the signing inside a noun phrase
    (披露2019年年报 in a notice of 2020, 采用2014年泉州的交通方式), which _past_years leaves as it is, or
    今年/明年 between a word and a noun (总结今年汛期…)."""
    if p.kind not in ("deadline", "period"):
        return False
    if _VALIDITY.search(text, max(0, p.start - 30), p.start):
        return True
    if p.kind != "deadline":
        return False
    if (not p.text.startswith(_HORIZON_WORDS) and _REPORT_OF.match(text, p.end)
            or text.startswith("度", p.end) and (_YEARS_LISTED_BEFORE.search(text, max(0, p.start - 8), p.start)
                                                 or _YEARS_LISTED_AFTER.match(text, p.end))):
        return True
    if p.text not in _THIS_YEAR and not (
            signed_date and signed_date[:4].isdigit() and p.value and p.value[:4] < signed_date[:4]):
        return False
    if p.text in _THIS_YEAR:
        named = (p.start > 0 and _HAN.match(text, p.start - 1) is not None and text[p.start - 1] not in "到至在于前"
                 and _HAN.match(text, p.end) is not None)
    else:
        named = _in_clause(text, p)
    return named and not _res()["verbs"].match(text, p.end) and not _GOAL_WORDED.match(text, p.end)
# (计划 before a figure is the noun: 不超过本年度招录计划50%)
_GOAL_WORDED = regex.compile(r"[^，,。；;\n]{0,20}?(?:确保|力争|争取|预计|计划(?!\d))")


def _plain_headings(text: str) -> list[tuple[int, int, str]]:
    """(start, end, title) of the numbered headings of a text with no section tree; a heading's part
    ends at the next heading of its kind."""
    heads = list(_res()["heading"].finditer(text, timeout=TIMEOUT))
    out = []
    for k, m in enumerate(heads):
        paren = m.group().strip()[0] in "（("
        nxt = next((h.start() for h in heads[k + 1:] if (h.group().strip()[0] in "（(") == paren or not paren),
                   len(text))
        out.append((m.start(), nxt, m.group(1)))
    return out


def _heading_deadlines(targets: list[Candidate], parts: list[tuple[int, int, str]]) -> None:
    """二、2024年主要工作安排: a heading that names one year is the deadline of its part's targets
    that no time phrase governs; the innermost such heading wins."""
    years = []
    for start, end, title in parts:
        if len(title) > 24:
            if not _YEAR_FIRST.match(title):
                continue  # a run-on first sentence is no heading
            title = title[:_YEAR_FIRST_SCAN]
        if not _YEAR_IN_TITLE.search(title):
            continue
        found = [p for p in find_times(title) if p.value and p.kind in ("deadline", "date")]
        if len(found) == 1 and not _res()["past_heading"].search(title):
            years.append((start, end, found[0].value))
    if not years:
        return
    for c in targets:
        if c.deadline is None:
            inner = [y for y in years if y[0] <= c.start < y[1]]
            if inner:
                c.deadline = max(inner)[2]


def _outside(text: str, para: Para, past: list[tuple[int, int]]) -> list[Para | None]:
    """The pieces of a paragraph outside the parts that describe the past, with None where one was
    cut out: one-line text runs a paragraph across the headings that end and begin them."""
    cuts = sorted((max(a, para.start), min(b, para.end)) for a, b in past if a < para.end and b > para.start)
    if not cuts:
        return [para]
    out: list[Para | None] = []
    pos = para.start
    for a, b in cuts:
        if a > pos:
            out.append(_para(text, [pos, a], para.wrapped))
        out.append(None)
        pos = max(pos, b)
    if pos < para.end:
        out.append(_para(text, [pos, para.end], para.wrapped))
    return out


#: How many 第X条 articles make a document one of standing rules (条例, 规定, most 办法).
_MIN_ARTICLES = 5


def extract(text: str, phrases: list[TimePhrase], body: list[tuple[int, int]], past: list[tuple[int, int]],
            joins: list[int] = (), rules: bool = False) -> tuple[list[Candidate], list[Candidate]]:
    """The targets and amounts of the body. A document of articles sets standing rules, not goals, so
    it has no targets; the money it grants (给予10万元奖励) is money all the same."""
    rules = rules or len(_res()["article"].findall(text, timeout=TIMEOUT)) >= _MIN_ARTICLES
    targets: list[Candidate] = []
    amounts: list[Candidate] = []
    starts = [p.start for p in phrases]  # find_times gives them in text order
    stopless = writes_no_stops(text)
    for start, end in body or [(0, len(text))]:
        inherited: str | None = None
        for para in (piece for whole in paragraphs(text, start, end, stopless)
                     for piece in _outside(text, whole, past)):
            if para is None:  # a review part was cut out here
                inherited = None
                continue
            if not para.bullet:
                inherited = None
            mine = phrases[bisect_left(starts, para.start):bisect_left(starts, para.end)]
            found, last = read_paragraph(text, para, mine, inherited, joins)
            if para.intro or not para.bullet:
                inherited = last
            if not rules:
                targets += [c for c in found if c.kind == "target" and _tidy(c)]
            amounts += [c for c in found if c.kind != "target"]
    return targets, amounts


_TRAIL_ADVERBS = ("分别", "均", "总体", "基本", "年均", "累计", "持续", "逐步", "力争", "都", "每年", "同比", "环比", "全面", "再")


@functools.cache
def _all_trail_ends() -> frozenset[str]:
    """Last characters of every word the trail pattern strips."""
    return _trail_ends() | frozenset(w[-1] for w in _TRAIL_ADVERBS)


def _strip_trail(s: str) -> str:
    """``s`` without its trailing verbs and bound words. Only a string that ends on the last character
    of one of them is searched: the trail pattern is tried at every position, most indicators end
    on a noun, and the result is the same ($ also matches before a final line break)."""
    last = s[-2:-1] if s.endswith("\n") else s[-1:]
    return _res()["trail"].sub("", s) if last in _all_trail_ends() else s


def _trail_words() -> tuple[str, ...]:
    """The verbs and bound words the trail pattern strips (its adverbs aside)."""
    r = _rules()
    return r["targets.verbs"] + r["change.increase"] + r["change.decrease"] + sum(
        (r[f"comparators.{k}_before"] for k in ("ge", "gt", "le", "lt", "approx")), ())


@functools.cache
def _trail_ends() -> frozenset[str]:
    """Last characters of the words the trail pattern strips."""
    return frozenset(w[-1] for w in _trail_words()) | frozenset("到至在为")


def _trail_starts() -> frozenset[str]:
    """First characters of every word the trail pattern strips."""
    return frozenset(w[0] for w in (*_trail_words(), *_TRAIL_ADVERBS)) | frozenset("到至在为")


def _tidy(c: Candidate) -> bool:
    """Trim what an indicator must not end with (a bracket note, a bound word, a verb); False when
    no indicator is left (of two characters at least) or it holds a target of its own."""
    ind, prev = _res()["marker"].sub("", _BLANKS.sub("", c.indicator)), None
    ends = _trail_ends()
    while ind != prev:
        prev = ind
        ind = _TRAILING_NOTE.sub("", ind)
        ind = _TRAILING_BOUND.sub("", ind)
        ind = _TRAILING_JOIN.sub("", ind)  # 提升污水集中收集率并稳定保持在85%: the 并 joins two verbs
        ind = _TRAILING_BASIS.sub("", ind)  # 融资成本较上年度再降0.5个百分点: what it is compared with
        ind = _MEASURED_AS.sub("", ind)  # 地区生产总值按2020年不变价计算达到…: how it is measured
        if ind[-1:] in ends:  # the trail pattern is costly; most indicators end on a noun
            trimmed = _res()["trail"].sub("", ind).rstrip()
            # 标准的制修订: the verb is the thing counted; 乡镇完成…规范化建设 (a share of the things that
            # do something): the last word is the object of the indicator's own verb.
            kept = trimmed.endswith("的") or _res()["verbs"].search(trimmed, 1)
            ind = ind if kept else trimmed
    c.indicator = ind.strip()
    return (len(_NON_WORD.sub("", c.indicator)) >= 2 and not _HELD_TARGET.search(c.indicator)
            and not _STANDARD_NUMBER.search(c.indicator))


def _where(doc: PolicyDoc, pos: int) -> tuple[str | None, str | None]:
    task = next((t.id for t in doc.tasks if t.view_span[0] <= pos < t.view_span[1] and (not t.view_gaps or t.holds(pos))),
                None)
    best = None
    for s in doc.sections:
        if s.view_start <= pos < s.body_end and (best is None or s.view_start >= best.view_start):
            best = s
    return task, best.id if best else None


def _target(doc: PolicyDoc, i: int, c: Candidate) -> Target:
    task, section = _where(doc, c.start)
    return Target(id=f"g{i}", task=task, section=section, indicator=c.indicator, comparator=c.comparator,
                  value=c.value, unit=c.unit, value_max=c.value_max, baseline=c.baseline, change=c.change,
                  deadline=c.deadline, text=c.text, span=_evidence(doc, c))


def _amount(doc: PolicyDoc, i: int, c: Candidate) -> Amount:
    task, section = _where(doc, c.start)
    return Amount(id=f"a{i}", task=task, section=section, kind=c.kind, comparator=c.comparator,
                  value=c.value, unit=c.unit, value_max=c.value_max, text=c.text,
                  span=_evidence(doc, c))


def _evidence(doc: PolicyDoc, c: Candidate) -> tuple[int, int]:
    a, b = doc.view.src_span(c.start, c.end) if c.ev_start < 0 else doc.view.src_span(c.ev_start, c.ev_end)
    # OCR text spaces out its punctuation (以上 。): the evidence starts and ends on a character.
    while a < b and doc.text[a].isspace():
        a += 1
    while b > a and doc.text[b - 1].isspace():
        b -= 1
    return a, b


# ---------------------------------------------------------------- layout

def paragraphs(text: str, start: int, end: int, stopless: bool = False) -> list[Para]:
    """Paragraphs of ``text[start:end]``; lines wrapped by PDF extraction are joined again. A
    ``stopless`` text (``writes_no_stops``) ends a sentence at each line end that is no wrap."""
    res = _res()
    lines = []
    pos = start
    for line in text[start:end].split("\n"):
        # Skip blanks and page numbers (— 3 —, 第3页).
        if line.strip() and not (len(line) <= 16 and _PAGE_NUMBER.fullmatch(line)):
            a = pos
            if len(line) > _RUN_ON:
                # Text flattened onto one line: a numbered item after a sentence end starts a paragraph.
                for m in _INLINE_ITEM.finditer(text, pos, pos + len(line)):
                    lines.append((a, m.start()))
                    a = m.start()
            lines.append((a, pos + len(line)))
        pos += len(line) + 1
    widths = sorted(len(text[a:b].strip()) for a, b in lines)
    width = widths[len(widths) // 2] if widths else 0
    open_ends = sum(1 for a, b in lines if text[a:b].rstrip()[-1:] not in "。！？；：:;!?")
    # PDF text: short lines of equal width, most ending mid-sentence (of a few lines, such as a
    # heading's piece of a view that rejoined its wraps already, the median says nothing).
    # Lines of a plan written one sentence a line, without stops, end open too; their widths spread
    # (a fifth of them well over the median), a wrap's do not.
    wide = widths[min(len(widths) - 1, len(widths) * 4 // 5)] if widths else 0
    wrapped = len(lines) >= _WRAP_MIN_LINES and 15 <= width <= 60 and open_ends > len(lines) * 0.4 \
        and wide <= width * _WRAP_SPREAD
    if wrapped and stopless:
        # Every line of a stopless text ends open, so only the wrap's own mark is left: most lines
        # run to the same width (a paragraph's last line is the short one).
        wrapped = sum(1 for w in widths if abs(w - wide) <= 2) * 2 >= len(widths)
    out: list[Para] = []
    cur: list[int] | None = None
    for a, b in lines:
        s = text[a:b].strip()
        if cur is not None and not res["marker"].match(s):
            # The paragraph so far, right-stripped, read in place: slicing it on every line would
            # copy a long wrapped paragraph once per line.
            r = cur[1]
            while r > cur[0] and text[r - 1].isspace():
                r -= 1
            nl = text.rfind("\n", cur[0], r)
            last_len = r - (nl + 1 if nl >= 0 else cur[0])
            if wrapped and last_len >= width * 0.75 or (
                    not wrapped and not stopless and last_len > 20 and text[r - 1] not in "。！？；：:;!?）)”"):
                cur[1] = b
                continue
        if cur is not None:
            out.append(_para(text, cur, wrapped))
        cur = [a, b]
    if cur is not None:
        out.append(_para(text, cur, wrapped))
    return out


def writes_no_stops(text: str) -> bool:
    """Lines, but (next to) no full stops: a web page that turned each 。 into a line break, so an
    open line end is no sign of a sentence running on. A stop a line is the least a text of sentences
    has; tables of names and scores still keep one a few lines."""
    lines = text.count("\n")
    return lines >= _WRAP_MIN_LINES and sum(map(text.count, "。！？")) * _STOPLESS_LINES < lines


def _para(text: str, span: list[int], wrapped: bool = False) -> Para:
    s = text[span[0]:span[1]].strip()
    return Para(span[0], span[1], bool(_res()["bullet"].match(s)), s.endswith(("：", ":")), wrapped)


_HEAD_WORDS = 12


def _past_regions(doc: PolicyDoc, text: str) -> list[tuple[int, int]]:
    """Sections that describe the present state (现状与形势): their numbers are facts."""
    res = _res()
    if doc.sections:
        # A heading's own words: in one-line text its title runs on into the body.
        regions = [(s.view_start, s.body_end) for s in doc.sections
                   if res["past_heading"].search(s.title[:_HEAD_WORDS])]
    else:
        regions = _headed_past_regions(text)
    return regions + _past_parts(text)


@functools.lru_cache(maxsize=2)  # the review parts and the plan parts of one text ask for them
def _part_headings(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, heading) of a work report's parts, headed by unnumbered lines (2023年工作回顾 …
    2024年工作安排) or, in one-line text, by such headings glued between two sentences; a part
    ends where the next begins."""
    res = _res()
    heads = sorted({m.start("h"): m["h"] for pattern in ("part_heading", "glued_part_heading")
                    for m in res[pattern].finditer(text)}.items())
    ends = [at for at, _h in heads[1:]] + [len(text)] * bool(heads)
    return tuple((at, end, head) for (at, head), end in zip(heads, ends, strict=True))


def _plan_parts(text: str) -> list[tuple[int, int, str]]:
    """The parts of a work report that plan ahead (2024年工作安排): their year governs their targets."""
    future = _res()["future_heading"]
    return [part for part in _part_headings(text) if future.search(part[2])]


def _past_parts(text: str) -> list[tuple[int, int]]:
    """2023年工作回顾 … 2024年工作安排: a work report's review part."""
    res = _res()
    out, start = [], None
    for at, _end, head in _part_headings(text):
        if start is None and res["past_heading"].search(head):
            start = at
        elif start is not None and res["future_heading"].search(head):
            out.append((start, at))
            start = None
    return out


def _headed_past_regions(text: str) -> list[tuple[int, int]]:
    res = _res()
    heads = list(res["heading"].finditer(text, timeout=TIMEOUT))
    out = []
    for k, m in enumerate(heads):
        if res["past_heading"].search(m.group(1)):
            paren = m.group().strip()[0] in "（("
            nxt = next((h.start() for h in heads[k + 1:] if (h.group().strip()[0] in "（(") == paren
                        or not paren), len(text))
            out.append((m.start(), nxt))
    return out


# ---------------------------------------------------------------- paragraph

def _clean(s: str) -> str:
    return _BLANKS.sub("", s)


#: A paragraph longer than this with no line break is one-line text run together.
_FLAT_PARAGRAPH = 600
#: 过去五年， 近几年来，: the few words of a past marker's own adverbial before its comma.
_PAST_ADVERBIAL = re.compile(r"[^\d，,。；;：:\s]{0,3}[，,]")
#: How far into its sentence a time phrase may stand and still open it (力争到2025年).
_OPENER = 4


def read_paragraph(text: str, para: Para, phrases: list[TimePhrase],
                   inherited: str | None, joins: list[int] = ()) -> tuple[list[Candidate], str | None]:
    """Targets and amounts of one paragraph, and the deadline in force at its end.

    ``phrases`` are the paragraph's time phrases (any outside it are ignored)."""
    res = _res()
    events = [p for p in phrases if para.start <= p.start < para.end]
    for m in res["past"].finditer(text, para.start, para.end):
        events.append(TimePhrase(m.start(), m.end(), m.group(), "past", None))
    events.sort(key=lambda p: p.start)
    scope: str | None = inherited
    out: list[Candidate] = []
    last_indicator = ""
    flat = para.end - para.start > _FLAT_PARAGRAPH and text.find("\n", para.start, para.end) < 0
    # (a piece of one-line text between two headings may be short: the text is one line all the same)
    one_line = flat or _one_line(text) and text.find("\n", para.start, para.end) < 0
    for s_start, s_end in _sentences(text, para.start, para.end):
        sent = text[s_start:s_end]
        if scope not in (None, PAST) and s_start > para.start and (one_line or _rejoined(joins, text, s_start)) \
                and _opens_paragraph(text, s_start, s_end, para.end):
            # (so may a sentence where the view rejoined a hard wrap: the full line before it may
            # have ended its paragraph. A review's facts go on: its short sentences, 脱贫攻坚成果举世
            # 瞩目。, are its own, more often than a new paragraph's lead.)
            scope = None
        # An assessment sheet's line (…得5分) sets no goal; its time phrases still govern the sentences after it.
        scoring = "分" in sent and _SCORING.search(sent) is not None
        quantities = [] if scoring else find_quantities(text, s_start, s_end)
        if scope == PAST and quantities and _GOAL_LEAD.search(text, s_start, quantities[0].start):
            scope = None
        sent_events = [e for e in events if s_start <= e.start < s_end]
        prev: Candidate | None = None
        earlier: Candidate | None = None  # the sentence's last target so far
        last_end = s_start
        for q in quantities:
            if q.unit_class == "time" and not _TIME_VERB.search(text, max(s_start, q.start - 4), q.start) and not (
                    q.unit == "岁" and _AGE_CHANGE.search(text, max(s_start, q.start - 4), q.start)):
                continue
            q_from = last_end
            if _LIST_JOIN.match(text, q.end, q.end + 10):
                last_end = q.end
            local = scope
            for e in sent_events:
                if e.start < q.start and not (_horizon(text, e) and _CLAUSE_END.search(text, e.end, q.start)):
                    local = _apply(local, e)
            found = _classify(text, sent, s_start, q, prev, q_from, para.wrapped)
            if not found:
                prev = None
                continue
            for c in found:
                if c.kind == "target":
                    if local == PAST:
                        # 2022年…达到3000亿元，到2025年力争突破4000亿元: a fact still names what follows.
                        prev = c
                        continue
                    c.deadline = _paired_deadline(sent_events, quantities, q, local)
                    base = _baseline(text, quantities, q)
                    if base is not None:
                        c.baseline = base.value
                        c.indicator = res["from_word"].sub("", _TRAILING_NUMBER.sub("", c.indicator))
                        if c.ev_start > base.start:
                            c.ev_start = base.start
                        # The from-value is part of this target, not a target of its own.
                        out = [o for o in out if not (o.kind == "target" and o.start == base.start)]
                    elif earlier is not None and c.ev_start < earlier.ev_end <= c.start:
                        # 建成100个示范乡镇和1000个示范村: a later target of a clause is stated from where
                        # the earlier one's words end, not again from their shared verb.
                        c.ev_start = _CONJUNCT_OPENING.match(text, earlier.ev_end, c.start).end()
                        c.text = _clean(text[c.ev_start:c.ev_end])
                    earlier = c
                    if not c.indicator or _BARE_FIGURE.fullmatch(c.indicator):
                        # 储备能力2021年达到2000万吨；2023年达到2800万吨: the paragraph's indicator goes on.
                        c.indicator = last_indicator
                    last_indicator = c.indicator or last_indicator
                    prev = c
                out.append(c)
        in_sentence = [c for c in out if c.kind == "target" and s_start <= c.start < s_end]
        if "分别" in sent or _values_listed(text, in_sentence):
            _split_shared(in_sentence)
        for e in sent_events:
            # In one-line text the paragraph breaks are lost: only a phrase that opens its
            # sentence or stands as its own adverbial (…发展目标。到2025年，…) governs the
            # sentences after it, not one inside a clause (力争2020年底主体信用评级达到AAA级).
            # A past marker's adverbial runs on a little (过去五年，…; a heading glued before it
            # keeps it from opening its sentence).
            if not _in_clause(text, e) and (not flat or _opens(text, s_start, e)
                                            or _ADVERBIAL_END.match(text, e.end)
                                            or e.kind == "past" and _PAST_ADVERBIAL.match(text, e.end)):
                scope = _apply(scope, e)
    return out, (scope if scope != PAST else None)


# One-line text keeps no paragraph breaks, but a paragraph's opening shows: a short lead sentence
# (支撑体系更加健全。) or a short label before a colon (社会发展的主要预期目标：…), the way goals are
# grouped under a time phrase's paragraph. Either ends that phrase's scope, as the paragraph's end would.
_LEAD_SENTENCE = regex.compile(r"[ \t\u3000]*\p{Han}{4,12}[。！!]")
_LABEL = regex.compile(r"[ \t\u3000]*\p{Han}{2,16}[ \t\u3000]*[：:]")


def _rejoined(joins: list[int], text: str, pos: int) -> bool:
    """Whether the view rejoined a hard wrap at ``pos``, right after a sentence end."""
    k = bisect_left(joins, pos)
    return k < len(joins) and joins[k] == pos and text[pos - 1] in "。！？!?"


#: ``one_line`` of the text, asked once a paragraph: cached for the document at hand.
_one_line = functools.lru_cache(maxsize=2)(one_line)


def _opens_paragraph(text: str, start: int, end: int, para_end: int) -> bool:
    """Whether the sentence ``[start, end)`` of one-line text opens a paragraph of its own: a short lead
    sentence, or a label and a colon with the paragraph's text after it (a label before a list, or at
    the end of the text, introduces that list, which the time phrase before it governs)."""
    if _LEAD_SENTENCE.fullmatch(text, start, end):
        return True
    label = _LABEL.match(text, start, end)
    if label is None:
        return False
    rest = text[label.end():min(para_end, label.end() + 8)].lstrip()
    return rest != "" and not _res()["marker"].match(rest)


# Between two values of one list: the first's unit, then 、 or 和 (2家、20家; 6%和8%).
_VALUE_JOINER = regex.compile(r"[^\d\s，,。；;：:]{0,3}[、和及与]")


def _values_listed(text: str, found: list[Candidate]) -> bool:
    """新增省级、市级龙头企业2家、20家: values listed one after another for one indicator are each a
    coordinated subject's, as with 分别."""
    return any(a.indicator == b.indicator and _VALUE_JOINER.fullmatch(text, a.end, b.start) is not None
               for a, b in itertools.pairwise(found))


def _split_shared(found: list[Candidate]) -> None:
    """单位国内生产总值能耗和二氧化碳排放分别降低13.5%、18%: the n-th value is the n-th indicator's,
    each repeating the shared subject."""
    k = 0
    while k < len(found):
        run = [c for c in found[k:] if c.indicator == found[k].indicator]
        n = len(run)
        # OCR text spaces out the list's commas (小学、 初中毕业生升学率): the parts are their words.
        parts = [part.strip() for part in _CONJ.split(found[k].indicator)]
        pair = _contracted(found[k].indicator) if n == 2 and len(parts) == 1 and run == found[k:k + 2] else None
        if pair:
            for c, subject in zip(run, pair, strict=True):
                c.indicator = subject
        elif n >= 2 and len(parts) == n and all(parts) and run == found[k:k + n]:
            first, last = parts[0], parts[-1]
            for i, c in enumerate(run):
                p = parts[i]
                if len(first) > 3 and first[-1] == last[-1]:
                    pass  # 城市污水处理率和生活垃圾无害化处理率: each names itself
                elif len(first) <= 3 < len(last) or first in _rules()["targets.subject_terms"]:
                    # 城镇和农村居民…收入; 化学需氧量、氨氮排放 (a substance: 化学需氧量排放)
                    p = p + _shared_tail(first, last) if i < n - 1 else p
                elif len(first) < len(last):
                    p = _share(p, first, last)  # 花生种植、收获机械化率
                elif i > 0 and len(first) > 4:
                    p = first[:-2] + p  # 单位国内生产总值能耗和二氧化碳排放
                c.indicator = p
        k += max(n, 1)


@functools.cache
def _contracted_subjects() -> dict[str, tuple[str, str]]:
    """contracted word → its two subjects, from ``targets.contracted_subjects`` (城乡=城镇,农村)."""
    out = {}
    for entry in _rules()["targets.contracted_subjects"]:
        word, _, pair = entry.partition("=")
        parts = tuple(p.strip() for p in pair.split(","))
        if not word.strip() or len(parts) != 2 or not all(parts):
            raise RuleDataError(f"data/quantities.toml: targets.contracted_subjects entry {entry!r} is not "
                                "'contracted=first,second'")
        out[word.strip()] = parts
    return out


def _contracted(indicator: str) -> tuple[str, str] | None:
    """城乡居民人均可支配收入 → (城镇居民人均可支配收入, 农村居民人均可支配收入): the two subjects a
    contracted word at the indicator's start stands for, or None."""
    for word, (first, second) in _contracted_subjects().items():
        if indicator.startswith(word) and len(indicator) > len(word):
            rest = indicator[len(word):]
            return first + rest, second + rest
    return None


def _baseline(text: str, quantities: list[Quantity], q: Quantity) -> Quantity | None:
    """城镇化率由60%提高到65%: the earlier number of the same unit that the target moves from."""
    res = _res()
    for b in reversed(quantities):
        if b.end > q.start:
            continue
        if b.unit != q.unit or not res["to_target"].match(text, b.end, q.start):
            return None
        return b if res["from_word"].search(text, max(0, b.start - 8), b.start) else None
    return None


def _apply(scope: str | None, e: TimePhrase) -> str | None:
    if e.kind == "past" or e.past and e.text.endswith("以来"):
        return PAST
    if e.governs:
        return e.until
    return scope


def _horizon(text: str, e: TimePhrase) -> bool:
    """与到2020年实现全面建设小康社会奋斗目标紧密衔接: another plan's horizon, governing no
    further than its clause."""
    return e.kind == "deadline" and e.start > 0 and text[e.start - 1] in "与同和及向"


# A time phrase standing as its own adverbial ends at a comma (OCR text spaces it out: 到2 0 0 5年 ,).
_ADVERBIAL_END = re.compile(r"[ \t\u3000]*[，,]")
# A past marker is a word of its adverbial: 过去五年，, 过去的一年，.
_PAST_ADVERBIAL = re.compile(r"[^，,。；;！？!?\s]{0,3}[ \t\u3000]*[，,]")
#: A short lead clause before a sentence's time phrase (第一步，到2020年…; 其中，到2025年…).
_LEAD_CLAUSE = re.compile(r"[^，,。；;]{1,5}[，,]")


def _opens(text: str, s_start: int, e: TimePhrase) -> bool:
    """Whether a time phrase opens its sentence, or the part after a colon (分三步走：第一步，到2020年…),
    within a few characters (力争到2025年) or after a short lead clause."""
    start = max(s_start, max(text.rfind(c, s_start, e.start) for c in "：:") + 1)
    return e.start - start <= _OPENER or _LEAD_CLAUSE.fullmatch(text, start, e.start) is not None


def _in_clause(text: str, e: TimePhrase) -> bool:
    """落实2030年应对气候变化国家自主贡献目标: a bare year inside a noun phrase names that thing's
    year; it governs no further than its sentence."""
    return _horizon(text, e) or (e.kind == "deadline" and _BARE_YEAR.fullmatch(e.text) is not None and e.start > 0
            and _HAN.match(text, e.start - 1) is not None and _HAN.match(text, e.end) is not None
            and text[e.start - 1] not in "到至在于前")


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    a = start
    for m in _SENTENCE_END.finditer(text, start, end):
        out.append((a, m.end()))
        a = m.end()
    if a < end:
        out.append((a, end))
    return out


def _paired_deadline(events: list[TimePhrase], quantities: list[Quantity], q: Quantity,
                     local: str | None) -> str | None:
    """2024年、2025年分别突破2.2万亿元、2.4万亿元: the n-th year goes with the n-th value."""
    years = [e for e in events if e.governs and e.start < q.start]
    if len(years) < 2:
        return local
    run = [years[-1]]
    for e in reversed(years[:-1]):
        if run[0].start - e.end <= 1:
            run.insert(0, e)
    after = [x for x in quantities if x.start > run[-1].end and x.unit_class != "time"]
    if len(run) > 1 and len(run) == len(after) and q in after:
        return run[after.index(q)].value
    return local


# ---------------------------------------------------------------- one number

def _classify(text: str, sent: str, s0: int, q: Quantity, prev: Candidate | None,
              q_from: int, wrapped: bool = False) -> list[Candidate]:
    """What one number is: a target, an amount ([kind]), or nothing ([])."""
    res = _res()
    if q.unit_class == "time" and q.unit in ("年", "月", "日") and q.value >= 1000:
        return []
    if q.unit_class == "other" and not (q.unit == "次" and not q.chinese):
        return []  # 提供场景服务不少于50次 counts; 一次 does not
    rel = q.start - s0
    head = sent[:rel]
    cut = max(max(head.rfind(ch) for ch in "，,：:|"), q_from - s0 - 1)
    opened = max(head.rfind("（"), head.rfind("("))
    if opened > max(head.rfind("）"), head.rfind(")")):
        cut = max(cut, opened)  # 示范村100个（精品村20个）: the bracket's number has its own words
    nl = head.rfind("\n")
    if nl > cut and head[nl - 1:nl] in _FIGURE_END and not head[head.rfind("\n", 0, nl) + 1:nl].isdigit():
        # A line that ended on a figure (…提高到87%⏎研究…) closed its clause, punctuation or not;
        # a line that is only a number is a page number inside a sentence.
        cut = nl
    if "、" in head:
        for figure in _FIGURE_ITEM_END.finditer(head, cut + 1):
            cut = figure.end() - 1  # 管理平台3.0、实时可调负荷提升至…: a figure before 、 ended a list item
        cut = _after_finished_item(head, cut)
    # After an earlier number of the same clause, only the words since that number count.
    clause_head = _CLAUSE_JOINERS.sub("", head[cut + 1:]) if q_from > s0 else head[cut + 1:]
    line_end = None if wrapped else _LINE_END.match(text, q.end)
    # A line that ends on the figure closes its clause (PDF text without punctuation).
    tail = _clean(text[q.end:line_end.end()] if line_end else text[q.end:min(s0 + len(sent), q.end + 80)])
    if tail.startswith("以"):
        # PDF text run onto one line keeps its page numbers where the page broke: 120个以5上.
        tail = _PAGE_IN_BOUND.sub("以", tail, count=1)
    after_end = _CLAUSE_END.search(sent, rel + (q.end - q.start))
    clause = sent[cut + 1:after_end.start() if after_end else len(sent)]
    comparator = _comparator(clause_head, tail)
    if q.approx and comparator == "=":
        comparator = ">"  # 5000多个, 二十余家
    bound = res["after"].match(tail)
    rest = tail[bound.end():] if bound else tail
    if bound and q.unit_class == "percent":
        # 2022年70%以上、2025年80%以上县级及以上机关达到…: the shares of a list name what they are
        # shares of once, after the last.
        listed_share = _SHARES_LISTED.match(rest)
        if listed_share:
            rest = rest[listed_share.end():]
    if q.unit_class == "money" and (res["penalty"].search(clause)
                                    or _picks_out(head, sent, rel + (q.end - q.start), after_end)):
        return []  # 处二百元以下罚款; 对年营业收入达到2000万元以上…的企业，给予…: which firms, no amount
    # 单笔贷款额度50万元 (not 新增贷款余额650亿元)
    other = q.unit_class == "money" and res["amount_other"].search(res["not_amount"].sub("", clause))
    amount = res["amount"].search(res["not_amount"].sub("", sent))
    if amount and q.unit_class in ("percent", "money") and res["verbs"].search(clause_head) \
            and not (q.unit_class == "money" and _CAP_OR_CHANGE.match(clause_head.lstrip())) \
            and not res["amount"].search(res["not_amount"].sub("", sent[cut + 1:])):
        # 提高项目补助标准比例，2025年道路三级及以上占比达到57%: the subsidy is an earlier clause's; a share
        # set as a goal in a clause of its own is a target (a subsidy rate names its subsidy in or after
        # its own clause: 按投资额的10%给予补助, 按10%，给予最高100万元奖励). So is a sum: 统筹安排配套资金
        # 120亿元以上，新增贷款余额650亿元以上 — not a cap per recipient (每家企业不超过50万元) nor the
        # change of the amount before (拟安排12287亿元，比上年增加1868亿元).
        amount = None
    if q.unit_class in ("money", "percent") and (other or amount):
        # 营业收入1亿元的企业 picks out a case; 不超过1000万元的补助, 100亿元的专项基金 name the money itself
        if q.unit_class == "money" and (not rest.startswith("的") or _MONEY_NAMED_AFTER.match(rest)):
            cmp_ = "<=" if _UP_TO.search(clause_head) else comparator
            begin, end = _amount_evidence(text, q, clause_head)
            return [Candidate(_amount_kind(sent), q.start, q.end, q.value, q.value_max, q.unit, cmp_,
                              text=_clean(text[begin:end]), ev_start=begin, ev_end=end)]
        return []
    if res["rule"].search(clause) or (res["standard"].match(clause_head.lstrip())
                                      and not _MEASURE_BASIS.match(clause_head.lstrip())):
        return []
    if q.unit in _PEOPLE and res["composition"].search(sent):
        return []  # 成员设3至7人, 一般设委员5至7名，最多不超过9名: how a body is made up
    if clause.rstrip().endswith("的") and after_end is not None:
        return []  # 1000万元以上5000万元以下直接经济损失的，: a clause that picks out a case, not a goal
    if _CASE_ALTERNATIVES.match(text, q.start, q.start + 200):
        return []  # 造成3人以上死亡，或者10人以上重伤；或者…损失的，: each alternative picks out the case
    if q.unit_class == "time" and res["amount"].search(clause):
        return []  # 贴息期不超过3年: the term of a subsidy
    if "每" in clause_head and (q.unit_class == "money" or res["amount"].search(clause)):
        return []  # 每培育1家…给予补助, 每增加一个胎儿增加500元: a rate, not a goal
    if q.unit_class == "money" and q.value < 10_000:
        return []  # a price or fee; targets in money are aggregates (万元, 亿元)
    cond = res["condition"].search(sent)
    if cond and cond.start() > rel:
        return []
    # 超过70%和50%, 2.2万亿元、2.4万亿元: the second number shares the first one's words.
    listed = prev is not None and _LISTED.fullmatch(_clean(text[prev.end:q.start]))
    verb = res["verbs"].search(clause_head)
    class_end = _class_end(text, q)
    if class_end is not None and _CLASS_VERB.search(clause_head) and not _COUNT_BEFORE.search(clause_head):
        # 打造千亿级的国家级先进能源基地: a thing of that size class is the goal (unless counted: 培育3个千亿级集群)
        made = _class_target(text, q, class_end, clause_head, s0 + (after_end.start() if after_end else len(sent)),
                             comparator)
        if made is not None:
            return [made]
    if not q.unit_class and not _REACH_VERB.search(clause_head):
        return []
    if q.chinese and q.value == 1 and ("每" not in clause_head or _PER_STEP.search(clause_head)):
        # 一套, 一支: an article, unless it is a quota per unit (每个设区市培育一家); 每增加一个胎儿
        # is the step of a rate
        return []
    if _COUNTED_BODIES.match(rest):
        return []  # A、B、C等12个部门单位: counts the document's own list
    # 打造具有推广效应的100个算法产品: after a verb, 的 ties a description to the counted thing.
    made = _MAKE_VERB.match(_strip_times(clause_head).lstrip())
    described = q.unit_class == "count" and clause_head.endswith("的") and made is not None
    if described:
        verb = regex.search(regex.escape(made.group()), clause_head)
    # 造成3人以上10人以下死亡: the second bound of a range is judged by the words before the first.
    before_word = res["not_before"].search(_RANGE_FIRST.sub("", clause_head))
    # 发放“青创贷”“青年电商贷”等1亿元以上: a sum of the things listed before 等 is an aggregate, not a
    # count of the document's items.
    if before_word and not listed and not described and not (
            before_word.group() == "等" and q.unit_class == "money" and verb is not None):
        return []
    done = _ALREADY.search(clause_head)
    if done:
        # 其中已开发利用55米, 已建成5G基站3万个: what is done already is a fact, not a goal; but in
        # 在已有基础上新增100家 a verb of its own follows.
        verb_after = res["verbs"].search(clause_head[done.start() + 1:].removeprefix("经"))
        if verb_after is None or verb_after.start() == 0:
            return []
    # 1.确保县城污水处理率达80%: an item's marker stands before the lead words.
    timed = _strip_times(res["marker"].sub("", clause_head.lstrip(), count=1))
    lead = res["lead"].sub("", timed)
    if len(_NON_WORD.sub("", lead)) < 2 and len(timed) > len(lead):
        lead = timed.lstrip("、和及与")  # 提升村386个: the verb is part of the name
    # 70%的规模以上企业实现…, 2022年60%以上城市社区达到创建要求: a share of the things named after it.
    covers = _COVER_VERB.search(lead)
    # 确保60%的乡镇完成…: a clause head of lead words alone leaves the share's words after it.
    share = q.unit_class == "percent" and (
        not _WHOLE_PLACE.sub("", lead) or covers or res["lead_words_only"].fullmatch(timed)) and (
        rest.startswith("的") or bool(bound) and bool(_WORD_START.match(rest)))
    if q.chinese and _PACKAGE.match(rest) or _MEASURES.match(rest):
        return []
    items = _listed_items(lead)
    if items and q.value == items and (q.chinese or items >= 3 and (
            q.unit in _PLACE_WORDS or _PLACE_NOUN.match(rest))):
        # 建设省内、大西南和东南亚三个旅游环线, 选择北京、天津…和西安11个城市: the number restates the list
        # before it; in digits only a list of three or more places counted as places (建成济南、青岛、
        # 烟台3个国家级中心 counts the centres built there)
        return []
    # 覆盖2000万人口的“1小时交通圈”: the population the thing after 的 reaches is the goal.
    reach = _POPULATION_VERB.search(clause_head) \
        if q.unit == "人" and text.startswith("口", q.end - 1) and rest.startswith("的") else None
    if rest.startswith("的") and not share and not reach:
        return []
    elif bound and q.unit_class in ("money", "percent", "measure") and _WORD_START.match(rest) and not share \
            and not _LIST_NEXT.match(rest):
        # 5000吨标准煤以上重点用能企业: a threshold that picks out whom (not 70%以上和50%以上, a list of goals)
        return []
    elif q.unit_class in ("money", "measure", "") and _WORD_START.match(rest) and not (
            _CONJUNCT_NEXT.match(rest) or _LISTED_VALUE_ENDS.match(rest)):
        # 20家十亿元企业, 五十米范围内, 超百亿企业: the figure qualifies the noun after it (not 新增绿色建筑
        # 5亿平方米和超低能耗建筑…, where a conjunct follows, nor 分别达到10亿美元和15亿美元以上。, a list of
        # values that ends its clause)
        return []
    rate = q.unit_class == "percent" and clause_head.endswith("率")
    # An explicit bound word (以上, 不少于, 多) or a clause that is only an indicator and its number
    # (居民消费价格涨幅3%左右) sets a goal whatever the verb.
    bounded = comparator != "="
    whole = (q.unit_class != "" and not q.chinese and len(_NON_WORD.sub("", lead)) >= 2
             and (not rest or rest[0] in "，,；;。！？!?、）)"))
    if not (listed or verb or prev is not None or rate or share or bounded or whole):
        return []
    if not (listed or verb or bounded) and _DIMENSION.search(lead):
        return []
    if not (verb or listed) and res["marker"].match(head[cut + 1:]):
        return []  # （四）军民深度融合方面6项, （五）推荐项目不超过10个: a checklist's line, not a goal
    if listed:
        indicator, ind_end = prev.indicator, q.end
        comparator = prev.comparator if comparator == "=" else comparator
        change = prev.change
    else:
        indicator, ind_end = _indicator(text, q, rest, tail, clause_head, lead, share)
        if q.chinese and not verb and _HAS_DIGIT.search(indicator):
            return []  # 城乡三项基本医疗保险参保率提高3个百分点: a count in words inside a name, whose goal follows
        stage = None if ind_end > q.end or q.unit_class == "percent" else res["stage"].fullmatch(
            _strip_times(clause_head).strip())
        if stage:
            # 开工70个、续建130个: nothing named after the number, only a verb before it.
            thing = prev.thing or prev.indicator if prev is not None and prev.unit == q.unit else ""
            # 全省新开工棚户区改造安置住房5万套，基本建成3万套: the thing, not the earlier verb.
            thing = res["stage_start"].sub("", _WHOLE_PLACE.sub("", thing)) or thing
            if not thing or res["stage_end"].search(thing):  # 今年改造完成120个 named no thing either
                thing = _work_object(head[:cut] if cut >= 0 else "")
            if thing:
                indicator = stage["v"] + thing
        if reach and indicator:
            indicator += reach.group() + "人口"
        if covers and share and indicator:
            indicator = lead + indicator  # 5G网络覆盖三分之一以上的乡镇 -> 5G网络覆盖乡镇
        if described and indicator:
            indicator = clause_head[verb.end():] + indicator
        if not indicator and prev is not None:
            indicator = prev.indicator
        if not indicator and cut >= 0:
            indicator = _previous_clause(head[:cut])
        if prev is not None and _SCOPE_ONLY.fullmatch(indicator):
            scope = _SCOPE_PREFIX.match(prev.indicator)
            if scope:
                indicator += prev.indicator[scope.end():]
        change = _change(clause_head)
        if verb and indicator.startswith(verb.group()):
            verb, change = None, "level"  # 提升村: the verb word is the name's
        if prev is not None and not verb and change == "level" and not _CLAUSE_END.search(text, prev.end, q.start):
            change = prev.change  # 新增A50家、B15家以上: the list shares its verb (not across a comma)
        if prev is not None and _SUBSET.match(clause_head) and len(_NON_WORD.sub("", indicator)) <= 3:
            indicator += prev.indicator  # 新建充电桩750个，其中乡村150个 -> 乡村充电桩
            change = prev.change
        if cut >= 0 and _GOAL_ONLY.fullmatch(indicator):
            # 经济增速是综合性指标，今年预期目标设定为6%以上: the goal's words name no indicator; the
            # sentence's subject does.
            subject = _SUBJECT.match(_previous_clause(head[:cut]))
            indicator = subject["s"] if subject else indicator
        made_last = _MADE_LAST.search(clause_head)
        if made_last and ind_end <= q.end and cut >= 0 and _PER_PLACE.search(indicator):
            # 建设…的“如康家园”残疾人之家，到2025年，重点县每个乡镇(街道)至少建设1处: a quota per place
            # counts the thing the same verb built earlier in the sentence.
            indicator = _object_of(head[:cut], made_last.group()) or indicator
    if q.unit_class == "money" and res["fee"].search(_FROM_CLAUSE.sub("", indicator)):
        return []
    if not q.unit_class and not q.value_max and q.value > 100 and _SHARE_WORD.search(indicator):
        return []
    begin = q.start - len(clause_head) + (len(clause_head) - len(clause_head.lstrip()))
    end = max(q.end + (bound.end() if bound else 0), ind_end)
    base = Candidate("target", q.start, q.end, q.value, q.value_max, q.unit, comparator, change,
                     indicator, None, _clean(text[begin:end]), begin, end)
    if not listed and stage and thing:
        base.thing = thing
    return _each(base, clause_head, rest)


# A size class (千亿级, 千万千瓦级) and the verbs that make a thing of that class the goal (打造千亿级产业集群;
# not 支撑覆盖全国的千万级规模群体感知, a capability, nor 实现50亿级项目招引零突破).
_CLASS_VERB = regex.compile(r"(?:打造|形成|建成|建设|培育|壮大|构建|成为)[^，,；;]{0,12}$")
# The class's thing, up to a conjunct (千亿级的国家级先进能源基地和零碳能源岛: the 岛 is no thing of that class).
_CLASS_NAME = regex.compile(r"[^，,。；;：:\n、和与及（）()]*")
# 培育3个千亿级产业集群: the count before the class is the goal, the class part of its name.
_COUNT_BEFORE = regex.compile(r"[\d一二两三四五六七八九十]\s*(?:个|家|条|批次|座)\s*(?:以上|左右|多|余)?\s*$")


def _class_end(text: str, q: Quantity) -> int | None:
    """Where the 级 of a size class (千亿级, 7000亿级, 千万千瓦级) ends, or None if ``q`` is none."""
    if q.unit_class not in ("", "measure", "money"):
        return None
    if text.startswith("级", q.end - 1) and q.end - 1 > q.start:
        return q.end
    return q.end + 1 if text.startswith("级", q.end) else None


def _class_target(text: str, q: Quantity, class_end: int, clause_head: str, clause_end: int,
                  comparator: str) -> Candidate | None:
    """The goal of a thing of a size class: 千亿级的国家级先进能源基地 -> 国家级先进能源基地 = 1e11 (ANNOTATION:
    万亿级 has unit ""); None when nothing is named after the class, or it is counted (引进10亿级项目55个)."""
    start = class_end + 1 if text.startswith("的", class_end) else class_end
    run = _CLASS_NAME.match(text, start, clause_end)
    name = run.group() if run else ""
    # a heading run into its body (千万千瓦级储能基地加快突破…): the name ends where a predicate starts
    predicate = _res()["predicate_in"].search(name)
    cut = predicate.start() if predicate else len(name)
    name = _strip_trail(name[:cut])
    if len(_HAN.findall(name)) < 2 or find_quantities(name):
        return None
    begin = q.start - len(clause_head) + _CLASS_VERB.search(clause_head).start()  # (from the verb: 打造…千亿级…)
    end = start + cut
    return Candidate("target", q.start, q.end, q.value, None, q.unit, comparator, "level", name, None,
                     _clean(text[begin:end]), begin, end)


_HAS_DIGIT = re.compile(r"\d")
_PLACE_WORDS = ("市", "省", "县", "区", "地")
_PLACE_NOUN = regex.compile(r"(?:城市|省份|省市|地市|县市|地区|国家)(?!级)")
# (not across a verb: 1亿元的企业给予奖励 picks out the firms)
_MONEY_NAMED_AFTER = regex.compile(r"的(?:(?!给予|予以|获得|享受)[^，,。；;]){0,10}?(?:奖励|补助|补贴|资助|奖补|贴息|奖金|基金|资金)"
                                   r"|的标准(?:给予|予以|发放|补助|补贴|奖励)")  # 按每名技师5000元的标准给予补贴
# 对年营业收入达到2000万元以上或年纳税额达到200万元以上、每年保持稳定增长的企业: a clause that opens with
# 对 and names, after the figure, what it picks out (…的企业), sets a condition.
_FOR_CASE = regex.compile(r"[ \t\u3000]*(?:其中)?对(?!于)")
# What opens the clause after a condition's 的: the grant it conditions (经认定, 给予…).
_GRANT_NEXT = regex.compile(r"\s*(?:经[^，,。；;]{1,12}[，,]\s*)?(?:给予|予以|奖励|补助|补贴|资助|一次性|按)")
_PICKED = regex.compile(r"的(?:企业|项目|单位|机构|个人|人员|主体|园区|平台|产品|团队|人才)")


def _picks_out(head: str, sent: str, after: int, clause_end) -> bool:
    """Whether the figure ending at ``after`` in ``sent`` stands in a condition: its clause ends in 的
    before a grant (…达到2000万元以上的，给予…), or opens with 对 and, after the figure, names the things
    it picks out (…的企业)."""
    end = clause_end.start() if clause_end else len(sent)
    if sent[after:end].rstrip().endswith("的") and _GRANT_NEXT.match(sent, end + 1):
        return True  # 年营业收入达到2000万元以上…的，给予…房租补贴: the case the grant is for
    start = max(head.rfind(c) for c in "，,；;：:。") + 1
    if not _FOR_CASE.match(head, start):
        return False
    return _PICKED.search(sent, after, end) is not None


#: How far before its number an amount's word may stand and still be the amount's (最高补助|1000万元).
_AMOUNT_REACH = 10
# What an amount's phrase may open with before its word: 最高补助, 一次性奖励, 分别给予.
_AMOUNT_OPENER = regex.compile(r"(?:最高|最多|分别|一次性|每年|累计)\s*$")
# An amount's word right after its number: 给予50万元奖励, 1000万元的补助.
_AMOUNT_AFTER = regex.compile(r"\s*的?\s*(?:奖励|补助|补贴|资助|奖补|贴息|奖金)")


def _amount_evidence(text: str, q: Quantity, clause_head: str) -> tuple[int, int]:
    """The shortest span that states an amount, in view offsets: from its word or bound word
    (给予, 补助, 最高, 不超过…) standing close before the number, or else from the start of a short
    clause, to the number, or the word right after it (给予50万元奖励); the number alone otherwise
    (分别给予100万元、50万元: the 50万元)."""
    res = _res()
    near = clause_head[-_AMOUNT_REACH:]
    offset = q.start - len(near)
    starts = [m.start() for pattern in (res["amount"], res["amount_other"]) for m in pattern.finditer(near)]
    bound = res["before"].search(near) or _UP_TO.search(near)
    if bound:
        starts.append(bound.start())
    if starts:
        begin = offset + min(starts)
    else:
        # No word of its own: a short clause names the money (其中中央财政赤字5500亿元), or what follows
        # the last verb close before it (发行地方政府专项债800亿元 → 地方政府专项债800亿元).
        head = clause_head.lstrip()
        verbs = list(res["verbs"].finditer(clause_head, max(0, len(clause_head) - 2 * _AMOUNT_REACH)))
        if len(head) <= _AMOUNT_REACH:
            begin = q.start - len(head)
        elif verbs:
            begin = q.start - len(clause_head) + verbs[-1].end()
        else:
            begin = q.start
    opener = _AMOUNT_OPENER.search(text, max(0, begin - 3), begin)
    if opener and starts:
        begin = opener.start()
    end = q.end
    bound_after = res["after"].match(text, end)  # 120亿元以上: the bound is part of what is stated
    if bound_after:
        end = bound_after.end()
    after = _AMOUNT_AFTER.match(text, end)
    return begin, (after.end() if after else end)


def _after_finished_item(head: str, cut: int) -> int:
    """…规上工业企业无研发活动实现清零、1亿元以上规上工业企业研发机构覆盖率达到70%: a list item that is a
    whole clause of its own (a subject, then a verb and its short result) ended at its 、; the cut moves
    to that comma. An item that opens with its verb (培育壮大A、B产业集群) shares the verb and stays."""
    res = _res()
    pos = cut
    for m in _ITEM_COMMA.finditer(head, cut + 1):
        item = res["lead"].sub("", head[pos + 1:m.start()])
        verb = res["verbs"].search(item, 2)
        if verb is not None and 0 < len(item) - verb.end() <= 4 and len(verb.group()) > 1:
            pos = m.start()
    return pos


def _listed_items(lead: str) -> int:
    """How many items a list of two or more (A、B和C) that ends the words before a number names; 0 when
    the words end in no such list."""
    parts = _JOINER.split(lead)
    return len(parts) if len(parts) >= 2 and all(parts) else 0


def _each(c: Candidate, clause_head: str, rest: str = "") -> list[Candidate]:
    """种植、收获机械化率均达到45%, 化学需氧量、二氧化硫排放分别减少8%: one target per coordinated
    indicator (分别 with one value; with one value per indicator see _split_shared)."""
    each = _EACH.search(clause_head)
    if not (each or _RESPECTIVELY.search(clause_head) and not _LIST_NEXT.match(rest)):
        return [c]
    parts = _CONJ.split(c.indicator)
    if len(parts) < 2 or any(not p for p in parts):
        return [c]
    if not each:  # 化学需氧量、二氧化硫排放分别减少8%: each part names itself
        short = len(parts[0]) <= 3 < len(parts[-1])
        tail = _shared_tail(parts[0], parts[-1]) if short else ""
        return [Candidate(**{**c.__dict__, "indicator": p + tail if short and p != parts[-1]
                             else p}) for p in parts]
    # The last part carries the shared noun: 马铃薯种植、收获机械化率 -> 马铃薯种植机械化率, 马铃薯收获机械化率.
    first, last = parts[0], parts[-1]
    out = []
    for p in parts:
        out.append(Candidate(**{**c.__dict__, "indicator": _share(p, first, last)}))
    return out


def _shared_tail(first: str, last: str) -> str:
    """What the last of coordinated subjects adds that the first shares: the words after its own
    term (城镇和农村居民收入: 居民收入 after 农村, a term of the first's length; 氨氮、氮氧化物排放: 排放
    after 氮氧化物, a term of its own length, which no character count finds; 国家级、省级企业: 企业
    after 省级, which ends as 国家级 does)."""
    for term in _rules()["targets.subject_terms"]:
        if last.startswith(term) and len(last) > len(term):
            return last[len(term):]
    # 国家级、省级专精特新企业: the last's term ends as the first's does (级), whatever its length.
    ends = last.find(first[-1], 0, len(first) + 1) if first else -1
    if ends >= 0 and ends + 1 < len(last):
        return last[ends + 1:]
    return last[len(first):]


def _share(part: str, first: str, last: str) -> str:
    if len(last) <= 2 or len(first) <= 2:
        return part
    if len(last) > len(first) + 1 and sorted(last[:len(first)]) == sorted(first):
        # 数字产业化和产业数字化产业规模: two terms of one length, the noun after the second.
        return part if part == last else part + last[len(first):]
    # Shared suffix: what the last conjunct has beyond a first-conjunct-length word.
    stem = last[: min(2, len(last))]
    suffix = last[len(stem):]
    if part == last:
        prefix = first[: max(0, len(first) - len(stem))]
        return prefix + last if prefix and not last.startswith(prefix) else last
    return part + suffix


_WORK_OBJECT = regex.compile(r"(?:推进|加快|实施|开展|抓好|做好|加强|启动)(?P<obj>[^\d，,。；;：:、]{2,16}?)(?:建设|改造)$")


def _work_object(s: str) -> str:
    """继续推进保障性安居工程建设，…，基本建成500万套: the thing the sentence's work builds or renovates,
    named in the nearest clause before that says so."""
    for clause in reversed(regex.split(r"[，,：:]", s)):
        m = _WORK_OBJECT.search(_clean(clause))
        if m:
            return m["obj"]
    return ""


_GOAL_ONLY = regex.compile(r"(?:今年|明年|全年|年度)?的?(?:预期|主要|发展|调控)?目标值?(?:设定|确定|设|定)?")
_SUBJECT = regex.compile(r"(?P<s>[^，,：:是]{2,20}?)是")
_MADE_LAST = regex.compile(r"(?:打造|培育|建设|建成|新建|创建)$")
_SOME = regex.compile(r"^(?:一大批|一批|一些|一系列|若干)")
_PER_PLACE = regex.compile(r"每一?个?\p{Han}{1,4}(?:[（(][^（）()]{1,6}[）)])?$")


def _object_of(s: str, verb: str) -> str:
    """What the last ``verb`` in ``s`` acts on, up to its clause's end and after its last 的 (建设集…功能于一体的
    “如康家园”残疾人之家 → “如康家园”残疾人之家); empty when it is not a short name."""
    at = s.rfind(verb)
    if at < 0:
        return ""
    obj = regex.split(r"[，,。；;：:]", s[at + len(verb):])[0]
    obj = _SOME.sub("", _clean(obj[obj.rfind("的") + 1:]))
    return obj if 2 <= len(_NON_WORD.sub("", obj)) <= 20 and not _HAS_DIGIT.search(obj) else ""


def _previous_clause(s: str) -> str:
    """服务业对经济增长的贡献显著增强，达到60%以上: the clause before names the indicator."""
    s = s[max(s.rfind(ch) for ch in "，,：:|。；") + 1:]
    return _res()["lead"].sub("", _strip_times(s))


def _strip_times(s: str) -> str:
    return _TIME_WORDS.sub("", s)


def _comparator(clause_head: str, tail: str) -> str:
    res = _res()
    m = res["after"].match(tail)
    if m:
        return ">=" if m.group("ge") else "<=" if m.group("le") else "~"
    m = res["before"].search(clause_head)
    if m:
        return {"le": "<=", "ge": ">=", "lt": "<", "gt": ">", "ap": "~"}[m.lastgroup]
    if res["ge_adverb"].search(clause_head):
        return ">="
    return "="


def _change(clause_head: str) -> str:
    res = _res()
    hits = [(m.end(), "increase") for m in res["inc"].finditer(clause_head)
            if not clause_head.startswith(("值", "量"), m.end())]
    hits += [(m.end(), "decrease") for m in res["dec"].finditer(clause_head)]
    if not hits:
        return "level"
    end, kind = max(hits)
    between = clause_head[end:]
    # 提高到80%, 提高代偿容忍度至10%: the verb sets a level, however many words stand between.
    if between[:1] in ("到", "至", "为") or between.endswith(("到", "至")) or _LEVEL_VERB.search(between):
        return "level"
    return kind


def _indicator(text: str, q: Quantity, rest: str, tail: str, clause_head: str, lead: str,
               share: bool = False) -> tuple[str, int]:
    after = ""
    rest = _BRACKET_NOTE.sub("", _MEASURE_NOTE.sub("", rest))  # 10万套（间）, 100个（精品村20个）
    m = _INDICATOR_RUN.match(rest)
    if rest.startswith("的"):
        after = m.group()[1:] if m else ""
    elif m and m.group() and not _JOINER.match(rest) and q.unit_class != "time" and (
            q.unit_class != "percent" or share or _COVERS.search(clause_head)):
        # A count names what it counts after the number; a rate or a duration is named before it
        # (率达到95%, 人均预期寿命达到80岁), unless the number says how much of something is achieved
        # (实现100%BIM交付).
        after = m.group()
        # 新增22项“跨省通办”事项在政务服务大厅落地: the counted thing, not what happens to it.
        parts = _PLACE_VERB.split(after, maxsplit=1)
        if len(parts) > 1 and len(_NON_WORD.sub("", parts[0])) >= 4:
            after = parts[0]
        if _res()["predicate"].match(after):
            after = ""
    if after:
        # The evidence ends where the counted thing does (实施60个城中村分类改造项目, not the rest of its
        # sentence); found by its last characters, since notes and blanks were taken out of ``rest``.
        last = _clean(after)[-4:]
        at = text.find(last, q.end, q.end + len(tail) + 20) if last else -1
        return after, (at + len(last) if at >= 0 else q.end + len(tail))
    # 人口密度控制在每平方公里0.6-1万人: the per-area phrase belongs to the unit, not the name; in
    # 试点示范企业实现运营成本降低20%, 全市行政村基本实现集体经济总收入30万元, what is achieved is named after 实现.
    return _strip_trail(_ACHIEVES.sub("", _PER_UNIT.sub("", lead))), q.end


_ACHIEVES = regex.compile(r"^[^，,；;]{2,}?(?:基本|全面|全部|逐步|率先)?实现(?=\p{Han}{2})")


def _amount_kind(sent: str) -> str:
    r = _rules()
    for kind in ("award", "subsidy", "fund", "budget", "other"):
        if any(w in sent for w in r["amounts." + kind]):
            return kind
    return "other"
