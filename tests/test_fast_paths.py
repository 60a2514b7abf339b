"""The speed-ups answer exactly what the plain code they replace answers.

Each fast path (a shortcut scan, a cache, a pre-filter) is checked against a
straightforward statement of the same thing, on every dev and pool document and
on generated text full of the characters the shortcut depends on.
"""
from __future__ import annotations

import pytest
from conftest import DEV, pool_files
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from policytext.reading import _CONTROL, decode_text
from policytext.reading.normalize import _FULLWIDTH, _TABLE, TextView, _translate
from policytext.stages import numerals, quantities, times, units
from policytext.stages.sections import MARKER
from policytext.textutil import DOC_NUMBER, iter_doc_numbers, lines

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _corpus_views() -> list[tuple[str, str]]:
    files = sorted(DEV.glob("*.txt")) + pool_files() if DEV.is_dir() else []
    return [(p.name, TextView(decode_text(p.read_bytes(), str(p))[0]).text) for p in files]


_VIEWS: list[tuple[str, str]] | None = None


def corpus_views() -> list[tuple[str, str]]:
    global _VIEWS
    if _VIEWS is None:
        _VIEWS = _corpus_views()
    if not _VIEWS:
        pytest.skip("corpora not found beside the repo")
    return _VIEWS


# ---------------------------------------------------------------- 发文字号

DOC_NUMBER_PIECES = st.sampled_from([
    "国发", "浙江省人民政府办公厅", "山东省财政厅关于", "政", "办", "浙政办发", "皖政办秘", "鲁财会", "文件", "根据", "〔", "〕", "[", "]", "（", "）", "(", ")", "【", "】", "﹝",
    "﹞", "［", "］", "2022", "1999", "2101", "第", "号", "14", "5", " ", "\n", "\u3000", "abc", "Z", "的", "、", "。",
])
DOC_NUMBER_TEXTS = st.lists(DOC_NUMBER_PIECES, max_size=40).map("".join)


def _doc_numbers(it) -> list[tuple[tuple[int, int], str]]:
    return [(m.span(), m["prefix"]) for m in it]


@FAST
@given(DOC_NUMBER_TEXTS, st.integers(0, 30), st.integers(0, 200))
@example("根据浙江省人民政府办公厅 〔2022〕5号", 0, 200)  # the longest prefix, spaced from its bracket
@example("国发〔2022〕14号和国办发〔2021〕3号", 1, 200)
def test_iter_doc_numbers_is_finditer(text, pos, endpos):
    assert _doc_numbers(iter_doc_numbers(text, pos, endpos)) == _doc_numbers(
        DOC_NUMBER.finditer(text, pos, min(endpos, len(text))))


def test_iter_doc_numbers_is_finditer_on_the_corpora():
    found = 0
    for name, text in corpus_views():
        for pos, endpos in ((0, None), (0, 250), (101, len(text) // 2)):
            expected = _doc_numbers(DOC_NUMBER.finditer(text, pos, len(text) if endpos is None else endpos))
            assert _doc_numbers(iter_doc_numbers(text, pos, endpos)) == expected, (name, pos, endpos)
            found += len(expected)
    assert found > 100  # the corpora cite many documents by number


# ---------------------------------------------------------------- quantities

QUANTITY_PIECES = st.sampled_from([
    "“", "”", "\"", "「", "」", "『", "』", "《", "》", "十四五", "一网通办", "一次性", "5+2", "15分钟生活圈", "三个全面",
    "5", "30", "1.5", "万", "亿元", "个", "%", "百分之九十", "两", "一", "家", "-", "至", "。", "；", "，", "\n", "达到",
    "建设", "政策", "5G", "第", "余", "多", "５", "٣", "〇", "三分之一", "一点五", "—", "（含）",
])
QUANTITY_TEXTS = st.lists(QUANTITY_PIECES, max_size=50).map("".join)


def _as_tuples(qs) -> list[tuple]:
    return [(q.start, q.end, q.value, q.value_max, q.unit, q.unit_class, q.approx, q.chinese) for q in qs]


def reference_find_quantities(text: str, start: int, end: int) -> list[numerals.Quantity]:
    """find_quantities as first written: the prefix text[:end] scanned for shields on every call."""
    sub = text[:end]
    shields = numerals._shielded(sub)
    out, i = [], start
    while i < end:
        m = numerals._number_re().search(sub, i)
        if not m:
            break
        q = numerals._quantity_at(sub, m.start(), shields)
        if q is None:
            i = m.end()
            continue
        out.append(q)
        i = q.end
    return out


def _sentences(text: str) -> list[tuple[int, int]]:
    out, a = [], 0
    for i, ch in enumerate(text):
        if ch in "。；\n":
            out.append((a, i + 1))
            a = i + 1
    return out + [(a, len(text))]


@FAST
@given(QUANTITY_TEXTS)
@example("达到51.5")  # a bare figure read by the verb two characters before the sentence's start
def test_find_quantities_per_sentence_is_the_prefix_scan(text):
    numerals._last_shields = None
    for start, end in _sentences(text) + [(0, len(text)), (len(text) // 3, len(text))]:
        assert _as_tuples(numerals.find_quantities(text, start, end)) == _as_tuples(
            reference_find_quantities(text, start, end)), (start, end)


@pytest.mark.parametrize("text", [
    "《关于“5个”。建设100个》",  # the title runs past the sentence; the quote inside it shields 5个
    "“建设5个。中心”建设10个",  # the quote runs past the sentence: 5个 is not shielded there
    "十四五。规划建设3个",
    "建设“15分钟。生活圈”30个",
])
def test_find_quantities_where_a_shield_crosses_the_sentence_end(text):
    numerals._last_shields = None
    for start, end in _sentences(text):
        assert _as_tuples(numerals.find_quantities(text, start, end)) == _as_tuples(
            reference_find_quantities(text, start, end)), (start, end)
    first = text.index("。") + 1
    if text.startswith("《"):
        assert numerals.find_quantities(text, 0, first) == []  # shielded by “5个”


def test_find_quantities_per_sentence_on_the_corpora():
    compared = 0
    for name, text in corpus_views()[::4]:  # a quarter of the documents keeps this quick
        for start, end in _sentences(text):
            got = numerals.find_quantities(text, start, end)
            assert _as_tuples(got) == _as_tuples(reference_find_quantities(text, start, end)), (name, start)
            compared += len(got)
    assert compared > 500


def test_shields_of_a_context_sensitive_pattern_scan_the_whole_prefix():
    # A lookahead can see past `end`, so such a pattern must not use the cached full scan.
    assert numerals._CONTEXT_SENSITIVE.search(r"一(?=网)")
    assert numerals._CONTEXT_SENSITIVE.search(r"\b5G")
    assert not numerals._CONTEXT_SENSITIVE.search(numerals._QUOTED.pattern)
    text = "“十四五”规划。“一网通办"
    shields = numerals._Shields(text)
    shields.scans = [(pat, False, *rest) for pat, _local, *rest in shields.scans]
    end = len(text)
    assert sorted(shields.within(0, end)) == sorted(numerals._shielded(text[:end]))


# ---------------------------------------------------------------- time phrases

def _plain_times_pattern():
    """The time pattern with each lookbehind before the character it guards, as first written."""
    import regex

    cn = times._CN_DIGIT_CLASS
    pattern = times._patterns().pattern
    for fast, plain in [(r"(?P<y1>\d(?<!\d\d)\d{3})", r"(?<!\d)(?P<y1>\d{4})"),
                        (r"(?P<y>\d(?<!\d\d)\d{3})", r"(?<!\d)(?P<y>\d{4})"),
                        (rf"(?P<ycn>{cn}(?<!{cn}{{2}}){cn}{{3}})", rf"(?<!{cn})(?P<ycn>{cn}{{4}})"),
                        (r"(?P<ny>\d(?<![\d.]\d)\d{3})", r"(?<![\d.])(?P<ny>\d{4})"),
                        (r"(?P<om>\d(?<![\d年月]\d)\d?)", r"(?<![\d年月])(?P<om>\d{1,2})"),
                        ("(?=[今明年本次])(?<!", "(?<!")]:
        assert pattern.count(fast) == 1, fast
        pattern = pattern.replace(fast, plain)
    return regex.compile(pattern)


TIME_PIECES = st.sampled_from([
    "2025", "202", "0", "1", "12", "年", "月", "日", "底前", "到", "至", "—", "-", ".", "/", "从", "比", "今年", "年底",
    "明年", "本年度", "〕", "二〇三五", "〇", "二", "十二", "每年", "“十四五”", "时期", "以来", "起", "，", "\n", "目标",
])


@FAST
@given(st.lists(TIME_PIECES, max_size=30).map("".join))
@example("2021—2025年，2023年4月12日至19日，二〇二三年十二月二十日，3月1日至5日，年底前，12025年")
def test_time_pattern_is_the_plain_pattern(text):
    def spans(pat):
        return [(m.span(), m.groupdict()) for m in pat.finditer(text)]
    assert spans(times._patterns()) == spans(_plain_times_pattern())


def test_time_pattern_is_the_plain_pattern_on_the_corpora():
    plain = _plain_times_pattern()
    for name, text in corpus_views()[::4]:
        assert [m.span() for m in times._patterns().finditer(text)] == [m.span() for m in plain.finditer(text)], name


# ---------------------------------------------------------------- indicators

TRAIL_PIECES = st.sampled_from([
    "城镇化率", "企业", "分别", "均", "年均", "每年", "达到", "提高", "到", "至", "为", "以上", "不低于", "超", "\n", " ",
    "规模", "增长", "力争", "累计", "的",
])


@FAST
@given(st.lists(TRAIL_PIECES, max_size=12).map("".join))
def test_strip_trail_is_the_trail_pattern(s):
    assert quantities._strip_trail(s) == quantities._res()["trail"].sub("", s)


# ---------------------------------------------------------------- paragraphs

def reference_paragraphs(text: str, start: int, end: int) -> list[quantities.Para]:
    """quantities.paragraphs as first written: the paragraph so far sliced and stripped per line."""
    lines, pos = [], start
    for line in text[start:end].split("\n"):
        if line.strip() and not (len(line) <= 16 and quantities._PAGE_NUMBER.fullmatch(line)):
            a = pos
            if len(line) > quantities._RUN_ON:
                for m in quantities._INLINE_ITEM.finditer(text, pos, pos + len(line)):
                    lines.append((a, m.start()))
                    a = m.start()
            lines.append((a, pos + len(line)))
        pos += len(line) + 1
    widths = sorted(len(text[a:b].strip()) for a, b in lines)
    width = widths[len(widths) // 2] if widths else 0
    open_ends = sum(1 for a, b in lines if text[a:b].rstrip()[-1:] not in "。！？；：:;!?")
    wide = widths[min(len(widths) - 1, len(widths) * 4 // 5)] if widths else 0
    wrapped = len(lines) >= 5 and 15 <= width <= 60 and open_ends > len(lines) * 0.4 and wide <= width * 1.5
    out, cur = [], None
    for a, b in lines:
        s = text[a:b].strip()
        if cur is not None and not quantities._res()["marker"].match(s):
            last = text[cur[0]:cur[1]].rstrip()
            last_len = len(last) - last.rfind("\n") - 1
            if wrapped and last_len >= width * 0.75 or (
                    not wrapped and last_len > 20 and last[-1] not in "。！？；：:;!?）)”"):
                cur[1] = b
                continue
        if cur is not None:
            out.append(quantities._para(text, cur, wrapped))
        cur = [a, b]
    if cur is not None:
        out.append(quantities._para(text, cur, wrapped))
    return out


PARAGRAPH_PIECES = st.sampled_from([
    "\n", "\n\n", " ", "\u3000", "。", "；", "）", "”", "一、", "（二）", "3.", "——", "— 3 —", "第3页",
    "建设数字政府", "全面提升公共服务能力和水平", "到2025年", "，", "推进", "x" * 21, "\u2028",
])


@FAST
@given(st.lists(PARAGRAPH_PIECES, max_size=40).map("".join))
def test_paragraphs_are_the_plain_join(text):
    assert quantities.paragraphs(text, 0, len(text)) == reference_paragraphs(text, 0, len(text))


def test_paragraphs_are_the_plain_join_on_the_corpora():
    for name, text in corpus_views()[::4]:
        assert quantities.paragraphs(text, 0, len(text)) == reference_paragraphs(text, 0, len(text)), name


# ---------------------------------------------------------------- reading and the view

@FAST
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)
       | st.text(st.sampled_from(list(_FULLWIDTH) + list("中文abc123 \n")), max_size=80))
def test_translate_is_str_translate(text):
    assert _translate(text) == text.translate(_TABLE)


@FAST
@given(st.text(st.characters(max_codepoint=0x7F), max_size=80))
def test_control_count_matches_its_definition(text):
    expected = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f\v")
    assert len(_CONTROL.findall(text)) == expected


# ---------------------------------------------------------------- units

def reference_bracket_spans(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    spans, stack = [], []
    for i in range(start, end):
        ch = text[i]
        if ch == "\n" and text.startswith("\n\n", i):
            stack = []
        elif ch in units._OPEN:
            stack.append(i)
        elif ch in units._CLOSE and stack:
            o = stack.pop()
            if i + 1 - o <= units._MAX_BRACKET and text.count("\n", o, i) <= 1:
                spans.append((o, i + 1, len(stack)))
    return sorted(spans)


@FAST
@given(st.text(st.sampled_from(list(units._OPEN + units._CLOSE) + ["\n", "市", "局", "、"]), max_size=60),
       st.integers(0, 10))
def test_bracket_spans_match_a_character_loop(text, start):
    start = min(start, len(text))
    assert units._bracket_spans(text, start, len(text)) == reference_bracket_spans(text, start, len(text))


def test_brackets_without_a_marker_word_hold_no_marker():
    """The pre-filter of find_unit_markers drops only brackets _parse_content would drop too."""
    pats = units._patterns()
    skipped = 0
    for name, text in corpus_views()[::3]:
        for a, b, _depth in units._bracket_spans(text, 0, len(text)):
            if pats.marker_hint.search(text, a + 1, b - 1):
                continue
            parsed = units._parse_content(text, a + 1, b - 1)
            assert not (parsed.marked or parsed.rule or parsed.implicit), (name, text[a:b])
            skipped += 1
    assert skipped > 100


# ---------------------------------------------------------------- lines

def reference_lines(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    end = len(text) if end is None else end
    out, pos = [], start
    while pos <= end:
        nl = text.find("\n", pos, end)
        if nl < 0:
            out.append((pos, end))
            break
        out.append((pos, nl))
        pos = nl + 1
    return out


@FAST
@given(st.text(st.sampled_from("ab\n中"), max_size=12), st.integers(0, 14), st.none() | st.integers(0, 15))
def test_lines_match_a_find_loop(text, start, end):
    assert lines(text, start, end) == reference_lines(text, start, end)


# ---------------------------------------------------------------- section markers

def test_the_last_group_of_a_marker_match_is_its_kind():
    """_candidate_at reads the marker kind from Match.lastgroup: the group spanning the whole match."""
    kinds = {name for name in MARKER.groupindex if not name.startswith("n_")}
    seen = set()
    for _name, text in corpus_views()[::2]:
        for i in range(0, len(text)):
            m = MARKER.match(text, i)
            if m:
                assert m.lastgroup in kinds and m.group(m.lastgroup) == m.group()
                assert [k for k in kinds if m.group(k)] == [m.lastgroup]
                seen.add(m.lastgroup)
    assert {"cn", "paren_cn", "arabic", "article"} <= seen


@FAST
@given(st.text(alphabet=st.sampled_from("，：；！？（）％．／～\u3000０１２３４５６７８９ＡａＰＭ²①㎡…ｅ\u0301e가\u1161 数字政府2025年,.")
               | st.characters(), max_size=120))
@example("e\u0301，")  # a combining mark composes with the letter before it
@example("ﾊﾟ")  # half-width katakana and its sound mark compose into one character
@example("＋" + "数" * 30 + "e\u0301\u0301ｅ\u0301" + "가\u1161" * 20)  # pieces cut only before a safe starter
def test_nfkc_equals_unicodedata(s):
    import unicodedata

    from policytext.textutil import nfkc

    assert nfkc(s) == unicodedata.normalize("NFKC", s)


def test_characters_that_start_an_nfkc_segment_never_compose_with_what_precedes():
    import sys
    import unicodedata

    from policytext.textutil import _NFKC_SEGMENT_START, starts_nfkc_segment

    # the second character of every canonical pair, and the Hangul vowels and final consonants
    seconds = {chr(int(d.split()[1], 16)) for c in range(sys.maxunicode + 1)
               if (d := unicodedata.decomposition(chr(c))) and not d.startswith("<") and len(d.split()) == 2}
    seconds |= {chr(c) for c in [*range(0x1161, 0x1176), *range(0x11A8, 0x11C3)]}
    starts = [chr(c) for c in range(0x10000) if starts_nfkc_segment(chr(c))]
    assert len(starts) > 21000
    assert starts == _NFKC_SEGMENT_START.findall("".join(map(chr, range(0x10000))))  # one set, two forms
    for c in starts:
        first = unicodedata.normalize("NFKD", c)[:1] or c
        assert unicodedata.combining(c) == 0 and unicodedata.combining(first) == 0, hex(ord(c))
        assert first not in seconds, hex(ord(c))


def test_nfkc_equals_unicodedata_on_every_document():
    import unicodedata

    from policytext.textutil import nfkc

    for name, view in corpus_views():
        assert nfkc(view) == unicodedata.normalize("NFKC", view), name


@FAST
@given(st.text(max_size=40))
def test_general_part_wording_count_is_isalnum(title):
    from policytext.stages.tasks import _NOT_ALNUM

    assert len(_NOT_ALNUM.sub("", title)) == sum(ch.isalnum() for ch in title)
