"""Readers for converted formats (HTML, DOCX, PDF).

``extract`` turns the bytes of a converted document into the plain text that
every span of the output points into, plus what the page itself says about
the document (``meta``). Each reader lives in its own module and imports its
parser lazily, so reading a .txt file never pays for lxml or pdfium.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ...errors import InputError

#: ``meta`` keys a reader may fill.
META_KEYS = ("title", "doc_number", "issuers", "signed_date", "published_date",
             "index_no", "subject", "validity", "warnings")

_UNSUPPORTED = {
    "ole": "legacy Word/Excel (.doc/.xls) files are not supported; save the file as .docx",
    "image": "images are not supported; the document needs OCR first",
    "gzip": "compressed (.gz) files are not supported; decompress the file first",
    "rtf": "RTF files are not supported; save the file as .docx",
}


@dataclass
class Extracted:
    """What a reader gives back: the text every span will index, the format it was read as, the
    encoding decoded from (None for binary formats), and the page's own metadata (``META_KEYS``).
    """
    text: str
    format: str
    encoding: str | None = None
    meta: dict = field(default_factory=dict)


def extract(data: bytes, fmt: str, path: str | None) -> Extracted:
    """Extract text and page metadata from ``data`` whose sniffed format is ``fmt``."""
    from ...pipeline import MAX_CHARS
    from .. import MAX_INPUT_BYTES

    if len(data) > MAX_INPUT_BYTES:
        raise InputError(path, "too_large", f"file is {len(data):,} bytes; the limit is {MAX_INPUT_BYTES:,}")
    if fmt in _UNSUPPORTED:
        raise InputError(path, "unsupported", _UNSUPPORTED[fmt])
    if fmt == "txt":
        from .sniff import looks_like_html

        # A fragment such as <table>…</table> saved as .txt or .html has no <html> tag.
        if not looks_like_html(data):
            raise InputError(path, "unsupported", "plain text is not a converted format")
        fmt = "html"
    if fmt == "html":
        from .html import extract_html as reader
    elif fmt == "zip":
        from .docx import extract_docx as reader
    elif fmt == "pdf":
        from .pdf import extract_pdf as reader
    else:
        raise InputError(path, "unsupported", f"format {fmt!r} is not supported")
    result = reader(data, path, max_chars=MAX_CHARS)
    if len(result.text) > MAX_CHARS:
        raise InputError(path, "too_large",
                         f"extracted text has {len(result.text):,} characters; the limit is {MAX_CHARS:,}")
    if not result.text.strip():
        raise InputError(path, "empty", f"the {result.format} file has no text")
    return result
