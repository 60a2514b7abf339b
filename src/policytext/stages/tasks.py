"""Tasks: the smallest units of work a document assigns, with their responsible units.

A task is a leaf numbered item outside the general part (指导思想, 基本原则,
目标 …), or an unnumbered paragraph outside such items that carries its own
unit marker. Unit markers found in a task's extent are merged into it; a
leaf item without markers takes those its parent states for its children.
Documents built of 第X条 articles have no tasks.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

import regex

from ..doc import PolicyDoc, Section, Task, UnitRef
from ..reading.normalize import view_form
from ..textutil import bare, is_digits, lines, one_line, strip_span
from .sections import CLAUSE_HEADING, TITLE_END, work_report_parts
from .tasktables import TableRow, find_task_tables
from .units import RoleResolver, UnitMarker, UnitMention, find_unit_markers, merge_units

_GENERAL_WORDS = regex.compile(r"总体要求|总体思路|指导思想|基本原则|现状|形势|重要意义|适用范围|附则|目标")
# A work report's review of past work is general part too (ANNOTATION.md), whatever its length.
_REVIEW = regex.compile(r"工作回顾|^过去(?:一|五|的一)年")
_NOT_GENERAL = regex.compile(r"任务|措施")
#: How far into a long (glued) title a general heading's words may end.
_GLUED_OPENING = 8
# A general heading that names whose it is (经济社会发展的主要目标): the subject, 的, then the heading words.
_GLUED_WHOSE = regex.compile(r"\p{Han}{2,8}的(?:总体要求|总体思路|指导思想|基本原则|重要意义|(?:主要|总体|发展|工作|具体)目标)")


# What str.isalnum() rejects (\w is isalnum() plus the underscore).
_NOT_ALNUM = re.compile(r"[\W_]+")


def is_general(section: Section) -> bool:
    """A top-level section of the general part (指导思想, 主要目标 …), not one that holds tasks."""
    title = section.title
    if _REVIEW.search(title):
        return True
    wording = len(_NOT_ALNUM.sub("", title))  # punctuation and spaces do not count
    if wording <= 12:
        return bool(_GENERAL_WORDS.search(title)) and not _NOT_GENERAL.search(title)
    # A long title is a heading run into its first sentence (one-line text: 总体目标深入推进…,
    # 现状与形势近十年来…): its opening words are the heading.
    opening = _GENERAL_WORDS.search(title, 0, _GLUED_OPENING)
    if (bool(opening) and opening.start() <= 2  # 总体目标, 主要目标; not 掌握粮食市场形势
            and not _NOT_GENERAL.search(title, 0, opening.end() + 4)):
        return True
    # …的指导思想, …的主要目标 closing the first twelve characters (经济社会发展的指导思想世纪之交…)
    whose = _GLUED_WHOSE.match(title)
    return bool(whose) and len(_NOT_ALNUM.sub("", whose.group())) <= 12 and not _NOT_GENERAL.search(
        title, 0, whose.end() + 4)


# A decision that amends a regulation (决定对《…办法》作如下修改：一、将第六条修改为…) numbers its
# amendments, not work: each item edits an article, and documents of articles have no tasks.
_ARTICLE = r"(?:《[^》\n]{1,60}》)?第[\d一二三四五六七八九十百零〇]{1,4}条"
_AMENDMENT = regex.compile(rf"[ \t\u3000]*(?:将{_ARTICLE}|删(?:除|去){_ARTICLE}|(?:在{_ARTICLE}\S{{0,20}}?)?增加一(?:条|款|项))")
#: How many top-level items, at least, and what share of them must amend articles.
_MIN_AMENDMENTS = 3
_AMENDMENT_SHARE = 0.5


def _amends_articles(sections: list[Section]) -> bool:
    """Whether the document's top-level items (of the kind that opens it: lists a lost heading owned may
    stand beside them) are, for the most part, amendments to articles."""
    top = [s for s in sections if not s.parent and s.kind == sections[0].kind] if sections else []
    amending = sum(1 for s in top if _AMENDMENT.match(s.title))
    return amending >= _MIN_AMENDMENTS and amending >= _AMENDMENT_SHARE * len(top)


def run(doc: PolicyDoc) -> None:
    """Build ``doc.tasks``: each leaf item outside the general part, each row of a task table and each
    unnumbered paragraph with its own unit marker, in text order, with its responsible units.

    Units come from the markers in the task's extent, else from those a parent item states for its
    children; a rule stated earlier in the part adds its units to later marked tasks as implicit
    ones, which is why roles are resolved in text order. Documents of 第X条 articles regulate
    rather than assign work: no tasks.

    >>> from policytext import parse
    >>> doc = parse("关于推进数据共享的通知\\n一、重点任务\\n1. 建设平台。（责任单位：市大数据局）\\n")
    >>> [(t.id, t.title, [(u.name, u.role) for u in t.units]) for t in doc.tasks]
    [('t1', '建设平台', [('市大数据局', 'responsible')])]
    """
    sections = doc.sections
    if any(s.kind == "article" for s in sections) or _amends_articles(sections):
        return
    text = doc.view.text
    by_id = {s.id: s for s in sections}
    children: dict[str, list[Section]] = {}
    for s in sections:
        if s.parent:
            children.setdefault(s.parent, []).append(s)

    def top(s: Section) -> Section:
        while s.parent:
            s = by_id[s.parent]
        return s

    body_start, body_end = (doc.body[0][0], doc.body[-1][1]) if doc.body else (0, len(text))
    # A work report's review under an unnumbered heading (2023年工作回顾, up to 2024年工作安排) is
    # general part as much as a numbered one (ANNOTATION.md): its items report, they assign nothing.
    heads = work_report_parts(text, 0, body_end)  # the first may stand where the header stage stopped
    review = [(a, nxt) for (a, _b, past), nxt in zip(heads, [h[0] for h in heads[1:]] + [body_end], strict=False)
              if past]
    general = {s.id for s in sections
               if is_general(top(s)) or any(a <= top(s).view_start < b for a, b in review)}
    # A table's header row may sit in what the header stage took for the letterhead.
    tables = find_task_tables(text, 0, body_end)
    table_rows = {r.start: r for t in tables for r in t.rows if r.kind == "task" and r.start >= body_start}
    section_rows = {r.start: r for t in tables for r in t.rows if r.kind == "section"}
    in_table = [(t.header_start, t.rows[-1].end if t.rows else t.header_end) for t in tables]
    # Header cells (牵头单位 | 配合单位) are not unit markers; rows get their units from the columns.
    # A marker never runs into the next heading: in one-line text a 责任单位 line has no
    # line end, so it would swallow the headings and titles that follow it.
    cuts = sorted({s.view_start for s in sections if body_start < s.view_start < body_end})
    bounds = [body_start, *cuts, body_end]
    # A 专栏 box's words are no task's (boxes.py): its unit markers name who does its projects.
    boxes = [b.view_span for b in doc.boxes]
    markers = [m for a, b in zip(bounds, bounds[1:], strict=False) for m in find_unit_markers(text, a, b)
               if not _in_any(in_table, m.start) and not _in_any(boxes, m.start)]

    # Candidate tasks in document order: leaf items, table rows, then unnumbered paragraphs with a marker.
    drafts: list[tuple[int, int, Section | None]] = []  # (start, end, enclosing section)
    clauses = _clause_numbered(text)
    flat = one_line(text)
    for s in sections:
        if s.id in general or s.id in children:
            continue
        end = s.body_end
        if any(s.view_start < r < end for r in table_rows):
            # An item's text stops where a table in it begins; a heading with nothing
            # before its table (or a table's own group row) leaves the rows as its tasks.
            table_start = min([a for a, _b in in_table if s.view_start < a < end], default=end)
            heading_end = text.find("\n", s.view_start, table_start)
            if s.view_start in section_rows or heading_end < 0 or not text[heading_end:table_start].strip():
                continue
            end = table_start
        if clauses:
            end = _before_clause(text, s.view_start, end)
        end = _before_closing(text, s.view_start, _before_volume(text, s.view_start, end, flat))
        drafts.append((s.view_start, _trim_end(text, s.view_start, _before_box(text, s.view_start, end, boxes)), s))
    for r in table_rows.values():
        owner = _innermost(sections, r.start)
        if owner is None or owner.id not in general:
            drafts.append((r.start, r.end, owner))
    leaf_spans = [(a, b) for a, b, _ in drafts] + in_table
    for a, b in _marked_paragraphs(text, markers, body_start, body_end, cuts, flat, doc.view.joins):
        if _in_any(leaf_spans, a) or _in_any(boxes, a):
            continue
        owner = _innermost(sections, a)
        if owner is not None and owner.id in general:
            continue
        if owner is not None and owner.view_start == a and owner.id in children:
            # An item with children is no task: a marker in its heading covers the children, and the
            # paragraph glued after its title in one-line text (三、建立完善市场化机制按照…。（省国资委牵头）)
            # is a marked paragraph of its own, as it is on its own line.
            a = _after_title(text, owner, b)
            if not any(a <= m.start < b and text[a:m.start].strip() for m in markers):
                continue  # (nor is a title that ran on to the marker: its words are the heading's)
        b = _before_box(text, a, _before_closing(text, a, b), boxes)
        drafts.append((a, _trim_end(text, a, b), owner))
    drafts.sort(key=lambda d: d[0])

    # Markers on a parent item cover leaf children that have none of their own.
    parent_markers: dict[str, list[UnitMarker]] = {}
    for s in sections:
        if s.id in children:
            own_end = children[s.id][0].view_start
            parent_markers[s.id] = [m for m in markers if s.view_start <= m.start < own_end]

    resolvers: dict[int, RoleResolver] = {}
    resolved: dict[int, list[UnitMention]] = {}
    implicit_after: dict[int, list[str]] = {}
    for m in markers:  # roles depend on rules stated earlier in the same part
        resolver = resolvers.setdefault(_part_of(doc, m.start), RoleResolver())
        resolved[id(m)] = resolver.resolve(m)
        implicit_after[id(m)] = list(resolver.implicit_units)

    tasks: list[Task] = []
    for n, (a, b, sec) in enumerate(drafts, start=1):
        if a in table_rows:
            tasks.append(_row_task(doc, f"t{n}", table_rows[a], sec))
            continue
        mine = [m for m in markers if a <= m.start < b]
        gaps = [(x, y) for x, y in boxes if a < x < b]
        if not mine and sec is not None:
            anc = sec
            while anc.parent and not mine:
                anc = by_id[anc.parent]
                mine = parent_markers.get(anc.id, [])
        units = merge_units([resolved[id(m)] for m in mine]) if mine else []
        if not units and sec is not None and sec.view_start in section_rows:
            units = merge_units([section_rows[sec.view_start].units])  # a section row with its own units
        refs = [_unit_ref(doc, u) for u in units]
        if mine:
            # Units a rule stated earlier assigns to every later task, less those named here.
            named = {bare(u.name) for u in units}  # 县（市） and 县(市) are one name
            implicit = [n for n in implicit_after[id(mine[-1])] if bare(n) not in named]
            if not units and mine[-1].first_leads_rule:
                implicit = []
            refs += [UnitRef(name, "responsible", True, None) for name in implicit]
        numbered = sec is not None and sec.view_start == a
        title = sec.title if numbered else _heading_sentence(text, a, b)
        tasks.append(
            Task(
                id=f"t{n}",
                section=sec.id if sec else None,
                part=sec.part if sec else _part_of(doc, a),
                marker=sec.marker if numbered else None,
                ordinal=sec.ordinal if numbered else None,
                title=title,
                text=_task_text(text, a, b, sec if numbered else None, gaps),
                span=doc.view.src_span(a, b),
                units=refs,
                view_span=(a, b),
                view_gaps=gaps,
            )
        )
    doc.tasks = tasks


_INVISIBLE = regex.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\u00ad]+")


def _unit_ref(doc: PolicyDoc, u: UnitMention) -> UnitRef:
    """A unit as written: the source characters of its span, less whitespace, line breaks,
    invisible characters and what the view dropped (a page number inside a wrapped name):
    市\u3000经信局 → 市经信局."""
    written = "".join(doc.text[doc.view.src_pos(i)] for i in range(u.start, u.end))
    return UnitRef(_INVISIBLE.sub("", written), u.role, False, doc.view.src_span(u.start, u.end))


def _row_task(doc: PolicyDoc, task_id: str, row: TableRow, sec: Section | None) -> Task:
    """The task of one task-table row: its cells' text, units from the unit columns, and the section
    the row stands in.
    """
    serial = row.serial
    title = row.title.text if row.title else ""
    units = merge_units([row.units]) if row.units else []
    return Task(
        id=task_id,
        section=sec.id if sec else None,
        part=sec.part if sec else _part_of(doc, row.start),
        marker=serial if is_digits(serial) else None,
        ordinal=int(serial) if is_digits(serial) else None,
        title=title,
        text="\n".join(c.text for c in row.cells[1:] if c.text),
        span=doc.view.src_span(row.start, row.end),
        units=[_unit_ref(doc, u) for u in units],
        view_span=(row.start, row.end),
    )


def _part_of(doc: PolicyDoc, pos: int) -> int:
    """The part ``pos`` belongs to: 0 for the notice, i for the i-th enclosed document."""
    return sum(1 for p in doc.parts if p <= pos)


def _innermost(sections: list[Section], pos: int) -> Section | None:
    """The deepest section whose extent holds ``pos``, or None before the first heading."""
    best = None
    for s in sections:
        if s.view_start <= pos < s.body_end and (best is None or s.level >= best.level):
            best = s
    return best


_DATE = r"(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,2}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日"
# What closes a document rather than continuing its last item: the list of attachments (附件：1.…),
# 抄送, a web page's furniture, and the signature: issuers and the date on lines of their own, or glued
# after the last sentence (…高质量发展。　国家能源局　2025年10月28日; one-line text).
_CLOSING_LINE = regex.compile(r"附件\s*\d*\s*[:：]|抄\s*送\s*[:：]|扫一扫在手机打开当前页|打印本页|关闭窗口")
_DATE_LINE = regex.compile(rf"[^。；，：！？;,:!?\s]{{0,40}}\s*{_DATE}\s*(?:[（(][^）)\n]{{0,12}}[）)])?\s*(?:印发|翻印)?")
# (附件： may follow the contact line's last digit: …联系电话:8606XXXX附件:1.…)
_GLUED_CLOSING = regex.compile(r"(?P<annex>附件\s*\d*\s*[:：])|抄\s*送\s*[:：]|扫一扫在手机打开当前页")
#: What may stand before a closing word glued on (blanks between): a sentence end or the last item's
#: closing unit bracket (…（省工业和信息化厅负责）抄送：…), and for the 附件 list also the contact line's
#: last digit.
_BEFORE_GLUED = "。！？!?）)"
_BEFORE_ANNEX = _BEFORE_GLUED + "Xx"
# (issuers run together without a list's marks or brackets, or none, the date glued alone: a unit bracket
# before them stays)
# (a copy's printing notes may follow: …2020年12月18日(此件发至县团级)…秘书局2020年12月19日印发)
_GLUED_SIGNATURE = regex.compile(
    rf"(?<=[。！？!?）)])[ \t\u3000]*(?:[^。；，：！？;,:!?、（）()《》\n]{{0,150}}?{_DATE}"
    rf"\s*(?:[（(][^）)\n]{{0,12}}[）)])?\s*(?:印发|翻印)?\s*)+$")
#: How far before an item's end a glued signature may begin: it ends the item, and trying it at every
#: sentence end of a long one-line item cost more than the rest of the tasks stage.
_SIGNATURE_REACH = 600
_SIGNATURE_LINE = regex.compile(r"[^。；，：！？;,:!?]{2,40}")
#: What any closing line holds (a date's 年…月, or one of the closing words).
_CLOSING_HINT = regex.compile(r"年\s*[\d一二三四五六七八九十]{1,2}\s*月|附件|抄\s*送|扫一扫|打印本页|关闭窗口|起(?:施行|实施|执行|生效)")
# The paragraph that puts the document in force (本政策自发布之日起实施，有效期3年。…) is the document's
# closing provision, not its last item's: its validity date is no task's due date.
_IN_FORCE = regex.compile(r"本\p{Han}{1,8}自[^。；\n]{1,24}?起(?:施行|实施|执行|生效)")
#: How many issuer lines may stand above a signature's date.
_SIGNERS = 4


# An emergency plan numbers its clauses 2.1.1 (no section of ours, ANNOTATION.md; sections.CLAUSE_HEADING)
# and lists （1）… under them: an item ends at the next clause heading (or a chapter line, 3预警监测, above one).
_CHAPTER_LINE = regex.compile(
    r"(?:^|(?<=[\n。；！？]))[ \t\u3000]*\d{1,2}[ \t\u3000]*\p{Han}{2,12}?[ \t\u3000]*(?=\s*\d{1,2}[.．]\d)")
_DECIMAL = re.compile(r"[\d][.．][\d]")
#: How many clause headings make a document one numbered so (a 1.5公里 in a sentence is none).
_MIN_CLAUSES = 3


def _before_clause(text: str, start: int, end: int) -> int:
    """Where the next decimal clause heading (2.1.2 …职责), or the chapter line above one (3预警监测),
    begins inside ``[start, end)``, else ``end``."""
    found = [m.start() for m in (CLAUSE_HEADING.search(text, start + 1, end), _CHAPTER_LINE.search(text, start + 1, end))
             if m]
    return min(found, default=end)


def _clause_numbered(text: str) -> bool:
    """Whether the text numbers its clauses 2.1.1 (at least a few clause headings)."""
    if not _DECIMAL.search(text):  # (the clause pattern opens with a lookbehind: slow on texts without one)
        return False
    return sum(1 for _ in zip(range(_MIN_CLAUSES), CLAUSE_HEADING.finditer(text), strict=False)) >= _MIN_CLAUSES


def _before_closing(text: str, start: int, end: int) -> int:
    """Where the document's closing begins inside an item's extent ``[start, end)``, else ``end``.

    The last item runs to the end of the body, which the header stage ends at the footer, so the
    list of attachments, the signature and a page's furniture would otherwise be its text."""
    # (most items hold nothing a closing line needs: a date's 年…月 or a closing word)
    rows = [strip_span(text, a, b) for a, b in lines(text, start, end)] if _CLOSING_HINT.search(text, start, end) else []
    rows = [(a, b) for a, b in rows if b > a]
    for k, (a, b) in enumerate(rows[1:], start=1):
        if _CLOSING_LINE.match(text, a, b) or _IN_FORCE.search(text, a, b):
            return _before_contact(text, start, a)
        if _DATE_LINE.fullmatch(text, a, b):
            j = k
            while j - 1 > 0 and k - (j - 1) <= _SIGNERS and _SIGNATURE_LINE.fullmatch(text, *rows[j - 1]):
                j -= 1
            return _before_contact(text, start, rows[j][0])
    glued = end
    for m in _GLUED_CLOSING.finditer(text, start, end):
        # (found by its words, then checked behind: a pattern opening on a lookbehind is tried at every
        # character of the item)
        at = m.start()
        while at > start and text[at - 1] in " \t\u3000":
            at -= 1
        before = text[at - 1] if at > 0 else ""
        if before and (before in _BEFORE_GLUED or m["annex"] and (before in _BEFORE_ANNEX or before.isdecimal())):
            glued = at
            break
    force = _IN_FORCE.search(text, start + 1, glued)  # (glued on in one-line text: …执行。本政策自发布之日起实施)
    if force is not None:
        at = force.start()
        while at > start and text[at - 1] in " \t\u3000":
            at -= 1
        if text[at - 1] in _BEFORE_GLUED:
            glued = at
    # (the signature ends where a closing glued after it begins: …国务院2019年1月27日（此件公开发布）扫一扫…)
    m = _GLUED_SIGNATURE.search(text, max(start, glued - _SIGNATURE_REACH), glued)
    return _before_contact(text, start, m.start() if m else glued)


# A notice closes with whom to ask (联系人：…　联系电话：…), on lines of its own or glued after the last
# sentence (…一律不带随员。联系人:XXX联系方式:0531-…), sometimes naming the business first
# (生育业务联系人:), or after the item's unit bracket. Within a sentence (…报省委办公厅，联系电话:…。) it is
# the item's own reply detail, and so is one a sentence of the item follows.
_CONTACT = regex.compile(
    r"(?:(?<=[。！？!?）)])|(?<=\n))[ \t\u3000]*[^。；;，,：:！？!?\s（）()]{0,8}?"
    r"联[ \t\u3000]*系[ \t\u3000]*(?:人|电[ \t\u3000]*话|方[ \t\u3000]*式)(?:及电话)?[ \t\u3000]*[:：]")
_SENTENCE_END = regex.compile(r"[。！？!?]")
_CONTACT_HINT = re.compile(r"联[ \t\u3000]*系[ \t\u3000]*[人电方]")


def _before_contact(text: str, start: int, end: int) -> int:
    """Where a closing contact block begins inside ``[start, end)``, else ``end``: a 联系人/联系电话
    line after the item's first sentence with no sentence ending after it (names, numbers, an address)
    before the document's closing (附件：…, 抄送：…)."""
    hint = _CONTACT_HINT.search(text, start + 1, end)  # (most items name no contact: a cheap test first)
    if hint is None:
        return end
    for m in _CONTACT.finditer(text, max(start + 1, hint.start() - 12), end):
        stop = _SENTENCE_END.search(text, m.end(), end)
        # (in one-line text the attachments' list may follow it, and an attached plan's sentences)
        if stop is None or _GLUED_CLOSING.search(text, m.end(), stop.start()):
            return m.start()  # (the spaces before it are trimmed with the item's end)
    return end


# A plan's volume (第三篇　推进改革开放, with the volume's lead paragraph) is no section (ANNOTATION.md),
# but it is no part of the item before it either: at a line start, or after a sentence end where lines
# ran together; anywhere in one-line text, where the line ends it stood at are gone (…产业发展格局第三篇　转型升级).
_VOLUME = r"第[一二三四五六七八九十\d]{1,3}篇(?=[ \t\u3000]*\p{Han})(?![章文])"
_VOLUME_LINE = regex.compile(r"(?:(?<=[\n。；！？])|^)[ \t\u3000]*" + _VOLUME)
_VOLUME_ANYWHERE = regex.compile(r"(?<!第)" + _VOLUME)


def _before_volume(text: str, start: int, end: int, flat: bool = False) -> int:
    """Where a volume heading (第四篇 …) begins inside ``[start, end)``, else ``end``."""
    if text.find("篇", start, end) < 0:
        return end
    m = (_VOLUME_ANYWHERE if flat else _VOLUME_LINE).search(text, start + 1, end)
    return m.start() if m else end


def _trim_end(text: str, start: int, end: int) -> int:
    """``end`` moved back over trailing whitespace, so a task's span ends on a character."""
    while end > start and text[end - 1].isspace():  # \x0c of a page break too
        end -= 1
    return end


def _marked_paragraphs(text: str, markers: list[UnitMarker], start: int, end: int,
                       headings: list[int], flat: bool = False, joins: list[int] = ()) -> list[tuple[int, int]]:
    """Paragraphs that carry a unit marker: the bracket inside them, or a marker line right after.

    A heading starts a paragraph even mid-line (one-line text has a single line). In one-line text a
    unit bracket ends its paragraph too, and a marked paragraph with neither a heading nor another
    bracket before it on the line is only known to hold the sentence before its bracket (the line
    runs from the recipients on)."""
    pieces = []
    for a, b in lines(text, start, end):
        inner = headings[bisect_right(headings, a):bisect_left(headings, b)]
        if flat:
            ends = [m.end for m in markers if m.kind == "bracket" and a < m.end < b]
            inner = sorted({*inner, *ends})
            opened = {a}
            for m in markers:
                if m.kind == "bracket" and a <= m.start < b and not any(a < c <= m.start for c in inner):
                    opened.add(_last_sentence(text, a, m.start))
            inner = sorted({*inner, *opened} - {a})
        elif joins and bisect_left(joins, b) > bisect_left(joins, a + 1):
            # A hard wrap rejoined after a sentence end may have been a paragraph's end (a paragraph
            # that filled its last line). Where the sentence a unit bracket closes starts right there
            # (…的政策。⏎引导车企…扩大汽车销量。（省工业和信息化厅负责）), it opens the marked paragraph, as
            # that sentence is the title of a task its bracket follows.
            opened = set()
            for m in markers:
                if m.kind == "bracket" and a < m.start < b:
                    j = _last_sentence(text, a, m.start)
                    k = bisect_left(joins, j)
                    if a < j and k < len(joins) and joins[k] == j and text[j - 1] in "。！？!?":
                        opened.add(j)
            inner = sorted({*inner, *opened})
        pieces += zip([a, *inner], [*inner, b], strict=True)
    paras = [strip_span(text, a, b) for a, b in pieces]
    paras = [(a, b) for a, b in paras if b > a]
    out = []
    for i, (a, b) in enumerate(paras):
        has = [m for m in markers if a <= m.start < b]
        if not has:
            continue
        if all(m.kind == "line" and m.start == a for m in has):
            # A marker line belongs to the paragraph before it.
            if i > 0:
                pa, _pb = paras[i - 1]
                out.append((pa, b))
            continue
        out.append((a, b))
    # A marker line right after a bracketed paragraph would add it twice.
    dedup: list[tuple[int, int]] = []
    for a, b in out:
        if dedup and a < dedup[-1][1]:  # overlapping, not merely adjacent (one-line text)
            dedup[-1] = (dedup[-1][0], max(b, dedup[-1][1]))
        else:
            dedup.append((a, b))
    return dedup


_SENTENCE_ENDS = "。！？；;!?：:"


def _last_sentence(text: str, a: int, pos: int) -> int:
    """Where the sentence that ends before ``pos`` (…销量。（省工业和信息化厅负责）) begins, after ``a``."""
    j = pos
    while j > a and text[j - 1] in "。！？；;!? \t\u3000":  # its own full stop
        j -= 1
    return max((text.rfind(c, a, j) + 1 for c in _SENTENCE_ENDS), default=a) or a


def _after_title(text: str, sec: Section, end: int) -> int:
    """Where the words after a heading's title begin (its marker and title skipped), before ``end``."""
    at = text.find(sec.title, sec.view_start, end) if sec.title else -1
    if at < 0:
        return sec.view_start
    at += len(sec.title)
    while at < end and text[at] in "。．.，,；;：: \t\u3000\n":
        at += 1
    return at


def _heading_sentence(text: str, a: int, b: int) -> str:
    """The title of an unnumbered task: its text up to the first sentence end or line end."""
    m = TITLE_END.search(text, a, b)
    end = m.start() if m else min(b, text.find("\n", a, b) if "\n" in text[a:b] else b)
    return text[a:end].strip(" \t\u3000")


def _in_any(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` lies in one of ``spans``."""
    return any(x <= pos < y for x, y in spans)


def _before_box(text: str, start: int, end: int, boxes: list[tuple[int, int]]) -> int:
    """``end``, or where a 专栏 box begins inside ``[start, end)`` when nothing of the item follows it:
    an item that ends in a box ends before it."""
    for x, y in boxes:
        if start < x < end and not text[y:end].strip():
            return x
    return end


def _task_text(text: str, a: int, b: int, sec: Section | None, gaps: list[tuple[int, int]] = ()) -> str:
    """A task's text: its lines stripped and blank lines dropped, the boxes inside it left out; a
    numbered item loses its marker (the title stays, as the sentence it is)."""
    body = "\n".join(text[x:y] for x, y in zip([a, *(g[1] for g in gaps)], [*(g[0] for g in gaps), b], strict=True))
    if sec is not None:
        # the marker as written (１７．) is compared in the view's form (17.), as the text is
        marker = view_form(sec.marker)
        body = body[len(marker):] if body.startswith(marker) else body
    return "\n".join(ln.strip(" \t\u3000") for ln in body.split("\n") if ln.strip())
