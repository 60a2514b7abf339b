"""policytext as a spaCy pipeline component (the ``policytext[spacy]`` extra).

    import spacy
    nlp = spacy.blank("zh")
    nlp.add_pipe("policytext")        # found through the spacy_factories entry point
    doc = nlp(text)
    [(s.text, s._.value, s._.deadline) for s in doc.spans["targets"]]

The component parses ``doc.text`` with :func:`policytext.parse` and puts every item
that has a span into a span group (sections, tasks, units, targets, amounts, times,
references, boxes: the 专栏 panels of a plan). ``doc._.policytext`` holds the full output dict; each span's ``._.``
attributes are read from that dict through the span's ``id_`` (``"targets/3"``,
``"tasks/0/units/2"``). Reading rather than storing per span matters: spaCy keys
stored span attributes by character offsets only, and two items can share a span
(``种植、收获机械化率均达到45%`` gives two targets with one text).

Offsets are policytext's; where they fall inside a token (spaCy's Chinese tokenizer
keeps a single space as the previous token's trailing whitespace) the span is
snapped to tokens with the ``snap`` alignment mode and counted in
``doc._.policytext_snapped``. Items without a usable span (implied units, or
``snap="strict"`` misses) are left out of the groups and counted in
``doc._.policytext_skipped``; they remain in ``doc._.policytext``.

The module imports spaCy (it registers the factory); ``import policytext`` does not
import this module.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from ..errors import require

require("spacy", "spacy", "policytext.integrations.spacy_bridge")  # without spaCy: the one line naming the pip install

from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc, Span  # noqa: E402

from ..pipeline import parse  # noqa: E402

#: Span groups filled, in the order they are written.
GROUPS: tuple[str, ...] = ("sections", "tasks", "units", "targets", "amounts", "times", "references", "boxes")

#: Span attributes (``span._.name``); all read-only, None where an item lacks the field.
SPAN_ATTRS: tuple[str, ...] = (
    "role", "implicit", "value", "value_max", "unit", "comparator", "deadline", "indicator",
    "instrument", "instrument_source", "instrument_guess", "pt_id", "pt_item",
)

#: Doc attributes: the full output, and how many items were snapped or left out.
DOC_ATTRS: tuple[str, ...] = ("policytext", "policytext_snapped", "policytext_skipped")

SNAP_MODES: tuple[str, ...] = ("expand", "contract", "strict")


def _item(span: Span) -> dict | None:
    """The output dict of the item behind a span, found by the path in its ``id_``."""
    data = span.doc._.policytext
    path = span.id_
    if data is None or not path:
        return None
    node: Any = data
    try:
        for step in path.split("/"):
            # A Doc read back from a DocBin holds tuples where the parse gave lists.
            node = node[int(step)] if isinstance(node, list | tuple) else node[step]
    except (KeyError, IndexError, ValueError):
        return None
    return node if isinstance(node, dict) else None


def _owner_task(span: Span) -> dict | None:
    """For a unit span ("tasks/i/units/j"), the task that names the unit."""
    parts = span.id_.split("/")
    if len(parts) != 4 or parts[0] != "tasks":
        return None
    return span.doc._.policytext["tasks"][int(parts[1])]


def _get(name: str, span: Span) -> Any:
    item = _item(span)
    if item is None:
        return None
    if name == "pt_item":
        return item
    if name == "pt_id":
        if "id" in item:
            return item["id"]
        # Units have no id of their own; the task that names them identifies them.
        owner = _owner_task(span)
        return owner["id"] if owner else None
    if name in ("instrument", "instrument_source", "instrument_guess"):
        # An abstention has instrument None and instrument_source "abstain", apart from uncoded spans;
        # instrument_guess is what it would have coded.
        instrument = item.get("instrument")
        key = {"instrument": "primary", "instrument_source": "source", "instrument_guess": "guess"}[name]
        return instrument.get(key) if isinstance(instrument, dict) else None
    if name == "deadline" and "deadlines" in item:
        # A task may have several deadlines; the latest is when it is due (ISO strings sort in time).
        return max(item["deadlines"], default=None)
    return item.get(name)


_GETTERS: dict[str, Callable[[Span], Any]] = {name: partial(_get, name) for name in SPAN_ATTRS}


def register_extensions() -> None:
    """Register the ``._.`` attributes (idempotent). Call it before reading Docs saved with a
    DocBin in a process that has not built the component."""
    for name, getter in _GETTERS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, getter=getter)
        elif Span.get_extension(name)[2] is not getter:
            raise ValueError(
                f"Span extension {name!r} is already registered by other code; policytext needs it "
                "for its own values (remove the other registration or use Span.remove_extension)")
    defaults: dict[str, Any] = {"policytext": None, "policytext_snapped": 0, "policytext_skipped": 0}
    for name, default in defaults.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def _label(group: str, item: dict) -> str:
    if group == "sections":
        return f"L{item['level']}"
    if group == "units":
        return item["role"]
    if group in ("amounts", "times"):
        return item["kind"]
    if group == "boxes":
        return "box"
    return group[:-1]  # task, target, reference


def _items(data: dict) -> list[tuple[str, str, dict]]:
    """(group, path, item) for every item with or without a span, in group order."""
    out: list[tuple[str, str, dict]] = []
    for group in GROUPS:
        if group == "units":
            for i, task in enumerate(data["tasks"]):
                for j, unit in enumerate(task.get("units") or []):
                    out.append((group, f"tasks/{i}/units/{j}", unit))
        else:
            for i, item in enumerate(data.get(group) or []):
                out.append((group, f"{group}/{i}", item))
    return out


class PolicyTextComponent:
    """Parse each Doc's text with policytext and expose the result as span groups."""

    def __init__(self, nlp: Language, name: str = "policytext", snap: str = "expand", doc_id: str = "doc"):
        if snap not in SNAP_MODES:
            raise ValueError(f"policytext component: snap must be one of {', '.join(SNAP_MODES)}, not {snap!r}")
        self.name = name
        self.snap = snap
        self.doc_id = doc_id
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        # A caller can name each document: doc.user_data["doc_id"] = "shaoxing-2022".
        doc_id = doc.user_data.get("doc_id") or self.doc_id
        data = parse(doc.text, str(doc_id)).to_dict()
        doc._.policytext = data
        groups: dict[str, list[Span]] = {group: [] for group in GROUPS}
        snapped = skipped = 0
        for group, path, item in _items(data):
            if item.get("span") is None:
                skipped += 1
                continue
            start, end = item["span"]
            label = _label(group, item)
            span = doc.char_span(start, end, label=label, span_id=path)
            if span is None and self.snap != "strict":
                span = doc.char_span(start, end, label=label, span_id=path, alignment_mode=self.snap)
                snapped += span is not None
            if span is None:
                skipped += 1
                continue
            groups[group].append(span)
        for group, spans in groups.items():
            doc.spans[group] = spans
        doc._.policytext_snapped = snapped
        doc._.policytext_skipped = skipped
        return doc


@Language.factory(
    "policytext",
    default_config={"snap": "expand", "doc_id": "doc"},
    assigns=[f"doc._.{a}" for a in DOC_ATTRS],  # spaCy's declarations have no form for span groups
)
def make_component(nlp: Language, name: str, snap: str, doc_id: str) -> PolicyTextComponent:
    """The ``policytext`` factory; ``snap`` is a ``Doc.char_span`` alignment mode for offsets
    that fall inside a token ("strict" leaves such items out)."""
    return PolicyTextComponent(nlp, name, snap=snap, doc_id=doc_id)
