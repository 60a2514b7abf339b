"""Properties over arbitrary text: parse never raises, spans stay in range, JSON round-trips,
output is deterministic, and a prefix line shifts section spans."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from policytext.pipeline import parse
from policytext.reading.normalize import TextView

PIECES = [
    "一、", "二、", "三、", "（一）", "（二）", "(一)", "1.", "2.", "１．", "（1）", "①", "第一条", "第二条", "第一章",
    "总体要求", "主要任务", "到2025年", "达到95%以上", "2 0 2 5年", "2035 年", "５Ｇ", "1.5倍", "关于印发", "的通知",
    "实施方案", "《数字政府建设方案》", "国发〔2022〕14号", "（责任单位：市发改委、市经信局）", "牵头", "各区、县(市)人民政府",
    "：", "。", "，", "；", "\n", "\n", "\r\n", "\r", "\u3000", " ", "\u200b", "\ufeff", "抄送：", "附件", "二〇二二年十二月三十日",
    "绍兴市人民政府", "新增", "亿元", "百分之九十", "每季度", "……1",
]
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
ANY = st.characters(blacklist_categories=("Cs",))
CHUNK = st.one_of(st.sampled_from(PIECES), st.text(CJK, min_size=1, max_size=12), st.text(ANY, max_size=4),
                  st.text(st.sampled_from("0123456789０１２３４５６７８９ .．%％"), min_size=1, max_size=5))
TEXTS = st.lists(CHUNK, max_size=60).map("".join)

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _spans(d: dict):
    """Every (where, span) in a document's JSON."""
    for key in ("sections", "tasks", "targets", "amounts", "times", "references"):
        for item in d.get(key) or []:
            yield key, item.get("span")
            for u in item.get("units") or []:
                yield f"{key}.units", u.get("span")
    for key, span in (d.get("meta_spans") or {}).items():
        yield f"meta_spans.{key}", span


@FAST
@given(TEXTS)
@example("一、总体要求\n²⁵年底前完成①，2025年\n成文日期：²⁰²²年¹²月³⁰日")  # digits that are not decimal
@example("一、总体要求\n到٢٠٢٥年达到٩٥%")  # another script's decimal digits
def test_parse_never_raises_and_spans_in_range(text):
    doc = parse(text)
    d = doc.to_dict()
    n = len(text)
    assert d["source"]["chars"] == n
    for where, span in _spans(d):
        if span is None:
            assert where.endswith("units"), where  # only implicit units have no span
            continue
        a, b = span
        assert 0 <= a <= b <= n, (where, span)


@FAST
@given(TEXTS)
def test_json_round_trip_and_determinism(text):
    doc = parse(text)
    out = doc.to_json()
    assert json.loads(out) == doc.to_dict()
    assert parse(text).to_json().encode() == out.encode()


@FAST
@given(TEXTS)
def test_view_map_is_monotonic(text):
    view = TextView(text)
    positions = [view.src_pos(i) for i in range(len(view.text) + 1)]
    assert positions == sorted(set(positions))
    assert positions[-1] == len(text)
    assert all(0 <= p <= len(text) for p in positions)


BODY = st.lists(
    st.tuples(st.sampled_from(["一、", "二、", "（一）", "（二）", "1.", "2."]), st.text(CJK, min_size=2, max_size=10)),
    min_size=1, max_size=12,
).map(lambda items: "".join(f"{m}{t}。\n" for m, t in items))


@FAST
@given(st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"), min_size=1, max_size=8), BODY)
# found by hypothesis: a prefix line made a few long list lines look hard-wrapped
@example("A", "一、一一。\n" * 6 + "一、一一一一一一一一一。\n" * 2 + "二、一一一一一一一一一。\n")
def test_prefix_line_shifts_section_spans(prefix, body):
    line = prefix + "\n"
    plain, shifted = parse(body), parse(line + body)
    k = len(line)
    assert [(s.level, s.marker, s.title) for s in shifted.sections] == [
        (s.level, s.marker, s.title) for s in plain.sections]
    assert [tuple(s.span) for s in shifted.sections] == [(a + k, b + k) for a, b in (s.span for s in plain.sections)]


FLAT_CHUNK = st.one_of(st.sampled_from([p for p in PIECES if "\n" not in p and "\r" not in p]),
                       st.text(CJK, min_size=4, max_size=20))
FLAT = st.lists(FLAT_CHUNK, min_size=80, max_size=160).map("".join)  # OCR-like: one long line


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FLAT)
def test_flat_text_spans_in_range(text):
    doc = parse(text)
    d = doc.to_dict()
    for where, span in _spans(d):
        if span is not None:
            assert 0 <= span[0] <= span[1] <= len(text), (where, span)
    for s in doc.sections:
        assert doc.src_text(s.span).strip() != ""


def _hard_wrapped(text: str, width: int = 28) -> str:
    """``text`` cut every ``width`` characters of each line, with a page number line every 22 lines
    (perturb.py's pdfwrap dress): the view rejoins the wraps before it reads spaced numbers."""
    out = []
    for line in text.split("\n"):
        out += [line[i:i + width] for i in range(0, len(line), width)] or [""]
    return "\n".join(f"{x}\n— {n // 22 + 1} —" if n % 22 == 21 else x for n, x in enumerate(out)) + "\n"


@FAST
@given(st.lists(CHUNK, min_size=30, max_size=100).map(lambda chunks: "".join(chunks).replace("\r", "").replace("\n", "。")))
def test_view_of_hard_wrapped_text_maps_each_character_back(text):
    source = _hard_wrapped(text)
    view = TextView(source)
    positions = [view.src_pos(i) for i in range(len(view.text))]
    assert positions == sorted(set(positions))
    assert all(view.view_pos(p) == i for i, p in enumerate(positions))
    assert all(source[p] not in "\u200b\ufeff" for p in positions)  # what the view drops stays dropped
