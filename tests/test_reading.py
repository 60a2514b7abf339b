"""Bytes to text: encodings, line endings and every way a file can fail to be a document."""
from __future__ import annotations

import codecs
import random

import pytest
from conftest import DEV, needs_corpora

from policytext.errors import InputError
from policytext.pipeline import parse_file
from policytext.reading import decode_text, sniff_format

# Traditional characters for Big5 (the opening of 国发〔2018〕42号, dev/0107, in traditional script).
TRADITIONAL = (
    "農業機械化和農機裝備是轉變農業發展方式、提高農村生產力的重要基礎，是實施鄉村振興戰略的重要支撐。"
    "沒有農業機械化，就沒有農業農村現代化。"
)


@pytest.fixture(scope="module")
def paragraph() -> str:
    """A real paragraph of dev/0107 (国务院关于加快推进农业机械化…的指导意见)."""
    if not (DEV / "0107.txt").is_file():
        pytest.skip(f"dev corpus not found at {DEV}")
    lines = (DEV / "0107.txt").read_text(encoding="utf-8").splitlines()
    para = next(line for line in lines if line.startswith("农业机械化和农机装备是"))
    assert len(para) > 200
    return para


ENCODINGS = [
    # (id, encode(text) -> bytes, expected source.encoding, traditional?)
    ("utf-8", lambda t: t.encode("utf-8"), "utf-8", False),
    ("utf-8-bom", lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8", False),
    ("gb18030", lambda t: t.encode("gb18030"), "gb18030", False),
    ("gbk", lambda t: t.encode("gbk"), "gb18030", False),  # GBK answers widen to their superset
    ("big5", lambda t: t.encode("big5"), "cp950", True),
    ("utf-16-le-bom", lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "utf-16", False),
    ("utf-16-be-bom", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16", False),
]


@needs_corpora
@pytest.mark.parametrize("name,encode,encoding,traditional", ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_parse_file_decodes(tmp_path, paragraph, name, encode, encoding, traditional):
    text = TRADITIONAL if traditional else paragraph
    path = tmp_path / f"{name}.txt"
    path.write_bytes(encode(text))
    doc = parse_file(path)
    assert doc.text == text  # the BOM is not part of the text
    assert doc.source.encoding == encoding
    assert doc.source.format == "txt"
    assert doc.source.chars == len(text)
    assert doc.doc_id == name


@needs_corpora
@pytest.mark.parametrize("name,encode,encoding,traditional", ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_decode_text(paragraph, name, encode, encoding, traditional):
    text = TRADITIONAL if traditional else paragraph
    assert decode_text(encode(text), "x.txt") == (text, encoding)


@needs_corpora
def test_crlf_kept_in_source_and_normalised_in_view(tmp_path, paragraph):
    text = "关于加快推进农业机械化的指导意见\r\n\r\n" + paragraph + "\r\n"
    path = tmp_path / "crlf.txt"
    path.write_bytes(text.encode("utf-8"))
    doc = parse_file(path)
    assert doc.text == text  # the source is never altered
    assert "\r" not in doc.view.text
    assert doc.view.text == text.replace("\r\n", "\n")
    assert doc.source.chars == len(text)


def test_gb18030_rare_character_survives(tmp_path):
    # 𠮷 (U+20BB7) is outside GBK: a GBK-detected file must still decode via GB18030.
    text = "关于做好2021年度会计专业技术人员继续教育有关工作的通知。吉𠮷祥。" * 4
    assert decode_text(text.encode("gb18030"), "x.txt")[0] == text


def _error(path, **kw) -> InputError:
    with pytest.raises(InputError) as info:
        parse_file(path, **kw)
    return info.value


BAD_FILES = [
    ("empty", b"", "empty"),
    ("whitespace", b" \t\r\n  \n", "empty"),
    ("ideographic-space", "\u3000\u3000\n\u3000".encode(), "empty"),
    ("random-bytes", random.Random(0).randbytes(4096), "binary"),
    ("nul-bytes", b"\x00" * 64, "empty"),
]


@pytest.mark.parametrize("name,data,kind", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_is_input_error(tmp_path, name, data, kind):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    err = _error(path)
    assert err.kind == kind
    assert str(path) in str(err)
    assert err.path == str(path)


def test_png_is_refused(tmp_path):
    path = tmp_path / "scan.txt"  # the extension lies; the content decides
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    assert sniff_format(path.read_bytes()) == "image"
    err = _error(path)
    assert err.kind in ("unsupported", "needs_ocr")
    assert str(path) in str(err)


def test_missing_path(tmp_path):
    path = tmp_path / "nope" / "missing.txt"
    err = _error(path)
    assert err.kind == "not_found"
    assert str(path) in str(err)


def test_oversized_file(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes("关于印发实施方案的通知\n".encode() * 100)
    err = _error(path, max_bytes=1000)
    assert err.kind == "too_large"
    assert str(path) in str(err)
    assert "1,000" in err.message


def test_size_limit_is_inclusive(tmp_path):
    data = "关于印发实施方案的通知\n".encode() * 10
    path = tmp_path / "exact.txt"
    path.write_bytes(data)
    doc = parse_file(path, max_bytes=len(data))
    assert doc.text == data.decode()


def test_directory_is_not_a_document(tmp_path):
    with pytest.raises(InputError) as info:
        parse_file(tmp_path)
    assert str(tmp_path) in str(info.value)


def test_relative_path_kept_as_given(tmp_path, monkeypatch):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("关于印发实施方案的通知\n一、总体要求\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    doc = parse_file("sub/a.txt")
    assert doc.source.path == "sub/a.txt"
    assert doc.doc_id == "a"


@pytest.mark.parametrize(
    "head,fmt",
    [(b"%PDF-1.7\n", "pdf"), (b"PK\x03\x04", "zip"), (b"<!DOCTYPE html><html>", "html"),
     (b"\xef\xbb\xbf<html><body>", "html"), ("关于".encode(), "txt")],
)
def test_sniff_format(head, fmt):
    assert sniff_format(head + b"\n" * 4) == fmt
