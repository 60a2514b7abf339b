"""Readers for converted formats (HTML, DOCX, PDF).

``extract`` turns the bytes of a converted document into the plain text that
every span of the output points into, plus what the page itself says about
the document (``meta``). Each reader lives in its own module and imports its
parser lazily, so reading a .txt file never pays for lxml or pdfium.
"""
from __future__ import annotations

from ...errors import InputError
from .. import limits
from .extracted import META_KEYS, Extracted

__all__ = ["META_KEYS", "Extracted", "extract"]

_UNSUPPORTED = {
    "ole": "legacy Word/Excel (.doc/.xls) files are not supported; save the file as .docx",
    "image": "images are not supported; the document needs OCR first",
    "gzip": "compressed (.gz) files are not supported; decompress the file first",
    "rtf": "RTF files are not supported; save the file as .docx",
}


def extract(data: bytes, fmt: str, path: str | None) -> Extracted:
    """Extract text and page metadata from ``data`` whose sniffed format is ``fmt``."""
    max_bytes, max_chars = limits.MAX_INPUT_BYTES, limits.MAX_CHARS  # read at call time: tests lower them
    if len(data) > max_bytes:
        raise InputError(path, "too_large", f"file is {len(data):,} bytes; the limit is {max_bytes:,}")
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
    result = reader(data, path, max_chars=max_chars)
    if len(result.text) > max_chars:
        raise InputError(path, "too_large",
                         f"extracted text has {len(result.text):,} characters; the limit is {max_chars:,}")
    if not result.text.strip():
        raise InputError(path, "empty", f"the {result.format} file has no text")
    return result
