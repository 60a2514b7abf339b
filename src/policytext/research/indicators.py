"""Canonical indicators: targets that measure the same thing across documents, in one group.

Three layers, each visible in the result of ``indicator_groups``:

1. **rule** — the indicator is normalised by the rules in ``data/indicators.toml``
   (quotes, 全市/我省 prefixes, 年均/累计 qualifiers kept aside, synonyms such as
   GDP → 地区生产总值, 增速 → 增长) and looked up in its ``[[canonical]]`` table;
   names that normalise to the same string form one group.
2. **similarity** — the normalised names still unmatched are compared with
   character n-grams and jieba words (TF-IDF, cosine) and joined by complete-linkage
   clustering at a threshold; names differing by a contrasting word (城镇/农村,
   4G/5G …) or by growth versus level never join.
3. **user** — a mapping file (``indicator<TAB>canonical`` or CSV) wins over both.

Everything is deterministic: inputs are sorted before they are vectorised and clustered.
"""
from __future__ import annotations

import csv
import functools
import os
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import regex

from ..data import load_toml
from ..errors import InputError, RuleDataError, require, require_extra
from .sources import table
from .tables import LIST_SEP

RULES = "indicators.toml"
#: Default cosine similarity at which unmatched names join a group.
THRESHOLD = 0.8
METHODS = ("user", "rule", "similarity")

_KEY = regex.compile(r"[a-z][a-z0-9_]*")
_BULLETS = regex.compile(r"^(?:——|--|—|-|·|[一二三四五六七八九十]+、|\(\d+\)|\d+[.、]|[①-⑳]|[^\w(“\"]+)+")
# A bracket naming who is responsible, or one left open at the end, is not part of the name.
_UNIT_BRACKET = regex.compile(r"\([^()]*(?:牵头|负责|配合|责任单位)[^()]*(?:\)|$)|\([^()]*$")


@dataclass(frozen=True)
class Canonical:
    key: str
    label: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Rules:
    quotes: tuple[str, ...]
    scope_prefixes: tuple[str, ...]
    qualifiers: tuple[str, ...]
    leading_verbs: tuple[str, ...]
    replacements: tuple[tuple[regex.Pattern, str], ...]
    growth_endings: tuple[str, ...]
    growth_word: str
    decline_endings: tuple[str, ...]
    decline_word: str
    change_units: tuple[str, ...]
    contrasts: tuple[tuple[str, str], ...]
    distinguishing: tuple[str, ...]
    canonical: tuple[Canonical, ...]

    @functools.cached_property
    def by_name(self) -> dict[str, Canonical]:
        return {name: c for c in self.canonical for name in c.names}

    @functools.cached_property
    def by_key_or_label(self) -> dict[str, Canonical]:
        return {c.key: c for c in self.canonical} | {c.label: c for c in self.canonical}


@dataclass(frozen=True)
class Normalized:
    """The name a target is grouped by, and the qualifiers taken off it."""

    measure: str
    qualifiers: tuple[str, ...]


# ---------------------------------------------------------------- rule data

def _strings(where: str, value: Any, *, allow_empty: bool = False) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RuleDataError(f"data/{RULES}: {where} must be a list of non-empty strings")
    if not value and not allow_empty:
        raise RuleDataError(f"data/{RULES}: {where} must not be empty")
    return tuple(value)


def _word(where: str, value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise RuleDataError(f"data/{RULES}: {where} must be a non-empty string")
    return value


@functools.cache
def rules() -> Rules:
    """The normalisation rules and canonical table, validated (RuleDataError names the entry)."""
    data = load_toml(RULES)
    norm = data.get("normalize")
    if not isinstance(norm, dict):
        raise RuleDataError(f"data/{RULES}: missing [normalize]")
    replacements = []
    for i, pair in enumerate(norm.get("replacements") or []):
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair) and pair[0]):
            raise RuleDataError(f"data/{RULES}: normalize.replacements[{i}] must be [pattern, replacement]")
        try:
            replacements.append((regex.compile(pair[0]), pair[1]))
        except regex.error as exc:
            raise RuleDataError(f"data/{RULES}: normalize.replacements[{i}] {pair[0]!r}: {exc}") from None
    contrasts = []
    for i, pair in enumerate(norm.get("contrasts") or []):
        words = _strings(f"normalize.contrasts[{i}]", pair)
        if len(words) != 2 or words[0] == words[1]:
            raise RuleDataError(f"data/{RULES}: normalize.contrasts[{i}] must be two different words")
        contrasts.append((words[0], words[1]))
    canonical: list[Canonical] = []
    seen_keys: dict[str, int] = {}
    seen_names: dict[str, str] = {}
    for i, entry in enumerate(data.get("canonical") or []):
        where = f"[[canonical]] #{i + 1}"
        if not isinstance(entry, dict):
            raise RuleDataError(f"data/{RULES}: {where} must be a table")
        key = _word(f"{where} key", entry.get("key"))
        if not _KEY.fullmatch(key):
            raise RuleDataError(f"data/{RULES}: {where} key {key!r} must be lower-case ASCII, digits and _")
        if key in seen_keys:
            raise RuleDataError(f"data/{RULES}: {where} repeats key {key!r} of entry #{seen_keys[key]}")
        seen_keys[key] = i + 1
        label = _word(f"{where} ({key}) label", entry.get("label"))
        names = _strings(f"{where} ({key}) names", entry.get("names"))
        for name in names:
            if name in seen_names:
                raise RuleDataError(f"data/{RULES}: {where} ({key}) name {name!r} is already under "
                                    f"{seen_names[name]!r}")
            seen_names[name] = key
        canonical.append(Canonical(key, label, names))
    if not canonical:
        raise RuleDataError(f"data/{RULES}: no [[canonical]] entries")
    return Rules(
        quotes=_strings("normalize.quotes", norm.get("quotes")),
        scope_prefixes=_strings("normalize.scope_prefixes", norm.get("scope_prefixes")),
        qualifiers=_strings("normalize.qualifiers", norm.get("qualifiers")),
        leading_verbs=tuple(sorted(_strings("normalize.leading_verbs", norm.get("leading_verbs")),
                                   key=len, reverse=True)),
        replacements=tuple(replacements),
        growth_endings=_strings("normalize.growth_endings", norm.get("growth_endings")),
        growth_word=_word("normalize.growth_word", norm.get("growth_word")),
        decline_endings=_strings("normalize.decline_endings", norm.get("decline_endings")),
        decline_word=_word("normalize.decline_word", norm.get("decline_word")),
        change_units=_strings("normalize.change_units", norm.get("change_units")),
        contrasts=tuple(contrasts),
        distinguishing=_strings("normalize.distinguishing", norm.get("distinguishing"), allow_empty=True),
        canonical=tuple(canonical),
    )


# ---------------------------------------------------------------- normalising one name

def _strip_front(s: str, r: Rules, qualifiers: list[str]) -> str:
    """Scope prefixes, qualifiers and leading verbs off the front, until none is left."""
    changed = True
    while changed and s:
        changed = False
        for word in r.scope_prefixes:
            if s.startswith(word) and len(s) > len(word):
                s, changed = s[len(word):], True
        for word in r.qualifiers:
            if s.startswith(word) and len(s) > len(word):
                s, changed = s[len(word):], True
                if word not in qualifiers:
                    qualifiers.append(word)
        for word in r.leading_verbs:
            if s.startswith(word) and len(s) > len(word):
                s, changed = s[len(word):], True
                break
    return s


def _ending(s: str, endings: tuple[str, ...], word: str) -> tuple[str, bool]:
    for e in sorted(endings, key=len, reverse=True):
        if s.endswith(e) and len(s) > len(e):
            return s[: -len(e)] + word, True
    return s, False


def normalize_indicator(indicator: str | None, change: str | None = None, unit: str | None = None,
                        text: str | None = None) -> Normalized:
    """The measure a target's indicator names, with its qualifiers set aside.

    ``change`` and ``unit`` are the target's (``increase``/``decrease``, ``%``): a
    percentage change measures growth, so 地区生产总值 + increase + % becomes
    地区生产总值增长. The first clause of ``text`` (the target's evidence) is searched
    for qualifiers such as 年均 that stand between the indicator and the number.
    """
    r = rules()
    qualifiers: list[str] = []
    s = unicodedata.normalize("NFKC", indicator or "")
    lines = [line for line in s.splitlines() if line.strip()]
    s = "".join(ch for ch in lines[-1] if not ch.isspace()) if lines else ""
    s = _BULLETS.sub("", s)
    s = _UNIT_BRACKET.sub("", s)
    for q in r.quotes:
        s = s.replace(q, "")
    s = _strip_front(s, r, qualifiers)
    for pattern, repl in r.replacements:
        s = pattern.sub(repl, s)
    s, grows = _ending(s, r.growth_endings, r.growth_word)
    s, declines = _ending(s, r.decline_endings, r.decline_word) if not grows else (s, False)
    if s and not (grows or declines) and (unit or "") in r.change_units:
        if change == "increase":
            s += r.growth_word
        elif change == "decrease":
            s += r.decline_word
    # Only the target's own clause: the evidence may run on into the next target's words.
    own = regex.split(r"[，,；;。]", text, maxsplit=1)[0] if text else ""
    for q in r.qualifiers:
        if q in own and q not in qualifiers:
            qualifiers.append(q)
    order = {q: i for i, q in enumerate(r.qualifiers)}
    return Normalized(s, tuple(sorted(qualifiers, key=order.__getitem__)))


# ---------------------------------------------------------------- user mapping

def load_mapping(path: str | os.PathLike) -> dict[str, str]:
    """A user mapping file: ``indicator<TAB>canonical`` per line (or CSV), an optional header.

    ``canonical`` is a key or label of ``data/indicators.toml`` or any new name. Lines
    starting with ``#`` and blank lines are skipped; a malformed line is an InputError
    naming the file and line.
    """
    name = os.fspath(path)
    try:
        with open(name, encoding="utf-8-sig", newline="") as fh:
            raw = fh.read()
    except FileNotFoundError:
        raise InputError(name, "not_found", "mapping file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(name, "undecodable", f"cannot read the mapping file as UTF-8: {exc}") from None
    first = next((line for line in raw.splitlines() if line.strip() and not line.startswith("#")), "")
    delimiter = "\t" if "\t" in first or name.lower().endswith((".tsv", ".tab")) else ","
    out: dict[str, str] = {}
    for lineno, row in enumerate(csv.reader(raw.splitlines(), delimiter=delimiter), 1):
        if not row or not "".join(row).strip() or row[0].startswith("#"):
            continue
        cells = [c.strip() for c in row]
        if lineno == 1 and [c.lower() for c in cells[:2]] == ["indicator", "canonical"]:
            continue
        if len(cells) != 2 or not all(cells):
            raise InputError(name, "invalid", f"line {lineno}: expected 'indicator{delimiter!r}canonical', "
                                              f"got {row!r}")
        indicator, canonical = cells
        if out.get(indicator, canonical) != canonical:
            raise InputError(name, "invalid", f"line {lineno}: {indicator!r} is mapped twice "
                                              f"({out[indicator]!r} and {canonical!r})")
        out[indicator] = canonical
    return out


def _mapping(mapping: Mapping[str, str] | str | os.PathLike | None) -> dict[str, str]:
    if mapping is None:
        return {}
    if isinstance(mapping, Mapping):
        return {str(k).strip(): str(v).strip() for k, v in mapping.items()}
    return load_mapping(mapping)


# ---------------------------------------------------------------- similarity

@functools.cache
def _tokenizer():
    import logging

    jieba = require("jieba", "research")

    # jieba announces its dictionary build on its own logger; a library stays quiet.
    logger = logging.getLogger("jieba")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        tok = jieba.Tokenizer()
        tok.initialize()
    finally:
        logger.setLevel(level)
    return tok


def _words(s: str) -> list[str]:
    return [w for w in _tokenizer().lcut(s, HMM=False) if w.strip()]


def _vectors(names: list[str]):
    """L2-normalised rows whose dot product is the mean of char n-gram and word cosine."""
    require_extra("research")
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    chars = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), lowercase=False).fit_transform(names)
    words = TfidfVectorizer(tokenizer=_words, token_pattern=None, lowercase=False).fit_transform(names)
    half = 0.5 ** 0.5
    return sparse.hstack([normalize(chars) * half, normalize(words) * half]).tocsr()


def _vetoed(a: str, b: str, r: Rules) -> bool:
    if a.endswith(r.growth_word) != b.endswith(r.growth_word):
        return True  # growth is not a level
    if a.endswith(r.decline_word) != b.endswith(r.decline_word):
        return True
    if any((w in a) != (w in b) for w in r.distinguishing):
        return True
    for x, y in r.contrasts:
        if (x in a and y in b and y not in a and x not in b) or (y in a and x in b and x not in a and y not in b):
            return True
    return False


def similarity_groups(names: list[str], anchors: Mapping[str, str] | None = None,
                      threshold: float = THRESHOLD) -> dict[str, tuple[str, float]]:
    """Cluster ``names``: name -> (representative, cosine to it), for names in a group of two or more.

    ``anchors`` maps fixed names (canonical synonyms) to their canonical key: a cluster
    holding an anchor is represented by it, and names of two different keys never join.
    """
    require_extra("research")
    from scipy.sparse.csgraph import connected_components
    from sklearn.cluster import AgglomerativeClustering

    r = rules()
    anchors = dict(anchors or {})
    items = sorted(set(names) | set(anchors))
    if len(items) < 2:
        return {}
    x = _vectors(items)
    sim = (x @ x.T).tocsr()
    sim.data[sim.data < threshold] = 0
    sim.eliminate_zeros()
    n_comp, comp = connected_components(sim, directed=False)
    out: dict[str, tuple[str, float]] = {}
    for c in range(n_comp):
        idx = [i for i in range(len(items)) if comp[i] == c]
        if len(idx) < 2:
            continue
        dense = (x[idx] @ x[idx].T).toarray()
        dist = 1.0 - dense
        for p, i in enumerate(idx):
            for q, j in enumerate(idx):
                a, b = items[i], items[j]
                ka, kb = anchors.get(a), anchors.get(b)
                if p != q and ((ka and kb and ka != kb) or _vetoed(a, b, r)):
                    dist[p, q] = 1.0
        dist = dist.clip(0.0, 1.0)
        for p in range(len(idx)):
            dist[p, p] = 0.0
        labels = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="complete",
                                         distance_threshold=1.0 - threshold).fit_predict(dist)
        for lab in sorted(set(labels)):
            members = [p for p in range(len(idx)) if labels[p] == lab]
            if len(members) < 2:
                continue
            named = [p for p in members if items[idx[p]] in anchors]
            # The representative: an anchor if there is one, else the shortest name (then by order).
            rep = min(named or members, key=lambda p: (len(items[idx[p]]), items[idx[p]]))
            for p in members:
                out[items[idx[p]]] = (items[idx[rep]], float(round(dense[p, rep], 6)))
    return out


# ---------------------------------------------------------------- grouping

def _annotate(targets):
    """The targets table with ``measure`` and ``qualifiers`` columns added."""
    norm = [normalize_indicator(i, c, u, t) for i, c, u, t in zip(
        targets["indicator"].astype(object), targets["change"].astype(object),
        targets["unit"].astype(object), targets["text"].astype(object), strict=True)]
    out = targets.copy()
    out["measure"] = [n.measure for n in norm]
    out["qualifiers"] = [LIST_SEP.join(n.qualifiers) or None for n in norm]
    out = out.astype({"measure": "string", "qualifiers": "string"})
    return out


def _assign(pairs: list[tuple[str, str]], mapping: Mapping[str, str], threshold: float) -> dict[tuple[str, str], tuple[str, str, str, float]]:
    """(indicator, measure) -> (group key, label, method, score)."""
    r = rules()
    out: dict[tuple[str, str], tuple[str, str, str, float]] = {}
    open_measures: set[str] = set()
    for indicator, measure in pairs:
        wanted = mapping.get(indicator.strip()) or mapping.get(measure)
        if wanted is not None:
            canon = r.by_key_or_label.get(wanted)
            out[(indicator, measure)] = (canon.key, canon.label, "user", 1.0) if canon else \
                (wanted, wanted, "user", 1.0)
        elif not measure:
            continue
        elif measure in r.by_name:
            canon = r.by_name[measure]
            out[(indicator, measure)] = (canon.key, canon.label, "rule", 1.0)
        else:
            open_measures.add(measure)
    anchors = {name: c.key for c in r.canonical for name in c.names}
    joined = similarity_groups(sorted(open_measures), anchors, threshold)
    by_key = {c.key: c for c in r.canonical}
    for indicator, measure in pairs:
        if (indicator, measure) in out or measure not in open_measures:
            continue
        if measure not in joined:
            out[(indicator, measure)] = (measure, measure, "rule", 1.0)
            continue
        rep, score = joined[measure]
        if rep in anchors:
            canon = by_key[anchors[rep]]
            out[(indicator, measure)] = (canon.key, canon.label, "similarity", score)
        else:
            out[(indicator, measure)] = (rep, rep, "rule" if rep == measure else "similarity", score)
    return out


def canonical_targets(source: Any, *, mapping: Mapping[str, str] | str | os.PathLike | None = None,
                      threshold: float = THRESHOLD):
    """The targets table with ``measure``, ``qualifiers``, ``group``, ``label``, ``method``, ``score``.

    ``source`` is a corpus, a list of documents or a targets DataFrame. Targets whose
    indicator normalises to nothing have a null group.
    """
    pd = require("pandas", "research")

    targets = source if isinstance(source, pd.DataFrame) else table(source, "targets")
    t = _annotate(targets)
    pairs = sorted(set(zip(t["indicator"].fillna("").astype(str), t["measure"].astype(str), strict=True)))
    assigned = _assign(pairs, _mapping(mapping), threshold)
    keys = [assigned.get((i, m)) for i, m in zip(t["indicator"].fillna("").astype(str),
                                                  t["measure"].astype(str), strict=True)]
    t["group"] = pd.array([k[0] if k else None for k in keys], dtype="string")
    t["label"] = pd.array([k[1] if k else None for k in keys], dtype="string")
    t["method"] = pd.Categorical([k[2] if k else None for k in keys], categories=list(METHODS))
    t["score"] = pd.array([k[3] if k else None for k in keys], dtype="Float64")
    return t


def indicator_groups(source: Any, *, mapping: Mapping[str, str] | str | os.PathLike | None = None,
                     threshold: float = THRESHOLD):
    """How every indicator is grouped: one row per (indicator as written, measure).

    Columns: ``indicator``, ``measure`` (the normalised name grouped on), ``group`` (stable
    key: a canonical key such as ``gdp_growth``, else the group's representative name),
    ``label``, ``method`` (user / rule / similarity), ``score`` (cosine to the group's
    representative; 1.0 for rule and user), ``n_targets``, ``n_docs``. Sorted by group,
    then indicator.
    """
    t = canonical_targets(source, mapping=mapping, threshold=threshold)
    t = t[t["group"].notna()]
    t = t.assign(indicator=t["indicator"].fillna(""))
    cols = ["indicator", "measure", "group", "label", "method", "score"]
    out = (t.groupby(cols, observed=True, dropna=False)
           .agg(n_targets=("target_id", "size"), n_docs=("doc_id", "nunique"))
           .reset_index())
    out = out.astype({"n_targets": "Int64", "n_docs": "Int64"})
    return out.sort_values(["group", "indicator", "measure"], kind="stable").reset_index(drop=True)
