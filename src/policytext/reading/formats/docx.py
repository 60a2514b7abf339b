"""Word .docx: body paragraphs in order with their list numbers, tables as rows.

Headers, footers, footnotes and comments live in other parts and are not read.
Drawings, pictures and text boxes are skipped with a warning.
"""
from __future__ import annotations

from ...errors import InputError
from .common import CELL_SEP, GridCell, span_attr, strip_line, table_rows
from .docxnum import Numbering, W
from .extracted import Extracted
from .safezip import SafeZip

_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_OFFICE_DOC = "/officeDocument"
_SKIPPED = {W + "drawing": "image", W + "pict": "image", W + "object": "embedded object",
            _MC + "AlternateContent": "drawing", W + "txbxContent": "text box"}
_CONTAINERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag", W + "hyperlink", W + "ins",
               W + "fldSimple", W + "moveTo", W + "dir", W + "bdo"}


def extract_docx(data: bytes, path: str | None, max_chars: int | None = None) -> Extracted:
    """Read a .docx package: body paragraphs in order, each with the list marker Word would show
    (numbering.xml), tables as rows of `` | ``-joined cells, and the core title as ``meta["title"]``.

    Skipped drawings and text boxes are counted in ``meta["warnings"]``; a zip that is no Word
    document, a body-less one or one past ``max_chars`` is an InputError.
    """
    pkg = SafeZip(data, path)
    main = _main_part(pkg)
    if main is None:
        raise InputError(path, "unsupported", "the zip archive is not a Word document (no word/document.xml)")
    root = pkg.xml(main)
    base = main.rsplit("/", 1)[0]
    numbering = Numbering(pkg.xml(f"{base}/numbering.xml"), pkg.xml(f"{base}/styles.xml"))
    reader = _BodyReader(numbering, max_chars)
    body = root.find(W + "body")
    if body is None:
        raise InputError(path, "corrupt", f"{main} has no document body")
    try:
        reader.block_children(body)
    except _TooLong:
        raise InputError(path, "too_large", f"the document has more than {max_chars:,} characters of text") from None
    meta: dict = {}
    warnings = [f"ignored {n} {what}(s)" for what, n in sorted(reader.skipped.items())]
    warnings += list(dict.fromkeys(reader.notes))
    if warnings:
        meta["warnings"] = warnings
    core = pkg.xml("docProps/core.xml")
    title = _core_title(core)
    if title:
        meta["title"] = title
    return Extracted(text="\n".join(reader.lines), format="docx", encoding=None, meta=meta)


def _main_part(pkg: SafeZip) -> str | None:
    """The name of the main document part: the package relationship's target, else word/document.xml."""
    rels = pkg.xml("_rels/.rels")
    if rels is not None:
        for rel in rels.iter(_REL + "Relationship"):
            if (rel.get("Type") or "").endswith(_OFFICE_DOC):
                target = (rel.get("Target") or "").lstrip("/")
                if target in pkg.names:
                    return target
    return "word/document.xml" if "word/document.xml" in pkg.names else None


def _core_title(core) -> str | None:
    """The title in docProps/core.xml when it holds Chinese; templates leave "Microsoft Word - 1.doc"."""
    if core is None:
        return None
    for el in core.iter("{http://purl.org/dc/elements/1.1/}title"):
        text = strip_line(el.text or "")
        # Templates leave titles such as "Microsoft Word - 1.doc" or one space.
        if text and any("\u4e00" <= ch <= "\u9fff" for ch in text):
            return text
    return None


class _BodyReader:
    """Walks the document body into lines, counting what it skipped and stopping at ``max_chars``."""

    def __init__(self, numbering: Numbering, max_chars: int | None):
        """A reader rendering list markers with ``numbering``, stopping past ``max_chars`` (None: no limit)."""
        self.numbering = numbering
        self.lines: list[str] = []
        self.skipped: dict[str, int] = {}
        self.notes: list[str] = []
        self._chars = 0
        self._max = max_chars

    def _emit(self, text: str) -> None:
        """Append the non-empty lines of ``text``; raise _TooLong once past the character budget."""
        for piece in text.split("\n"):
            line = strip_line(piece.replace("\t", " "))
            if line:
                self.lines.append(line)
                self._chars += len(line) + 1
        if self._max is not None and self._chars > self._max:
            raise _TooLong()

    def block_children(self, parent) -> None:
        """Read the paragraphs and tables under ``parent``, descending into content controls and the like."""
        for child in parent:
            tag = child.tag
            if tag == W + "p":
                self._emit(self.paragraph(child))
            elif tag == W + "tbl":
                self.table(child)
            elif tag in _CONTAINERS:
                self.block_children(child)

    def paragraph(self, p) -> str:
        """A paragraph's text, led by its list marker when numbering.xml numbers it."""
        parts: list[str] = []
        num = self.numbering.numbering_of(p.find(W + "pPr"))
        if num is not None:
            parts.append(self.numbering.marker(*num))
        self._runs(p, parts)
        return "".join(parts)

    def _runs(self, el, parts: list[str]) -> None:
        """Collect the visible text of runs into ``parts``: tabs, line breaks and symbols as characters;
        deleted text, field codes and drawings left out.
        """
        for child in el:
            tag = child.tag
            if tag in _SKIPPED:
                what = _SKIPPED[tag]
                self.skipped[what] = self.skipped.get(what, 0) + 1
                continue
            if tag == W + "t":
                parts.append(child.text or "")
            elif tag == W + "tab":
                parts.append("\t")
            elif tag in (W + "br", W + "cr"):
                if child.get(W + "type") not in ("page", "column"):
                    parts.append("\n")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            elif tag == W + "sym":
                parts.append(_sym(child))
            elif tag in (W + "del", W + "moveFrom", W + "pPr", W + "rPr", W + "instrText", W + "delText"):
                continue
            else:
                self._runs(child, parts)

    def table(self, tbl) -> None:
        """Emit a table as rows of cells on the header's grid; a one-column table is a frame, read as
        paragraphs.
        """
        rows = tbl.findall(W + "tr")
        grid = [[c for c in r if c.tag in (W + "tc", W + "sdt")] for r in rows]
        if all(len(cells) <= 1 for cells in grid):
            # A one-column table is a text frame: its paragraphs stay paragraphs.
            for cells in grid:
                for cell in cells:
                    self.block_children(cell)
            return
        for line in table_rows(_merged_grid(grid, self._cell), self.notes):
            if line:
                self._emit(line)

    def _cell(self, tc) -> str:
        """A cell's text on one line, read by a sub-reader whose skips and notes are added to this one's."""
        sub = _BodyReader(self.numbering, None)
        sub.block_children(tc)
        for what, n in sub.skipped.items():
            self.skipped[what] = self.skipped.get(what, 0) + n
        self.notes += sub.notes
        return " ".join(line.replace(CELL_SEP, " / ") for line in sub.lines)


class _TooLong(Exception):
    """The document passed ``max_chars``: unwinds the reader, becomes a ``too_large`` InputError."""


def _merged_grid(grid: list[list], cell_text) -> list[list[GridCell]]:
    """Word's merges as row and column spans: a vMerge restart covers the continue cells below it."""
    # For each row, the vMerge state of the cell starting at each grid column.
    states = []
    for cells in grid:
        at: dict[int, str | None] = {}
        col = 0
        for tc in cells:
            at[col] = _vmerge(tc)
            col += _grid_span(tc)
        states.append(at)
    # below[r][col]: how many rows under row r continue the cell at col, counted bottom-up in one pass.
    below: list[dict[int, int]] = [{} for _ in grid]
    for r in range(len(grid) - 2, -1, -1):
        nxt = states[r + 1]
        below[r] = {col: below[r + 1].get(col, 0) + 1 for col in states[r] if nxt.get(col, "") == "continue"}
    out: list[list[GridCell]] = []
    for r, cells in enumerate(grid):
        row: list[GridCell] = []
        col = 0
        for tc in cells:
            span = _grid_span(tc)
            state = states[r][col]
            if state != "continue":
                rowspan = 1 + (below[r].get(col, 0) if state == "restart" else 0)
                row.append((cell_text(tc), rowspan, span))
            col += span
        out.append(row)
    return out


def _grid_span(tc) -> int:
    """How many grid columns a cell covers (gridSpan), at least 1."""
    el = tc.find(f"{W}tcPr/{W}gridSpan")
    return span_attr(el.get(W + "val") if el is not None else None, 50)


def _vmerge(tc) -> str | None:
    """A cell's vertical merge state: "restart", "continue" or None."""
    vm = tc.find(f"{W}tcPr/{W}vMerge")
    return None if vm is None else vm.get(W + "val", "continue")


def _sym(el) -> str:
    """The character of a ``w:sym`` element; Symbol-font private-use glyphs and bad codes give ""."""
    code = el.get(W + "char") or ""
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    # Symbol-font glyphs sit in the private use area F0xx; they are not text.
    return "" if 0xF000 <= value <= 0xF0FF else chr(value)
