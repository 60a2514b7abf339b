"""The source text as HTML with every item highlighted at its span.

Spans nest (a unit inside a task inside a section's body) and sometimes
cross (a target that runs past the end of its task). HTML elements can only
nest, so an item that crosses the end of an enclosing one is closed there and
reopened after it: one item may become several ``<mark>`` fragments, all
carrying its index in ``data-i``; joined, their text is exactly
``text[start:end]``.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Mark:
    """A span to highlight: offsets into the text, the item index it belongs to, its kind (CSS class
    suffix) and an optional badge drawn before its first fragment.
    """
    start: int
    end: int
    index: int  # position in the page's item list; rows and fragments share it
    kind: str  # css class suffix: task, sec, unit-lead, target, …
    badge: str = ""  # a short label drawn before the first fragment (task ids)


def text_html(s: str) -> str:
    """Escaped text; CR as a character reference, or the HTML parser would fold CR LF into LF."""
    return escape(s, quote=False).replace("\r", "&#13;")


def valid(mark: Mark, length: int) -> bool:
    """Whether the mark is a non-empty span inside a text of ``length`` characters."""
    return 0 <= mark.start < mark.end <= length


def _open(mark: Mark, first: bool) -> str:
    """The opening ``<mark>`` tag of a fragment; only an item's first fragment carries ``f0`` and the badge."""
    badge = f' data-b="{escape(mark.badge)}"' if first and mark.badge else ""
    cls = f"m k-{mark.kind}" + (" f0" if first else "")
    return f'<mark class="{cls}" data-i="{mark.index}"{badge}>'


def mark_up(text: str, marks: list[Mark]) -> str:
    """``text`` escaped, with a ``<mark>`` around every valid span (invalid ones are left out).

    A mark that crosses the end of an enclosing one is split there and reopened:

    >>> print(mark_up("abcd", [Mark(0, 3, 0, "task"), Mark(2, 4, 1, "target")]))
    <mark class="m k-task f0" data-i="0">ab<mark class="m k-target f0" data-i="1">c</mark></mark><mark class="m k-target" data-i="1">d</mark>
    """
    good = [m for m in marks if valid(m, len(text))]
    # Longer items open first so they enclose the shorter ones that start at the same place.
    good.sort(key=lambda m: (m.start, -m.end, m.index))
    starts: dict[int, list[Mark]] = {}
    ends: set[int] = set()
    for m in good:
        starts.setdefault(m.start, []).append(m)
        ends.add(m.end)
    points = sorted(set(starts) | ends)
    out: list[str] = []
    stack: list[Mark] = []
    pos = 0
    for p in points:
        if p > pos:
            out.append(text_html(text[pos:p]))
            pos = p
        if p in ends and stack:
            # Close from the outermost item ending here; inner items that go on are reopened.
            k = next((i for i, m in enumerate(stack) if m.end == p), None)
            if k is not None:
                out.append("</mark>" * (len(stack) - k))
                reopen = [m for m in stack[k:] if m.end != p]
                del stack[k:]
                for m in reopen:
                    out.append(_open(m, first=False))
                    stack.append(m)
        for m in starts.get(p, ()):
            out.append(_open(m, first=True))
            stack.append(m)
    out.append(text_html(text[pos:]))
    out.append("</mark>" * len(stack))
    return "".join(out)
