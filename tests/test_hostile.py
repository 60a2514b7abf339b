"""Hostile input: every way a crafted file or string tried to crash, hang, exhaust memory or lose text.

Inputs that amplify (a small file growing into a large tree or string) run in a child process
under an address-space cap (``capped``), so a regression fails the test instead of taking the
machine down.
"""
from __future__ import annotations

import json
import os
import stat
import sys
import zlib
from pathlib import Path

import pytest
from memcap import capped

import policytext
import policytext.reading
from policytext.errors import InputError, PolicyTextError
from policytext.reading import read_bytes


def strict_json(text: str):
    """json.loads that refuses NaN and Infinity, which are not JSON."""
    def refuse(name):
        raise ValueError(f"{name} is not JSON")
    return json.loads(text, parse_constant=refuse)


# ---------------------------------------------------------------- the in-process API


@pytest.mark.parametrize("text", [
    "一、总体要求\udc80",
    "\ud800关于印发《实施方案》的通知\n一、目标\n到2025年，新增企业100家。",
    "二、主要任务\n（一）推进改革\udfff。（责任单位：市发改委）",
])
def test_lone_surrogates_become_replacement_characters(text):
    doc = policytext.parse(text)
    out = strict_json(doc.to_json())
    assert len(doc.text) == len(text)  # one for one: spans still fit
    assert "\ufffd" in doc.text and not any("\ud800" <= ch <= "\udfff" for ch in doc.text)
    assert any("surrogate" in w for w in out["warnings"])
    out_bytes = doc.to_json().encode("utf-8")  # writable
    assert out_bytes


@pytest.mark.parametrize("text", [
    "达到" + "9" * 8000,
    "9" * 8000 + "分钟",
    "达到" + "9" * 8000 + "+" + "9" * 8000,
])
def test_long_digit_runs_parse_without_timing_out(text):
    doc = policytext.parse(text)  # was builtin TimeoutError from a quadratic names pattern
    strict_json(doc.to_json())


@pytest.mark.parametrize("text", [
    "到2025年，新增企业1" + "0" * 400 + "家。",
    "到2025年，新增企业" + "一亿" * 60 + "家。",
    "到2025年，全市生产总值达到" + "9" * 305 + "万亿元以上。",
    "安排补助资金" + "9" * 300 + "亿亿亿元。",
])
def test_numbers_too_large_for_a_float_never_become_infinity(text):
    out = policytext.parse(text).to_json()
    assert "Infinity" not in out and "NaN" not in out
    strict_json(out)


def test_only_policytext_errors_leave_the_library():
    with pytest.raises(PolicyTextError):
        policytext.parse(b"bytes are not text")  # type: ignore[arg-type]
    with pytest.raises(PolicyTextError):
        policytext.parse_bytes("text is not bytes")  # type: ignore[arg-type]


# ---------------------------------------------------------------- reading files with a bound


def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as err:
        read_bytes(fifo)  # no writer: a blocking open would hang here
    assert err.value.kind == "unsupported"


def test_link_to_dev_zero_is_refused(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(InputError) as err:
        read_bytes(link, 1000)
    assert err.value.kind == "unsupported"


def test_proc_file_reporting_size_zero_is_read_with_a_bound():
    path = "/proc/self/status"
    if not os.path.exists(path) or os.stat(path).st_size != 0:
        pytest.skip("needs a Linux /proc file whose stat size is 0")
    with pytest.raises(InputError) as err:
        read_bytes(path, 100)
    assert err.value.kind == "too_large"
    assert len(read_bytes(path, 1_000_000)) > 100


def test_folder_is_not_read(tmp_path):
    with pytest.raises(InputError) as err:
        read_bytes(tmp_path)
    assert err.value.kind == "unreadable"
    assert stat.S_ISDIR(os.stat(tmp_path).st_mode)


# ---------------------------------------------------------------- amplifiers, capped

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "formats"))
import make_fixtures as mf  # noqa: E402

BODY = ("<p>一、总体要求</p><p>坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的二十大精神。</p>"
        "<p>二、主要任务</p><p>（一）推进数字政府建设。加快推进政务服务一网通办，提升群众满意度。</p>")


def _docx(body: str, numbering: str = "") -> bytes:
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{mf.W_NS}"><w:body>{body}</w:body></w:document>'
    parts = {"[Content_Types].xml": mf.CONTENT_TYPES, "_rels/.rels": mf.RELS, "word/document.xml": document}
    if numbering:
        parts["word/numbering.xml"] = numbering
    return mf._zip(parts)


def _numbering(start: str, fmt: str) -> str:
    return (f'<w:numbering xmlns:w="{mf.W_NS}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
            f'<w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
            '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')


def _extract_text(data: bytes, name: str) -> tuple[str, list[str]]:
    from policytext.reading.formats import extract

    result = extract(data, policytext.reading.sniff_format(data), name)
    return result.text, result.meta.get("warnings", [])


@pytest.mark.parametrize(("start", "fmt"), [
    ("100000000000", "lowerLetter"), ("100000000000", "upperLetter"),
    ("1000000000000", "upperRoman"), ("1000000000000", "lowerRoman"), ("9" * 4000, "lowerLetter"),
])
def test_docx_huge_list_start_is_numbered_in_digits(start, fmt):
    body = "".join(mf._p(t, num=(1, 0)) for t in ("总体要求", "主要任务", "保障措施"))
    text, _ = capped(_extract_text, _docx(body, _numbering(start, fmt)), "numbered.docx")
    lines = text.splitlines()
    assert [line.split(".", 1)[1] for line in lines] == ["总体要求", "主要任务", "保障措施"]
    assert all(len(line) < 60 for line in lines)


@pytest.mark.parametrize(("n", "fmt", "label"), [
    (1, "lowerLetter", "a"), (27, "lowerLetter", "aa"), (28, "upperLetter", "BB"),
    (4, "upperRoman", "IV"), (1994, "lowerRoman", "mcmxciv"), (3999, "upperRoman", "MMMCMXCIX"),
])
def test_docx_ordinary_letters_and_roman_numerals(n, fmt, label):
    from policytext.reading.formats.docxnum import format_number

    assert format_number(n, fmt) == label


def _html_rowspan_bomb(cells: int) -> bytes:
    rows = "".join(f'<tr><td>{i}</td><td rowspan="1000">单位{i}负责推进改革工作，确保取得实效。</td></tr>'
                   for i in range(cells))
    return f"<html><body>{BODY}<table>{rows}</table></body></html>".encode()


def test_html_rowspan_bomb_stays_small():
    page = _html_rowspan_bomb(1000)
    text, warnings = capped(_extract_text, page, "rowspan.html")
    assert len(text) < 20 * len(page)
    assert "999 | 单位999负责推进改革工作" in text
    assert any("merged cells" in w for w in warnings)


def test_html_ordinary_rowspan_still_repeats():
    page = ("<html><body><table><tr><th>任务</th><th>牵头单位</th></tr>"
            '<tr><td>推进数字政府建设，完善平台。</td><td rowspan="2">市发改委</td></tr>'
            "<tr><td>完善考核机制，压实责任。</td></tr></table></body></html>").encode()
    text, warnings = _extract_text(page, "table.html")
    assert "完善考核机制，压实责任。 | 市发改委" in text
    assert not warnings


def test_docx_vmerge_bomb_stays_small():
    rows = ["<w:tr>" + mf._tc("序号") + mf._tc("牵头单位") + "</w:tr>"]
    cell = "负责推进改革工作，确保取得实效，" * 4
    rows += ["<w:tr>" + "".join(mf._tc(f"市{j}局{cell}", "restart" if i == 0 else "continue")
                                for j in range(50)) + "</w:tr>" for i in range(2000)]
    data = _docx(mf._p("某市数字政府建设实施方案") + "<w:tbl>" + "".join(rows) + "</w:tbl>")
    text, warnings = capped(_extract_text, data, "vmerge.docx")
    assert len(text) < 5_000_000
    assert any("merged cells" in w for w in warnings)


def _pdf_bomb(spaces: int) -> bytes:
    text = "某市人民政府关于推进数字政府建设的实施意见".encode("utf-16-be").hex().upper().encode()
    raw = b"BT /F1 16 Tf 1 0 0 1 80 700 Tm <" + text + b"> Tj ET\n"
    comp = zlib.compressobj(9)
    body = comp.compress(raw) + b"".join(comp.compress(b" " * (1 << 20)) for _ in range(spaces >> 20)) + comp.flush()
    pdf = mf.cjk_pdf([[(80.0, 700.0, "某")]])
    start = pdf.index(b"<< /Length")
    end = pdf.index(b"endstream", start) + len(b"endstream")
    return (pdf[:start] + b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body
            + b"\nendstream" + pdf[end:])


def test_pdf_stream_inflating_to_a_gigabyte_is_refused_before_pdfium():
    data = _pdf_bomb(1 << 30)
    assert len(data) < 2_000_000
    with pytest.raises(InputError) as err:
        capped(_extract_text, data, "bomb.pdf")
    assert err.value.kind == "too_large"


# ---------------------------------------------------------------- HTML: nothing lost without a warning


def _deep_divs(n: int) -> bytes:
    return f"<html><body>{BODY[:BODY.index('<p>二')]}{'<div>' * n}{BODY[BODY.index('<p>二'):]}{'</div>' * n}</body></html>".encode()


@pytest.mark.parametrize("page", [
    _deep_divs(300), _deep_divs(3000),
    ("<html><body>" + "<table><tr><td>" * 200 + BODY + "</td></tr></table>" * 200 + "</body></html>").encode(),
    ("<html><body>" + "<table><tr><td>" * 1000 + BODY + "</td></tr></table>" * 1000 + "</body></html>").encode(),
], ids=["300-divs", "3000-divs", "200-tables", "1000-tables"])
def test_deeply_nested_html_keeps_its_text(page):
    text, warnings = capped(_extract_text, page, "deep.html")
    assert "一、总体要求" in text and "（一）推进数字政府建设" in text
    assert warnings  # the flattening is said


def test_one_unclosed_div_per_paragraph_keeps_every_paragraph():
    paras = [f"第{i}项：推进改革工作，提升服务效率。" for i in range(399)]
    page = ("<html><body>" + "".join(f"<div><p>{p}</p>" for p in paras) + "</body></html>").encode()
    text, _ = capped(_extract_text, page, "unclosed.html")
    assert [line for line in text.splitlines() if line.startswith("第")] == paras


@pytest.mark.parametrize("charset", ["rot13", "base64", "hex", "zlib", "bz2", "uu", "quopri", "undefined",
                                     "no-such-charset"])
def test_codec_only_charsets_are_ignored_with_a_warning(charset):
    page = f'<html><head><meta charset="{charset}"></head><body>{BODY}</body></html>'.encode()
    doc = policytext.parse_bytes(page, path="page.html")
    assert doc.source.encoding == "utf-8"
    assert "总体要求" in doc.text
    assert any(charset in w for w in doc.warnings)


@pytest.mark.parametrize(("declared", "encoding", "actual"), [
    ("latin1", "utf-8", "utf-8"), ("iso-8859-1", "utf-8", "utf-8"), ("windows-1252", "gb18030", "gb18030"),
    ("koi8-r", "utf-8", "utf-8"),
])
def test_wrong_but_real_charset_is_corrected_with_a_warning(declared, encoding, actual):
    page = f'<html><head><meta charset="{declared}"></head><body>{BODY}</body></html>'.encode(encoding)
    doc = policytext.parse_bytes(page, path="page.html")
    assert "坚持以习近平新时代中国特色社会主义思想为指导" in doc.text
    assert doc.source.encoding == actual
    assert any(declared in w for w in doc.warnings)


def test_right_charset_gives_no_warning():
    page = f'<html><head><meta charset="gbk"></head><body>{BODY}</body></html>'.encode("gbk")
    doc = policytext.parse_bytes(page, path="page.html")
    assert "总体要求" in doc.text and not doc.warnings


def test_pdf_page_with_millions_of_glyphs_is_refused_before_its_boxes_are_built():
    from policytext.reading.formats.pdf import extract_pdf

    data = mf.cjk_pdf([[(80.0, 700.0, "某" * 2000)]])
    with pytest.raises(InputError) as err:
        capped(extract_pdf, data, "glyphs.pdf", max_chars=1000)
    assert err.value.kind == "too_large" and "page 1" in err.value.message


def test_parse_file_refuses_what_is_not_a_path():
    with pytest.raises(PolicyTextError):
        policytext.parse_file(42)  # type: ignore[arg-type]


def test_docx_list_template_repeating_its_number_is_cut_short():
    numbering = _numbering("1", "decimal").replace('w:val="%1."', 'w:val="' + "%1" * 200_000 + '"')
    body = "".join(mf._p("推进改革工作。", num=(1, 0)) for _ in range(2000))
    text, _ = capped(_extract_text, _docx(body, numbering), "template.docx")
    assert all(len(line) < 200 for line in text.splitlines())
