"""Small text helpers shared by the readers: whitespace, CJK tests, ISO dates."""
from __future__ import annotations

import re

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# CJK ideographs plus CJK and full-width punctuation: around these a source line
# break is not a word space.
_WIDE = f"{CJK}\u3000-\u303f\uff00-\uffef\u2018-\u201d\u2014\u2026"
_BREAK_BETWEEN_WIDE = re.compile(f"(?<=[{_WIDE}])[ \\t\\r\\n]*\\n[ \\t\\r\\n]*(?=[{_WIDE}])")
_SPACES = re.compile(r"[ \t\r\n\f\v\xa0\u200b\ufeff]+")
_CJK_CHAR = re.compile(f"[{CJK}]")


def clean_inline(text: str) -> str:
    """Collapse source whitespace the way a browser shows it, minus spaces from line breaks between CJK."""
    return _SPACES.sub(" ", _BREAK_BETWEEN_WIDE.sub("", text))


def strip_line(line: str) -> str:
    return line.strip(" \t\r\n\f\v\xa0\u3000\u200b\ufeff")


def count_cjk(text: str) -> int:
    return len(_CJK_CHAR.findall(text))


_DATE = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})")
_MONTH = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*月?$")


def iso_date(text: str) -> str | None:
    """``2019年01月24日`` / ``2020-02-09 21:14`` → ``2019-01-24``; None if no date is there."""
    m = _DATE.search(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mo:02d}-{d:02d}"
        return None
    m = _MONTH.search(text.strip())
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"
    return None
