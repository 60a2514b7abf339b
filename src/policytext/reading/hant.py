"""Traditional Chinese read as simplified, character for character, so that spans stay exact.

The rules and lexicons are written in simplified characters. A document written in
traditional characters (數位服務覆蓋率達到90%) is given a simplified view of the same length:
OpenCC's ``t2s`` conversion (phrase-aware, so 著作权 stays 著作权) when it keeps every
character in place, else OpenCC's one-to-one character map. Simplified text, which holds few
characters that have a simplified form, is left alone. OpenCC (the ``opencc`` package,
Apache-2.0) is loaded on the first call.
"""
from __future__ import annotations

import functools
import re

# A traditional text: at least this share of its Han characters have a simplified form.
_SHARE = 0.05
_MIN_HITS = 3
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))


@functools.cache
def _converter():
    """``(OpenCC t2s, pattern of characters with a simplified form, one-to-one table)``, built once,
    or None when OpenCC cannot be imported (texts are then read as written).
    """
    try:
        import opencc  # heavy: loaded only when a text is read
    except ImportError:  # a broken install reads every text as written rather than failing
        return None

    cc = opencc.OpenCC("t2s")
    chars = [chr(c) for a, b in _RANGES for c in range(a, b)]
    # One conversion of all characters, one per line: the per-character map, built once.
    out = cc.convert("\n".join(chars)).split("\n")
    table = {a: b for a, b in zip(chars, out, strict=True) if a != b and len(b) == 1}
    return cc, re.compile("[" + "".join(sorted(table)) + "]"), str.maketrans(table)


def simplified(text: str) -> str:
    """``text`` in simplified characters if it is written in traditional ones, else ``text``;
    always of the same length.

    >>> simplified("數位服務覆蓋率達到90%")
    '数位服务覆盖率达到90%'
    """
    if len(text) < 2 or text.isascii():
        return text
    loaded = _converter()
    if loaded is None:
        return text
    cc, pattern, table = loaded
    hits = sum(1 for _ in pattern.finditer(text))
    # The share is of the Han characters, so that Latin letters, digits and punctuation around
    # them do not change the decision.
    if hits < _MIN_HITS or hits < _SHARE * sum(1 for _ in _HAN.finditer(text)):
        return text
    converted = cc.convert(text)
    return converted if len(converted) == len(text) else text.translate(table)
