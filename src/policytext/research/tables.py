"""Tidy entity tables from parsed documents: one row per item, keyed by doc_id, spans as two columns.

The same tables back the research API (``policytext.research.corpus``), the batch Parquet
output and the Spark functions, so their columns are defined once, here.
``rows()`` needs nothing beyond the standard library; ``frames()`` builds pandas
DataFrames with fixed dtypes, so an empty table still has its columns.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..errors import require

#: Column name → pandas dtype, per table. Spans are (span_start, span_end); a
#: null span (an implied unit) is <NA> in both.
COLUMNS: dict[str, dict[str, str]] = {
    "documents": {
        "doc_id": "string", "path": "string", "format": "category", "encoding": "category",
        "sha256": "string", "chars": "Int64", "title": "string", "doc_type": "category",
        "enclosed_titles": "string", "doc_number": "string", "doc_number_prefix": "string",
        "doc_number_year": "Int64", "doc_number_serial": "Int64", "issuers": "string",
        "recipients": "string", "signed_date": "string", "published_date": "string",
        "n_sections": "Int64", "n_tasks": "Int64", "n_instrument_abstained": "Int64",
        "n_targets": "Int64", "n_amounts": "Int64",
        "n_references": "Int64", "warnings": "string",
    },
    "sections": {
        "doc_id": "string", "section_id": "string", "parent": "string", "part": "Int64",
        "level": "Int64", "marker": "string", "ordinal": "Int64", "title": "string",
        "span_start": "Int64", "span_end": "Int64",
    },
    "tasks": {
        "doc_id": "string", "task_id": "string", "section_id": "string", "part": "Int64",
        "marker": "string", "ordinal": "Int64", "title": "string", "text": "string",
        "deadlines": "string", "n_units": "Int64", "n_targets": "Int64",
        "instrument": "category", "instrument_secondary": "string", "instrument_score": "Float64",
        "instrument_source": "category", "instrument_confidence": "Float64", "instrument_guess": "category",
        "span_start": "Int64", "span_end": "Int64",
    },
    "units": {
        "doc_id": "string", "task_id": "string", "unit": "string", "role": "category",
        "implicit": "boolean", "position": "Int64", "span_start": "Int64", "span_end": "Int64",
    },
    "targets": {
        "doc_id": "string", "target_id": "string", "task_id": "string", "section_id": "string",
        "indicator": "string", "comparator": "category", "value": "Float64", "value_max": "Float64",
        "baseline": "Float64", "unit": "category", "change": "category", "deadline": "string",
        "text": "string", "span_start": "Int64", "span_end": "Int64",
    },
    "amounts": {
        "doc_id": "string", "amount_id": "string", "task_id": "string", "section_id": "string",
        "kind": "category", "comparator": "category", "value": "Float64", "value_max": "Float64",
        "unit": "category", "text": "string", "span_start": "Int64", "span_end": "Int64",
    },
    "times": {
        "doc_id": "string", "kind": "category", "value": "string", "text": "string",
        "span_start": "Int64", "span_end": "Int64",
    },
    "references": {
        "doc_id": "string", "title": "string", "doc_number": "string", "doc_number_prefix": "string",
        "doc_number_year": "Int64", "doc_number_serial": "Int64", "span_start": "Int64", "span_end": "Int64",
    },
    # 专栏 panels (key projects, pilot lists) a plan prints between its items; neither sections nor tasks
    "boxes": {
        "doc_id": "string", "box_id": "string", "section_id": "string", "part": "Int64", "marker": "string",
        "ordinal": "Int64", "title": "string", "text": "string", "span_start": "Int64", "span_end": "Int64",
    },
}

TABLES: tuple[str, ...] = tuple(COLUMNS)

#: Separator for list-valued cells (issuers, deadlines …): cells hold strings, never Python lists.
LIST_SEP = "；"


def _span(item: dict) -> dict[str, Any]:
    span = item.get("span")
    return {"span_start": span[0] if span else None, "span_end": span[1] if span else None}


def _joined(values: Iterable[str] | None) -> str | None:
    values = list(values or [])
    return LIST_SEP.join(values) if values else None


def _guess(ins: dict, scores: dict) -> str | None:
    """The coder's top code; JSON written before ``guess`` was a field sorts ``scores``, so there an
    abstention's guess is known only when it has one score."""
    if "guess" in ins:
        return ins["guess"]
    return ins.get("primary") or (next(iter(scores)) if len(scores) == 1 else None)


def _number(num: dict | None, prefix: str = "doc_number") -> dict[str, Any]:
    num = num or {}
    return {
        prefix: num.get("text"),
        f"{prefix}_prefix": num.get("prefix"),
        f"{prefix}_year": num.get("year"),
        f"{prefix}_serial": num.get("serial"),
    }


def _as_dict(doc: Any) -> dict:
    return doc if isinstance(doc, dict) else doc.to_dict()


def rows(doc: Any) -> dict[str, list[dict[str, Any]]]:
    """The rows of every table for one document (a ``PolicyDoc`` or its ``to_dict()``)."""
    d = _as_dict(doc)
    doc_id = d["doc_id"]
    meta, source = d.get("meta") or {}, d.get("source") or {}
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    out["documents"].append({
        "doc_id": doc_id, "path": source.get("path"), "format": source.get("format"),
        "encoding": source.get("encoding"), "sha256": source.get("sha256"), "chars": source.get("chars"),
        "title": meta.get("title"), "doc_type": meta.get("doc_type"),
        "enclosed_titles": _joined(e["title"] for e in meta.get("enclosed") or []),
        **_number(meta.get("doc_number")),
        "issuers": _joined(meta.get("issuers")), "recipients": _joined(meta.get("recipients")),
        "signed_date": meta.get("signed_date"), "published_date": meta.get("published_date"),
        "n_sections": len(d.get("sections") or []), "n_tasks": len(d.get("tasks") or []),
        # Tasks the instrument coder left uncoded (primary null), counted apart from coded ones.
        "n_instrument_abstained": sum((t.get("instrument") or {}).get("source") == "abstain"
                                      for t in d.get("tasks") or []),
        "n_targets": len(d.get("targets") or []), "n_amounts": len(d.get("amounts") or []),
        "n_references": len(d.get("references") or []), "warnings": _joined(d.get("warnings")),
    })
    for s in d.get("sections") or []:
        out["sections"].append({
            "doc_id": doc_id, "section_id": s["id"], "parent": s.get("parent"), "part": s.get("part"),
            "level": s.get("level"), "marker": s.get("marker"), "ordinal": s.get("ordinal"),
            "title": s.get("title"), **_span(s),
        })
    for t in d.get("tasks") or []:
        ins = t.get("instrument") or {}
        scores = ins.get("scores") or {}
        out["tasks"].append({
            "doc_id": doc_id, "task_id": t["id"], "section_id": t.get("section"), "part": t.get("part"),
            "marker": t.get("marker"), "ordinal": t.get("ordinal"), "title": t.get("title"),
            "text": t.get("text"), "deadlines": _joined(t.get("deadlines")),
            "n_units": len(t.get("units") or []), "n_targets": len(t.get("targets") or []),
            "instrument": ins.get("primary"), "instrument_secondary": _joined(ins.get("secondary")),
            "instrument_score": scores.get(ins.get("primary")) if ins else None,
            "instrument_source": ins.get("source"), "instrument_confidence": ins.get("confidence"),
            "instrument_guess": _guess(ins, scores),
            **_span(t),
        })
        for position, u in enumerate(t.get("units") or []):
            out["units"].append({
                "doc_id": doc_id, "task_id": t["id"], "unit": u["name"], "role": u.get("role"),
                "implicit": u.get("implicit"), "position": position, **_span(u),
            })
    for g in d.get("targets") or []:
        out["targets"].append({
            "doc_id": doc_id, "target_id": g["id"], "task_id": g.get("task"), "section_id": g.get("section"),
            "indicator": g.get("indicator"), "comparator": g.get("comparator"), "value": g.get("value"),
            "value_max": g.get("value_max"), "baseline": g.get("baseline"), "unit": g.get("unit"),
            "change": g.get("change"), "deadline": g.get("deadline"), "text": g.get("text"), **_span(g),
        })
    for a in d.get("amounts") or []:
        out["amounts"].append({
            "doc_id": doc_id, "amount_id": a["id"], "task_id": a.get("task"), "section_id": a.get("section"),
            "kind": a.get("kind"), "comparator": a.get("comparator"), "value": a.get("value"),
            "value_max": a.get("value_max"), "unit": a.get("unit"), "text": a.get("text"), **_span(a),
        })
    for x in d.get("times") or []:
        out["times"].append({
            "doc_id": doc_id, "kind": x.get("kind"), "value": x.get("value"), "text": x.get("text"), **_span(x),
        })
    for r in d.get("references") or []:
        out["references"].append({
            "doc_id": doc_id, "title": r.get("title"), **_number(r.get("doc_number")), **_span(r),
        })
    for b in d.get("boxes") or []:
        out["boxes"].append({
            "doc_id": doc_id, "box_id": b["id"], "section_id": b.get("section"), "part": b.get("part"),
            "marker": b.get("marker"), "ordinal": b.get("ordinal"), "title": b.get("title"), "text": b.get("text"),
            **_span(b),
        })
    return out


def frame(name: str, records: list[dict[str, Any]]):
    """One table as a DataFrame with the declared columns and dtypes."""
    pd = require("pandas", "research")

    cols = COLUMNS[name]
    df = pd.DataFrame.from_records(records, columns=list(cols))
    return df.astype(cols)


def frames(docs: Iterable[Any]) -> dict[str, Any]:
    """All tables for many documents, as ``{table name: DataFrame}``."""
    collected: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for doc in docs:
        for name, recs in rows(doc).items():
            collected[name].extend(recs)
    return {name: frame(name, recs) for name, recs in collected.items()}
