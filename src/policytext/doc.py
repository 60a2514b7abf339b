"""The document model: one object that every stage of the pipeline adds to.

Every extracted item carries ``span = (start, end)``: half-open character
offsets into ``PolicyDoc.text``, the decoded source that is never altered.
Stages work on a normalised view of the text (``PolicyDoc.view``) and convert
its offsets back through the view's offset map before storing them.

Fields whose metadata says ``internal`` are working state for later stages;
they are not part of the output contract and never reach ``to_dict()``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

from .about import OUTPUT_SCHEMA_VERSION

Span = tuple[int, int]


def internal(default: Any = None, factory: Any = None) -> Any:
    """A field that stages use but the JSON output leaves out."""
    meta = {"internal": True}
    if factory is not None:
        return field(default_factory=factory, repr=False, compare=False, metadata=meta)
    return field(default=default, repr=False, compare=False, metadata=meta)


@dataclass
class DocNumber:
    """A 发文字号 such as 国发〔2022〕14号, parsed into its parts."""

    text: str
    prefix: str
    year: int | None
    serial: int | None


@dataclass
class Enclosed:
    """A document that a 印发/转发 notice issues."""

    title: str
    doc_type: str | None


@dataclass
class Source:
    """Where the text came from, and the source text that every span indexes.

    ``path`` as given, ``format`` read (txt, html, docx, pdf), ``encoding`` decoded from, and the
    sha256 and length in characters of the source text.
    """
    path: str | None
    format: str
    encoding: str | None
    sha256: str
    chars: int


@dataclass
class Meta:
    """The document's header: title, 文种, enclosed documents, 发文字号, issuers, recipients, dates, 抄送.

    Dates are ISO; a field not found stays None or empty.
    """
    title: str | None = None
    doc_type: str | None = None
    enclosed: list[Enclosed] = field(default_factory=list)
    doc_number: DocNumber | None = None
    issuers: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signed_date: str | None = None
    published_date: str | None = None
    cc: list[str] = field(default_factory=list)


@dataclass
class Section:
    """A numbered heading, with its place in the section tree.

    ``parent``, ``level`` and ``part`` place it; ``marker`` is as written, ``ordinal`` its number;
    the span covers marker and title.
    """
    id: str
    parent: str | None
    part: int
    level: int
    marker: str
    ordinal: int
    title: str
    span: Span
    # Working state, in view offsets: the marker's kind (e.g. "paren_cn"), the
    # heading's start, and where the section's body ends (the next heading of
    # the same or a higher level, or the end of its part).
    kind: str = internal("")
    view_start: int = internal(0)
    body_end: int = internal(0)


@dataclass
class Box:
    """A boxed panel (专栏) a plan prints between its items: neither a section nor part of a task.

    ``section`` is the section it stands in; ``marker`` is as written (专栏1), ``ordinal`` its number
    (None for an unnumbered 专栏); ``text`` is its lines after the title; the span covers the whole box.
    """
    id: str
    section: str | None
    part: int
    marker: str
    ordinal: int | None
    title: str
    text: str
    span: Span
    # Working state: the box's extent in view offsets.
    view_span: tuple[int, int] = internal((0, 0))


@dataclass
class UnitRef:
    """A unit a task names, with its role: lead, co or responsible.

    An implicit unit, assigned by a rule the document states once, has no span.
    """
    name: str
    role: str  # lead | co | responsible
    implicit: bool
    span: Span | None


@dataclass
class Instrument:
    """A task's policy-instrument codes (INSTRUMENTS.md) and which coder gave them.

    ``primary`` is None when the coder abstains; ``guess`` is the coder's top code either way (the
    primary when it codes; what it would have coded when it abstains, since JSON sorts the keys of
    ``scores``); ``source`` is model, lexicon or abstain; ``evidence`` spans the clause that decided;
    ``confidence`` is what a model's abstention was judged on (the probability of the code's type, for
    the shipped model), None from the lexicon.
    """
    primary: str | None  # None when the coder abstains
    secondary: list[str]
    scores: dict[str, float]
    source: str  # model | lexicon | abstain
    # The clause that decided the primary code (the top guess when abstaining), in source offsets.
    evidence: Span | None = None
    # Compared with the model's calibrated threshold: below it, the coder abstains.
    confidence: float | None = None
    guess: str | None = None

    def __post_init__(self) -> None:
        if self.guess is None:
            self.guess = self.primary or next(iter(self.scores), None)


@dataclass
class Task:
    """The smallest unit of work a document assigns, with its units, deadlines, targets and instrument."""

    id: str
    section: str | None
    part: int
    marker: str | None
    ordinal: int | None
    title: str
    text: str
    span: Span
    units: list[UnitRef] = field(default_factory=list)
    deadlines: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    instrument: Instrument | None = None
    # Working state: the task's extent in view offsets, and the boxes (专栏) inside it, whose words are
    # not the task's.
    view_span: tuple[int, int] = internal((0, 0))
    view_gaps: list[tuple[int, int]] = internal(factory=list)

    def holds(self, pos: int) -> bool:
        """Whether view offset ``pos`` is the task's: inside its extent and outside its boxes."""
        return self.view_span[0] <= pos < self.view_span[1] and not any(a <= pos < b for a, b in self.view_gaps)


@dataclass
class Target:
    """A quantified goal: indicator, comparator, value and unit, and the deadline it is due by.

    Values are fully expanded (2万个 → 20000 个); ``value_max`` ends a range, ``baseline`` is the
    from-value of 由X提高到Y, ``change`` is level, increase or decrease.
    """
    id: str
    task: str | None
    section: str | None
    indicator: str
    comparator: str
    value: float
    unit: str
    value_max: float | None
    baseline: float | None
    change: str  # level | increase | decrease
    deadline: str | None
    text: str
    span: Span


@dataclass
class Amount:
    """Money a document grants or budgets: subsidy, award, fund, budget or other.

    The numeric fields are a target's; there is no indicator.
    """
    id: str
    task: str | None
    section: str | None
    kind: str  # subsidy | award | fund | budget | other
    comparator: str
    value: float
    unit: str
    value_max: float | None
    text: str
    span: Span


@dataclass
class TimeExpr:
    """A time phrase with its kind (deadline, date, period, recurring, ongoing) and its ISO 8601 value."""

    text: str
    kind: str  # deadline | date | period | recurring | ongoing
    value: str | None
    span: Span


@dataclass
class Reference:
    """Another document the text cites, by title, by 发文字号 or both."""

    title: str | None
    doc_number: DocNumber | None
    span: Span


@dataclass
class PolicyDoc:
    """A parsed policy document; ``to_dict()`` gives the contract's JSON shape."""

    doc_id: str
    source: Source
    meta: Meta = field(default_factory=Meta)
    meta_spans: dict[str, Span] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    schema_version: str = OUTPUT_SCHEMA_VERSION
    # The decoded source text, never altered, and its normalised view.
    text: str = internal("")
    view: Any = internal(None)
    # Where each enclosed document (part 1, 2, …) starts in the view; part 0 is the notice.
    parts: list[int] = internal(factory=list)
    # View ranges that are the document's body: without the header block, a table
    # of contents, or appendices that are forms or indicator lists.
    body: list[tuple[int, int]] = internal(factory=list)
    # Where the text's own words end: a site's licence footer after them (本作品…属于公有领域) is
    # none of the document's (view offset; the view's length when there is none).
    text_end: int | None = internal(None)
    # Metadata a converted format read from its page (HTML metadata table, PDF info).
    page_meta: dict[str, Any] = internal(factory=dict)
    # The folder of the instrument model to code tasks with (None: the package's).
    instruments_model: str | None = internal(None)

    def to_dict(self) -> dict[str, Any]:
        """The document as plain JSON data in the contract's shape: working state left out, tuples as lists,
        whole floats as ints (so 95.0 prints as 95).

        >>> from policytext import parse
        >>> parse("关于加强安全生产的通知").to_dict()["meta"]["title"]
        '关于加强安全生产的通知'
        """
        return _plain(self)

    def to_json(self, indent: int | None = 1) -> str:
        """``to_dict()`` as JSON text, keys sorted and Chinese unescaped, so the same input gives the same
        bytes.

        >>> from policytext import parse
        >>> parse("关于加强安全生产的通知", "d1").to_json(indent=None)[:44]
        '{"amounts": [], "boxes": [], "doc_id": "d1",'
        """
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, indent=indent)

    def src_text(self, span: Span | None) -> str:
        """The evidence of an item: the source text under its span."""
        return "" if span is None else self.text[span[0] : span[1]]


def _plain(value: Any) -> Any:
    """``value`` as JSON data: dataclasses as dicts without their internal fields, tuples as lists,
    whole floats below 2**53 as ints.
    """
    if is_dataclass(value):
        return {
            f.name: _plain(getattr(value, f.name)) for f in fields(value) if not f.metadata.get("internal")
        }
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value
