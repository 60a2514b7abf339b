"""Canonical responsible units: 市发改委, 省发展改革委 and 发展改革委 as one 发展和改革委员会.

A unit name is read in three steps, each driven by a data file:

1. **clean** — whitespace removed, brackets folded to one width, a leading 中共 dropped;
2. **expand** — abbreviations written out (``data/units_abbreviations.tsv``: 发改委 →
   发展和改革委员会, 人力社保 → 人力资源和社会保障, 政府 → 人民政府);
3. **split and match** — a jurisdiction prefix is split off (``data/units_places.tsv``: 市,
   省, 各区、县(市), 国家, 绍兴市, 崂山区, 山东 …) and the rest is looked up in
   ``data/units_canonical.tsv``, which gives the canonical name, kind, level and collective flag.

The prefix says the level (市 → city); the document says which place (市 in a document
issued by 绍兴市人民政府 is 绍兴市), from its issuers, title or a region the caller gives.
A name that no row matches keeps its written form as ``canonical`` with ``mapped`` false:
nothing is guessed, and ``unmapped_units`` counts what is left for the data files.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..data import data_text, tsv_rows
from ..errors import RuleDataError, require

LEVELS = ("national", "provincial", "city", "district", "county", "township", "zone")
KINDS = (
    "government", "department", "party_committee", "central_bank", "vertical_branch",
    "lower_governments", "state_enterprise", "court_procuratorate", "peoples_organisation",
    "coordination_body", "zone_committee", "public_institution", "legislature", "military",
)
#: Where national units sit: the jurisdiction of every national level unit.
NATIONAL = "全国"
# The tier that 各地区 / 各地 stand for, one below the document's own.
_BELOW = {"national": "provincial", "provincial": "city", "city": "county", "district": "township",
          "county": "township"}
#: Columns ``canonical_units`` adds to the units table.
ADDED_COLUMNS = ("canonical", "unit_level", "unit_kind", "jurisdiction", "collective", "mapped")

_OPEN, _CLOSE = "（〔[【［﹝", "）〕]】］﹞"
_FOLD = str.maketrans({o: "(" for o in _OPEN} | {c: ")" for c in _CLOSE} | {"，": ",", "；": ";", "：": ":"})
_SPACE = re.compile(r"\s+")
# Characters a place name written in a unit name may hold (济南、青岛、烟台市 names three).
_PLACE_CHARS = re.compile(r"^[\u3400-\u9fff、]+$")
# Longest place name before its suffix (济南新旧动能转换起步区 has ten characters before 区).
_MAX_PLACE = 14
_PLACEHOLDERS = ("{place}", "{name}")
# Issuers name an office of the body that speaks for the document's level.
_ISSUER_OFFICES = ("办公厅", "办公室", "综合司", "综合处")


def clean(name: str) -> str:
    """Whitespace removed, brackets folded to one width, a leading 中共 dropped."""
    s = _SPACE.sub("", name).translate(_FOLD)
    return s[2:] if s.startswith("中共") and len(s) > 2 else s


# ---------------------------------------------------------------- rule data


def _check(cond: bool, name: str, lineno: int, message: str) -> None:
    if not cond:
        raise RuleDataError(f"data/{name} line {lineno}: {message}")


def _flag(value: str, name: str, lineno: int) -> bool:
    _check(value in ("yes", "no"), name, lineno, f"collective must be yes or no, got {value!r}")
    return value == "yes"


@dataclass(frozen=True)
class _Prefix:
    text: str
    level: str | None
    collective: bool
    named: bool  # a place written out (绍兴市), not a word standing for one (市)


@dataclass(frozen=True)
class _Row:
    form: str
    canonical: str
    kind: str
    level: str  # a LEVEL, "-" or "below"
    collective: bool
    pattern: re.Pattern | None


@dataclass(frozen=True)
class _Rules:
    expand: re.Pattern
    expansions: dict[str, str]
    prefixes: tuple[_Prefix, ...]  # generic words, longest first
    names: tuple[_Prefix, ...]  # places written without (or despite) their suffix, longest first
    suffixes: tuple[tuple[str, str], ...]  # (suffix, level), longest first
    not_places: tuple[str, ...]  # words no place name holds (关于加快推进市… is no city)
    exact: dict[str, _Row]
    place_patterns: tuple[_Row, ...]
    name_patterns: tuple[_Row, ...]


DATA_FILES = ("units_abbreviations.tsv", "units_places.tsv", "units_canonical.tsv")


@functools.cache
def _rules() -> _Rules:
    return build_rules(data_text)


def build_rules(read: Callable[[str], str]) -> _Rules:
    """The matching rules from the three data files, ``read(name)`` giving each file's text;
    a bad row raises ``RuleDataError`` naming the file and line."""
    abbrev_file, places_file, canon_file = DATA_FILES
    expansions: dict[str, str] = {}
    for lineno, (short, full) in tsv_rows(abbrev_file, read(abbrev_file), 2):
        short, full = clean(short), clean(full)
        _check(short not in expansions, abbrev_file, lineno, f"{short!r} repeats an earlier row")
        _check(short != full, abbrev_file, lineno, f"{short!r} expands to itself")
        expansions[short] = full
    # A full form already written out is matched as itself, so it is never expanded again.
    table = {full: full for full in expansions.values()} | expansions
    expand = re.compile("|".join(re.escape(w) for w in sorted(table, key=lambda w: (-len(w), w))))

    prefixes, names, suffixes, not_places, seen = [], [], [], [], set()
    for lineno, (form, kind, level, collective) in tsv_rows(places_file, read(places_file), 4):
        form = clean(form)
        _check(kind in ("prefix", "suffix", "name", "not"), places_file, lineno,
               f"type {kind!r} is not prefix, suffix, name or not")
        _check(level in LEVELS or (level == "-" and kind in ("prefix", "not")), places_file, lineno,
               f"level {level!r} is not one of {list(LEVELS)}" + (" or -" if kind == "prefix" else ""))
        _check((form, kind) not in seen, places_file, lineno, f"{form!r} ({kind}) repeats an earlier row")
        seen.add((form, kind))
        if kind == "not":
            _check(level == collective == "-", places_file, lineno, "a 'not' row takes - for level and collective")
            not_places.append(form)
            continue
        is_collective = _flag(collective, places_file, lineno)
        if kind == "suffix":
            suffixes.append((form, level))
        else:
            entry = _Prefix(form, None if level == "-" else level, is_collective, named=kind == "name")
            (prefixes if kind == "prefix" else names).append(entry)

    exact: dict[str, _Row] = {}
    place_patterns, name_patterns, forms = [], [], set()
    for lineno, (form, canonical, kind, level, collective) in tsv_rows(canon_file, read(canon_file), 5):
        form = clean(form)
        _check(kind in KINDS, canon_file, lineno, f"kind {kind!r} is not one of {list(KINDS)}")
        _check(level in LEVELS or level in ("-", "below"), canon_file, lineno,
               f"level {level!r} is not one of {list(LEVELS)}, - or below")
        _check(form not in forms, canon_file, lineno, f"{form!r} repeats an earlier row")
        forms.add(form)
        holders = [p for p in _PLACEHOLDERS if p in form]
        _check(len(holders) <= 1 and all(form.count(p) <= 1 for p in holders), canon_file, lineno,
               "a form takes at most one {place} or {name}")
        _check("{place}" not in canonical and ("{name}" not in canonical or holders == ["{name}"]),
               canon_file, lineno, "canonical may repeat {name} of its form, nothing else")
        literal = form.replace("{place}", "\x00").replace("{name}", "\x00")
        _check(_expand(expand, table, literal) == literal, canon_file, lineno,
               f"{form!r} is not in expanded form ({_expand(expand, table, literal)!r}); "
               "names are expanded by units_abbreviations.tsv before they are matched")
        pattern = None
        if holders:
            parts = form.split(holders[0])
            group = "(?P<place>[^()]+?)" if holders[0] == "{place}" else "(?P<name>.+?)"
            pattern = re.compile(re.escape(parts[0]) + group + re.escape(parts[1]))
        row = _Row(form, canonical, kind, level, _flag(collective, canon_file, lineno), pattern)
        if not holders:
            exact[form] = row
        else:
            (place_patterns if holders[0] == "{place}" else name_patterns).append(row)
    return _Rules(
        expand=expand,
        expansions=table,
        prefixes=tuple(sorted(prefixes, key=lambda p: (-len(p.text), p.text))),
        names=tuple(sorted(names, key=lambda p: (-len(p.text), p.text))),
        suffixes=tuple(sorted(suffixes, key=lambda s: (-len(s[0]), s[0]))),
        not_places=tuple(not_places),
        exact=exact,
        place_patterns=tuple(place_patterns),
        name_patterns=tuple(name_patterns),
    )


def _expand(pattern: re.Pattern, table: dict[str, str], s: str) -> str:
    return pattern.sub(lambda m: table[m.group(0)], s)


def expand(name: str) -> str:
    """A cleaned name with its abbreviations written out (市发改委 → 市发展和改革委员会)."""
    r = _rules()
    return _expand(r.expand, r.expansions, clean(name))


# ---------------------------------------------------------------- places


def _suffix_level(place: str) -> str | None:
    for suffix, level in _rules().suffixes:
        if place.endswith(suffix) and len(place) - len(suffix) >= 2:
            return level
    return None


def _leading_places(s: str) -> list[_Prefix]:
    """Every reading of the start of ``s`` as a jurisdiction: words (市, 各区县, 国家) first, then
    places by name (上海市), places by their suffix (绍兴市, shortest first), bare names (山东)."""
    r = _rules()
    words = [p for p in r.prefixes if s.startswith(p.text) and len(s) > len(p.text)]
    names = [p for p in r.names if s.startswith(p.text)]
    by_suffix = []
    # The whole string may be a place too (a region); a name read against it just finds no rest.
    for i in range(3, min(len(s), _MAX_PLACE + 2) + 1):
        place = s[:i]
        level = _suffix_level(place)
        if (level and _PLACE_CHARS.match(place) and not any(w in place for w in r.not_places)
                and not any(place == p.text for p in names)):
            by_suffix.append(_Prefix(place, level, "、" in place, named=True))
    full = [p for p in names if p.text.endswith(tuple(suffix for suffix, _ in r.suffixes))]
    # 浙江省 is read by its suffix, not as 浙江 followed by 省.
    bare = [p for p in names if p not in full
            and not any(s[len(p.text):].startswith(suf) for suf, _ in r.suffixes)]
    return words + full + by_suffix + bare


def _splits(s: str, depth: int = 2) -> list[tuple[tuple[_Prefix, ...], str]]:
    """(prefixes, rest) readings of a name: the whole name first, then with up to ``depth`` places."""
    out: list[tuple[tuple[_Prefix, ...], str]] = [((), s)]
    if depth:
        for p in _leading_places(s):
            for more, rest in _splits(s[len(p.text):], depth - 1):
                out.append(((p, *more), rest))
    return out


@dataclass(frozen=True)
class Context:
    """Where a document speaks from: its places from the outermost to the innermost."""

    places: tuple[tuple[str, str], ...] = ()  # (level, place)

    @property
    def level(self) -> str | None:
        return self.places[-1][0] if self.places else None

    def place(self, level: str | None) -> str | None:
        if level == "national":
            return NATIONAL
        for lvl, place in self.places:
            if lvl == level:
                return place
        return None

    def find(self, written: str) -> tuple[str, str] | None:
        """The document's own (level, place) that a short place name stands for (绍兴 → 绍兴市)."""
        for lvl, place in self.places:
            if place == written or (place.startswith(written) and _suffix_level(place)):
                return lvl, place
        return None


def _whole_place(s: str) -> tuple[str, str] | None:
    r = _rules()
    for p in r.names:
        if p.text == s and p.level:
            return p.level, s
    level = _suffix_level(s)
    if level and _PLACE_CHARS.match(s) and not any(w in s for w in r.not_places):
        return level, s
    return None


def _places_of(s: str) -> list[tuple[str, str]]:
    """The places a string starts with, outermost first (浙江省绍兴市 → 浙江省, 绍兴市)."""
    if s == NATIONAL:
        return [("national", NATIONAL)]
    out: list[tuple[str, str]] = []
    while s:
        lead = _leading_places(s)
        if not out and any(p.level == "national" for p in lead if not p.named):
            return [("national", NATIONAL)]
        named = [p for p in lead if p.named]
        if not named:
            # A region ends with its innermost place (浙江省绍兴市).
            whole = _whole_place(s)
            if whole:
                out.append(whole)
            break
        out.append((named[0].level, named[0].text))
        s = s[len(named[0].text):]
    return out


def document_context(*texts: str | None, region: str | None = None) -> Context:
    """A document's places, from a region (浙江省绍兴市, 全国) if given, else the first of its
    issuers or titles that starts with a place or names a national body."""
    if region:
        places = _places_of(clean(region))
        if places:
            return Context(tuple(places))
    for text in texts:
        if not text:
            continue
        s = clean(text)
        places = _places_of(s)
        if places:
            return Context(tuple(places))
        # An issuer such as 国务院办公厅 or 市场监管总局办公厅 is a national body.
        for candidate in (s, *(s[: -len(o)] for o in _ISSUER_OFFICES if s.endswith(o) and len(s) > len(o))):
            unit = resolve(candidate)
            if unit.mapped and unit.level == "national":
                return Context((("national", NATIONAL),))
    return Context()


# ---------------------------------------------------------------- names


@dataclass(frozen=True)
class UnitCanon:
    """One unit name read against the data files."""

    name: str  # as written
    canonical: str  # the canonical name, or the name as written when unmapped
    level: str | None
    kind: str | None
    jurisdiction: str | None
    collective: bool
    mapped: bool


def _place_reading(written: str, ctx: Context) -> tuple[str | None, str | None, bool]:
    """(level, jurisdiction, collective) of a place written inside a name (人行绍兴市中心支行)."""
    own = ctx.find(written)
    if own:
        return own[0], own[1], False
    for p in _rules().prefixes:
        if p.text == written:
            return p.level, (None if p.collective else ctx.place(p.level)), p.collective
    for p in _rules().names:
        if p.text == written:
            return p.level, written, False
    return _suffix_level(written), written, "、" in written


def _reading(name: str, row: _Row, prefixes: tuple[_Prefix, ...], ctx: Context,
             place: str | None = None, filler: str | None = None) -> UnitCanon:
    collective = row.collective or any(p.collective for p in prefixes)
    located = [p for p in prefixes if p.level]
    jurisdiction: str | None
    if place is not None:
        level, jurisdiction, many = _place_reading(place, ctx)
        collective = collective or many
        if row.level != "-":
            level = row.level if row.level != "below" else _BELOW.get(ctx.level or "")
    elif located:
        inner = located[-1]
        level = inner.level
        if any(p.collective and not p.named for p in prefixes):  # 各市…, 各旗、县、区…: no one place
            jurisdiction = None
        elif inner.named:
            jurisdiction = inner.text
        else:
            jurisdiction = ctx.place(level)
    else:
        if row.level == "-":
            level = ctx.level
        elif row.level == "below":
            level = _BELOW.get(ctx.level or "")
        else:
            level = row.level
        jurisdiction = ctx.place(level)
    kind = "lower_governments" if row.kind == "government" and collective else row.kind
    canonical = row.canonical.replace("{name}", filler) if filler is not None else row.canonical
    return UnitCanon(name, canonical, level, kind, jurisdiction, collective, True)


def resolve(name: str, ctx: Context | None = None) -> UnitCanon:
    """Read one unit name; ``ctx`` says where its document speaks from."""
    return _resolve(name, ctx or Context())


@functools.lru_cache(maxsize=65536)
def _resolve(name: str, ctx: Context) -> UnitCanon:
    r = _rules()
    s = expand(name)
    splits = _splits(s)
    for prefixes, rest in splits:
        row = r.exact.get(rest)
        if row is not None:
            return _reading(name, row, prefixes, ctx)
    for prefixes, rest in splits:
        for row in r.place_patterns:
            m = row.pattern.fullmatch(rest)
            if m and m.group("place") not in {p.text for p in r.prefixes if p.level == "national"}:
                return _reading(name, row, prefixes, ctx, place=m.group("place"))
    # {name} rows take any words, so the reading that leaves the fewest words to them wins.
    for prefixes, rest in sorted(splits, key=lambda sp: len(sp[1])):
        for row in r.name_patterns:
            m = row.pattern.fullmatch(rest)
            if m:
                return _reading(name, row, prefixes, ctx, filler=m.group("name"))
    return UnitCanon(name, clean(name), None, None, None, False, False)


# ---------------------------------------------------------------- tables


def _contexts(documents: Any, regions: Mapping[str, str] | None) -> dict[str, Context]:
    from .tables import LIST_SEP

    out: dict[str, Context] = {}
    regions = regions or {}
    if documents is None:
        return {doc_id: document_context(region=region) for doc_id, region in regions.items()}
    for rec in documents[["doc_id", "issuers", "title", "enclosed_titles"]].itertuples(index=False):
        doc_id, issuers, title, enclosed = (None if _isna(v) else v for v in rec)
        texts = [*(issuers.split(LIST_SEP) if issuers else []), title,
                 *(enclosed.split(LIST_SEP) if enclosed else [])]
        out[doc_id] = document_context(*texts, region=regions.get(doc_id))
    for doc_id, region in regions.items():
        out.setdefault(doc_id, document_context(region=region))
    return out


def _isna(v: Any) -> bool:
    pd = require("pandas", "research")

    return v is None or bool(pd.isna(v))


def canonical_units(units: Any, documents: Any = None, regions: Mapping[str, str] | None = None):
    """The units table with canonical, unit_level, unit_kind, jurisdiction, collective and mapped added.

    ``units`` and ``documents`` are the ``policytext.research.tables`` frames of the same documents;
    ``documents`` (issuers, titles) and ``regions`` ({doc_id: "浙江省绍兴市"}, which wins) say
    where each document speaks from, so that 市 and 省 resolve to a place.
    """
    pd = require("pandas", "research")

    contexts = _contexts(documents, regions)
    readings = [_resolve(name, contexts.get(doc_id, Context()))
                for doc_id, name in zip(units["doc_id"].tolist(), units["unit"].tolist(), strict=True)]
    out = units.copy()
    out["canonical"] = pd.array([u.canonical for u in readings], dtype="string")
    out["unit_level"] = pd.Categorical([u.level for u in readings], categories=LEVELS)
    out["unit_kind"] = pd.Categorical([u.kind for u in readings], categories=KINDS)
    out["jurisdiction"] = pd.array([u.jurisdiction for u in readings], dtype="string")
    out["collective"] = pd.array([u.collective for u in readings], dtype="boolean")
    out["mapped"] = pd.array([u.mapped for u in readings], dtype="boolean")
    return out


def mapped_share(canonical: Any) -> float:
    """Share of unit mentions (rows) mapped to a canonical name; 1.0 for no rows."""
    return float(canonical["mapped"].mean()) if len(canonical) else 1.0


def unmapped_units(canonical: Any):
    """Unit names no data row matched: unit, mentions, documents, most mentioned first."""
    pd = require("pandas", "research")

    left = canonical[~canonical["mapped"].astype(bool)]
    if left.empty:
        return pd.DataFrame({"unit": pd.array([], dtype="string"), "mentions": pd.array([], dtype="Int64"),
                             "documents": pd.array([], dtype="Int64")})
    report = (left.groupby("unit", observed=True)
              .agg(mentions=("doc_id", "size"), documents=("doc_id", "nunique"))
              .reset_index()
              .sort_values(["mentions", "unit"], ascending=[False, True], kind="stable")
              .reset_index(drop=True))
    return report.astype({"unit": "string", "mentions": "Int64", "documents": "Int64"})
