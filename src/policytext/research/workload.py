"""Unit workload: how many tasks each canonical unit leads, helps with or answers for."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import require
from .tables import LIST_SEP

ROLES = ("lead", "co", "responsible")
#: The default grouping: one row per kind of unit at a level (all provincial 发展和改革委员会 together).
DEFAULT_BY = ("canonical", "unit_level", "unit_kind")


def canonical_table(source: Any, regions=None):
    """The canonical units table of a corpus, a list of documents or a ready table."""
    from .canonical_units import canonical_units
    from .sources import table

    if hasattr(source, "columns") and "canonical" in source.columns:
        return source
    method = getattr(source, "canonical_units", None)
    if callable(method):
        return method()
    return canonical_units(table(source, "units"), table(source, "documents"), regions)


def unit_workload(source: Any, *, by: Sequence[str] = DEFAULT_BY, per_document: bool = False,
                  regions=None):
    """Per canonical unit: tasks led, co (配合/参与), responsible, all tasks, documents.

    ``source`` is a ``Corpus``, documents (``PolicyDoc`` or dicts) or a canonical units table.
    ``by`` picks the grouping columns of the canonical units table (add ``"jurisdiction"``
    to keep 绍兴市 and 济南市 apart); ``per_document`` adds ``doc_id`` to it. A task counts
    once per role however many names of the same unit it lists; ``tasks`` counts it once.
    ``names`` lists the written forms. Rows are sorted by tasks, then lead, then the keys.
    """
    pd = require("pandas", "research")

    canon = canonical_table(source, regions)
    keys = [*(["doc_id"] if per_document and "doc_id" not in by else []), *by]
    missing = [k for k in keys if k not in canon.columns]
    if missing:
        raise ValueError(f"unknown grouping columns {missing}; the table has {list(canon.columns)}")
    df = canon[list(dict.fromkeys([*keys, "doc_id", "task_id", "role", "implicit", "unit", "mapped"]))].copy()
    df["_task"] = df["doc_id"].astype(str) + "\x1f" + df["task_id"].astype(str)
    grouped = df.groupby(keys, dropna=False, observed=True, sort=False)
    out = grouped.agg(tasks=("_task", "nunique"), documents=("doc_id", "nunique"),
                      mentions=("unit", "size"), mapped=("mapped", "all"))
    for role in ROLES:
        part = df[df["role"] == role].groupby(keys, dropna=False, observed=True, sort=False)["_task"].nunique()
        out[role] = part.reindex(out.index, fill_value=0)
    implicit = df[df["implicit"].fillna(False).astype(bool)]
    out["implicit"] = (implicit.groupby(keys, dropna=False, observed=True, sort=False)["_task"].nunique()
                       .reindex(out.index, fill_value=0))
    out["names"] = grouped["unit"].agg(lambda s: LIST_SEP.join(sorted(set(s.dropna()))))
    out = out.reset_index()
    out = out[[*keys, "lead", "co", "responsible", "tasks", "implicit", "documents", "mentions", "mapped", "names"]]
    counts = {c: "Int64" for c in ("lead", "co", "responsible", "tasks", "implicit", "documents", "mentions")}
    out = out.astype({**counts, "mapped": "boolean", "names": "string"})
    # Keys sort as text with missing values last, so the order never depends on the input order.
    order = pd.DataFrame({k: out[k].astype("string").fillna("\uffff") for k in keys})
    order["_tasks"], order["_lead"] = -out["tasks"].astype("int64"), -out["lead"].astype("int64")
    idx = order.sort_values(["_tasks", "_lead", *keys], kind="stable").index
    return out.loc[idx].reset_index(drop=True)
