"""Render an HTML tree as text blocks: one block per paragraph, heading or table row.

Each block remembers the element that owns it, so the caller can later keep
only the blocks inside the main-text container. Data tables become one block
per row with cells joined by `` | ``; tables used for page layout are read as
ordinary blocks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .common import CELL_SEP, clean_inline, span_attr, strip_line, table_rows

BLOCK_TAGS = frozenset(
    "address article aside blockquote caption center dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section summary table tbody td tfoot "
    "th thead tr ul".split())
SKIP_TAGS = frozenset(
    "script style noscript iframe frame frameset object embed svg canvas template select option button input "
    "textarea audio video map area head title nav aside footer img link meta base".split())
# Page furniture recognised by id/class words; kept if it holds real paragraphs.
_FURNITURE = re.compile(
    r"(?:^|[\s_\-])(?:share|bdshare|fenxiang|bshare|jiathis|nav|navbar|menu|footer|foot|bottom|breadcrumbs?|crumbs?"
    r"|position|location|sidebar|related|xgwz|xglj|xgxx|qrcode|qr_container|erweima|ewm|print|print-close|dayin"
    r"|toolbar|copyright|login|search|topbar|header-top)(?:$|[\s_\-\d])", re.IGNORECASE)
_SPACE_RUN = re.compile(r"[ \t\xa0]+")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


@dataclass
class Block:
    """One line of rendered text with the element that owns it, how many of its characters are link
    text, and whether it is a data-table row.
    """
    text: str
    owner: object  # the lxml element that produced the block
    link_chars: int = 0
    row: bool = False  # a data-table row


def _is_furniture(el) -> bool:
    """Whether an element is hidden, or is marked as page furniture by its id/class and holds fewer
    than three sentences.
    """
    if _HIDDEN.search(el.get("style") or "") or el.get("hidden") is not None:
        return True
    marks = f"{el.get('id') or ''} {el.get('class') or ''}"
    if marks.strip() and _FURNITURE.search(marks):
        return el.text_content().count("。") < 3
    return False


def _rows(table):
    """A table's own rows (direct, or in thead/tbody/tfoot), not those of nested tables."""
    return table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")


def _cells(row):
    """A row's own cells."""
    return row.xpath("./td|./th")


def is_layout_table(table) -> bool:
    """A table used to place page parts rather than to hold data."""
    if table.xpath(".//table"):
        return True
    rows = _rows(table)
    if not rows:
        return True
    if all(sum(1 for c in _cells(r) if c.text_content().strip()) <= 1 for r in rows):
        return True
    for cell in table.xpath(".//td|.//th"):
        paras = [p for p in cell.xpath(".//p|.//div") if len(p.text_content().strip()) > 20]
        if len(paras) >= 3 and len(cell.text_content()) > 400:
            return True
    return False


class Renderer:
    """Walks an HTML tree into Blocks: one per paragraph, heading, line break or data-table row,
    skipping scripts, forms and page furniture (unless ``keep_furniture``).
    """
    def __init__(self, keep_furniture: bool = False) -> None:
        self.keep_furniture = keep_furniture  # read navigation-marked and hidden parts too (a last resort)
        self.blocks: list[Block] = []
        self._buf: list[str] = []
        self._links = 0
        self._owners: list[object] = []
        self.dropped_furniture = 0
        self.notes: list[str] = []  # what had to give way (merged cells not repeated …), for warnings

    def render(self, root) -> list[Block]:
        """The blocks of ``root`` in document order.

        >>> import lxml.html
        >>> root = lxml.html.fromstring('<div><p>第一段。</p><table><tr><th>序号</th><th>任务</th></tr>'
        ...                             '<tr><td>1</td><td>建设平台</td></tr></table></div>')
        >>> [(b.text, b.row) for b in Renderer().render(root)]
        [('第一段。', False), ('序号 | 任务', True), ('1 | 建设平台', True)]
        """
        self._owners.append(root)
        self._walk(root, in_link=False)
        self._flush()
        return self.blocks

    def _flush(self) -> None:
        """End the current line: its collapsed text becomes a Block owned by the innermost open block element."""
        text = strip_line(clean_inline("".join(self._buf)))
        if text:
            self.blocks.append(Block(text, self._owners[-1], min(self._links, len(text))))
        self._buf = []
        self._links = 0

    def _add(self, text: str | None, in_link: bool) -> None:
        """Add text to the current line, counting it as link text inside ``<a>``."""
        if text:
            self._buf.append(text)
            if in_link:
                self._links += len(text.strip())

    def _walk(self, el, in_link: bool) -> None:
        """Render ``el`` and its children: block elements close the current line, ``<pre>`` keeps its
        lines, data tables become rows, link text is counted.
        """
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None or tag in SKIP_TAGS or (not self.keep_furniture and _is_furniture(el)):
            if tag is not None and tag not in SKIP_TAGS:
                self.dropped_furniture += 1
            return
        if tag == "br":
            self._flush()
            return
        if tag == "pre" or tag == "plaintext":
            # Preformatted text keeps its own line breaks: a whole document is sometimes served this way.
            self._flush()
            for line in el.text_content().splitlines():
                text = strip_line(_SPACE_RUN.sub(" ", line))
                if text:
                    self.blocks.append(Block(text, el))
            return
        if tag == "table" and not is_layout_table(el):
            self._flush()
            self._table(el)
            return
        block = tag in BLOCK_TAGS
        if block:
            self._flush()
            self._owners.append(el)
        link = in_link or tag == "a"
        self._add(el.text, link)
        for child in el:
            self._walk(child, link)
            self._add(child.tail, in_link=link)
        if block:
            self._flush()
            self._owners.pop()

    def _table(self, table) -> None:
        """A data table's caption and rows as blocks, merged cells repeated on the header's grid."""
        for caption in table.xpath("./caption"):
            text = cell_text(caption)
            if text:
                self.blocks.append(Block(text, table))
        rows = _rows(table)
        grid = [[(cell_text(c), span_attr(c.get("rowspan"), 1000), span_attr(c.get("colspan"), 50))
                 for c in _cells(row)] for row in rows]
        for row, line in zip(rows, table_rows(grid, self.notes), strict=True):
            if line:
                self.blocks.append(Block(line, row, row=True))


def cell_text(cell) -> str:
    """A cell's paragraphs on one line."""
    sub = Renderer()
    sub.render(cell)
    return " ".join(b.text for b in sub.blocks).replace(CELL_SEP, " / ")
