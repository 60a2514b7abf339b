"""Chinese and Arabic numerals with their units: 一百二十, 5.6万, 400亿元, 百分之九十, 2-3个.

``find_quantities`` reads every number that carries a unit — one of the lexicon
``data/measures.tsv``, a unit written in Latin letters (EFLOPS, dB), or either of
them per another (微克/立方米, 克/千瓦时) — or is a large round figure (千亿,
7000亿级), or a bare figure right after the verb that sets it (指数达到125); it
reads fractions (三分之一 → 33.3 %), Chinese decimals (一点五), ranges sharing
one multiplier (一百二十到一百五十万元) and approximate counts (500多亿, 二十余家); it
skips numbers that belong to names and slogans: anything inside quotes or
《》, numbers glued to Latin letters (5G, 4K, IPv6), ordinals (第五代) and the
idioms listed in ``data/quantities.toml`` (一网通办, 一次性, 十四五 …).
"""
from __future__ import annotations

import functools
import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

import regex

from ..data import data_text, load_toml, tsv_rows
from ..errors import RuleDataError
from ..textutil import CN_DIGITS

CN_SMALL = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}
UNIT_CLASSES = {"count", "money", "percent", "measure", "time", "other"}
# Pathological inputs must not hang a batch run.
TIMEOUT = 2.0


@dataclass(frozen=True)
class Quantity:
    """A number with its unit; ``start``/``end`` are offsets into the searched text."""

    start: int
    end: int
    value: float
    value_max: float | None
    unit: str
    unit_class: str  # see UNIT_CLASSES, or "" for a bare large figure (千亿, 万亿级)
    approx: bool = False  # 40余家, 10多个
    chinese: bool = False  # written in Chinese numerals


# ---------------------------------------------------------------- rule data

def word_list(name: str, key: str) -> tuple[str, ...]:
    """``[section] key`` of a TOML rule file as a tuple of non-empty strings."""
    data = load_toml(name)
    node: object = data
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise RuleDataError(f"data/{name}: missing key {key!r}")
        node = node[part]
    if not isinstance(node, list) or not all(isinstance(w, str) and w for w in node):
        raise RuleDataError(f"data/{name}: key {key!r} must be a list of non-empty strings")
    return tuple(node)


@functools.cache
def measures() -> dict[str, str]:
    """unit -> class, from data/measures.tsv."""
    out: dict[str, str] = {}
    for lineno, parts in tsv_rows("measures.tsv", data_text("measures.tsv"), 2):
        if parts[1] not in UNIT_CLASSES:
            raise RuleDataError(f"data/measures.tsv line {lineno}: class {parts[1]!r} is not one of {UNIT_CLASSES}")
        if parts[0] in out:
            raise RuleDataError(f"data/measures.tsv line {lineno}: duplicate unit {parts[0]!r}")
        out[parts[0]] = parts[1]
    return out


# _unit_re and _number_re are matched at one position, ten thousand times a corpus: stdlib re
# answers such a call in half the time regex takes, and neither pattern can backtrack far.
@functools.cache
def _unit_re() -> re.Pattern:
    units = sorted(measures(), key=len, reverse=True)
    return re.compile("|".join(re.escape(u) for u in units))


_CN_NUMERAL = "零〇○一二两三四五六七八九十百千万亿"
# Every number _number_re finds starts on one of these characters, and it matches wherever one stands.
# (stdlib re: it finds a plain character class in a whole text in half the time regex takes.)
_NUMBER_START = re.compile(rf"[\d{_CN_NUMERAL}]")


@functools.cache
def _number_re() -> re.Pattern:
    cn = _CN_NUMERAL
    # 三分之一 (a fraction, read as a percentage like 百分之九十), 一点五 (a Chinese decimal).
    num = rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?|百分之[{cn}点]+|[{cn}]+(?:分之[{cn}点]+|点[零〇○一二两三四五六七八九]+)?)"
    return re.compile(num)


@functools.cache
def _names_re() -> regex.Pattern:
    pats = word_list("quantities.toml", "names.patterns")
    try:
        return regex.compile("|".join(f"(?:{p})" for p in pats))
    except regex.error as exc:
        raise RuleDataError(f"data/quantities.toml: bad pattern in names.patterns: {exc}") from exc


# ---------------------------------------------------------------- values

def cn_value(s: str) -> float | None:
    """Value of a Chinese numeral: 一百二十 -> 120, 万亿 -> 1e12, 二〇二二 -> 2022."""
    if not s:
        return None
    if len(s) > 1 and all(ch in CN_DIGITS for ch in s):
        return float("".join(str(CN_DIGITS[ch]) for ch in s))
    total = section = num = 0.0
    for ch in s:
        if ch in CN_DIGITS:
            num = CN_DIGITS[ch]
        elif ch in CN_SMALL:
            section += (num or 1) * CN_SMALL[ch]
            num = 0
        elif ch == "万":
            total += (section + num or 1) * 10_000
            section = num = 0
        elif ch == "亿":
            total = (total + section + num or 1) * 100_000_000
            section = num = 0
        else:
            return None
    return total + section + num


_ARABIC_HEAD = regex.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)(.*)")


# A pure function of a short string, asked for the same few thousand numbers (years, 100, 5%) over and over.
@functools.lru_cache(maxsize=4096)
def parse_number(s: str) -> float | None:
    """Value of one written number: 5.6万, 2.2万亿, 1,200, 百分之九十 (-> 90), 一百二十.

    None for a number too large for a float (1 followed by 400 zeros, 一亿亿亿…): JSON has no Infinity.
    """
    value = _parse_number(s)
    return value if value is None or math.isfinite(value) else None


def _parse_number(s: str) -> float | None:
    s = s.strip()
    if not s:
        return None
    if s.startswith("百分之"):
        return _parse_number(s[3:])
    if "分之" in s:
        den, _, num = s.partition("分之")
        d, n = parse_number(den), parse_number(num)
        return n / d * 100 if d and n is not None else None
    m = _ARABIC_HEAD.match(s)
    if m:
        value = float(m.group(1).replace(",", ""))
        for ch in m.group(2):
            if ch in CN_SMALL:
                value *= CN_SMALL[ch]
            elif ch in CN_BIG:
                value *= CN_BIG[ch]
            else:
                return None
        return value
    if "点" in s:
        whole, _, frac = s.partition("点")
        w = cn_value(whole)
        if w is None or not frac or any(ch not in CN_DIGITS for ch in frac):
            return None
        return w + float("0." + "".join(str(CN_DIGITS[ch]) for ch in frac))
    return cn_value(s)


# ---------------------------------------------------------------- finding

_QUOTED = regex.compile(r"[“\"「『][^“”\"「」『』\n]{1,40}[”\"」』]|《[^《》\n]{1,120}》")

# Constructs that look at text outside the match (lookarounds, anchors, word boundaries) or
# cut backtracking (atomic groups, possessive quantifiers).
_CONTEXT_SENSITIVE = regex.compile(r"\(\?(?!:)|\\[bBAZGmMK]|(?<!\[)\^|\$|[+*?}]\+")


def _shielded(text: str) -> list[tuple[int, int]]:
    """Ranges where numbers are names, not quantities: quotes, 《》 titles, slogan patterns."""
    out = [m.span() for m in _QUOTED.finditer(text, timeout=TIMEOUT)]
    out += [m.span() for m in _names_re().finditer(text, timeout=TIMEOUT)]
    return out


class _Shields:
    """``_shielded(text[:end])``, at least the ranges reaching into ``[start, end)``, without
    rescanning the prefix on every call (the quantities stage asks once per sentence).

    Each pattern is scanned once over the whole text. For a pattern that sees nothing outside
    its match, every match of the full scan that ends by ``end`` is also a match of the scan
    of ``text[:end]``, and that scan fails wherever the full scan failed; the two part only
    at the first full match that runs past ``end``, so only that match's start onwards is
    scanned again, with ``endpos=end`` standing in for the slice. Other patterns are scanned
    over the whole prefix, as before.
    """

    __slots__ = ("text", "scans", "starts")

    def __init__(self, text: str):
        self.text = text
        # Where a number may start, found once: a sentence is then searched by bisection, not
        # by scanning it for a number (most sentences have none) and again for each number.
        self.starts = [m.start() for m in _NUMBER_START.finditer(text)]
        self.scans = []
        for pat in (_QUOTED, _names_re()):
            spans = [m.span() for m in pat.finditer(text, timeout=TIMEOUT)]
            local = not _CONTEXT_SENSITIVE.search(pat.pattern)
            self.scans.append((pat, local, spans, [a for a, _ in spans], [b for _, b in spans]))

    def within(self, start: int, end: int) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        for pat, local, spans, starts, ends in self.scans:
            if not local:
                out += [m.span() for m in pat.finditer(self.text, 0, end, timeout=TIMEOUT)]
                continue
            # Matches do not overlap, so their ends ascend too.
            k = bisect_right(ends, end)
            out += spans[bisect_right(ends, start, 0, k):k]
            if k < len(spans) and starts[k] < end:
                out += [m.span() for m in pat.finditer(self.text, starts[k], end, timeout=TIMEOUT)]
        return out


_last_shields: _Shields | None = None


def _shields_for(text: str) -> _Shields:
    global _last_shields
    cached = _last_shields
    if cached is None or cached.text is not text:
        cached = _last_shields = _Shields(text)
    return cached


_RANGE_SEP = ("——", "—", "-", "–", "~", "～", "至", "到")
_RANGE_FIRST = frozenset(sep[0] for sep in _RANGE_SEP)


def _skip_blank(text: str, i: int) -> int:
    """i moved past at most two spaces (ASCII or ideographic)."""
    for _ in range(2):
        if text[i:i + 1] not in (" ", "\u3000"):
            break
        i += 1
    return i


def _read_one(text: str, i: int, m: re.Match | None = None) -> tuple[float, int, bool, bool, bool] | None:
    """(value, end, has_big_multiplier, chinese, approx) of the number starting at i; approx for
    a 多/余 between the digits and their multiplier (500多亿). ``m``: ``_number_re()``'s match at
    ``i`` when the caller has it already."""
    if m is None:
        m = _number_re().match(text, i)
    if not m:
        return None
    raw = m.group()
    chinese = not ("0" <= raw[0] <= "9")
    end = m.end()
    big = False
    approx = False
    if not chinese:
        # Multipliers after Arabic digits (5.6万, 400亿), unless they start a unit (10亿千瓦).
        j = end
        if j + 1 < len(text) and text[j] in "多余" and text[j + 1] in CN_BIG:
            approx, j = True, j + 1
            i_digits = text[i:end]
        while j < len(text) and text[j] in "十百千万亿":
            um = _unit_re().match(text, j)
            if um and um.group()[0] == text[j]:
                break
            big = big or text[j] in CN_BIG
            j += 1
        raw, end = (i_digits + text[end + 1:j], j) if approx else (text[i:j], j)
    else:
        # A Chinese numeral may swallow the 千 of 千瓦; give it back to the unit.
        while end > i + 1 and text[end - 1] in "十百千万亿" and _unit_re().match(text, end - 1) \
                and _unit_re().match(text, end - 1).group()[0] == text[end - 1]:
            end -= 1
        raw = text[i:end]
        big = any(ch in CN_BIG for ch in raw)
        if raw in ("万", "亿", "百", "千", "零", "〇", "○"):
            return None
        if raw == "十" and not (_unit_after(text, end)[1] == "count" and text[end:end + 1] != "分"):
            return None  # 十个示范区 counts; 十分, 十足 do not
    value = parse_number(raw)
    if value is None:
        return None
    return value, end, big, chinese, approx


#: How far before a number its reading looks (find_quantities' window must reach as far).
_LOOK_BACK = 4


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every number with a unit (or a bare 万/亿 figure) in ``text[start:end]``, in order.

    The text after ``end`` is not looked at; quotes and names are found in ``text[:end]``.
    """
    end = len(text) if end is None else min(end, len(text))
    num_re = _number_re()
    if start >= end:
        return []
    index = _shields_for(text)
    starts = index.starts
    k = bisect_left(starts, start)
    if k == len(starts) or starts[k] >= end:
        return []  # half the sentences of a policy hold no number at all
    shields = index.within(start, end)
    # Reading a number looks back a few characters at most (a bare figure after 达到): work on a
    # window, not the prefix.
    base = max(0, start - _LOOK_BACK)
    sub = text[base:end]
    if base:
        shields = [(a - base, b - base) for a, b in shields]
    out: list[Quantity] = []
    i = start - base
    stop = end - base
    while i < stop:
        k = bisect_left(starts, i + base, k)
        if k == len(starts) or starts[k] >= end:
            break
        m = num_re.match(sub, starts[k] - base)
        q = _quantity_at(sub, m.start(), shields, base, m)
        if q is None:
            i = m.end()
            continue
        out.append(q)
        i = q.end - base
    return out


def _quantity_at(text: str, i: int, shields: list[tuple[int, int]], offset: int = 0,
                 m: re.Match | None = None) -> Quantity | None:
    """The quantity starting at ``text[i]``, if any; its offsets are shifted by ``offset``. ``m``: the
    number's match, which find_quantities found already."""
    if any(a <= i < b for a, b in shields):
        return None
    prev = text[i - 1] if i > 0 else ""
    if prev and (prev.isascii() and (prev.isalnum() or prev in "./_:#")) or prev == "第":
        return None
    if text[i] == "0" and text[i + 1:i + 2].isdigit() and text[i + 2:i + 3].isdigit():
        return None  # 0531-8708: an area code or serial, not a quantity
    first = _read_one(text, i, m)
    if first is None:
        return None
    value, j, big, chinese, approx = first
    percent_word = text.startswith("百分之", i) or "分之" in text[i:j]
    value_max = None
    unit, uclass, k = _unit_after(text, j)
    # 50万元（含）—200万元: the bracket says the bound is included.
    if unit and _INCLUSIVE.match(text, k):
        k_incl = _INCLUSIVE.match(text, k).end()
    else:
        k_incl = k if unit else j
    # Range: 2-3个, 30%—50%, 2至3, 三至五年; OCR text spaces out the separator (160 ～ 300万千瓦).
    at = _skip_blank(text, k_incl)
    for sep in _RANGE_SEP if text[at:at + 1] in _RANGE_FIRST else ():
        if text.startswith(sep, at):
            s2 = _skip_blank(text, at + len(sep))
            second = _read_one(text, s2) if s2 < len(text) and not text.startswith("百分之", s2) else None
            if second is None and text.startswith("百分之", s2):
                second = _read_one(text, s2)
            if second and second[3] == chinese:
                v2, j2, big2, _, _ = second
                unit2, uclass2, k2 = _unit_after(text, j2)
                low = value
                if big2 and not big and not unit:
                    # 2.2-2.4万亿元: the multiplier written once applies to both ends.
                    base = parse_number(regex.sub(r"[万亿]+$", "", text[s2:j2]))
                    if base:
                        low = value * v2 / base
                if unit2 and (not unit or unit2 == unit) and v2 > low:
                    value, value_max, unit, uclass, k, big = low, v2, unit2, uclass2, k2, big or big2
            break
    if text.startswith(("余", "多"), k if unit else j) and not unit:
        um = _unit_after(text, j + 1)
        if um[0]:
            approx = True
            unit, uclass, k = um
    if unit == "级" and big:
        # 万亿级, 7000亿级: an order of magnitude, so the figure has no unit.
        return Quantity(i + offset, k + offset, value, value_max, "", "", approx, chinese)
    if percent_word:
        unit, uclass, k = "%", "percent", j
    if not unit:
        if big and value >= 10_000 and not (j < len(text) and text[j].isascii() and text[j].isalpha()):
            return Quantity(i + offset, j + offset, value, value_max, "", "", approx, chinese)
        if not chinese and _BARE_BEFORE.search(text, max(0, i - _LOOK_BACK), i) and _BARE_AFTER.match(text, j):
            # 发展指数达到125: a figure with no unit, right after the verb that sets it.
            return Quantity(i + offset, j + offset, value, value_max, "", "", approx, chinese)
        return None
    nxt = text[k] if k < len(text) else ""
    if unit.isalpha() and unit.isascii() and nxt.isascii() and nxt.isalpha():
        return None
    if chinese and not big and value < 10 and uclass == "count" and text[i] in "一两":
        # 一个/两个 are usually articles (一个窗口, 一张图), not quantities the text counts.
        if nxt and nxt in "窗口体站":
            return None
    return Quantity(i + offset, k + offset, value, value_max, unit, uclass, approx, chinese)


_INCLUSIVE = regex.compile(r"[（(]含[）)]")
_BARE_BEFORE = regex.compile(r"(?:达到|达|突破|超过|提高到|提升到|保持在|稳定在|控制在|不低于|不少于|低于|小于|大于|高于)$")
_BARE_AFTER = regex.compile(r"(?:以上|以下|左右)?(?:[，。；、,;）)]|$)")
# Units as written: Latin letters (EFLOPS, PFlops, dB, cm3/h) and lexicon units with a per-unit
# after a slash (微克/立方米, 克/千瓦时, 吨/万平方米).
_LATIN_UNIT = regex.compile(r"(?![Xx]+\b)[A-Za-z]{2,}[A-Za-z0-9]*(?:/[A-Za-z0-9]+)?(?![A-Za-z0-9])")


def _unit_after(text: str, j: int) -> tuple[str, str, int]:
    if j < len(text) and text[j].isascii() and text[j].isalpha():
        um = _unit_re().match(text, j)
        if um and um.group().isascii() and not _LATIN_UNIT.match(text, j):
            return um.group(), measures()[um.group()], um.end()
        lm = _LATIN_UNIT.match(text, j)
        if not lm:
            return "", "", j
        return lm.group(), measures().get(lm.group(), "measure"), lm.end()
    um = _unit_re().match(text, j)
    if not um:
        return "", "", j
    unit, uclass, k = um.group(), measures()[um.group()], um.end()
    if unit == "人" and text.startswith("口", k):
        return unit, uclass, k + 1  # 覆盖2000万人口: people counted as a population, not 人 + 口…
    if text.startswith("/", k) and uclass in ("measure", "money", "count"):
        den = (_unit_re().match(text, k + 1) or _LATIN_UNIT.match(text, k + 1)
               or (text[k + 1:k + 2] in ("万", "千", "百") and _unit_re().match(text, k + 2)) or None)
        if den:
            # A rate per unit: a price (元/吨) stays money, anything else is a measure.
            return text[j:den.end()], "money" if uclass == "money" else "measure", den.end()
    return unit, uclass, k
