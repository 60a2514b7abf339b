"""Decode HTML bytes: BOM, then the declared charset, then detection.

Pages often declare gb2312 while using GBK characters, or declare UTF-8 and are
GBK; a declared charset is trusted only if the bytes decode under it.
"""
from __future__ import annotations

import codecs
import re

from ...errors import InputError

_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_\-]+)""",
    re.IGNORECASE)
_WIDEN = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "x-gbk": "gb18030",
          "big5": "cp950", "iso-8859-1": "cp1252", "latin-1": "cp1252", "ascii": "utf-8", "us-ascii": "utf-8"}


def _declared_name(data: bytes) -> str | None:
    """The charset a ``<meta>`` tag or XML declaration names in the first 16 KiB, lower-cased."""
    m = _DECLARED.search(data[:16384])
    if not m:
        return None
    return (m.group(1) or m.group(2)).decode("ascii").lower()


def declared_charset(data: bytes) -> str | None:
    """The text encoding the page declares, or None if it declares none or one Python cannot decode text with.

    Codec names such as rot13, base64, hex, zlib, bz2, uu, quopri are bytes-to-bytes or str-to-str
    transforms, not text encodings, and "undefined" refuses every byte: all are ignored.
    """
    name = _declared_name(data)
    if name is None:
        return None
    name = _WIDEN.get(name, name)
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name == "undefined":
        return None
    if info.name.startswith(("utf-16", "utf-32")) and b"\x00" not in data[:1024]:
        return None  # a UTF-16 page is full of NUL bytes; an ASCII-compatible page copied the wrong meta tag
    return info.name


# A Chinese page decoded with the wrong single-byte charset: letters with accents and C1 controls instead of CJK.
_MOJIBAKE = re.compile("[\u0080-\u024f\u0370-\u03ff\u0400-\u04ff]")
_CJK = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def _garbled(text: str) -> bool:
    """Whether the text looks decoded with the wrong single-byte charset: many accented or Cyrillic
    letters and few CJK characters.
    """
    sample = text[:200_000]
    odd = len(_MOJIBAKE.findall(sample))
    return odd >= 20 and odd > 2 * len(_CJK.findall(sample))


def _try(data: bytes, enc: str) -> str | None:
    """``data`` decoded with ``enc``, or None when it does not decode."""
    try:
        return data.decode(enc)
    except (UnicodeError, LookupError):  # UnicodeError covers codecs that refuse everything
        return None


def decode_html(data: bytes, path: str | None) -> tuple[str, str, list[str]]:
    """Return ``(text, encoding, warnings)`` of an HTML page."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            text = _try(data, enc + ("-sig" if enc == "utf-8" else ""))
            if text is not None:
                return text, enc, []
            break
    warnings: list[str] = []
    name = _declared_name(data)
    declared = declared_charset(data)
    if name and declared is None:
        warnings.append(f"the page declares charset {name!r}, which is not a usable text encoding; it was ignored")
    if declared:
        text = _try(data, declared)
        if text is not None and not _garbled(text):
            return text, declared, warnings
        if text is not None:  # a real charset, but the wrong one: look for the one that gives Chinese text
            for enc in ("utf-8", "gb18030", "cp950"):
                other = _try(data, enc) if enc != declared else None
                if other is not None and not _garbled(other):
                    warnings.append(f"the page declares charset {name!r} but is {enc}; it was read as {enc}")
                    return other, enc, warnings
            warnings.append(f"the page declares charset {name!r}; the text may be garbled")
            return text, declared, warnings
        warnings.append(f"the page's bytes are not valid {name!r}, the charset it declares")
    for enc in ("utf-8", "gb18030"):
        text = _try(data, enc)
        if text is not None:
            return text, enc, warnings
    from .. import decode_text

    try:
        text, enc = decode_text(data, path)
        return text, enc, warnings
    except InputError:
        # Still a page: keep it readable with replacement characters rather than refusing it.
        warnings.append("the page's text encoding could not be detected; undecodable bytes were replaced")
        return data.decode("utf-8", errors="replace"), "utf-8", warnings
