"""Recognise HTML that has no <html> tag: fragments cut from pages and databases."""
from __future__ import annotations

import re

_TAG = re.compile(rb"<\s*(html|head|body|div|table|p|span|meta|title|section|article|h[1-6]|ul|ol|br)\b[^>]*>",
                  re.IGNORECASE)
_CLOSE = re.compile(rb"</\s*(div|table|p|span|td|tr|li|section|article|h[1-6])\s*>", re.IGNORECASE)


def looks_like_html(data: bytes) -> bool:
    """True if the bytes start like markup and carry enough tags to be a page or fragment."""
    head = data[:8192].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return False
    return bool(_TAG.match(head) or head[:14].lower().startswith(b"<!doctype html")) and len(
        _CLOSE.findall(head)) >= 1
