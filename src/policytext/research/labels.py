"""Short names for documents, shown beside their ids in comparison tables: place (or issuer) and year.

An id such as ``0151`` says nothing to a reader; ``丽水市 2024`` does. The place is the innermost
place the document speaks from (its region, issuers or title, as canonical units read them); a
national document is named by its first issuer. The year is the signing date's, else the
publication date's, else the year of its 发文字号. Neither known: the label is empty.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import require
from .tables import LIST_SEP

#: Longest issuer kept in a label; the id beside it tells documents apart.
MAX_NAME = 12


def _text(v: Any) -> str | None:
    pd = require("pandas", "research")

    return None if v is None or pd.isna(v) or not str(v).strip() else str(v).strip()


def _year(row: Mapping[str, Any]) -> str | None:
    for col in ("signed_date", "published_date"):
        value = _text(row.get(col))
        if value and value[:4].isdigit():
            return value[:4]
    year = _text(row.get("doc_number_year"))
    return str(int(float(year))) if year else None


def _name(row: Mapping[str, Any], region: str | None) -> str | None:
    from .canonical_units import NATIONAL, document_context

    issuers = (_text(row.get("issuers")) or "").split(LIST_SEP)
    issuers = [i for i in issuers if i]
    ctx = document_context(*issuers, _text(row.get("title")), region=region)
    if ctx.places and ctx.places[-1][1] != NATIONAL:
        return ctx.places[-1][1]
    # A title says what the document is about, not who speaks; the id beside the label is enough then.
    return issuers[0][:MAX_NAME] if issuers else None


def doc_labels(documents, regions: Mapping[str, str] | None = None) -> dict[str, str]:
    """{doc_id: short name}, e.g. ``丽水市 2024`` or ``国务院 2018``; empty when nothing is known.

    ``documents`` is the documents table (``policytext.research.tables``); ``regions`` ({doc_id: region})
    overrides where a document speaks from, as for canonical units.
    """
    regions = regions or {}
    out = {}
    for row in documents.to_dict("records"):
        parts = [p for p in (_name(row, regions.get(row["doc_id"])), _year(row)) if p]
        out[str(row["doc_id"])] = " ".join(parts)
    return out
