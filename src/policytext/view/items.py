"""What a document view shows: one entry per extracted item, in a fixed order.

Every item gets an index; its highlight fragments in the text and its rows in
the tables carry that index, so a click on a row finds its evidence and a hover
on the evidence says which item it is. The view works on the contract's JSON
shape (a ``PolicyDoc.to_dict()`` or a batch output file), so both paths share it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .marks import Mark

ROLES = ("lead", "co", "responsible")


@dataclass
class Item:
    """One highlightable item of the view: its index (shared by its table row and text fragments), its
    kind (the CSS class), its source span or None, and the label a hover shows.
    """
    index: int
    kind: str  # meta | sec | task | unit-lead | unit-co | unit-responsible | target | amount | time | ref
    span: tuple[int, int] | None
    label: str  # what the hover says


def number(v: Any) -> str:
    """A value as the tables show it: whole floats without ``.0``, thousands separated from 10,000 on,
    None as empty.

    >>> number(20000.0), number(95.0), number(1.5), number(None)
    ('20,000', '95', '1.5', '')
    """
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return "" if v is None else f"{v:,}" if isinstance(v, int) and abs(v) >= 10000 else str(v)


def _span(value: Any) -> tuple[int, int] | None:
    """``(start, end)`` of a JSON span, or None when the value is not a pair of ints (a hand-edited file)."""
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(x, int) for x in value):
        return int(value[0]), int(value[1])
    return None


class Items:
    """The items of one document and the lookups the tables need."""

    def __init__(self, data: dict):
        """Index every item of the document dict ``data`` (meta spans, sections, tasks, units, targets,
        amounts, times, references, 专栏 boxes, in that order).
        """
        self.items: list[Item] = []
        self.meta: dict[str, int] = {}
        self.sections: list[int] = []
        self.tasks: list[int] = []
        self.units: dict[tuple[int, int], int] = {}  # (task number, unit number) → item
        self.targets: list[int] = []
        self.amounts: list[int] = []
        self.times: list[int] = []
        self.references: list[int] = []
        self.boxes: list[int] = []
        self._build(data)

    def _add(self, kind: str, span: Any, label: str) -> int:
        """Append an item and return its index."""
        self.items.append(Item(len(self.items), kind, _span(span), label))
        return len(self.items) - 1

    def _build(self, d: dict) -> None:
        """Add the items of every output field with their hover labels, recording each field's indices."""
        for name, span in sorted((d.get("meta_spans") or {}).items()):
            self.meta[name] = self._add("meta", span, f"header · {name}")
        for s in d.get("sections") or []:
            self.sections.append(self._add(
                "sec", s.get("span"), f"section {s.get('id')} · level {s.get('level')} · "
                                      f"{s.get('marker') or ''}{s.get('title') or ''}"))
        for ti, t in enumerate(d.get("tasks") or []):
            implicit = [f"{u.get('name')} ({u.get('role')})" for u in t.get("units") or [] if u.get("implicit")]
            label = f"task {t.get('id')} · {t.get('marker') or ''}{t.get('title') or ''}"
            if implicit:
                label += " · implicit units: " + "、".join(implicit)
            instrument = (t.get("instrument") or {}).get("primary")
            if instrument:
                label += f" · instrument {instrument}"
            self.tasks.append(self._add("task", t.get("span"), label))
            for ui, u in enumerate(t.get("units") or []):
                role = u.get("role") if u.get("role") in ROLES else "responsible"
                label = f"unit {u.get('name')} · {role}{' · implicit' if u.get('implicit') else ''} · task {t.get('id')}"
                self.units[(ti, ui)] = self._add(f"unit-{role}", u.get("span"), label)
        for g in d.get("targets") or []:
            value = number(g.get("value")) + (f"–{number(g.get('value_max'))}" if g.get("value_max") is not None else "")
            label = (f"target {g.get('id')} · {g.get('indicator') or ''} {g.get('comparator') or ''} {value} "
                     f"{g.get('unit') or ''}" + (f" · by {g['deadline']}" if g.get("deadline") else "")
                     + (f" · from {number(g['baseline'])}" if g.get("baseline") is not None else ""))
            self.targets.append(self._add("target", g.get("span"), label))
        for a in d.get("amounts") or []:
            label = (f"amount {a.get('id')} · {a.get('kind')} {a.get('comparator') or ''} {number(a.get('value'))} "
                     f"{a.get('unit') or ''}")
            self.amounts.append(self._add("amount", a.get("span"), label))
        for x in d.get("times") or []:
            self.times.append(self._add("time", x.get("span"), f"time · {x.get('kind')} · {x.get('value') or '-'}"))
        for r in d.get("references") or []:
            doc_number = (r.get("doc_number") or {}).get("text") or ""
            label = f"reference · {('《' + r['title'] + '》') if r.get('title') else ''}{doc_number}"
            self.references.append(self._add("ref", r.get("span"), label))
        for b in d.get("boxes") or []:
            label = f"box {b.get('id')} · {b.get('marker') or ''} {b.get('title') or ''} · not part of any task"
            self.boxes.append(self._add("box", b.get("span"), label))

    def marks(self, data: dict) -> list[Mark]:
        """The text marks of every item with a span, task marks badged with the task id.

        >>> import policytext
        >>> data = policytext.parse("关于推进数据共享的通知\\n一、重点任务\\n1. 建设平台。（责任单位：市大数据局）\\n").to_dict()
        >>> [(m.kind, m.start, m.end, m.badge) for m in Items(data).marks(data)]
        [('meta', 0, 11, ''), ('sec', 12, 18, ''), ('sec', 19, 26, ''), ('task', 19, 39, 't1'), ('unit-responsible', 33, 38, '')]
        """
        tasks = data.get("tasks") or []
        badges = {i: str(t.get("id") or "") for i, t in zip(self.tasks, tasks, strict=True)}
        return [Mark(it.span[0], it.span[1], it.index, it.kind, badges.get(it.index, ""))
                for it in self.items if it.span is not None]
