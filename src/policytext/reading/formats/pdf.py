"""PDF: the text layer through PDFium, in reading order, as paragraphs.

A scanned PDF has no text layer or one of garbage (glyph ids without a
Unicode map come out as punctuation, private-use or replacement characters);
both are refused as needing OCR rather than passed on as a document.
"""
from __future__ import annotations

import re
import time

from ...errors import InputError
from .common import CJK
from .extracted import Extracted
from .pdfguard import check_streams
from .pdflayout import Line, clean_line, paragraphs

MAX_PAGES = 2000
#: Seconds one file may take; checked between pages.
TIME_LIMIT = 60.0
_GOOD = re.compile(f"[{CJK}A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_WIDE = re.compile(f"[{CJK}\u3000-\u303f\uff00-\uffef]")
_BAD = re.compile("[\ufffd\ue000-\uf8ff\x00-\x08\x0e-\x1f\u0080-\u024f]")
# CJK punctuation: what PDFium still reads of a text layer whose Chinese fonts are not embedded and
# have no Unicode map when the machine has no CJK font to stand in for them (the characters vanish,
# the punctuation, mapped by its standard codes, stays)
_CJK_PUNCT = re.compile("[\u3001\u3002\u300a-\u300f\u201c\u201d\uff0c\uff1a\uff1b\uff08\uff09,;:]")
_NO_CJK_FONT_HINT = ("; only punctuation came through, as when the PDF's Chinese fonts are not embedded and this "
                     "machine has no CJK font for PDFium to map them with: install one (Debian: fonts-noto-cjk) "
                     "and read it again, else it needs OCR")


def extract_pdf(data: bytes, path: str | None, max_chars: int | None = None) -> Extracted:
    """Read a PDF's text layer through PDFium: lines with their geometry per page, running headers,
    footers and page numbers dropped, wrapped lines joined into paragraphs.

    A scan without a usable text layer is an InputError of kind ``needs_ocr`` rather than a
    document of garbage; encrypted, corrupt, oversized and slow files are refused too.
    """
    import pypdfium2 as pdfium  # lazy: a native library

    check_streams(data, path)
    started = time.monotonic()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InputError(path, "encrypted", "the PDF is encrypted with a password") from None
        raise InputError(path, "corrupt", f"cannot open the PDF ({exc})") from None
    try:
        n_pages = len(pdf)
        if n_pages > MAX_PAGES:
            raise InputError(path, "too_large", f"the PDF has {n_pages:,} pages; the limit is {MAX_PAGES:,}")
        pages: list[list[Line]] = []
        heights: list[float] = []
        chars = 0
        for index in range(n_pages):
            if time.monotonic() - started > TIME_LIMIT:
                raise InputError(path, "timeout", f"reading the PDF took over {TIME_LIMIT:.0f} s (at page {index + 1})")
            budget = None if max_chars is None else max_chars - chars
            lines, height = _page_lines(pdf, index, budget, path)
            pages.append(lines)
            heights.append(height)
            chars += sum(len(ln.text) for ln in lines)
            if max_chars is not None and chars > max_chars:
                raise InputError(path, "too_large", f"the PDF has more than {max_chars:,} characters of text")
    except pdfium.PdfiumError as exc:
        raise InputError(path, "corrupt", f"cannot read the PDF ({exc})") from None
    finally:
        pdf.close()
    _check_usable(pages, path)
    return Extracted(text="\n".join(paragraphs(pages, heights)), format="pdf", encoding=None, meta={})


def _page_lines(pdf, index: int, budget: int | None = None, path: str | None = None) -> tuple[list[Line], float]:
    """The text lines of one page with their boxes, and the page height; a page past the character
    budget is refused before its boxes are built.
    """
    page = pdf[index]
    try:
        height = page.get_height()
        textpage = page.get_textpage()
        try:
            count = textpage.count_chars()
            if budget is not None and count > budget:
                # Refused before a string and a box per character are built for it.
                raise InputError(path, "too_large", f"page {index + 1} of the PDF has {count:,} characters, "
                                                    "more than the text limit allows")
            text = textpage.get_text_range() if count > 0 else ""
            boxes = [textpage.get_charbox(i, loose=True) for i in range(count)] if len(text) == count else None
        finally:
            textpage.close()
    finally:
        page.close()
    return _split_lines(text, boxes, index, height), height


def _split_lines(text: str, boxes, page: int, height: float) -> list[Line]:
    """Split a page's text into Lines with the bounding box of their inked characters; without boxes
    each line stands alone.
    """
    lines: list[Line] = []
    start = 0
    for m in re.finditer(r"\r\n|\r|\n", text + "\n"):
        end = m.end()
        span = range(start, m.start())
        start = end
        ink = [i for i in span if not text[i].isspace()]
        if not ink:
            continue
        if boxes is None:
            # Without geometry every line stands alone: nothing is joined or dropped as furniture.
            cleaned = clean_line(text[span.start:span.stop])
            if cleaned:
                lines.append(Line(cleaned, page, 0.0, 0.0, height / 2, height / 2, 0.0))
            continue
        cleaned = clean_line(_respace(text, boxes, ink), respaced=True)
        if not cleaned:
            continue
        heights = sorted(boxes[i][3] - boxes[i][1] for i in ink)
        lines.append(Line(cleaned, page, min(boxes[i][0] for i in ink), max(boxes[i][2] for i in ink),
                          max(boxes[i][3] for i in ink), min(boxes[i][1] for i in ink), heights[len(heights) // 2]))
    return lines


def _respace(text: str, boxes, ink: list[int]) -> str:
    """Keep a space only where the glyphs really stand apart (a table column), not letter spacing."""
    out = [text[ink[0]]]
    for a, b in zip(ink, ink[1:], strict=False):
        if b > a + 1:
            size = max(boxes[a][3] - boxes[a][1], 1.0)
            gap = (boxes[b][0] - boxes[a][2]) / size
            wide_a, wide_b = _WIDE.match(text[a]), _WIDE.match(text[b])
            tight = 0.8 if (wide_a and wide_b) else 0.4 if (wide_a or wide_b) else -1.0
            if gap >= tight:
                out.append(" ")
        out.append(text[b])
    return "".join(out)


def _check_usable(pages: list[list[Line]], path: str | None) -> None:
    """Raise ``needs_ocr`` when the text layer is missing, mostly unmapped glyphs, or on too few pages."""
    text = "".join(ln.text for lines in pages for ln in lines)
    visible = len(re.sub(r"\s", "", text))
    good = len(_GOOD.findall(text))
    bad = len(_BAD.findall(text))
    advice = _NO_CJK_FONT_HINT if len(_CJK_PUNCT.findall(text)) > 0.3 * visible else "; it needs OCR"
    if good < 20:
        raise InputError(path, "needs_ocr", f"the PDF has no text layer (a scan?){advice}")
    if good < 0.5 * visible or bad > 0.1 * visible:
        raise InputError(path, "needs_ocr",
                         f"the PDF's text layer is unusable ({good} letters and digits among {visible} characters, "
                         f"{bad} unmapped glyphs){advice}")
    # A scan with a typed cover page: most pages carry no text at all.
    texted = sum(1 for lines in pages if len(_GOOD.findall("".join(ln.text for ln in lines))) >= 20)
    if len(pages) >= 4 and texted < 0.25 * len(pages):
        raise InputError(path, "needs_ocr",
                         f"only {texted} of {len(pages)} pages have a text layer; the PDF needs OCR")
