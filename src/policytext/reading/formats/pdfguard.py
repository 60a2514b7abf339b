"""Refuse PDFs whose compressed streams inflate past a bound, before PDFium inflates them.

PDFium inflates a page's whole content stream in memory, so a 1 MB file whose one stream is
1 GiB of spaces would take a worker past 2 GB. The raw file is scanned for ``stream …
endstream`` bodies, and each zlib body is inflated in small steps, counting bytes and keeping
none. Image streams are skipped: reading the text layer never decodes them.
"""
from __future__ import annotations

import re
import zlib

from ...errors import InputError

#: Inflated bytes allowed in one stream, and in all streams together.
MAX_STREAM_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
_STEP = 1024 * 1024

_STREAM = re.compile(rb"stream\r?\n")
_END = b"endstream"
_IMAGE = re.compile(rb"/Subtype\s*/Image")


def _inflated_size(body: bytes, limit: int) -> int:
    """Bytes a zlib body inflates to, counted up to limit + 1; 0 if it is not zlib data."""
    inflater = zlib.decompressobj()
    total = 0
    data = body
    try:
        while data and total <= limit:
            total += len(inflater.decompress(data, _STEP))
            data = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error:
        return total
    return total


def check_streams(data: bytes, path: str | None) -> None:
    """Raise InputError ``too_large`` if the PDF's non-image streams inflate past the bounds."""
    total = 0
    pos = 0
    while True:
        m = _STREAM.search(data, pos)
        if m is None:
            return
        end = data.find(_END, m.end())
        if end < 0:
            end = len(data)
        pos = end + len(_END)
        head = data[max(0, m.start() - 1024):m.start()]
        head = head[head.rfind(b"obj") + 1:] if b"obj" in head else head
        if _IMAGE.search(head):
            continue
        size = _inflated_size(data[m.end():end], MAX_STREAM_BYTES)
        if size > MAX_STREAM_BYTES:
            raise InputError(path, "too_large",
                             f"a stream of the PDF inflates to more than {MAX_STREAM_BYTES:,} bytes (a PDF bomb?)")
        total += size
        if total > MAX_TOTAL_BYTES:
            raise InputError(path, "too_large",
                             f"the PDF's streams inflate to more than {MAX_TOTAL_BYTES:,} bytes")
