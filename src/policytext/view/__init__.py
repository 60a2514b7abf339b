"""HTML views of parsed documents: the evidence of every item, highlighted in its source.

``render(doc)`` gives one self-contained page (no network, inline CSS and
JavaScript) for a ``PolicyDoc``; ``policytext.view.report`` builds an index
with corpus charts over a batch output folder.
"""
from __future__ import annotations

from typing import Any

from .page import render_data

__all__ = ["render", "render_data"]


def render(doc: Any, text: str | None = None) -> str:
    """The view of a parsed document as an HTML string.

    ``doc`` is a ``PolicyDoc`` (its own text is used) or its ``to_dict()``, then with
    ``text``, the source text its spans point into.
    """
    if isinstance(doc, dict):
        return render_data(doc, text, note=None if text is not None else "no source text was given")
    return render_data(doc.to_dict(), doc.text if text is None else text)
