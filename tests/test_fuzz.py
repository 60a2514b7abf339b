"""Fuzz targets: one per reader (text, HTML, DOCX, PDF) and one for ``parse`` on str.

Every target checks the library's promise on whatever it is fed: nothing but PolicyTextError
leaves it, the output is strict JSON (no NaN or Infinity), and every span lies inside the text.
``make test`` runs each target briefly and deterministically (the hypothesis "ci" profile);
``make fuzz`` explores with the "fuzz" profile (FUZZ_EXAMPLES examples per target, under a
memory cap). Inputs a run finds go in as ``@example`` rows, so they stay regression tests.
"""
from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import policytext
from policytext.errors import PolicyTextError

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "formats"))
import make_fixtures as mf  # noqa: E402

# Slow inputs are the point here; a health check about them would stop the exploring.
relaxed = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                          HealthCheck.filter_too_much], deadline=None)


def _refuse(name):
    raise ValueError(f"{name} is not JSON")


def _spans(value, limit: int):
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "span" and isinstance(item, list) and len(item) == 2:
                yield item
            else:
                yield from _spans(item, limit)
    elif isinstance(value, list):
        for item in value:
            yield from _spans(item, limit)


def check(run) -> None:
    """run() parses something; only PolicyTextError may come out, and the output must be sound."""
    try:
        doc = run()
    except PolicyTextError as exc:
        assert str(exc)  # a clear message
        return
    out = doc.to_json()
    data = json.loads(out, parse_constant=_refuse)
    out.encode("utf-8")
    for start, end in _spans(data, len(doc.text)):
        assert 0 <= start <= end <= len(doc.text), (start, end, len(doc.text))


# ---------------------------------------------------------------- text pieces

POLICY_WORDS = [
    "一、", "（一）", "1.", "（1）", "①", "第一章", "第一条", "总体要求", "主要任务", "保障措施", "责任单位：",
    "市发改委", "市\u3000经信局", "牵头单位", "到2025年", "全市生产总值达到", "亿元", "万", "%", "百分点", "以上",
    "不低于", "提高到", "新增", "家", "个", "《关于印发实施方案的通知》", "（浙政发〔2021〕12号）", "。", "；", "，",
    "\n", "\r\n", " ", "\u3000", "\u200b", "\xad", "\xa0", "９", "１０", "二〇二五年", "一亿", "亿亿", "9" * 40,
    "+", "＋", "分钟", "圈", "|", "附件", "抄送：", "某市人民政府", "2023年3月5日", "\udc80", "\ud800",
]
pieces = st.one_of(st.sampled_from(POLICY_WORDS), st.text(max_size=8),
                   st.integers(min_value=0, max_value=10**400).map(str))
policy_text = st.lists(pieces, max_size=60).map("".join)


@relaxed
@given(policy_text)
@example("一、总体要求\udc80")
@example("达到" + "9" * 8000)
@example("新增企业1" + "0" * 400 + "家")
@example("新增企业" + "一亿" * 60 + "家")
def test_fuzz_parse_str(text):
    check(lambda: policytext.parse(text))


# ---------------------------------------------------------------- the text reader


@relaxed
@given(st.one_of(
    st.binary(max_size=2000),
    policy_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    policy_text.map(lambda t: t.encode("gb18030", "replace")),
    policy_text.map(lambda t: t.encode("utf-16", "surrogatepass")),
))
@example("一、总体要求\n".encode() + b"\xed\xb2\x80\n")
@example(b"\xef\xbb\xbf" + b"\x00" * 10)
def test_fuzz_text_reader(data):
    check(lambda: policytext.parse_bytes(data, path="fuzz.txt"))


# ---------------------------------------------------------------- HTML

TAGS = ["div", "p", "span", "table", "tr", "td", "th", "a", "b", "br", "ul", "li", "h1", "pre", "nav", "form",
        "script", "style", "article", "section", "font", "center", "tbody"]
ATTRS = st.sampled_from(['', ' rowspan="1000"', ' colspan="50"', ' rowspan="2"', ' rowspan="-1"', ' colspan="9999999"',
                         ' class="nav"', ' class="content"', ' style="display:none"', ' id="zoom"', ' href="a.pdf"'])


@st.composite
def html_trees(draw, depth: int = 0):
    if depth > 6 or draw(st.booleans()):
        return draw(policy_text).replace("<", "＜")
    tag = draw(st.sampled_from(TAGS))
    children = draw(st.lists(html_trees(depth=depth + 1), max_size=4))
    close = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", ""]))  # unclosed tags too
    return f"<{tag}{draw(ATTRS)}>" + "".join(children) + close


CHARSETS = ["utf-8", "gbk", "rot13", "base64", "hex", "zlib", "bz2", "uu", "quopri", "undefined", "latin1",
            "utf-16", "utf-32", "x-unknown", "big5", "koi8-r"]


@st.composite
def html_pages(draw):
    charset = draw(st.sampled_from(CHARSETS))
    nest = draw(st.integers(min_value=0, max_value=3000))
    body = draw(html_trees())
    page = (f'<html><head><meta charset="{charset}"><title>{draw(policy_text)}</title></head><body>'
            + "<div>" * nest + body + "</div>" * draw(st.integers(min_value=0, max_value=nest)) + "</body></html>")
    encoding = draw(st.sampled_from(["utf-8", "gb18030", "utf-16"]))
    return page.encode(encoding, "surrogatepass" if encoding != "gb18030" else "replace")


@relaxed
@given(html_pages())
@example(f'<html><head><meta charset="rot13"></head><body><p>{"坚持改革。" * 10}</p></body></html>'.encode())
def test_fuzz_html_reader(data):
    check(lambda: policytext.parse_bytes(data, path="fuzz.html"))


# ---------------------------------------------------------------- DOCX

NUM_FORMATS = ["decimal", "lowerLetter", "upperLetter", "lowerRoman", "upperRoman", "chineseCounting",
               "decimalEnclosedCircle", "ideographTraditional", "decimalFullWidth", "bullet", "none", "junk"]


@st.composite
def docx_files(draw):
    start = draw(st.one_of(st.integers(min_value=-5, max_value=10**13).map(str), st.sampled_from(["", "x", "9" * 30])))
    fmt = draw(st.sampled_from(NUM_FORMATS))
    numbering = (f'<w:numbering xmlns:w="{mf.W_NS}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
                 f'<w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1、"/></w:lvl>'
                 '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
    texts = draw(st.lists(policy_text.map(lambda t: t.replace("<", "＜").replace("&", "＆")), min_size=1, max_size=8))
    parts = []
    for text in texts:
        kind = draw(st.sampled_from(["p", "num", "tbl"]))
        if kind == "tbl":
            rows = draw(st.integers(min_value=1, max_value=30))
            cols = draw(st.integers(min_value=1, max_value=6))
            merges = draw(st.lists(st.sampled_from([None, "restart", "continue"]), min_size=cols, max_size=cols))
            parts.append("<w:tbl>" + "".join(
                "<w:tr>" + "".join(mf._tc(_xml_safe(text[:20]), merges[c] if r else None) for c in range(cols)) + "</w:tr>"
                for r in range(rows)) + "</w:tbl>")
        else:
            parts.append(mf._p(_xml_safe(text), num=(1, 0) if kind == "num" else None))
    document = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{mf.W_NS}"><w:body>'
                + "".join(parts) + "</w:body></w:document>")
    zipped = mf._zip({"[Content_Types].xml": mf.CONTENT_TYPES, "_rels/.rels": mf.RELS,
                      "word/document.xml": document, "word/numbering.xml": numbering})
    cut = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=len(zipped))))
    return zipped if cut is None else zipped[:cut]


def _xml_safe(text: str) -> str:
    return "".join(ch for ch in text if ch in "\t\n\r" or (" " <= ch and not "\ud800" <= ch <= "\udfff"
                                                            and ch not in "\ufffe\uffff"))


@relaxed
@given(docx_files())
def test_fuzz_docx_reader(data):
    check(lambda: policytext.parse_bytes(data, path="fuzz.docx"))


# ---------------------------------------------------------------- PDF

_SEED_PDF = None


def _seed_pdf() -> bytes:
    global _SEED_PDF
    if _SEED_PDF is None:
        _SEED_PDF = mf.layout_pdf()
    return _SEED_PDF


@st.composite
def pdf_files(draw):
    if draw(st.booleans()):
        lines = draw(st.lists(st.tuples(st.floats(min_value=-100, max_value=900), st.floats(min_value=-100, max_value=900),
                                        policy_text.map(_xml_safe)), max_size=12))
        return mf.cjk_pdf([lines] * draw(st.integers(min_value=1, max_value=3)))
    data = bytearray(_seed_pdf())
    for _ in range(draw(st.integers(min_value=1, max_value=20))):
        at = draw(st.integers(min_value=0, max_value=len(data) - 1))
        data[at] = draw(st.integers(min_value=0, max_value=255))
    if draw(st.booleans()):
        data = data[: draw(st.integers(min_value=0, max_value=len(data)))]
    return bytes(data)


@relaxed
@given(pdf_files())
def test_fuzz_pdf_reader(data):
    check(lambda: policytext.parse_bytes(data, path="fuzz.pdf"))


def test_zip_helper_is_deterministic():
    # The DOCX target relies on make_fixtures._zip being a pure function of its parts.
    parts = {"a.xml": "<a/>"}
    assert mf._zip(parts) == mf._zip(parts)
    assert zipfile.ZipFile(io.BytesIO(mf._zip(parts))).namelist() == ["a.xml"]
