"""Text reuse: clauses one document shares with another, and the numbers that changed.

Documents are cut into clauses (sentences ending in 。；！？, lines, section headings
and task starts), each with its span into the source text and its section path
(``二、(三)``). A clause is compared through the set of its character n-grams
(shingles) after punctuation is dropped, Arabic numbers are masked (so 90% and 95%
compare equal) and brackets naming responsible units are removed (they are shared
boilerplate, not content).

Two clauses are *reused* when the Jaccard similarity of their shingle sets reaches
``threshold``, or when the shorter one is contained in the longer one to
``containment`` (a city copies a provincial sentence and adds its own words); the
containment test needs the shorter clause to have at least twice ``min_chars``
characters, since short formulas (构成犯罪的，依法追究刑事责任) sit inside many sentences.
Pairs are found with an inverted index of shingles and prefix filtering: a pair that
passes either test must share one of the rarest shingles of its shorter clause, so
only those postings are read, and the result is exact.
"""
from __future__ import annotations

import math
import unicodedata
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import regex

from ..errors import require
from .sources import as_dict, doc_id, documents, text_of

#: Clauses with fewer characters than this (after punctuation is dropped) are not compared.
MIN_CHARS = 12
#: Jaccard similarity of shingle sets at which two clauses are reused.
THRESHOLD = 0.4
#: Share of the shorter clause's shingles found in the longer one at which they are reused.
CONTAINMENT = 0.9
#: Shingle length in characters.
NGRAM = 3

PAIR_COLUMNS: tuple[str, ...] = (
    "doc_a", "doc_b", "clause_a", "clause_b", "section_a", "section_b", "start_a", "end_a", "start_b", "end_b",
    "text_a", "text_b", "jaccard", "containment", "number_changes",
)

_END = regex.compile(r"[。；;！!？?]")
_CLOSED = "。！？；：:;!?）)”"
_MARKER = regex.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇]+[章节条部分]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]"
    r"|\d+(?:\.\d+)*[.．、](?!\d)|[①-⑳]|[一二三四五六七八九十]是|——|--|—)\s*")
# Brackets that name who is responsible: 牵头单位：省工业和信息化厅 / 省大数据局牵头，各市配合.
_UNIT_BRACKET = regex.compile(
    r"[（(][^（）()]{0,200}?(?:牵头|负责|配合|责任单位|责任部门|参与|落实)[^（）()]{0,200}?(?:[）)]|$)")
# A clause that only says who is responsible: 责任单位：市大数据局、市发改委.
_UNIT_LINE = regex.compile(r"[（(]?(?:主要|牵头|配合|参与|协办|主办|实施|责任|负责)?(?:责任)?(?:单位|部门)[:：]")
_NUMBER = regex.compile(r"\d+(?:[.,]\d+)*")
_NON_WORD = regex.compile(r"[\W_]+")
# The header fields whose clauses are formulaic (addresses, titles, dates), not content.
_HEADER_FIELDS = ("title", "doc_number", "issuers", "recipients", "signed_date", "published_date", "cc")


@dataclass(frozen=True)
class Clause:
    """A clause of a document: ``text == source[start:end]``; ``section`` is its section path."""

    doc_id: str
    index: int
    start: int
    end: int
    section: str | None
    text: str


def _key(text: str) -> str:
    """What a clause is compared by: no punctuation, no unit brackets, numbers masked as #."""
    s = unicodedata.normalize("NFKC", text)
    s = _UNIT_BRACKET.sub("", s)
    s = _NUMBER.sub("#", s)
    return _NON_WORD.sub("", s)


def _sections(d: dict) -> tuple[list[int], list[str]]:
    """Heading starts in order and the section path at each: 二、(三)1."""
    secs = [s for s in d.get("sections") or [] if s.get("span")]
    by_id = {s["id"]: s for s in secs}
    starts, paths = [], []
    for s in sorted(secs, key=lambda s: s["span"][0]):
        chain, cur, seen = [], s, set()
        while cur is not None and cur["id"] not in seen:
            seen.add(cur["id"])
            chain.append(cur.get("marker") or "")
            cur = by_id.get(cur.get("parent"))
        starts.append(s["span"][0])
        paths.append("".join(reversed(chain)))
    return starts, paths


def _line_cuts(text: str) -> list[int]:
    """Line ends that end a clause; lines wrapped by PDF or OCR extraction are joined again.

    Text is *wrapped* when most lines are of one width (15-60 characters) and many end
    mid-sentence; there a line as wide as the rest runs on. Elsewhere a long line that
    does not end in punctuation runs on. A line starting with a list marker never continues
    the one before.
    """
    lines = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line), line.strip()))
        pos += len(line) + 1
    # Blank lines and page numbers neither end nor continue a clause.
    content = [(end, s) for _, end, s in lines if s and not s.isdigit()]
    widths = sorted(len(s) for _, s in content)
    width = widths[len(widths) // 2] if widths else 0
    open_ends = sum(1 for _, s in content if s[-1] not in _CLOSED)
    wrapped = 15 <= width <= 60 and open_ends > len(content) * 0.4
    joined: list[tuple[int, int]] = []
    starts = [a for a, _, s in lines if s and not s.isdigit()]
    for (end, s), nxt_start, (_, nxt) in zip(content, starts[1:], content[1:], strict=False):
        if s[-1] not in _CLOSED and not _MARKER.match(nxt) and (
                len(s) >= width * 0.75 if wrapped else len(s) > 20):
            joined.append((end, nxt_start))
    cuts = []
    k = 0
    for _, end, _ in lines[:-1]:
        while k < len(joined) and joined[k][1] <= end:
            k += 1
        if not (k < len(joined) and joined[k][0] <= end < joined[k][1]):
            cuts.append(end)
    return cuts


def clauses(doc: Any, *, min_chars: int = MIN_CHARS) -> list[Clause]:
    """The clauses of one document worth comparing, in text order.

    ``doc`` is a ``PolicyDoc`` or a dict with the source ``text`` added. Header
    fields (title, 发文字号, recipients, dates) and clauses shorter than ``min_chars``
    are left out; a clause's span starts after its list marker (一、 (三) 1.).
    """
    text = text_of(doc)
    d = as_dict(doc)
    cuts = {0, len(text)}
    cuts.update(m.end() for m in _END.finditer(text))
    cuts.update(_line_cuts(text))
    for s in d.get("sections") or []:
        if s.get("span"):
            cuts.update(s["span"])
    for t in d.get("tasks") or []:
        if t.get("span"):
            cuts.add(t["span"][0])
    header = [tuple(v) for k, v in (d.get("meta_spans") or {}).items() if k in _HEADER_FIELDS and v]
    # Unit brackets may hold ；and span clauses: cut around them and leave them out.
    brackets = [m.span() for m in _UNIT_BRACKET.finditer(text)]
    cuts.update(x for span in brackets for x in span)
    starts, paths = _sections(d)
    out: list[Clause] = []
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    for a, b in zip(bounds, bounds[1:], strict=False):
        piece = text[a:b]
        m = _MARKER.match(piece)
        lead = m.end() if m else len(piece) - len(piece.lstrip())
        a2, b2 = a + lead, b - (len(piece) - len(piece.rstrip()))
        if a2 >= b2 or len(_key(text[a2:b2])) < min_chars:
            continue
        if any(x < b2 and a2 < y for x, y in header) or any(x <= a2 and b2 <= y for x, y in brackets):
            continue
        if _UNIT_LINE.match(text, a2):
            continue
        k = bisect_right(starts, a2) - 1
        out.append(Clause(doc_id(doc), len(out), a2, b2, paths[k] if k >= 0 else None, text[a2:b2]))
    return out


# ---------------------------------------------------------------- number changes

def number_changes(text_a: str, text_b: str) -> list[tuple[str, str]]:
    """Numbers that differ between two aligned clauses: [('90%', '95%'), …].

    Quantities are read with ``policytext.stages.numerals``; they are paired where the
    clauses' words around them align (difflib on the texts with each quantity masked).
    """
    from difflib import SequenceMatcher

    from ..reading.normalize import TextView
    from ..stages.numerals import find_quantities

    va, vb = TextView(text_a).text, TextView(text_b).text
    qa = [q for q in find_quantities(va) if q.unit_class != "time"]
    qb = [q for q in find_quantities(vb) if q.unit_class != "time"]
    if not qa or not qb:
        return []

    def masked(view: str, qs) -> tuple[str, dict[int, Any]]:
        parts, where, prev = [], {}, 0
        for q in qs:
            parts.append(view[prev:q.start])
            where[sum(map(len, parts))] = q
            parts.append("\0")
            prev = q.end
        parts.append(view[prev:])
        return "".join(parts), where

    ma, where_a = masked(va, qa)
    mb, where_b = masked(vb, qb)
    out = []
    for block in SequenceMatcher(None, ma, mb, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            q1, q2 = where_a.get(block.a + k), where_b.get(block.b + k)
            if q1 is None or q2 is None:
                continue
            if (q1.value, q1.value_max, q1.unit) != (q2.value, q2.value_max, q2.unit):
                out.append((va[q1.start:q1.end], vb[q2.start:q2.end]))
    return out


# ---------------------------------------------------------------- matching

def _shingles(key: str, n: int) -> frozenset[str]:
    if len(key) <= n:
        return frozenset([key])
    return frozenset(key[i:i + n] for i in range(len(key) - n + 1))


def _pairs(items: Sequence[tuple[int, frozenset[str]]], allowed, threshold: float,
           containment: float | None, contained_min: int = 0) -> list[tuple[int, int, float, float]]:
    """(i, j, jaccard, containment) for item pairs that pass; ``allowed(gi, gj)`` filters by group.

    The containment test applies when the shorter item has at least ``contained_min`` shingles.
    """
    df = Counter(s for _, sh in items for s in sh)
    rank = {s: r for r, s in enumerate(sorted(df, key=lambda s: (df[s], s)))}
    ordered = [sorted(rank[s] for s in sh) for _, sh in items]
    postings: dict[int, list[int]] = defaultdict(list)
    for i, ids in enumerate(ordered):
        for s in ids:
            postings[s].append(i)
    floor = min(threshold, containment) if containment is not None else threshold
    sizes = [len(ids) for ids in ordered]
    sets = [set(ids) for ids in ordered]
    out = []
    for i, ids in enumerate(ordered):
        n = sizes[i]
        prefix = n - math.ceil(floor * n - 1e-9) + 1
        seen: set[int] = set()
        gi = items[i][0]
        for s in ids[:prefix]:
            for j in postings[s]:
                if j in seen or j == i:
                    continue
                seen.add(j)
                m = sizes[j]
                # Each pair is met once, from its shorter clause (ties by position).
                if m < n or (m == n and j < i) or not allowed(gi, items[j][0]):
                    continue
                if containment is None and n < threshold * m:
                    continue
                overlap = len(sets[i] & sets[j])
                jac = overlap / (n + m - overlap)
                con = overlap / n
                if jac >= threshold or (containment is not None and con >= containment and n >= contained_min):
                    out.append((i, j, jac, con))
    return out


def _frame(records: list[dict]):
    pd = require("pandas", "research")

    df = pd.DataFrame.from_records(records, columns=list(PAIR_COLUMNS))
    df = df.astype({
        "doc_a": "string", "doc_b": "string", "clause_a": "Int64", "clause_b": "Int64",
        "section_a": "string", "section_b": "string", "start_a": "Int64", "end_a": "Int64",
        "start_b": "Int64", "end_b": "Int64", "text_a": "string", "text_b": "string",
        "jaccard": "Float64", "containment": "Float64",
    })
    return df.sort_values(["doc_a", "doc_b", "start_a", "start_b"], kind="stable").reset_index(drop=True)


def _match(docs: list[Any], allowed, *, min_chars: int, threshold: float, containment: float | None,
           ngram: int, numbers: bool):
    ids = [doc_id(d) for d in docs]
    dup = [k for k, v in Counter(ids).items() if v > 1]
    if dup:
        raise ValueError(f"doc_id must be unique; repeated: {sorted(dup)[:5]}")
    order = {k: i for i, k in enumerate(ids)}
    all_clauses: list[Clause] = []
    items: list[tuple[int, frozenset[str]]] = []
    for g, d in enumerate(docs):
        for c in clauses(d, min_chars=min_chars):
            all_clauses.append(c)
            items.append((g, _shingles(_key(c.text), ngram)))
    records = []
    contained_min = max(1, 2 * min_chars - ngram + 1)
    for i, j, jac, con in _pairs(items, allowed, threshold, containment, contained_min):
        a, b = all_clauses[i], all_clauses[j]
        if order[a.doc_id] > order[b.doc_id]:
            a, b = b, a
        records.append({
            "doc_a": a.doc_id, "doc_b": b.doc_id, "clause_a": a.index, "clause_b": b.index,
            "section_a": a.section, "section_b": b.section, "start_a": a.start, "end_a": a.end,
            "start_b": b.start, "end_b": b.end, "text_a": a.text, "text_b": b.text,
            "jaccard": round(jac, 6), "containment": round(con, 6),
            "number_changes": number_changes(a.text, b.text) if numbers else [],
        })
    return _frame(records)


def reuse(doc_a: Any, doc_b: Any, *, min_chars: int = MIN_CHARS, threshold: float = THRESHOLD,
          containment: float | None = CONTAINMENT, ngram: int = NGRAM, numbers: bool = True):
    """Clause pairs of ``doc_a`` and ``doc_b`` with high text overlap, as a DataFrame.

    Columns ``PAIR_COLUMNS``: the two clauses' indexes, section paths, spans
    (``start``/``end`` into each document's source text) and texts, ``jaccard`` and
    ``containment`` of their shingle sets, and ``number_changes`` — a list of
    (number in a, number in b) that differ, e.g. [('90%', '95%')].
    Set ``containment=None`` to match on Jaccard alone.
    """
    return _match([doc_a, doc_b], lambda x, y: x != y, min_chars=min_chars, threshold=threshold,
                  containment=containment, ngram=ngram, numbers=numbers)


def reuse_all(source: Any, *, min_chars: int = MIN_CHARS, threshold: float = THRESHOLD,
              containment: float | None = CONTAINMENT, ngram: int = NGRAM, numbers: bool = True):
    """Reused clause pairs between every two documents of a corpus (same columns as ``reuse``).

    ``doc_a`` is the document that comes first in the source. ``numbers=False`` skips
    the number comparison, which is the slow part on a large corpus.
    """
    return _match(documents(source), lambda x, y: x != y, min_chars=min_chars, threshold=threshold,
                  containment=containment, ngram=ngram, numbers=numbers)


def reuse_matrix(source: Any = None, *, pairs=None, **options):
    """Document pairs ranked by how much text they share.

    Give a corpus/documents (``reuse_all`` is run with ``options``) or the ``pairs`` a
    ``reuse_all`` returned. Columns: ``doc_a``, ``doc_b``, ``pairs`` (clause pairs),
    ``clauses_a``/``clauses_b`` (distinct clauses of each document that are reused),
    ``chars_a``/``chars_b`` (their characters), ``number_changes`` (pairs with a changed
    number). Sorted by clauses shared (the smaller of clauses_a and clauses_b), descending.
    """
    pd = require("pandas", "research")

    if pairs is None:
        if source is None:
            raise ValueError("give a source of documents or the pairs from reuse_all")
        pairs = reuse_all(source, **options)
    cols = ["doc_a", "doc_b", "pairs", "clauses_a", "clauses_b", "chars_a", "chars_b", "number_changes"]
    if pairs.empty:
        return pd.DataFrame({c: pd.Series(dtype="string" if c.startswith("doc") else "Int64") for c in cols})
    p = pairs.assign(len_a=pairs["end_a"] - pairs["start_a"], len_b=pairs["end_b"] - pairs["start_b"],
                     changed=pairs["number_changes"].map(bool))
    rows = []
    for (a, b), g in p.groupby(["doc_a", "doc_b"], sort=True):
        ua = g.drop_duplicates("clause_a")
        ub = g.drop_duplicates("clause_b")
        rows.append({"doc_a": a, "doc_b": b, "pairs": len(g), "clauses_a": len(ua), "clauses_b": len(ub),
                     "chars_a": int(ua["len_a"].sum()), "chars_b": int(ub["len_b"].sum()),
                     "number_changes": int(g["changed"].sum())})
    out = pd.DataFrame.from_records(rows, columns=cols)
    out = out.astype({c: "string" if c.startswith("doc") else "Int64" for c in cols})
    out["_shared"] = out[["clauses_a", "clauses_b"]].min(axis=1)
    out = out.sort_values(["_shared", "chars_a", "doc_a", "doc_b"], ascending=[False, False, True, True],
                          kind="stable")
    return out.drop(columns="_shared").reset_index(drop=True)
