"""Responsible-unit markers: who leads, who helps, who answers for a task.

Documents name the units of a task in a few fixed shapes::

    责任单位：市发改委、市经信局                      (a line after the task)
    （责任单位：省经济和信息化厅、省财政厅）          (a bracket in the paragraph)
    （牵头单位：省商务厅，参加单位：省邮政管理局）
    （省科技厅牵头，省发展改革委、省工业和信息化厅配合）
    （人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同）

``find_unit_markers`` finds them and reads the roles as literally marked;
``RoleResolver`` then applies the document-wide rules a marker may state
(the first listed unit leads; some units are responsible for every later
task without being listed); ``merge_units`` joins several markers of one
task. Offsets are positions in the text given (the normalised view), and
``text[m.start:m.end] == m.name`` for every mention.

The words that make a marker (labels, role verbs) and the lexicons that tell
a unit name from other words live in ``data/units_*.tsv``.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import regex

from ..data import data_text, tsv_rows
from ..errors import RuleDataError

ROLES = ("lead", "co", "responsible")
# merge_units keeps the strongest role a unit gets from several markers.
_STRENGTH = {"lead": 3, "responsible": 2, "co": 1}

_OPEN = "（(〔[【［﹝"
_CLOSE = "）)〕]】］﹞"
# A bracket longer than this, or one that crosses a line, is not a marker.
_MAX_BRACKET = 600
_MAX_LINE = 800
# Pathological inputs must not hang a batch run.
_TIMEOUT = 2.0
_EVERY_OF_LEVEL = regex.compile(r"各[\p{Han}]{0,4}[省市县区州盟旗镇乡]")
_ALL_HAN = regex.compile(r"[\p{Han}]+")
# What _bracket_spans looks at, everything else skipped in C: brackets, and a line break only where a
# blank line starts (the others change nothing). stdlib re: one character class first, which it
# scans for fast, and no backtracking to time out.
_BRACKET_EVENT = re.compile("[\n" + re.escape(_OPEN + _CLOSE) + "](?:(?<=\n)(?=\n)|(?<!\n))")


# A bracket right after a sentence end: where a paragraph's units stand (in one-line text the next
# paragraph follows it on the same line).
_BARE_BRACKET = re.compile(r"[。；;][ \t\u3000]*(?P<bracket>[（(][^（）()\n。；;：:]{2,120}[）)])")


@dataclass
class UnitMention:
    """One unit named in a marker: its name as written (less a trailing 等部门), its role (lead, co,
    responsible) and its offsets, with ``text[start:end] == name``.
    """
    name: str  # as written, without a trailing 等/等部门/等有关部门和单位
    role: str  # lead | co | responsible
    start: int
    end: int


@dataclass
class UnitMarker:
    """A place that names a task's units: a label line (``line``), a bracket (``bracket``) or, on
    request, a clause (``inline``); with the rules it states (the first listed leads; units assigned
    to every later task) for ``RoleResolver``.
    """
    start: int
    end: int
    kind: str  # line | bracket | inline
    units: list[UnitMention] = field(default_factory=list)
    first_leads_rule: bool = False
    implicit_units: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- rule data

_DATA_FILES = {
    "units_markers.tsv": (3, {"label", "verb", "prefix"}),
    "units_suffixes.tsv": (2, {"org", "gov", "generic", "not"}),
    "units_names.tsv": (2, {"name", "collective"}),
}


def _read_tsv(name: str) -> list[tuple[int, list[str]]]:
    """Rows of a ``units_*.tsv`` file, each kind and role checked and no phrase listed twice; a bad row
    is a RuleDataError naming file and line.
    """
    ncols, kinds = _DATA_FILES[name]
    rows: list[tuple[int, list[str]]] = []
    seen: dict[str, int] = {}
    for lineno, parts in tsv_rows(name, data_text(name), ncols):
        if parts[1] not in kinds:
            raise RuleDataError(f"data/{name} line {lineno}: kind {parts[1]!r} is not one of {sorted(kinds)}")
        if ncols == 3 and parts[1] == "prefix" and parts[2] != "-":
            raise RuleDataError(f"data/{name} line {lineno}: a prefix takes role '-', got {parts[2]!r}")
        if ncols == 3 and parts[1] != "prefix" and parts[2] not in ROLES:
            raise RuleDataError(f"data/{name} line {lineno}: role {parts[2]!r} is not one of {list(ROLES)}")
        if parts[0] in seen:
            raise RuleDataError(f"data/{name} line {lineno}: {parts[0]!r} repeats line {seen[parts[0]]}")
        seen[parts[0]] = lineno
        rows.append((lineno, parts))
    return rows


@dataclass(frozen=True)
class _Lexicon:
    """The unit data files as read: marker labels and verbs with their roles, prefixes, suffix classes,
    known names and collective names.
    """
    labels: dict[str, str]
    verbs: dict[str, str]
    prefixes: tuple[str, ...]
    org_suffixes: tuple[str, ...]
    gov_suffixes: tuple[str, ...]
    generic: tuple[str, ...]
    not_units: tuple[str, ...]
    names: frozenset[str]
    collectives: tuple[str, ...]


def _canon(s: str) -> str:
    """Bracket width and style folded, so 县（市） and 县〔市〕 compare equal to 县(市)."""
    return s.translate(_CANON)


_CANON = str.maketrans({o: "(" for o in _OPEN} | {c: ")" for c in _CLOSE} | {"，": ",", "；": ";", "：": ":"})


@functools.cache
def _lexicon() -> _Lexicon:
    """The marker words, unit suffixes and unit names of the data files, read and checked once."""
    labels, verbs, prefixes = {}, {}, []
    for _, (phrase, kind, role) in _read_tsv("units_markers.tsv"):
        if kind == "prefix":
            prefixes.append(phrase)
        else:
            (labels if kind == "label" else verbs)[phrase] = role
    suffixes: dict[str, list[str]] = {"org": [], "gov": [], "generic": [], "not": []}
    for _, (suffix, kind) in _read_tsv("units_suffixes.tsv"):
        suffixes[kind].append(suffix)
    names, collectives = set(), []
    for _, (name, kind) in _read_tsv("units_names.tsv"):
        if kind == "name":
            names.add(_canon(name))
        else:
            collectives.append(name)
    return _Lexicon(
        labels=labels,
        verbs=verbs,
        prefixes=tuple(prefixes),
        org_suffixes=tuple(suffixes["org"] + suffixes["gov"] + suffixes["generic"]),
        gov_suffixes=tuple(suffixes["gov"]),
        generic=tuple(suffixes["generic"]),
        not_units=tuple(suffixes["not"]),
        names=frozenset(names),
        collectives=tuple(collectives),
    )


def _alt(words) -> str:
    """A regex alternation of literal words, the longest first so that a longer word wins."""
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class _Patterns:
    """The compiled patterns the marker reader uses, all built from the lexicon by ``_patterns()``."""
    line_label: regex.Pattern
    label: regex.Pattern
    other_label: regex.Pattern
    verb_part: regex.Pattern
    verb_split: regex.Pattern
    rule: regex.Pattern
    implicit: regex.Pattern
    implicit_prefix: regex.Pattern
    implicit_suffix: regex.Pattern
    statement_hint: regex.Pattern
    role_note: regex.Pattern
    collective: regex.Pattern | None
    trailing_etc: regex.Pattern
    not_name: regex.Pattern
    inline_lead: regex.Pattern
    inline_with: regex.Pattern
    # A word without which _parse_content finds nothing: a label, a role verb, or the fixed
    # words of the rule (…为牵头…) and implicit (…不再列出) statements.
    marker_hint: re.Pattern


def _bracketed(s: str) -> str:
    """A regex for a literal name in which any bracket style matches."""
    out = []
    for ch in s:
        if ch in _OPEN:
            out.append("[" + regex.escape(_OPEN) + "]")
        elif ch in _CLOSE:
            out.append("[" + regex.escape(_CLOSE) + "]")
        elif ch == "、":
            out.append("[、,，]")
        else:
            out.append(regex.escape(ch))
    return "".join(out)


@functools.cache
def _patterns() -> _Patterns:
    """The marker patterns built from the lexicon, compiled once on first use rather than at import."""
    lex = _lexicon()
    labels = _alt(lex.labels)
    verbs = _alt(lex.verbs)
    prefixes = _alt(lex.prefixes) if lex.prefixes else "(?!)"
    generic = _alt(lex.generic)
    collective = None
    if lex.collectives:
        collective = regex.compile(
            "|".join(_bracketed(c) for c in sorted(lex.collectives, key=len, reverse=True)))
    return _Patterns(
        # A label line: at a line start or right after a sentence, never inside brackets.
        line_label=regex.compile(rf"(?m)(?:^|(?<=[。；;]))[ \t\u3000]*(?P<label>{labels})[ \t]*[：:]"),
        label=regex.compile(rf"^\s*(?P<label>{labels})\s*[：:]\s*"),
        # Any other heading word (适用范围：, 完成时限：) closes a unit list.
        other_label=regex.compile(r"^\s*[^、，,：:（）()]{1,8}[：:]"),
        verb_part=regex.compile(rf"^(?P<list>.*?)(?:{prefixes})?(?P<verb>{verbs})$", regex.S),
        verb_split=regex.compile(rf"(?<=(?:{verbs}))[、]"),
        # The first listed unit leads: 列第一为牵头单位 / 列第一位者为牵头单位，下同 /
        # 排在第一位的部门为牵头部门 / 排名第一的为牵头单位.
        rule=regex.compile(
            r"(?:[列排]|排列|排名|位列)(?:在|于)?(?:首位|第一(?:位|个|名)?)(?:者|的)?(?:单位|部门)?"
            r"(?:均)?为牵头(?:单位|部门)?(?:[，,；;]?\s*下同)?"),
        # 以下各区、县〔市〕政府均为责任单位，不再列出 / 以下均需试点城市政府落实，不再列出
        implicit=regex.compile(r"以下(?P<body>[^。；;（）()]{1,60}?)[，,]?\s*不再(?:单独|一一|另行|重复)?列出"),
        implicit_prefix=regex.compile(r"^(?:各项)?(?:任务|工作)?(?:均需|均须|均由|都由|由|需)?"),
        implicit_suffix=regex.compile(
            r"(?:(?:均|都|也)?(?:为|是)(?:共同)?(?:责任|配合|参与)?(?:单位|部门|主体)|(?:负责)?落实|负责)[，,]?$"),
        role_note=regex.compile(
            rf"[{regex.escape(_OPEN)}]\s*(?P<word>{labels}|{verbs})\s*[{regex.escape(_CLOSE)}]$"),
        statement_hint=regex.compile(r"牵头|不再(?:单独|一一|另行|重复)?列出|下同"),
        collective=collective,
        trailing_etc=regex.compile(
            rf"等(?:(?:[省市县区]直|中央)?(?:有关|相关|其他|其它|各|多个|各有关)?(?:{generic})"
            rf"(?:[和及与、](?:{generic}))?)?$"),
        # Words that make a piece a clause rather than a name.
        not_name=regex.compile(r"(?<!自)由|应当|要求|完成|[0-9]+[年月日季]|底前|之前|以下|以上|包括|填写|名称"),
        inline_lead=regex.compile(
            r"由(?P<a>[^，,。；;：:（）()“”\n]{2,80}?)牵头(?:[，,、]\s*(?P<b>[^，,。；;：:（）()“”\n]{2,120}?)"
            r"(?:配合|参与|参加|协同))?(?=[，,。；;、]|$)"),
        inline_with=regex.compile(
            r"(?<=^|[。；;，,\n\s])(?P<a>[^，,。；;：:（）()“”\n]{2,40}?)(?:要|应当|应|负责)?会同"
            r"(?P<b>[^，,。；;：:（）()“”\n]{2,80}?)(?=等?(?:有关|相关)?(?:部门|单位|方面)?(?:负责|共同|研究|制定|做好|加强|建立|推进|开展|组织|编制))"),
        # stdlib re: a list of words, asked once per range and bracket, costs half as much a call there.
        marker_hint=re.compile(rf"{labels}|{verbs}|为牵头|列出"),
    )


# ---------------------------------------------------------------- names

def _strip_tail_brackets(name: str) -> str:
    """``name`` without the bracketed notes at its end (市发改委（牵头） → 市发改委), for the suffix tests."""
    while name and name[-1] in _CLOSE:
        depth, i = 0, len(name) - 1
        while i >= 0:
            if name[i] in _CLOSE:
                depth += 1
            elif name[i] in _OPEN:
                depth -= 1
                if depth == 0:
                    break
            i -= 1
        if i <= 0:
            return name
        name = name[:i]
    return name


# A pure function of the name (the lexicon is fixed once loaded), asked again for the same names
# (省发展改革委, 各县市区政府) in marker after marker.
@functools.lru_cache(maxsize=8192)
def is_unit_name(name: str) -> bool:
    """Whether ``name`` reads as the name of an organisation (by the suffix and name lexicons).

    >>> is_unit_name("市发改委"), is_unit_name("各区"), is_unit_name("完成时限")
    (True, True, False)
    """
    lex = _lexicon()
    name = name.strip()
    if not name or len(name) > 40:
        return False
    canon = _canon(name)
    if canon in lex.names:
        return True
    pats = _patterns()
    if pats.collective is not None and pats.collective.fullmatch(name):
        return True
    core = _strip_tail_brackets(name)
    if len(core) < 2 or pats.not_name.search(core):
        return False
    if core.endswith(lex.not_units):
        return False
    if core.endswith(lex.org_suffixes):
        return True
    # 各区市, 各县: every unit of a level.
    return bool(_EVERY_OF_LEVEL.fullmatch(core))


def _plausible(names) -> bool:
    """A list reads as units: no clause words, and at least half end like a unit.

    Half, not all, so that a list with one unit the lexicon lacks still counts.
    """
    names = [n[0] for n in names]
    if not names:
        return False
    pats = _patterns()
    if any(len(n) > 40 or pats.not_name.search(_strip_tail_brackets(n)) for n in names):
        return False
    return 2 * sum(is_unit_name(n) for n in names) >= len(names)


def _is_place(piece: str) -> bool:
    """A bare place (济南, 各区) that shares the suffix of a later name: 济南、青岛、烟台市政府."""
    core = _strip_tail_brackets(piece)
    if not 1 <= len(core) <= 5 or not _ALL_HAN.fullmatch(core):
        return False
    lex = _lexicon()
    if _canon(piece) in lex.names or core.endswith(lex.org_suffixes):
        return False
    return not _patterns().not_name.search(core)


def _shares_suffix(piece: str) -> bool:
    """县(市)政府, 烟台市政府: a government name whose place the preceding bare places share."""
    core = _strip_tail_brackets(piece)
    lex = _lexicon()
    return core.endswith(lex.gov_suffixes) and piece[:1] not in "省市各国中全" and len(piece) <= 12


# 各县、市、区人民政府, 各区、市教体局: every unit of some levels, the levels listed bare and the last one
# carrying the kind of unit they all are
_EVERY_LEVELS = regex.compile(r"各[省市县区旗州盟]{1,3}")
_BARE_LEVELS = regex.compile(r"[省市县区旗州盟]{1,3}")
_LEVEL_AND_UNIT = regex.compile(r"[省市县区旗州盟]{1,3}(?:人民)?(\p{Han}{1,8})")


def _levels_end(s: str, pieces: list[tuple[int, int]], i: int) -> int:
    """The last piece of a list of levels that begins at piece ``i`` (各县、市、区人民政府: the piece
    区人民政府), or ``i`` when none begins there: 各 and bare levels, then a level and a unit kind."""
    if not _EVERY_LEVELS.fullmatch(s, *pieces[i]):
        return i
    j = i + 1
    while j < len(pieces) and _BARE_LEVELS.fullmatch(s, *pieces[j]):
        j += 1
    # levels of one name are joined by 、 (各区，市教育局 lists two units)
    if j == len(pieces) or any(s[pieces[k][1]:pieces[k + 1][0]] != "、" for k in range(i, j)):
        return i
    last = _LEVEL_AND_UNIT.fullmatch(s, *pieces[j])
    lex = _lexicon()
    return j if last and last.group(1).endswith(lex.org_suffixes) else i


def _top_level_spans(s: str) -> list[tuple[int, int]]:
    """Spans of outermost brackets in ``s`` (unclosed ones run to the end)."""
    spans, depth, open_at = [], 0, 0
    for i, ch in enumerate(s):
        if ch in _OPEN:
            if depth == 0:
                open_at = i
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
            if depth == 0:
                spans.append((open_at, i + 1))
    if depth:
        spans.append((open_at, len(s)))
    return spans


def _protected(s: str) -> list[bool]:
    """Positions where a list must not be split: inside brackets or a collective name."""
    prot = [False] * len(s)
    for a, b in _top_level_spans(s):
        for i in range(a, b):
            prot[i] = True
    coll = _patterns().collective
    if coll is not None:
        for m in coll.finditer(s, timeout=_TIMEOUT):
            for i in range(m.start(), m.end()):
                prot[i] = True
    return prot


def _trim(s: str, a: int, b: int) -> tuple[int, int]:
    """``(a, b)`` narrowed past spaces, a leading 由/和/及/与 and a trailing full stop."""
    while a < b and (s[a].isspace() or s[a] in "由和及与\x00"):
        a += 1
    while b > a and (s[b - 1].isspace() or s[b - 1] in "。.\x00"):
        b -= 1
    return a, b


def _clean(s: str, a: int, b: int) -> tuple[int, int]:
    """Drop a trailing 等 and the generic noun after it (等部门, 等有关部门和单位)."""
    a, b = _trim(s, a, b)
    m = _patterns().trailing_etc.search(s[a:b])
    if m and m.start() > 0:
        b = a + m.start()
    return _trim(s, a, b)


def _split_conj(s: str, a: int, b: int, prot: list[bool]) -> list[tuple[int, int]]:
    """Split one piece at 等和/及/和 between two units; never inside a name (文化和旅游部)."""
    for i in range(a + 1, b - 1):
        if prot[i]:
            continue
        ch = s[i]
        if ch not in "及和与":
            continue
        left = _clean(s, a, i)
        right = (i + 1, b)
        lname = s[left[0]:left[1]]
        rname = s[_clean(s, *right)[0]:_clean(s, *right)[1]]
        after_etc = s[i - 1] == "等"
        if not is_unit_name(rname) or len(rname) < 2:
            continue
        if ch == "和" and not after_etc:
            # 各有关部门和单位, 党委和政府: the right side must be a full name of its own.
            if len(rname) < 3 or rname.startswith(_lexicon().generic) or not is_unit_name(lname):
                continue
        elif not after_etc and not is_unit_name(lname):
            continue
        return [left] + _split_conj(s, right[0], right[1], prot)
    return [(a, b)]


def split_units(s: str, offset: int = 0) -> list[tuple[str, int, int]]:
    """Split a written list of units into names with their offsets (``offset`` + position in ``s``).

    Splits at 、，,；; outside brackets and collective names, at 等和 and at 及
    between two units; drops a trailing 等 and the generic noun after it;
    keeps 济南、青岛、烟台市政府 as one name; lists a repeated name once.

    >>> split_units("济南、青岛、烟台市政府，文化和旅游部及市财政局等有关部门")
    [('济南、青岛、烟台市政府', 0, 11), ('文化和旅游部', 12, 18), ('市财政局', 19, 23)]
    >>> split_units("省科技厅、省财政厅", offset=100)
    [('省科技厅', 100, 104), ('省财政厅', 105, 109)]
    """
    prot = _protected(s)
    cuts = [i for i, ch in enumerate(s) if ch in "、，,；;\x00" and not prot[i]]
    bounds, prev = [], 0
    for c in cuts + [len(s)]:
        bounds.append((prev, c))
        prev = c + 1
    pieces: list[tuple[int, int]] = []
    for a, b in bounds:
        a, b = _trim(s, a, b)
        if a >= b:
            continue
        for pa, pb in _split_conj(s, a, b, prot):
            pa, pb = _clean(s, pa, pb)
            if pa < pb:
                pieces.append((pa, pb))
    # Bare places sharing the suffix of the name that closes them.
    merged: list[tuple[int, int]] = []
    i = 0
    while i < len(pieces):
        j = i
        while j < len(pieces) and _is_place(s[pieces[j][0]:pieces[j][1]]):
            j += 1
        if j > i and j < len(pieces) and _shares_suffix(s[pieces[j][0]:pieces[j][1]]):
            merged.append((pieces[i][0], pieces[j][1]))
            i = j + 1
            continue
        j = _levels_end(s, pieces, i)
        if j > i:
            merged.append((pieces[i][0], pieces[j][1]))
            i = j + 1
        else:
            merged.append(pieces[i])
            i += 1
    out, seen = [], set()
    for a, b in merged:
        name = s[a:b]
        key = _canon(name)
        if key in seen:
            continue
        seen.add(key)
        out.append((name, a + offset, b + offset))
    return out


# ---------------------------------------------------------------- markers

@dataclass
class _Parsed:
    """What marker content says: its units, whether it states the first-listed-leads rule, the units
    it assigns to every later task, and whether a label or role verb named any unit.
    """
    units: list[UnitMention]
    rule: bool
    implicit: list[str]
    marked: bool  # a label or role verb named at least one unit


def _mask_statements(text: str, a: int, b: int) -> tuple[str, bool, list[str]]:
    """The content with rule statements blanked out (same length), the rule flag, implicit units."""
    pats = _patterns()
    chars = list(text[a:b])
    c = text[a:b]
    rule = False
    implicit: list[str] = []

    def blank(x: int, y: int) -> None:
        """Blank ``chars[x:y]`` out (NUL, same length) so the statement is not read as unit names."""
        for k in range(x, y):
            chars[k] = "\x00"

    # A nested bracket that states a rule: 各区、县(市)政府(列第一为牵头单位;以下…不再列出)
    for x, y in _top_level_spans(c):
        inner = c[x + 1:y - 1]
        if pats.statement_hint.search(inner) and (pats.rule.search(inner) or pats.implicit.search(inner)):
            blank(x, y)
    for m in pats.rule.finditer(c, timeout=_TIMEOUT):
        rule = True
        blank(m.start(), m.end())
    for m in pats.implicit.finditer(c, timeout=_TIMEOUT):
        body = m.group("body")
        body_start = m.start("body")
        pm = pats.implicit_prefix.match(body)
        body, body_start = body[pm.end():], body_start + pm.end()
        sm = pats.implicit_suffix.search(body)
        if sm:
            body = body[:sm.start()]
        for name, _s, _e in split_units(body, body_start):
            norm = _canon(name).replace(",", "、")
            if norm not in implicit:
                implicit.append(norm)
        blank(m.start(), m.end())
    return "".join(chars), rule, implicit


def _segments(c: str) -> list[tuple[int, int]]:
    """Top-level clauses of marker content, cut at ，,；;。"""
    depth, out, prev = 0, [], 0
    for i, ch in enumerate(c):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        elif depth == 0 and ch in "，,；;。\x00":
            out.append((prev, i))
            prev = i + 1
    out.append((prev, len(c)))
    return [(x, y) for x, y in out if c[x:y].strip(" \t\u3000\x00")]


def _parse_content(text: str, a: int, b: int) -> _Parsed:
    """Read the units and roles of marker content ``text[a:b]`` (a bracket's inside or a label line)."""
    lex = _lexicon()
    pats = _patterns()
    c, rule, implicit = _mask_statements(text, a, b)
    units: list[UnitMention] = []
    pending: list[tuple[str, int, int]] = []
    marked = False
    current: str | None = None  # the role of the last label, for lists continued after ，

    def mention(s: int, e: int, role: str) -> UnitMention:
        """The UnitMention of ``text[a+s:a+e]``; a role word bracketed after the name (（牵头）) sets its
        role and is cut from the name.
        """
        # 市发改委（牵头）: a role word in a bracket after the name marks that unit alone.
        name = text[a + s:a + e]
        rm = pats.role_note.search(name)
        if rm and rm.start() > 0:
            word = rm.group("word")
            role = lex.verbs.get(word) or lex.labels.get(word, role)
            e = s + rm.start()
            name = text[a + s:a + e]
        return UnitMention(name, role, a + s, a + e)

    def add(names: list[tuple[str, int, int]], role: str) -> None:
        for _name, s, e in names:
            units.append(mention(s, e, role))

    for x, y in _segments(c):
        seg = c[x:y]
        m = pats.label.match(seg)
        if m:
            current = lex.labels[m.group("label")]
            x += m.end()
        elif pats.other_label.match(seg):
            current = None
            pending = []
            continue
        body = c[x:y]
        parts, prev = [], 0
        for sm in pats.verb_split.finditer(body):
            parts.append((prev, sm.start()))
            prev = sm.end()
        parts.append((prev, len(body)))
        for pa, pb in parts:
            part = body[pa:pb]
            vm = pats.verb_part.match(part)
            if vm and vm.group("list").strip():
                role = lex.verbs[vm.group("verb")]
                lst = vm.group("list")
                base = x + pa
                names = _with_clause(c, base, base + len(lst), role)
                if not _plausible(names):
                    pending = []
                    continue
                if pending and _plausible(pending):
                    add(pending, role)
                pending = []
                for _n, s, e, r in names:
                    units.append(mention(s, e, r))
                marked = True
                continue
            names = split_units(part, x + pa)
            if not names:
                continue
            if current is not None:
                if _plausible(names):
                    add(names, current)
                    marked = True
                else:
                    current = None
            elif _plausible(names):
                pending.extend(names)
            else:
                pending = []
    if any(u.role == "lead" for u in units):
        # A unit listed as 责任单位 beside a named 牵头单位 helps it.
        for u in units:
            if u.role == "responsible":
                u.role = "co"
    return _Parsed(_dedupe(units), rule, implicit, marked)


def _with_clause(c: str, a: int, b: int, role: str) -> list[tuple[str, int, int, str]]:
    """Names of a list before a role verb; A会同B: A leads, B helps."""
    i = c.find("会同", a, b)
    if i > a:
        left = split_units(c[a:i], a)
        right = split_units(c[i + 2:b], i + 2)
        return [(n, s, e, "lead") for n, s, e in left] + [(n, s, e, "co") for n, s, e in right]
    return [(n, s, e, role) for n, s, e in split_units(c[a:b], a)]


def _dedupe(units: list[UnitMention]) -> list[UnitMention]:
    """Units with each name once (bracket styles folded), keeping the first place and the strongest role."""
    out: dict[str, UnitMention] = {}
    for u in units:
        key = _canon(u.name)
        if key not in out:
            out[key] = u
        elif _STRENGTH[u.role] > _STRENGTH[out[key].role]:
            out[key].role = u.role
    return list(out.values())


def _bracket_spans(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """Closed bracket pairs in ``text[start:end]`` as (start, end, depth), outermost first.

    A pair may cross one line break (extracted PDF text wraps inside brackets)
    but not a blank line; an unmatched opener is forgotten at a blank line.
    """
    spans, stack = [], []
    for m in _BRACKET_EVENT.finditer(text, start, end):
        i = m.start()
        ch = text[i]
        if ch == "\n" and text.startswith("\n\n", i):
            stack = []
        elif ch in _OPEN:
            stack.append(i)
        elif ch in _CLOSE and stack:
            o = stack.pop()
            if i + 1 - o <= _MAX_BRACKET and text.count("\n", o, i) <= 1:
                spans.append((o, i + 1, len(stack)))
    spans.sort()
    return spans


def _line_end(text: str, a: int, end: int) -> int:
    """End of a label line: the line's end or its first top-level 。"""
    depth = 0
    limit = min(end, a + _MAX_LINE)
    for i in range(a, limit):
        ch = text[i]
        if ch == "\n":
            return i
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        elif ch == "。" and depth == 0:
            return i
    return limit


def find_unit_markers(text: str, start: int = 0, end: int | None = None, *,
                      inline: bool = False) -> list[UnitMarker]:
    """Responsible-unit markers in ``text[start:end]``, in document order.

    Returns label lines (``kind="line"``) and brackets (``kind="bracket"``);
    with ``inline=True`` also clauses such as 由A牵头，B配合 and A会同B…
    (``kind="inline"``), which the gold annotation does not count as markers.
    A marker whose only content is a rule statement (（列第一位者为牵头单位，下同）)
    has no units but still sets ``first_leads_rule``/``implicit_units``.

    >>> text = "推进数据共享。（省科技厅牵头，省发展改革委、省工业和信息化厅配合）"
    >>> [(m.kind, m.start, m.end) for m in find_unit_markers(text)]
    [('bracket', 7, 33)]
    >>> [(u.name, u.role) for u in find_unit_markers(text)[0].units]
    [('省科技厅', 'lead'), ('省发展改革委', 'co'), ('省工业和信息化厅', 'co')]
    """
    n = len(text)
    end = n if end is None else max(0, min(end, n))
    start = max(0, min(start, end))
    if start >= end:
        return []
    pats = _patterns()
    if not inline and not pats.marker_hint.search(text, start, end):
        # Every label line holds a label, every other bracket read holds a hint word, every rule holds
        # 为牵头: a range without any of them (half the ranges the tasks stage asks) has no marker
        # but a bracket of bare unit names after a sentence.
        return _attach_statements(text, _bare_bracket_markers(text, start, end, []))
    brackets = _bracket_spans(text, start, end)
    markers: list[UnitMarker] = []

    def inside_bracket(i: int) -> bool:
        return any(a < i < b for a, b, _ in brackets)

    taken: list[tuple[int, int]] = []
    for m in pats.line_label.finditer(text, start, end, timeout=_TIMEOUT):
        la = m.start("label")
        if inside_bracket(la) or any(a <= la < b for a, b in taken):
            continue
        le = _line_end(text, la, end)
        parsed = _parse_content(text, la, le)
        if not parsed.units and not parsed.rule and not parsed.implicit:
            continue
        me = le
        while me > la and text[me - 1] in " \t\u3000":
            me -= 1
        taken.append((la, me))
        markers.append(UnitMarker(la, me, "line", parsed.units, parsed.rule, parsed.implicit))

    # Outer brackets first: a bracket inside a marker is part of it (各区、县（市）政府);
    # one inside any other bracket may still be a marker.
    for a, b, _depth in sorted(brackets, key=lambda s: (s[2], s[0])):
        if any(ta <= a < tb for ta, tb in taken):
            continue
        if not pats.marker_hint.search(text, a + 1, b - 1):
            continue  # most brackets are asides: skip reading them
        parsed = _parse_content(text, a + 1, b - 1)
        if parsed.marked or parsed.rule or parsed.implicit:
            taken.append((a, b))
            markers.append(UnitMarker(a, b, "bracket", parsed.units, parsed.rule, parsed.implicit))

    markers += _bare_bracket_markers(text, start, end, taken)

    # A rule stated outside any marker (注：列第一位的为牵头单位) still binds later markers.
    for m in pats.rule.finditer(text, start, end, timeout=_TIMEOUT):
        if not any(ta <= m.start() < tb for ta, tb in taken):
            markers.append(UnitMarker(m.start(), m.end(), "line", [], True, []))
            taken.append((m.start(), m.end()))

    if inline:
        markers.extend(_inline_markers(text, start, end, brackets, taken))
    markers.sort(key=lambda mk: mk.start)
    return _attach_statements(text, markers)


def _bare_bracket_markers(text: str, start: int, end: int, taken: list[tuple[int, int]]) -> list[UnitMarker]:
    """A bracket of unit names alone after a sentence end names who answers for the paragraph, as
    （A、B负责） does: …打造人工智能教育品牌。（装备信息中心、教科院）. ``taken`` (spans already read as
    markers) grows by the brackets found."""
    out = []
    for m in _BARE_BRACKET.finditer(text, start, end):
        a, b = m.start("bracket"), m.end("bracket")
        if any(ta <= a < tb for ta, tb in taken):
            continue
        names = split_units(text[a + 1:b - 1], a + 1)
        if names and all(is_unit_name(n) for n, _s, _e in names):
            taken.append((a, b))
            out.append(UnitMarker(a, b, "bracket", [UnitMention(n, "responsible", x, y) for n, x, y in names]))
    return out


def _attach_statements(text: str, markers: list[UnitMarker]) -> list[UnitMarker]:
    """Join what belongs to one marker.

    A bracket holding only a rule right after a marker belongs to that marker;
    label lines on consecutive lines (牵头单位：A / 责任单位：B) are one marker,
    so that a 责任单位 beside a named 牵头单位 becomes co as it does in one bracket.
    """
    out: list[UnitMarker] = []
    for mk in markers:
        prev = out[-1] if out else None
        gap = text[prev.end:mk.start] if prev else ""
        rule_only = prev is not None and not mk.units and prev.units and not gap.strip(" \t\u3000。")
        lines = (prev is not None and prev.kind == mk.kind == "line" and mk.units and prev.units
                 and not gap.strip(" \t\u3000\n") and gap.count("\n") == 1)
        if rule_only or lines:
            prev.end = mk.end
            prev.first_leads_rule = prev.first_leads_rule or mk.first_leads_rule
            prev.implicit_units += [u for u in mk.implicit_units if u not in prev.implicit_units]
            if lines:
                prev.units = _dedupe(prev.units + mk.units)
                if any(u.role == "lead" for u in prev.units):
                    for u in prev.units:
                        if u.role == "responsible":
                            u.role = "co"
            continue
        out.append(mk)
    return out


def _inline_markers(text: str, start: int, end: int, brackets: list[tuple[int, int, int]],
                    taken: list[tuple[int, int]]) -> list[UnitMarker]:
    """Clauses that name units without a label or bracket (由A牵头，B配合; A会同B…), outside any marker;
    taken only when every name reads as a unit, as there is no label to vouch for them.
    """
    pats = _patterns()
    busy = [(a, b) for a, b, _ in brackets] + taken
    out = []
    for pat in (pats.inline_lead, pats.inline_with):
        for m in pat.finditer(text, start, end, timeout=_TIMEOUT):
            if any(a <= m.start() < b for a, b in busy):
                continue
            lead = split_units(m.group("a"), m.start("a"))
            co = split_units(m.group("b"), m.start("b")) if m.group("b") else []
            names = lead + co
            if not lead or not all(is_unit_name(x) for x, _, _ in names):  # inline needs certainty
                continue
            units = [UnitMention(x, "lead", s, e) for x, s, e in lead]
            units += [UnitMention(x, "co", s, e) for x, s, e in co]
            out.append(UnitMarker(m.start(), m.end(), "inline", _dedupe(units)))
    return out


# ---------------------------------------------------------------- roles

class RoleResolver:
    """Applies the rules a document states once to its later markers.

    Make one per document part (the outer notice, each enclosed document)
    and feed it the part's markers in document order: a first-listed-leads
    rule holds from the marker that states it on, and ``implicit_units``
    holds the units assigned to every later task (以下…均为责任单位，不再列出).

    >>> marker, = find_unit_markers("（人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同）")
    >>> [(u.name, u.role) for u in marker.units], marker.first_leads_rule
    ([('人力资源社会保障部', 'responsible'), ('财政部', 'responsible')], True)
    >>> [(u.name, u.role) for u in RoleResolver().resolve(marker)]
    [('人力资源社会保障部', 'lead'), ('财政部', 'co')]
    """

    def __init__(self) -> None:
        """No rule in force yet: nobody leads by position and no unit is implicit."""
        self.first_leads = False
        self.implicit_units: list[str] = []

    def resolve(self, marker: UnitMarker) -> list[UnitMention]:
        """The marker's units with their final roles (new objects; the marker is left as found)."""
        if marker.first_leads_rule:
            self.first_leads = True
        units = [UnitMention(u.name, u.role, u.start, u.end) for u in marker.units]
        if self.first_leads and units and not any(u.role == "lead" for u in units):
            # Explicit 牵头 words win over the rule; otherwise the first listed unit leads.
            units[0].role = "lead"
            for u in units[1:]:
                u.role = "co"
        for name in marker.implicit_units:
            if name not in self.implicit_units:
                self.implicit_units.append(name)
        return units

    def implicit_for(self, units: list[UnitMention]) -> list[str]:
        """Implicit units in force that the task does not already name itself."""
        named = {_canon(u.name).replace(",", "、") for u in units}
        return [n for n in self.implicit_units if _canon(n) not in named]


def merge_units(groups: list[list[UnitMention]]) -> list[UnitMention]:
    """Units of several markers of one task: each name once, first appearance first, strongest role."""
    out: dict[str, UnitMention] = {}
    for group in groups:
        for u in group:
            key = _canon(u.name)
            if key not in out:
                out[key] = UnitMention(u.name, u.role, u.start, u.end)
            elif _STRENGTH[u.role] > _STRENGTH[out[key].role]:
                out[key].role = u.role
    return list(out.values())
