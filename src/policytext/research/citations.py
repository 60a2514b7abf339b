"""Citation graph: which document of a corpus cites which, by 发文字号 or by title."""
from __future__ import annotations

import unicodedata
from typing import Any

import regex

from ..errors import require
from .tables import LIST_SEP

RESOLVED_BY = ("doc_number", "title")
COLUMNS = {
    "source": "string", "cited_title": "string", "cited_doc_number": "string", "target": "string",
    "resolved_by": "category", "span_start": "Int64", "span_end": "Int64",
}

_SPACE = regex.compile(r"\s+")
# 〔〕 [] () 【】 ﹝﹞ all stand for the year brackets of a 发文字号.
_YEAR_BRACKETS = str.maketrans({c: "〔" for c in "[(（【［﹝〔"} | {c: "〕" for c in "])）】］﹞〕"})
_TITLE_MARKS = regex.compile(r"[《》〈〉<>“”\"‘’']")
_DASHES = regex.compile(r"[—–―－‐‑~～]+")


def doc_number_key(text: Any, prefix: Any = None, year: Any = None, serial: Any = None) -> str | None:
    """国发〔2022〕14号, 国发[2022]14号 and 国发（2022）14 号 give the same key."""
    if _present(prefix) and _present(year) and _present(serial):
        return f"{_SPACE.sub('', str(prefix))}〔{int(year)}〕{int(serial)}号"
    if not _present(text):
        return None
    return _SPACE.sub("", str(text)).translate(_YEAR_BRACKETS) or None


def title_key(text: Any) -> str | None:
    """A title without 《》, quotes and spaces, brackets and dashes in one form."""
    if not _present(text):
        return None
    s = unicodedata.normalize("NFKC", str(text))
    s = _TITLE_MARKS.sub("", _SPACE.sub("", s))
    return _DASHES.sub("-", s) or None


def _present(v: Any) -> bool:
    pd = require("pandas", "research")

    return v is not None and not bool(pd.isna(v)) and str(v) != ""


def _index(documents) -> tuple[dict[str, list[str]], dict[str, list[str]], dict[str, str]]:
    number_of: dict[str, str] = {}
    by_number: dict[str, list[str]] = {}
    by_title: dict[str, list[str]] = {}
    cols = ["doc_id", "doc_number", "doc_number_prefix", "doc_number_year", "doc_number_serial", "title",
            "enclosed_titles"]
    for doc_id, number, prefix, year, serial, title, enclosed in documents[cols].itertuples(index=False):
        key = doc_number_key(number, prefix, year, serial)
        if key:
            number_of[doc_id] = key
            by_number.setdefault(key, []).append(doc_id)
        titles = [title, *(enclosed.split(LIST_SEP) if _present(enclosed) else [])]
        for t in titles:
            tk = title_key(t)
            if tk and doc_id not in by_title.get(tk, []):
                by_title.setdefault(tk, []).append(doc_id)
    return by_number, by_title, number_of


def citation_graph(source: Any):
    """One row per reference of every document: the cited title and 发文字号 as written, and
    the corpus document it resolves to (``target``), by 发文字号 first, else by title
    (a notice's own title or a title it encloses) unless the two 发文字号 differ.
    A document never resolves to itself; when several documents match, the first doc_id
    in sorted order is taken. ``target`` and ``resolved_by`` are missing when nothing matches."""
    pd = require("pandas", "research")

    from .sources import table

    documents, refs = table(source, "documents"), table(source, "references")
    by_number, by_title, number_of = _index(documents)
    rows = []
    cols = ["doc_id", "title", "doc_number", "doc_number_prefix", "doc_number_year", "doc_number_serial",
            "span_start", "span_end"]
    for doc_id, title, number, prefix, year, serial, start, end in refs[cols].itertuples(index=False):
        target = resolved_by = None
        cited_number = doc_number_key(number, prefix, year, serial)
        for how, key, index in (("doc_number", cited_number, by_number), ("title", title_key(title), by_title)):
            found = sorted(d for d in index.get(key, []) if d != doc_id) if key else []
            # A title match is not the cited document when the two 发文字号 differ.
            found = [d for d in found if not (cited_number and number_of.get(d, cited_number) != cited_number)]
            if found:
                target, resolved_by = found[0], how
                break
        rows.append({"source": doc_id, "cited_title": title if _present(title) else None,
                     "cited_doc_number": number if _present(number) else None, "target": target,
                     "resolved_by": resolved_by, "span_start": start if _present(start) else None,
                     "span_end": end if _present(end) else None})
    edges = pd.DataFrame.from_records(rows, columns=list(COLUMNS))
    edges = edges.astype({k: v for k, v in COLUMNS.items() if k != "resolved_by"})
    edges["resolved_by"] = pd.Categorical(edges["resolved_by"], categories=RESOLVED_BY)
    return edges.sort_values(["source", "span_start"], kind="stable", na_position="last").reset_index(drop=True)


def to_networkx(edges, *, resolved_only: bool = True):
    """The edges as a ``networkx.MultiDiGraph`` (networkx comes with ``policytext[research]``).

    Unresolved references become nodes named by their 发文字号 or title unless ``resolved_only``.
    """
    pd = require("pandas", "research")
    nx = require("networkx", "research", "to_networkx")
    graph = nx.MultiDiGraph()
    for rec in edges.to_dict("records"):
        rec = {k: (None if v is None or (not isinstance(v, str) and pd.isna(v)) else v) for k, v in rec.items()}
        target = rec["target"]
        if target is None:
            if resolved_only:
                continue
            target = rec["cited_doc_number"] or rec["cited_title"]
        graph.add_edge(rec["source"], target, **{k: v for k, v in rec.items() if k not in ("source", "target")})
    return graph
