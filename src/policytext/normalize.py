"""A normalised view of the source text with an offset map back to it.

Rules are simpler on a canonical text: full-width digits and letters become
ASCII, ideographic spaces plain spaces, CRLF a single newline; zero-width
characters and the spaces OCR and PDF extraction put inside numbers
(``2 0 0 1年``, ``2035 年``, ``超过 50%``) are dropped. One-to-one
replacements keep offsets; every dropped character is recorded so that a
span in the view maps back to the exact source characters. Text written in traditional
characters is read in simplified ones, one character for one (``hant.py``).
"""
from __future__ import annotations

import re
from array import array

import regex

from .hant import simplified

# One-to-one replacements (str.translate keeps length).
_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH.update({"％": "%", "．": ".", "＋": "+", "－": "-", "／": "/", "＝": "=", "＜": "<", "＞": ">"})
_FULLWIDTH.update({"\u3000": " ", "\xa0": " ", "\t": " ", "\r": "\n", "\u2002": " ", "\u2003": " "})
_TABLE = str.maketrans(_FULLWIDTH)
# str.translate looks every character up in the table; replacing only the runs that change is
# several times faster on Chinese text, where few characters do (and re scans a plain
# character class faster than regex).
_TRANSLATED_RUN = re.compile("[" + "".join(re.escape(c) for c in _FULLWIDTH) + "]+")


def _translate(s: str) -> str:
    return _TRANSLATED_RUN.sub(lambda m: m.group().translate(_TABLE), s)

_DIGIT = r"[0-9０-９]"
_SPACE = r"[ \t\u3000\xa0]"
# Characters to drop from the view; each alternative matches only characters to delete.
_DROP = regex.compile(
    r"\r(?=\n)"  # CRLF -> LF
    r"|[\u200b\u200c\u200d\u2060\ufeff\u00ad]"  # zero-width characters, soft hyphen
    rf"|(?<={_DIGIT}){_SPACE}{{1,2}}(?=[\p{{Han}}%％])"  # 2035 年, 50 %
    rf"|(?<=[\p{{Han}}]){_SPACE}{{1,2}}(?={_DIGIT})",  # 超过 50
    regex.V1,
)

# OCR spells digits out with spaces between them: 2 0 0 1年.
_SPACED_DIGITS = regex.compile(rf"(?<!{_DIGIT}){_DIGIT}(?: {_DIGIT}){{2,}}(?!{_DIGIT})"
                               # 2 0家, 4 0%: two digits spaced out, right before their unit
                               rf"|(?<![{_DIGIT[1:-1]}.]\s?){_DIGIT} {_DIGIT}(?= ?[%％\p{{Han}}])")


def _dropped(source: str) -> list[int]:
    drops = [i for m in _DROP.finditer(source) for i in range(m.start(), m.end())]
    if " " in source:
        spaced = [
            m.start() + i
            for m in _SPACED_DIGITS.finditer(source)
            for i, ch in enumerate(m.group())
            if ch == " "
        ]
        if spaced:
            drops = sorted(set(drops).union(spaced))
    return drops


class TextView:
    """Normalised text plus the map from each of its offsets to the source."""

    __slots__ = ("text", "_to_src", "source_len")

    def __init__(self, source: str):
        self.source_len = len(source)
        drops = _dropped(source)
        if not drops:
            self.text = simplified(_translate(source))
            self._to_src = None  # identity
            return
        keep = array("i")
        pieces = []
        prev = 0
        for d in drops:
            if d > prev:
                pieces.append(source[prev:d])
                keep.extend(range(prev, d))
            prev = d + 1
        pieces.append(source[prev:])
        keep.extend(range(prev, len(source)))
        keep.append(len(source))
        self.text = simplified(_translate("".join(pieces)))
        self._to_src = keep

    def src_pos(self, i: int) -> int:
        """Source offset of view offset ``i`` (``len(view)`` maps to ``len(source)``)."""
        return i if self._to_src is None else self._to_src[i]

    def src_span(self, start: int, end: int) -> tuple[int, int]:
        """Source span covering the view span ``[start, end)``."""
        if self._to_src is None:
            return (start, end)
        if end <= start:
            p = self._to_src[start]
            return (p, p)
        return (self._to_src[start], self._to_src[end - 1] + 1)
