"""Readers for HTML, DOCX and PDF: the real files of corpora/formats, synthetic fixtures, bad input."""
from __future__ import annotations

import io
import json
import os
import re
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest

import policytext
from policytext.errors import InputError
from policytext.reading import MAX_INPUT_BYTES, sniff_format
from policytext.reading.formats import extract

FORMATS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "formats"
CORPORA = FORMATS.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "formats"
sys.path.insert(0, str(FIXTURES))
import make_fixtures  # noqa: E402

needs_formats = pytest.mark.skipif(not (FORMATS / "manifest.jsonl").is_file(),
                                   reason=f"corpora/formats not found at {FORMATS}")
MANIFEST = ([json.loads(line) for line in (FORMATS / "manifest.jsonl").read_text("utf-8").splitlines() if line.strip()]
            if (FORMATS / "manifest.jsonl").is_file() else [])
READABLE = [m for m in MANIFEST if m["id"] != "F013"]
WITH_TWIN = [m for m in MANIFEST if m.get("pool_twin") and m["id"] != "F013"]


def _read(entry: dict):
    data = (FORMATS / entry["file"]).read_bytes()
    fmt = sniff_format(data)
    return extract(data, fmt, entry["file"])


def _norm(text: str) -> str:
    return re.sub(r"[\s|]", "", unicodedata.normalize("NFKC", text))


def twin_coverage(extracted: str, twin: str) -> float:
    """Share of the twin's paragraph characters whose paragraph occurs in the extracted text."""
    hay = _norm(extracted)
    total = found = 0
    for line in twin.splitlines():
        para = _norm(line)
        if len(para) >= 4:
            total += len(para)
            found += len(para) if para in hay else 0
    return found / max(total, 1)


def _twin_text(twin_id: str) -> str:
    for folder in ("pool", "dev"):
        path = CORPORA / folder / f"{twin_id}.txt"
        if path.is_file():
            return path.read_text("utf-8")
    pytest.skip(f"twin {twin_id} not found")


# ---------------------------------------------------------------- real files


@needs_formats
@pytest.mark.parametrize("entry", READABLE, ids=lambda m: m["id"])
def test_every_file_extracts(entry):
    result = _read(entry)
    expected = {"docx": "docx", "pdf": "pdf"}.get(entry["file"].rsplit(".", 1)[-1], "html")
    assert result.format == expected
    assert len(result.text) > 500
    assert "\n\n" not in result.text
    assert "<" not in result.text[:200]
    assert all(line == line.strip() for line in result.text.splitlines())


def _machine_has_cjk_font() -> bool | None:
    """Whether fontconfig knows a Chinese font (None without fc-list). PDFium scans the same folders
    for a font to stand in for a PDF's non-embedded ones."""
    import shutil
    import subprocess

    if not shutil.which("fc-list"):
        return None
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(listed.stdout.strip())


@needs_formats
def test_newspaper_pdf_text_layer_is_read():
    # F013 was collected as a scan (pdfminer reads 0 characters), but PDFium 5 reads its
    # text layer: the plan's title and table of contents, about two thirds of its pool twin.
    # Its Chinese fonts are not embedded: PDFium maps them through a CJK font of the machine, and
    # without one only the punctuation comes through, which the error says.
    # A PDF with no text layer at all is test_pdf_without_text_layer_needs_ocr below.
    entry = next(m for m in MANIFEST if m["id"] == "F013")
    has_font = _machine_has_cjk_font()
    try:
        text = _read(entry).text
    except InputError as err:
        assert has_font is not True, f"a CJK font is installed, yet: {err}"
        assert err.kind == "needs_ocr" and "fonts-noto-cjk" in err.message
        return
    assert has_font is not False, "read without any CJK font on the machine"
    assert "云南省国民经济和社会发展" in text and "第十个五年计划纲要" in text
    assert twin_coverage(text, _twin_text(entry["pool_twin"])) >= 0.6


def test_a_text_layer_of_only_punctuation_names_the_missing_font():
    from policytext.reading.formats.pdf import _check_usable
    from policytext.reading.formats.pdflayout import Line

    lines = [Line(t, 0, 0.0, 0.0, 10.0, 0.0, 10.0) for t in ["，“”，，。", "、，、，“", "分类号：BH66", "。，；，（）"] * 10]
    with pytest.raises(InputError) as err:
        _check_usable([lines], "paper.pdf")
    assert err.value.kind == "needs_ocr" and "fonts-noto-cjk" in err.value.message
    # a text layer of unmapped glyphs is no font matter
    glyphs = [Line("\ue000\ue001\ue002中国发展规划纲要\ue003\ue004\ue005\ue006", 0, 0.0, 0.0, 10.0, 0.0, 10.0)] * 20
    with pytest.raises(InputError) as err:
        _check_usable([glyphs], "glyphs.pdf")
    assert err.value.kind == "needs_ocr" and "fonts-noto-cjk" not in err.value.message


@needs_formats
@pytest.mark.parametrize("entry", WITH_TWIN, ids=lambda m: m["id"])
def test_text_matches_pool_twin(entry):
    coverage = twin_coverage(_read(entry).text, _twin_text(entry["pool_twin"]))
    # F011's bold headings lose their final 。 in the PDF's text layer; everything else is ≥ 0.97.
    assert coverage >= 0.9, coverage


@needs_formats
def test_gov_cn_metadata_f003():
    meta = _read({"file": "F003.html"}).meta
    assert meta["title"] == "国务院关于印发国家职业教育改革实施方案的通知"
    assert meta["doc_number"] == "国发〔2019〕4号"
    assert meta["issuers"] == ["国务院"]
    assert meta["signed_date"] == "2019-01-24"
    assert meta["published_date"] == "2019-02-13"
    assert meta["index_no"] == "000014349/2019-00005"


@needs_formats
def test_gov_cn_metadata_f004():
    result = _read({"file": "F004.html"})
    meta = result.meta
    assert meta["title"] == "国务院关于做好当前和今后一个时期促进就业工作的若干意见"
    assert meta["doc_number"] == "国发〔2018〕39号"
    assert meta["issuers"] == ["国务院"]
    assert meta["signed_date"] == "2018-11-16"
    assert meta["published_date"] == "2018-12-05"
    # The page's two-line title (<br>) becomes one line; the metadata table is not body text.
    assert result.text.splitlines()[0] == meta["title"]
    assert "索 引 号" not in result.text and "扫一扫" not in result.text


@needs_formats
def test_provincial_page_drops_navigation_and_reads_metadata():
    result = _read({"file": "F005.html"})
    assert result.meta["doc_number"] == "赣府厅字〔2020〕14号"
    assert result.meta["index_no"] == "014500815/2020-01518"
    assert result.meta["signed_date"] == "2020-02-09"
    assert result.text.startswith("江西省人民政府办公厅印发关于金融支持防控疫情稳定经济增长若干措施的通知\n")
    for furniture in ("扫一扫", "打印", "网站地图", "相关解读", "版权所有", "首页"):
        assert furniture not in result.text, furniture
    assert "\n一、切实保障疫情防控融资需求\n" in result.text


@needs_formats
@pytest.mark.parametrize("name", ["F008.html", "F009.html"])
def test_table_pages_give_one_row_per_line(name):
    lines = _read({"file": name}).text.splitlines()
    assert lines[0].startswith("石城县2018年度河长制湖长制工作")  # the caption
    header = lines[1].split(" | ")
    assert header[:2] == ["序号", "考核项目"] and "各项分值" in header
    rows = [ln for ln in lines if re.match(r"\d+ \| ", ln)]
    assert len(rows) >= 20
    # Merged cells are laid out on the header's grid: every row has the header's columns.
    assert all(5 <= len(ln.split(" | ")) <= len(header) for ln in rows)


@needs_formats
def test_merged_cells_fill_the_rows_they_cover():
    lines = _read({"file": "F008.html"}).text.splitlines()
    # 县农粮局 spans three assessment rows (rowspan="3"); each row names it.
    rows = [ln for ln in lines if " | 县农粮局 | " in ln]
    assert [ln.split(" | ")[4] for ln in rows] == [
        "持续推进畜禽养殖污染控制", "持续推进农业化肥、农药减量化治理", "持续开展渔业资源保护专项整治"]
    assert all(ln.startswith("2 | 重点考核部门 | 县农粮局 | ") for ln in rows)


@needs_formats
def test_table_rows_keep_units_together():
    lines = _read({"file": "F009.html"}).text.splitlines()
    row = next(ln for ln in lines if ln.startswith("2 | 强化督查督办"))
    assert row.endswith(" | 县河长办")
    attachment = _read({"file": "F010.html"}).text.splitlines()
    assert "29 | 浙江京安爆破工程有限公司 | 1 | 省企" in attachment


@needs_formats
def test_pdf_paragraphs_and_page_furniture():
    text = _read({"file": "F011.pdf"}).text
    lines = text.splitlines()
    assert "一、总体要求" in lines
    assert "（一）全面实施个人所得税申报信用承诺制" in lines
    assert not any(re.fullmatch(r"[—-]\s*\d+\s*[—-]", ln) for ln in lines)
    assert "—" not in "".join(re.findall(r"—\s*\d+\s*—", text))
    # A paragraph broken across lines and pages is one line again.
    assert any(ln.startswith("2019年1月1日起全面施行") and ln.endswith("。") and len(ln) > 200 for ln in lines)


# ---------------------------------------------------------------- synthetic fixtures


def test_docx_numbering_and_table():
    data = make_fixtures.numbered_docx()
    assert data == (FIXTURES / "numbered.docx").read_bytes(), "run tests/fixtures/formats/make_fixtures.py"
    result = extract(data, "zip", "numbered.docx")
    assert result.format == "docx"
    lines = result.text.splitlines()
    assert lines[:9] == ["某市数字政府建设实施方案", "一、总体要求", "（一）指导思想", "坚持以人民为中心。",
                         "（二）主要目标", "二、重点任务", "（一）夯实数字基础设施", "1.建设政务云平台。",
                         "2.完善政务外网。"]
    assert lines[9] == "一项列表说明"  # a bullet adds no marker
    assert "序号 | 任务 | 牵头单位 | 配合单位 | 完成时限" in lines
    assert "1 | 建设数据共享平台 | 市发改委 | 市经信局、市财政局 | 2025年" in lines
    assert "三、保障措施" in lines and "（一）加强组织领导" in lines
    assert "页眉" not in result.text
    assert result.meta["warnings"] == ["ignored 1 image(s)"]


def test_pdf_layout_fixture():
    data = make_fixtures.layout_pdf()
    assert data == (FIXTURES / "layout.pdf").read_bytes(), "run tests/fixtures/formats/make_fixtures.py"
    result = extract(data, "pdf", "layout.pdf")
    lines = result.text.splitlines()
    assert "一、总体要求" in lines and "（一）主要目标" in lines and "三、保障措施" in lines
    joined = [ln for ln in lines if ln.startswith("为加快推进数字政府建设")]
    assert joined and all(ln.endswith("确保各项任务按期完成。") for ln in joined)
    assert not any("—" in ln for ln in lines)
    assert lines.count("某市人民政府办公室文件") <= 1


def test_html_fragment_detected_from_content():
    page = "<div><p>一、总体要求</p><p>加快推进数字政府建设，提升治理能力。</p></div>".encode()
    assert sniff_format(page) in ("txt", "html")
    result = extract(page, sniff_format(page), "page.txt")
    assert result.format == "html"
    assert result.text == "一、总体要求\n加快推进数字政府建设，提升治理能力。"


def test_html_gbk_declared_charset():
    page = ('<html><head><meta charset="gb2312"><title>t</title></head><body>'
            '<ul class="nav"><li><a href="/">首页</a></li><li><a href="/a">政务公开</a></li></ul>'
            '<div id="zoom"><p>各区人民政府：</p><p>现将《方案》印发给你们，请认真贯彻执行。</p></div>'
            '<div class="footer">版权所有：某市人民政府</div></body></html>').encode("gbk")
    result = extract(page, "html", None)
    assert result.encoding == "gb18030"
    assert result.text == "各区人民政府：\n现将《方案》印发给你们，请认真贯彻执行。"


def test_html_label_table_metadata():
    page = ("<html><body><table><tr><td>索引号</td><td>1133/2023-1</td><td>文号</td><td>某政发〔2023〕3号</td></tr>"
            "<tr><td>发文机关：</td><td>某市人民政府、某市财政局</td><td>成文日期：</td><td>2023年3月5日</td></tr>"
            "<tr><td>有效性：</td><td>有效</td></tr></table>"
            "<div class='content'><p>为加强管理，制定本办法。</p><p>本办法自发布之日起施行。</p></div></body></html>").encode()
    meta = extract(page, "html", None).meta
    assert meta == {"index_no": "1133/2023-1", "doc_number": "某政发〔2023〕3号",
                    "issuers": ["某市人民政府", "某市财政局"], "signed_date": "2023-03-05", "validity": "有效"}


# ---------------------------------------------------------------- bad input


def _kind(data: bytes, name: str) -> str:
    with pytest.raises(InputError) as err:
        extract(data, sniff_format(data), name)
    assert err.value.message
    return err.value.kind


def test_truncated_docx_is_corrupt():
    data = make_fixtures.numbered_docx()
    assert _kind(data[: len(data) // 2], "cut.docx") == "corrupt"
    assert _kind(data[:-30], "cut-end.docx") == "corrupt"


def test_damaged_member_is_corrupt():
    data = bytearray(make_fixtures.numbered_docx())
    pos = data.find(b"word/document.xml") + 40  # inside the deflate stream of document.xml
    data[pos:pos + 40] = os.urandom(40)
    assert _kind(bytes(data), "damaged.docx") == "corrupt"


def test_zip_that_is_not_a_word_document():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    assert _kind(buf.getvalue(), "book.xlsx") == "unsupported"


def test_zip_bomb_is_refused_before_inflating():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", make_fixtures.CONTENT_TYPES)
        zf.writestr("word/document.xml", b"<w:document>" + b" " * 30_000_000 + b"</w:document>")
    assert len(buf.getvalue()) < 200_000
    assert _kind(buf.getvalue(), "bomb.docx") == "too_large"


def test_docx_with_external_entity_is_refused():
    doc = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           f'<w:document xmlns:w="{make_fixtures.W_NS}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p>'
           f'</w:body></w:document>')
    data = make_fixtures._zip({"[Content_Types].xml": make_fixtures.CONTENT_TYPES,
                               "_rels/.rels": make_fixtures.RELS, "word/document.xml": doc})
    assert _kind(data, "xxe.docx") == "corrupt"


def test_random_bytes_named_pdf():
    assert _kind(b"%PDF-1.7\n" + os.urandom(5000), "random.pdf") == "corrupt"
    assert _kind(b"%PDF-", "tiny.pdf") == "corrupt"


def test_random_bytes_without_magic_are_not_a_format():
    with pytest.raises(InputError) as err:
        extract(os.urandom(3000), "zip", "random.docx")
    assert err.value.kind == "corrupt"


def test_encrypted_pdf():
    assert _kind((FIXTURES / "locked.pdf").read_bytes(), "locked.pdf") == "encrypted"


def test_pdf_page_and_time_limits(monkeypatch):
    import policytext.reading.formats.pdf as pdf

    monkeypatch.setattr(pdf, "MAX_PAGES", 2)
    assert _kind(make_fixtures.layout_pdf(), "long.pdf") == "too_large"
    monkeypatch.setattr(pdf, "MAX_PAGES", 2000)
    monkeypatch.setattr(pdf, "TIME_LIMIT", -1.0)
    assert _kind(make_fixtures.layout_pdf(), "slow.pdf") == "timeout"


def test_pdf_without_text_layer_needs_ocr():
    blank = make_fixtures.cjk_pdf([[], []])
    assert _kind(blank, "scan.pdf") == "needs_ocr"


def test_html_without_body_text_is_empty():
    page = (b"<html><head><title>x</title><script>var a = '\xe9\x80\x9a\xe7\x9f\xa5';</script></head>"
            b"<body><div class='nav'><a href='/'>\xe9\xa6\x96\xe9\xa1\xb5</a></div><img src='a.png'></body></html>")
    assert _kind(page, "empty.html") == "empty"


def test_fifty_megabyte_file_is_too_large():
    big = b"<html><body><p>" + b"a" * (50 * 1024 * 1024) + b"</p></body></html>"
    assert len(big) > MAX_INPUT_BYTES
    assert _kind(big, "big.html") == "too_large"
    assert _kind(b"%PDF-1.4\n" + bytes(50 * 1024 * 1024), "big.pdf") == "too_large"


def test_unsupported_formats_say_so():
    for data in (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), b"\x89PNG\r\n\x1a\n" + bytes(100),
                 b"\x1f\x8b\x08" + bytes(100), b"{\\rtf1 hello}"):
        assert _kind(data, "x") == "unsupported"


def test_extracted_text_over_the_char_limit(monkeypatch):
    from policytext.reading import limits

    monkeypatch.setattr(limits, "MAX_CHARS", 20)
    page = "<html><body><p>一、总体要求</p><p>加快推进数字政府建设，提升治理能力，完善体制机制。</p></body></html>".encode()
    assert _kind(page, "long.html") == "too_large"
    assert _kind(make_fixtures.numbered_docx(), "long.docx") == "too_large"
    assert _kind(make_fixtures.layout_pdf(), "long.pdf") == "too_large"


# ---------------------------------------------------------------- through the pipeline


def _check_doc(doc, fmt: str) -> None:
    assert doc.source.format == fmt
    assert doc.source.chars == len(doc.text)
    for section in doc.sections:
        start, end = section.span
        assert 0 <= start < end <= len(doc.text)
        assert doc.text[start:end].strip()


@pytest.mark.parametrize("name,fmt", [("numbered.docx", "docx"), ("layout.pdf", "pdf")])
def test_pipeline_on_fixtures(name, fmt):
    doc = policytext.parse_bytes((FIXTURES / name).read_bytes(), path=name)
    _check_doc(doc, fmt)


@needs_formats
@pytest.mark.parametrize("name,fmt", [("F001.docx", "docx"), ("F005.html", "html"), ("F011.pdf", "pdf")])
def test_pipeline_on_real_files(name, fmt):
    doc = policytext.parse_bytes((FORMATS / name).read_bytes(), path=name)
    _check_doc(doc, fmt)
    assert doc.doc_id == Path(name).stem


def test_html_pre_keeps_its_lines():
    page = "<html><body><pre>一、总体要求\n　　加快推进数字政府建设，提升治理能力。\n\n二、重点任务</pre></body></html>".encode()
    assert extract(page, "html", None).text == "一、总体要求\n加快推进数字政府建设，提升治理能力。\n二、重点任务"
