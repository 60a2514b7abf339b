"""Task-assignment tables: rows of 序号 | 任务 | 牵头单位 | 配合单位 | 完成时限 read as tasks.

Readers render a table row as one line with cells joined by `` | `` and merged
cells laid out on the header's grid (see reading.formats.common.table_rows), and some
text exports keep that form. A table whose header names a title column and a
serial or unit column is a task table; each numbered row is one task, its units
come from the unit columns, and a unit named in a title column (考核项目 of a
department's row) is that row's responsible unit.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import regex

from ..data import load_toml
from ..errors import RuleDataError
from .units import UnitMention, is_unit_name, split_units

ROLES = ("serial", "title", "text", "lead", "co", "responsible", "deadline")
_UNIT_ROLES = {"lead": "lead", "co": "co", "responsible": "responsible"}
_SECTION_CELL = regex.compile(r"[一二三四五六七八九十]+[、.．]|第[一二三四五六七八九十]+[章节部分]")
_SERIAL_CELL = regex.compile(r"\d{1,3}[.．、]?")
_SPACES = regex.compile(r"[\s\u3000]+")
_SENTENCE_END = regex.compile(r"[。；;！!？?]")
_JURISDICTION = regex.compile(r"各|[县市省区州镇乡]|自治[区州县]|\p{Han}{1,6}?[省市县区州旗]")
_GROUP_NOUNS = ("部门", "单位")


@cache
def _column_words() -> dict[str, str]:
    """Header word → column role, from data/task_tables.toml."""
    data = load_toml("task_tables.toml")
    words: dict[str, str] = {}
    for role in ROLES:
        values = data.get(role)
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise RuleDataError(f"data/task_tables.toml: '{role}' must be a list of non-empty strings")
        for v in values:
            if v in words:
                raise RuleDataError(f"data/task_tables.toml: {v!r} is under both '{words[v]}' and '{role}'")
            words[v] = role
    unknown = set(data) - set(ROLES)
    if unknown:
        raise RuleDataError(f"data/task_tables.toml: unknown keys {sorted(unknown)}")
    return words


def column_role(header_cell: str) -> str | None:
    """The role of a table column from its header cell (serial, title, text, lead, co, responsible,
    deadline), spaces ignored and a bracketed note after the word allowed; None for other columns.

    >>> column_role("牵头单位"), column_role("完成 时限"), column_role("配合单位（部门）"), column_role("备注")
    ('lead', 'deadline', 'co', None)
    """
    words = _column_words()
    cell = _SPACES.sub("", header_cell)
    if cell in words:
        return words[cell]
    m = regex.match(r"(.+?)[（(]", cell)
    return words.get(m.group(1)) if m else None


@dataclass
class Cell:
    """One cell of a table row: its text, spaces trimmed, and its view offsets."""

    start: int  # view offsets of the cell's text, spaces trimmed
    end: int
    text: str


@dataclass
class TableRow:
    """One row after a task table's header: its cells, its kind (task, section or other), and for a
    task row its serial, title cell and units.
    """
    start: int  # the row line in view offsets
    end: int
    cells: list[Cell]
    kind: str  # task | section | other
    serial: str = ""
    title: Cell | None = None
    units: list[UnitMention] = field(default_factory=list)


@dataclass
class TaskTable:
    """A task table: its header line, the role of each column, and the rows under it."""

    header_start: int
    header_end: int
    roles: list[str | None]
    rows: list[TableRow]


def _cells(text: str, a: int, b: int) -> list[Cell]:
    """The cells of the row line ``text[a:b]``, split at ``|``, each trimmed with its offsets."""
    cells, pos = [], a
    for piece in text[a:b].split("|"):
        s, e = pos, pos + len(piece)
        while s < e and text[s] in " \t\u3000":
            s += 1
        while e > s and text[e - 1] in " \t\u3000":
            e -= 1
        cells.append(Cell(s, e, text[s:e]))
        pos += len(piece) + 1
    return cells


def _lines(text: str, start: int, end: int):
    """``(start, end)`` of each line of ``text[start:end]``, without the newline."""
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        yield pos, stop
        pos = stop + 1


def find_task_tables(text: str, start: int = 0, end: int | None = None) -> list[TaskTable]:
    """Task tables in ``text[start:end]``, each with its classified rows.

    >>> text = "序号 | 重点任务 | 牵头单位 | 完成时限\\n1 | 建设数据平台 | 市大数据局 | 2025年底\\n"
    >>> table, = find_task_tables(text)
    >>> table.roles
    ['serial', 'title', 'lead', 'deadline']
    >>> [(r.kind, r.serial, r.title.text, [(u.name, u.role) for u in r.units]) for r in table.rows]
    [('task', '1', '建设数据平台', [('市大数据局', 'lead')])]
    """
    end = len(text) if end is None else end
    if text.find("|", start, end) < 0:
        return []
    tables: list[TaskTable] = []
    current: TaskTable | None = None
    for a, b in _lines(text, start, end):
        if " | " not in text[a:b] and not text[a:b].startswith("| "):
            current = None
            continue
        cells = _cells(text, a, b)
        roles = [column_role(c.text) for c in cells]
        for i in range(1, len(roles) - 1):
            if not cells[i].text and roles[i] is None:
                roles[i] = roles[i - 1]  # the second column of a header cell that spans two
        known = [r for r in roles if r]
        if "title" in known and len(known) >= 2 and ({"serial", "lead", "co", "responsible"} & set(known)):
            current = TaskTable(a, b, roles, [])
            tables.append(current)
            continue
        if current is not None:
            row = TableRow(a, b, cells, _row_kind(cells, current.roles))
            if "serial" in current.roles and current.roles.index("serial") < len(cells):
                row.serial = cells[current.roles.index("serial")].text.rstrip(".．、")
            current.rows.append(row)
    for table in tables:
        _resolve(table)
    return [t for t in tables if any(r.kind == "task" for r in t.rows)]


def _row_kind(cells: list[Cell], roles: list[str | None]) -> str:
    """``section`` for a row whose first cell is a heading (一、), ``task`` for a numbered row (or, in a
    table without serials, one with a title), else ``other``.
    """
    first = cells[0].text if cells else ""
    if _SECTION_CELL.fullmatch(first):
        return "section"
    if "serial" in roles and roles.index("serial") < len(cells):
        serial = cells[roles.index("serial")].text
        return "task" if _SERIAL_CELL.fullmatch(serial) else "other"
    title_cols = [i for i, r in enumerate(roles) if r == "title" and i < len(cells)]
    return "task" if any(cells[i].text for i in title_cols) else "other"


def _named_unit(cell: str) -> bool:
    """A cell of a title column that names a unit (县农粮局), not a task (强化督查督办) or a group (重点考核部门)."""
    return bool(_JURISDICTION.match(cell)) and is_unit_name(cell) and not cell.endswith(_GROUP_NOUNS)


def _resolve(table: TaskTable) -> None:
    """Each task row's title and units; a section row's too, for one that is itself an assessment row."""
    roles, rows = table.roles, table.rows
    for k, row in enumerate(rows):
        if row.kind == "other":
            continue

        def column_text(i: int, k: int = k) -> str | None:
            r = rows[k]
            return r.cells[i].text if i < len(r.cells) else None

        units: list[UnitMention] = []
        title: Cell | None = None
        for i, cell in enumerate(row.cells):
            role = roles[i] if i < len(roles) else None
            if not cell.text:
                continue
            if role in _UNIT_ROLES:
                units += _units_of(cell, _UNIT_ROLES[role])
            elif role == "title":
                if _named_unit(cell.text):
                    units += _units_of(cell, "responsible")
                    continue
                # A cell merged over several rows (a group name) is not any one row's title.
                merged = (k > 0 and column_text(i, k - 1) == cell.text) or (
                    k + 1 < len(rows) and column_text(i, k + 1) == cell.text)
                if title is None and not merged:
                    title = cell
        if title is None:
            for i, cell in enumerate(row.cells):
                if i < len(roles) and roles[i] == "text" and cell.text:
                    m = _SENTENCE_END.search(cell.text)
                    cut = m.start() if m else len(cell.text)
                    title = Cell(cell.start, cell.start + cut, cell.text[:cut])
                    break
        row.title = title
        row.units = units


def _units_of(cell: Cell, role: str) -> list[UnitMention]:
    """The units a unit cell lists, each with ``role``; names without a Han character (a dash, N/A) are
    not units.
    """
    out = []
    # Cells list units one per line, which the reader joined with spaces.
    for piece in regex.finditer(r"[^\s\u3000]+", cell.text):
        for name, a, b in split_units(piece.group(), cell.start + piece.start()):
            if regex.search(r"\p{Han}", name):
                out.append(UnitMention(name, role, a, b))
    return out
