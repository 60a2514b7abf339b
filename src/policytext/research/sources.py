"""What the research functions accept: parsed documents, their dicts, or a corpus of them.

A *source* is any of
- a ``policytext.research.corpus.Corpus`` (or any object with ``tables`` and/or ``docs``),
- a mapping ``{doc_id: PolicyDoc | dict}``,
- an iterable of ``PolicyDoc`` objects or their ``to_dict()`` dicts.

Tables come from ``policytext.research.tables`` either way, so a corpus and a list of
documents give the same rows.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .tables import frame, rows


def _tables_of(source: Any) -> Mapping | None:
    tables = getattr(source, "tables", None)
    if callable(tables):
        tables = tables()
    return tables if isinstance(tables, Mapping) else None


def documents(source: Any) -> list[Any]:
    """The documents of a source, as ``PolicyDoc`` objects or dicts, in the source's order."""
    docs = getattr(source, "docs", None)
    if callable(docs):
        docs = docs()
    if docs is None:
        docs = source
    if isinstance(docs, Mapping):
        tables = _tables_of(source)
        if not docs and tables is not None and "documents" in tables and len(tables["documents"]):
            raise ValueError("the corpus holds tables only (read from Parquet): load the documents' folder "
                             "or batch JSON output to have the documents themselves")
        return list(docs.values())
    if isinstance(docs, (str, bytes)) or not isinstance(docs, Iterable):
        raise TypeError(f"expected documents, a mapping of them or a corpus, got {type(source).__name__}")
    return list(docs)


def table(source: Any, name: str):
    """One entity table (``policytext.research.tables`` columns) of a source, as a DataFrame."""
    tables = _tables_of(source)
    if tables is not None and name in tables:
        return tables[name]
    attr = getattr(source, name, None)
    if attr is not None and hasattr(attr, "columns"):
        return attr
    return frame(name, [r for doc in documents(source) for r in rows(doc)[name]])


def doc_id(doc: Any) -> str:
    return doc["doc_id"] if isinstance(doc, Mapping) else doc.doc_id


def as_dict(doc: Any) -> dict:
    return dict(doc) if isinstance(doc, Mapping) else doc.to_dict()


def text_of(doc: Any) -> str:
    """The source text a document's spans point into.

    A ``PolicyDoc`` carries it; a dict must have it under ``text`` (the JSON output
    leaves the text out, so a dict read back from JSON needs it added).
    """
    if isinstance(doc, Mapping):
        text = doc.get("text")  # a corpus's OutputDoc gets it back from the source file here
        if text is None:
            why = getattr(doc, "text_note", None)
            raise ValueError(f"document {doc.get('doc_id')!r} has no 'text'" + (f": {why}" if why else
                             ": add the source text to its dict or pass the PolicyDoc"))
        return text
    return doc.text
