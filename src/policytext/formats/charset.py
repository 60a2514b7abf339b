"""Decode HTML bytes: BOM, then the declared charset, then detection.

Pages often declare gb2312 while using GBK characters, or declare UTF-8 and are
GBK; a declared charset is trusted only if the bytes decode under it.
"""
from __future__ import annotations

import codecs
import re

from ..errors import InputError

_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_\-]+)""",
    re.IGNORECASE)
_WIDEN = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "x-gbk": "gb18030",
          "big5": "cp950", "iso-8859-1": "cp1252", "latin-1": "cp1252", "ascii": "utf-8", "us-ascii": "utf-8"}


def declared_charset(data: bytes) -> str | None:
    m = _DECLARED.search(data[:16384])
    if not m:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii").lower()
    name = _WIDEN.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes, path: str | None) -> tuple[str, str]:
    """Return ``(text, encoding)`` of an HTML page."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc + ("-sig" if enc == "utf-8" else "")), enc
            except UnicodeDecodeError:
                break
    candidates = [declared_charset(data), "utf-8", "gb18030"]
    for enc in dict.fromkeys(c for c in candidates if c):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    from ..reading import decode_text

    try:
        return decode_text(data, path)
    except InputError:
        # Still a page: keep it readable with replacement characters rather than refusing it.
        return data.decode("utf-8", errors="replace"), "utf-8"
