"""The classic 政策工具 distribution table: how often each document uses each instrument."""
from __future__ import annotations

from typing import Any

from ..errors import require
from ..research.tables import LIST_SEP
from .codes import CODES, TYPES, type_of


def _tasks_table(source: Any):
    """The tasks table of a DataFrame, a Corpus or parsed documents."""
    pd = require("pandas", "research")

    if isinstance(source, pd.DataFrame):
        return source
    tasks = getattr(source, "tasks", None)
    if isinstance(tasks, pd.DataFrame):  # a policytext.research.corpus.Corpus
        return tasks
    from ..research.tables import frames

    return frames(source)["tasks"]


def instrument_profile(source: Any, *, by: str = "code", secondary: bool = False):
    """Document × instrument counts and shares as a DataFrame.

    ``source`` is the ``tasks`` table of ``policytext.research.tables.frames`` (or of a Corpus), a Corpus, or
    parsed documents (``PolicyDoc`` or their ``to_dict()``). Rows are the documents with at least one
    coded or abstained task, in order of appearance; columns are ``("count", code)`` for every code,
    ``("count", "total")`` (coded tasks) and ``("count", "abstain")`` (tasks the coder left uncoded,
    counted apart), then ``("share", code)`` over the coded tasks, each row summing to 1 (0 where
    every task abstained). ``by="type"``
    groups the codes into supply / environment / demand. ``secondary=True`` also counts each
    task's secondary codes (shares are then of instrument mentions, not of tasks).
    """
    pd = require("pandas", "research")

    if by not in ("code", "type"):
        raise ValueError(f"by must be 'code' or 'type', not {by!r}")
    tasks = _tasks_table(source)
    missing = {"doc_id", "instrument"} - set(tasks.columns)
    if missing:
        raise ValueError(f"not a tasks table: no column(s) {sorted(missing)}")
    coded = tasks[tasks["instrument"].notna()]
    abstained = (tasks["instrument"].isna() & (tasks["instrument_source"] == "abstain")).fillna(False) \
        if "instrument_source" in tasks.columns else pd.Series(False, index=tasks.index)
    abstain_docs = list(tasks.loc[abstained.astype(bool), "doc_id"])
    records = [(d, str(c)) for d, c in zip(coded["doc_id"], coded["instrument"], strict=True)]
    if secondary and "instrument_secondary" in coded.columns:
        for d, cell in zip(coded["doc_id"], coded["instrument_secondary"], strict=True):
            if isinstance(cell, str) and cell:
                records.extend((d, c) for c in cell.split(LIST_SEP))
    unknown = sorted({c for _d, c in records if c not in CODES})
    if unknown:
        raise ValueError(f"unknown instrument codes {unknown}")
    labels = list(TYPES) if by == "type" else list(CODES)
    long = pd.DataFrame(
        [(d, type_of(c) if by == "type" else c) for d, c in records], columns=["doc_id", "instrument"])
    long["instrument"] = pd.Categorical(long["instrument"], categories=labels)
    order = [d for d in dict.fromkeys(tasks["doc_id"]) if d in set(long["doc_id"]) | set(abstain_docs)]
    if len(long):
        counts = pd.crosstab(long["doc_id"], long["instrument"], dropna=False)
    else:
        counts = pd.DataFrame(columns=labels)
    counts = counts.reindex(index=order, columns=labels, fill_value=0).astype("int64")
    counts.index.name, counts.columns.name = "doc_id", None
    total = counts.sum(axis=1)
    shares = counts.div(total.where(total > 0, 1), axis=0)
    counts["total"] = total
    counts["abstain"] = pd.Series(abstain_docs, dtype=object).value_counts().reindex(order, fill_value=0) \
        .astype("int64").to_numpy() if order else []
    return pd.concat({"count": counts, "share": shares}, axis=1)
