"""Targets side by side: one row per canonical indicator, one column group per document.

A document may state the same indicator more than once (a goal in 主要目标 and again
in a task, an estimate of last year's figure and this year's target, 2025 and 2030
milestones). The long table keeps one row per (indicator, document), the *primary*
target, chosen in this order: not an estimate (预计), has a deadline, the latest
deadline, first in the text. ``n_targets`` says how many there were.
"""
from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import require, require_extra
from .indicators import THRESHOLD, canonical_targets
from .sources import table

#: Fields shown per document in the wide table.
FIELDS: tuple[str, ...] = ("value", "unit", "comparator", "deadline")
#: Columns of the long table, in order.
LONG_COLUMNS: tuple[str, ...] = (
    "group", "label", "doc_id", "indicator", "value", "value_max", "unit", "comparator", "change",
    "deadline", "qualifiers", "text", "target_id", "span_start", "span_end", "method", "score", "n_targets",
)
ESTIMATE = "预计"


def _matches(t, indicator: str):
    needle = indicator.strip()
    hit = None
    for col in ("group", "label", "indicator", "measure"):
        col_hit = t[col].fillna("").str.contains(needle, regex=False)
        hit = col_hit if hit is None else hit | col_hit
    return hit


def compare_targets(source: Any, *, mapping: Mapping[str, str] | str | os.PathLike | None = None,
                    indicator: str | None = None, wide: bool = False, fields: Sequence[str] = FIELDS,
                    threshold: float = THRESHOLD):
    """Targets of many documents compared by canonical indicator.

    ``source``: a corpus, documents or their dicts (see ``policytext.research.sources``).
    ``mapping``: a user mapping (dict or TSV/CSV file of indicator → canonical) that
    overrides the grouping. ``indicator``: keep only indicators whose group key, label or
    written name contains this text.

    Returns the long table (``LONG_COLUMNS``, one row per indicator and document), or with
    ``wide=True`` its pivot: index ``indicator`` (the group label), columns a MultiIndex
    (doc_id, field) over every document of the source, ``fields`` per document.
    Rows are ordered by how many documents state the indicator, then by label.
    """
    t = canonical_targets(source, mapping=mapping, threshold=threshold)
    if _is_frame(source):
        doc_order = list(dict.fromkeys(t["doc_id"].tolist()))
    else:
        doc_order = table(source, "documents")["doc_id"].tolist()
    t = t[t["group"].notna()]
    if indicator:
        t = t[_matches(t, indicator)]
    long = _primary(t, doc_order)
    if indicator:
        # A document that does not state the chosen indicator has nothing to compare.
        stated = set(long["doc_id"].tolist())
        doc_order = [d for d in doc_order if d in stated]
    if wide:
        return pivot_targets(long, fields=fields, doc_ids=doc_order)
    return long


def _is_frame(source: Any) -> bool:
    return hasattr(source, "columns") and hasattr(source, "iloc")


def _primary(t, doc_order: list[str]):
    pd = require("pandas", "research")

    if t.empty:
        return pd.DataFrame({c: pd.Series(dtype=_dtype(t, c)) for c in LONG_COLUMNS})
    rank_doc = {d: i for i, d in enumerate(doc_order)}
    t = t.assign(
        _estimate=t["qualifiers"].fillna("").str.contains(ESTIMATE, regex=False),
        _undated=t["deadline"].isna(),
        _deadline=t["deadline"].fillna(""),
        _doc=t["doc_id"].map(rank_doc).fillna(len(rank_doc)).astype(int),
        _start=t["span_start"].fillna(-1).astype("int64"),
    )
    t = t.sort_values(["group", "_doc", "_estimate", "_undated", "_deadline", "_start"],
                      ascending=[True, True, True, True, False, True], kind="stable")
    counts = t.groupby(["group", "doc_id"], observed=True)["target_id"].transform("size")
    t = t.assign(n_targets=counts.astype("Int64"))
    first = t.drop_duplicates(["group", "doc_id"], keep="first")
    spread = first.groupby("group")["doc_id"].transform("size")
    first = first.assign(_spread=spread)
    first = first.sort_values(["_spread", "label", "group", "_doc"], ascending=[False, True, True, True],
                              kind="stable")
    return first[list(LONG_COLUMNS)].reset_index(drop=True)


def _dtype(t, col: str) -> str:
    if col in t.columns:
        return str(t[col].dtype)
    return "Int64" if col == "n_targets" else "object"


def pivot_targets(long, *, fields: Sequence[str] = FIELDS, doc_ids: Sequence[str] | None = None):
    """The wide form of a ``compare_targets`` long table: rows by label, columns (doc_id, field)."""
    pd = require("pandas", "research")

    fields = list(fields)
    unknown = [f for f in fields if f not in long.columns]
    if unknown:
        raise ValueError(f"unknown fields {unknown}; choose from {list(long.columns)}")
    docs = list(doc_ids) if doc_ids is not None else list(dict.fromkeys(long["doc_id"].tolist()))
    groups = list(dict.fromkeys(zip(long["group"].tolist(), long["label"].tolist(), strict=True)))
    taken = [label for _, label in groups]
    # A label two groups share (a user's new name equal to an unmatched one) gets its key added.
    row_of = {g: label if taken.count(label) == 1 else f"{label} [{g}]" for g, label in groups}
    labels = list(row_of.values())
    columns = pd.MultiIndex.from_product([docs, fields], names=["doc_id", "field"])
    index = pd.Index(labels, name="indicator", dtype="string")
    out = pd.DataFrame(index=index, columns=columns)
    for f in fields:
        dtype = long[f].dtype
        for d in docs:
            out[(d, f)] = pd.Series(pd.NA, index=index, dtype=dtype if str(dtype) != "category" else "string")
    for row in long.itertuples(index=False):
        for f in fields:
            out.loc[row_of[row.group], (row.doc_id, f)] = getattr(row, f)
    return out


# ---------------------------------------------------------------- command line

def gather(paths: Sequence[str | os.PathLike]):
    """One corpus from files and folders (``policytext.research.corpus.load`` each), failures in ``errors``.

    A folder is read as ``corpus.load`` reads it (documents to parse, or the JSON, JSONL or
    Parquet output of ``policytext batch``); files may mix documents and JSON outputs. A
    doc_id met twice keeps its first document; the later one becomes an error record.
    """
    pd = require("pandas", "research")

    from ..errors import PolicyTextError
    from .corpus import Corpus, load
    from .tables import TABLES

    loaded, errors, files = [], [], []
    for p in map(os.fspath, paths):
        if os.path.isdir(p):
            try:
                loaded.append(load(p))
            except PolicyTextError as exc:
                errors.append({"path": p, "kind": getattr(exc, "kind", "error"), "message": str(exc)})
        elif os.path.isfile(p):
            files.append(p)
        else:
            errors.append({"path": p, "kind": "not_found", "message": "no such file or folder"})
    if files:
        loaded.append(load(files))
    seen: set[str] = set()
    tables: dict[str, list] = {name: [] for name in TABLES}
    docs = []
    for c in loaded:
        errors += c.errors
        ids = c.documents["doc_id"].tolist()
        dup = [d for d in ids if d in seen]
        for d in dup:
            path = (c.docs.get(d, {}).get("source") or {}).get("path")
            errors.append({"path": path or d, "kind": "duplicate_doc_id",
                           "message": f"doc_id {d!r} is already taken by an earlier input"})
        seen.update(ids)
        for name in TABLES:
            t = c.tables[name]
            tables[name].append(t[~t["doc_id"].isin(dup)])
        docs += [d for k, d in c.docs.items() if k not in dup]
    merged = {name: pd.concat(parts, ignore_index=True) if parts else None for name, parts in tables.items()}
    if not loaded:
        return Corpus.from_docs([], errors=errors)
    return Corpus.from_tables(merged, docs, errors=errors)


def _number(value: float, unit: str) -> str:
    # Money and counts read better in 万/亿 than in long digit strings.
    for size, word in ((1e8, "亿"), (1e4, "万")):
        if unit not in ("%", "个百分点") and abs(value) >= size:
            return f"{value / size:.6g}{word}{unit}"
    return f"{value:.6g}{unit}"


_SYMBOL = {"=": "", ">=": "≥", ">": ">", "<=": "≤", "<": "<", "~": "≈"}


def cell(row: Any) -> str:
    """One target as a short string: ≥95% (2025), ≈6.5%, 2-3万个."""
    pd = require("pandas", "research")

    if pd.isna(row["value"]):
        return ""
    unit = "" if pd.isna(row["unit"]) else str(row["unit"])
    text = _SYMBOL.get(str(row["comparator"]), str(row["comparator"])) + _number(float(row["value"]), "")
    if not pd.isna(row["value_max"]):
        text += "-" + _number(float(row["value_max"]), "")
    text += unit
    if not pd.isna(row["deadline"]):
        text += f" ({row['deadline']})"
    return text


def render(long, fmt: str, doc_ids: Sequence[str], labels: Mapping[str, str] | None = None) -> str:
    """The comparison as text: ``table`` (one cell per indicator and document), ``csv`` or
    ``json`` (the long table, one record per indicator and document). ``labels`` ({doc_id: short
    name}, see ``labels.doc_labels``) head the table's columns beside the ids and fill a
    ``doc_label`` column of the long table."""
    import json

    pd = require("pandas", "research")

    if labels is not None:
        long = long.assign(doc_label=long["doc_id"].map(dict(labels)).astype("string"))
    if fmt == "csv":
        return long.to_csv(index=False)
    if fmt == "json":
        records = json.loads(long.to_json(orient="records", force_ascii=False))
        return json.dumps(records, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}: choose table, csv or json")
    if long.empty:
        return "no targets to compare\n"
    grid = pd.DataFrame(index=pd.Index(list(dict.fromkeys(long["label"])), name="indicator"),
                        columns=list(doc_ids), dtype=object).fillna("")
    for _, row in long.iterrows():
        grid.loc[row["label"], row["doc_id"]] = cell(row)
    with pd.option_context("display.unicode.east_asian_width", True, "display.max_rows", None,
                           "display.max_columns", None, "display.width", 0):
        if labels:
            grid.columns = [f"{d} {labels.get(d, '')}".strip() for d in grid.columns]
        return grid.to_string() + "\n"


# ---------------------------------------------------------------- tables for -o

#: The tables ``comparison_tables`` returns, in the order they are written.
COMPARISON_TABLES = ("targets", "targets_long", "workload", "citations", "documents")


def comparison_tables(corpus, *, mapping=None, indicator: str | None = None) -> dict:
    """The comparison of a corpus as tables, each document named by its id and a short label.

    ``targets``: one row per canonical indicator, one column per document (``doc_id label``),
    cells like ``≥95% (2025)``; ``targets_long``: the same one row per indicator and document,
    every field; ``workload``: tasks led, co-led and answered for per canonical unit;
    ``citations``: one row per reference, resolved to a corpus document where possible;
    ``documents``: doc_id, label, title, issuers, signed date.
    """
    pd = require("pandas", "research")

    from .labels import doc_labels

    labels = doc_labels(corpus.documents, corpus.regions)
    long = compare_targets(corpus, mapping=mapping, indicator=indicator)
    docs = [d for d in corpus.doc_ids if not indicator or d in set(long["doc_id"].tolist())]
    long = long.assign(doc_label=long["doc_id"].map(labels).astype("string"))
    heads = {d: f"{d} {labels[d]}".strip() for d in docs}
    groups = list(dict.fromkeys(zip(long["group"].tolist(), long["label"].tolist(), strict=True)))
    cells = {(row["group"], row["doc_id"]): cell(row) for _, row in long.iterrows()}
    grid = pd.DataFrame({"indicator": [label for _, label in groups], "group": [g for g, _ in groups],
                         **{heads[d]: [cells.get((g, d), "") for g, _ in groups] for d in docs}}, dtype="string")
    edges = corpus.citation_graph()
    edges = edges.assign(source_label=edges["source"].map(labels).astype("string"),
                         target_label=edges["target"].map(labels).astype("string"))
    documents = corpus.documents[["doc_id", "title", "issuers", "signed_date"]].copy()
    documents.insert(1, "label", documents["doc_id"].map(labels).astype("string"))
    return {"targets": grid, "targets_long": long, "workload": corpus.unit_workload(),
            "citations": edges, "documents": documents}


def write_tables(tables: Mapping[str, Any], out_dir: str | os.PathLike, fmt: str = "csv") -> list[str]:
    """Write each table as ``NAME.csv`` (UTF-8 with a BOM, so spreadsheets read the Chinese) or
    ``NAME.parquet``; returns the paths written."""
    from pathlib import Path

    if fmt not in ("csv", "parquet"):
        raise ValueError(f"unknown format {fmt!r}: choose csv or parquet")
    if fmt == "parquet":
        require_extra("parquet", "Parquet tables")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in tables.items():
        path = out / f"{name}.{fmt}"
        if fmt == "csv":
            df.to_csv(path, index=False, encoding="utf-8-sig")
        else:
            df.to_parquet(path, index=False)
        written.append(str(path))
    return written
