"""Small text helpers shared by the readers: whitespace, CJK tests, ISO dates."""
from __future__ import annotations

import re

from ...textutil import iso_date_of

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# CJK ideographs plus CJK and full-width punctuation: around these a source line
# break is not a word space.
_WIDE = f"{CJK}\u3000-\u303f\uff00-\uffef\u2018-\u201d\u2014\u2026"
_BREAK_BETWEEN_WIDE = re.compile(f"(?<=[{_WIDE}])[ \\t\\r\\n]*\\n[ \\t\\r\\n]*(?=[{_WIDE}])")
_SPACES = re.compile(r"[ \t\r\n\f\v\xa0\u200b\ufeff]+")
_CJK_CHAR = re.compile(f"[{CJK}]")


def clean_inline(text: str) -> str:
    """Collapse source whitespace the way a browser shows it, minus spaces from line breaks between CJK."""
    return _SPACES.sub(" ", _BREAK_BETWEEN_WIDE.sub("", text))


def strip_line(line: str) -> str:
    """``line`` without leading and trailing whitespace of any width, zero-width spaces and BOMs.

    >>> strip_line("\\u3000 标题\\ufeff ")
    '标题'
    """
    return line.strip(" \t\r\n\f\v\xa0\u3000\u200b\ufeff")


def count_cjk(text: str) -> int:
    """How many CJK ideographs ``text`` holds (the prose measure of the HTML reader).

    >>> count_cjk("2025年PM2.5")
    1
    """
    return len(_CJK_CHAR.findall(text))


_DATE = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})")
_MONTH = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*月?$")


def iso_date(text: str) -> str | None:
    """``2019年01月24日`` / ``2020-02-09 21:14`` → ``2019-01-24``; None if no date is there."""
    m = _DATE.search(text)
    if m:
        return iso_date_of(*(int(g) for g in m.groups()))
    m = _MONTH.search(text.strip())
    return iso_date_of(int(m.group(1)), int(m.group(2))) if m else None


#: Cells of a table row in the extracted text; a cell's own " | " becomes " / ".
CELL_SEP = " | "

#: A table cell as a reader sees it: its text and how many rows and columns it covers.
GridCell = tuple[str, int, int]


#: Bounds on what merged cells may expand a table into: grid cells, and characters of repeated text.
#: A crafted page (rowspan="1000" on a thousand cells) would otherwise grow a few MB into gigabytes.
MAX_GRID_CELLS = 400_000
MAX_REPEATED_CHARS = 2_000_000


def _clipped(rows: list[list[GridCell]], notes: list[str] | None) -> list[list[GridCell]]:
    """Spans cut to the rows that exist; all spans dropped (with a note) if they would expand past the bounds."""
    n = len(rows)
    clipped = [[(text, max(1, min(rowspan, n - r)), max(colspan, 1)) for text, rowspan, colspan in row]
               for r, row in enumerate(rows)]
    cells = chars = 0
    for row in clipped:
        for text, rowspan, colspan in row:
            cells += rowspan * colspan
            chars += len(text) * rowspan
    if cells <= MAX_GRID_CELLS and chars <= MAX_REPEATED_CHARS:
        return clipped
    if notes is not None:
        notes.append(f"a table's merged cells would expand to {cells:,} cells; they were not repeated")
    return [[(text, 1, 1) for text, _, _ in row] for row in rows]


def table_rows(rows: list[list[GridCell]], notes: list[str] | None = None) -> list[str]:
    """A table's rows as text lines whose cells line up with the header's columns ("" for an empty row).

    A cell that spans rows is repeated in each row it covers, and one that spans
    columns is followed by empty cells, so the n-th cell of every line belongs to
    the n-th column: a task table's 牵头单位 column stays its 牵头单位 column.
    Spans are bounded (see MAX_GRID_CELLS); what gave way is said in ``notes``.
    """
    rows = _clipped(rows, notes)
    carried: dict[int, tuple[str, int]] = {}  # column -> (text, rows still to fill)
    out = []
    for row in rows:
        line: list[str] = []
        cells = iter(row)
        col = 0
        last = None
        while True:
            if col in carried:
                text, left = carried[col]
                line.append(text)
                carried[col] = (text, left - 1)
                if left == 1:
                    del carried[col]
                col += 1
                continue
            cell = next(cells, None)
            if cell is None:
                if last is None:
                    last = max(carried, default=-1)  # only this row's own cells add columns, and they are done
                if col < last:  # a gap before a column still carried down
                    line.append("")
                    col += 1
                    continue
                break
            text, rowspan, colspan = cell
            text = text.replace(CELL_SEP, " / ")
            for k in range(max(colspan, 1)):
                line.append(text if k == 0 else "")
                if rowspan > 1:
                    carried[col + k] = (text if k == 0 else "", rowspan - 1)
            col += max(colspan, 1)
        while line and not line[-1]:
            line.pop()
        out.append(CELL_SEP.join(line).strip())
    return out


def span_attr(value: str | None, limit: int) -> int:
    """A rowspan/colspan attribute as a count from 1 to limit (pages carry junk like "2px")."""
    digits = "".join(ch for ch in (value or "").strip()[:6] if "0" <= ch <= "9")
    return min(max(int(digits), 1), limit) if digits else 1
