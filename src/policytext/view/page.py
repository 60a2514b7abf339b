"""One document's view: the marked-up source text beside its header, sections, tasks and targets.

Everything taken from the document is escaped here, once, on the way into the
page; the script only reads ``data-*`` numbers and sets ``textContent``. A
Content-Security-Policy admits nothing but the page's own script (by hash), so
even markup that slipped through could not load or run anything.
"""
from __future__ import annotations

import base64
import hashlib
import json
from html import escape
from importlib import resources
from typing import Any

from .items import ROLES, Items, number
from .marks import mark_up


def asset(name: str) -> str:
    """A CSS or JavaScript file shipped in policytext/data/view."""
    return resources.files("policytext").joinpath("data", "view", name).read_text(encoding="utf-8")


def e(value: Any) -> str:
    """Text for HTML: escaped, None as empty, and CR kept (the parser would fold CR LF to LF)."""
    return "" if value is None else escape(str(value)).replace("\r", "&#13;")


def script_json(value: Any) -> str:
    """JSON safe inside <script>: no '<', '>' or '&' that could end the element."""
    raw = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def head(title: str, css: str, scripts: list[str]) -> str:
    """The page's ``<head>``: title, inline CSS, and a Content-Security-Policy that allows only the
    inline scripts given (by their sha256), so a hostile document cannot run its own.
    """
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") + "'"
        for s in scripts)
    csp = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src {hashes or repr('none')}"
    return (f'<!DOCTYPE html>\n<html lang="zh">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{e(title)}</title>\n<style>{css}</style>\n</head>\n")


def _jump(index: int | None, items: Items, text_ok: bool) -> str:
    """The attribute that makes a row or link jump to an item's evidence."""
    if index is None:
        return ""
    span = items.items[index].span
    if text_ok and span is not None:
        return f' data-j="{index}" tabindex="0"'
    return " data-nospan"


def _table(head_cells: list[str], rows: list[str], empty: str) -> str:
    """A table of the given rows under a header, or a note saying the list is empty."""
    if not rows:
        return f'<p class="empty">{e(empty)}</p>'
    ths = "".join(f"<th>{e(h)}</th>" for h in head_cells)
    return f'<table class="rows"><thead><tr>{ths}</tr></thead><tbody>\n' + "\n".join(rows) + "\n</tbody></table>"


def _details(key: str, title: str, count: int | None, body: str, open_: bool = True) -> str:
    """A collapsible ``<details>`` panel with its title and item count."""
    n = "" if count is None else f' <span class="n">{count}</span>'
    return (f'<details id="{key}"{" open" if open_ else ""}><summary>{e(title)}{n}</summary>\n'
            f"{body}\n</details>\n")


def _header(d: dict, items: Items, ok: bool) -> str:
    """The header panel: each meta field with its value, rows jumping to their evidence."""
    m = d.get("meta") or {}
    doc_number = (m.get("doc_number") or {}).get("text")
    rows = [
        ("title", "标题 title", m.get("title")),
        ("doc_type", "文种 type", m.get("doc_type")),
        ("doc_number", "发文字号", doc_number),
        ("issuers", "发文机关 issuers", "、".join(m.get("issuers") or [])),
        ("recipients", "主送 recipients", "、".join(m.get("recipients") or [])),
        ("signed_date", "成文日期 signed", m.get("signed_date")),
        ("published_date", "发布日期 published", m.get("published_date")),
        ("enclosed", "印发 enclosed", "；".join(x.get("title") or "" for x in m.get("enclosed") or [])),
        ("cc", "抄送 cc", "、".join(m.get("cc") or [])),
    ]
    out = []
    for key, label, value in rows:
        index = items.meta.get(key)
        cell = e(value) if value else '<span class="none">–</span>'
        jump = _jump(index, items, ok) if value else ""
        out.append(f"<tr{jump}><th>{e(label)}</th><td>{cell}</td></tr>")
    return '<table class="kv">' + "".join(out) + "</table>"


def _tree(d: dict, items: Items, ok: bool) -> str:
    """The section tree as nested lists, each heading jumping to its span."""
    sections = d.get("sections") or []
    if not sections:
        return '<p class="empty">no sections</p>'
    children: dict[Any, list[int]] = {}
    ids = {s.get("id") for s in sections}
    for n, s in enumerate(sections):
        parent = s.get("parent") if s.get("parent") in ids else None
        children.setdefault(parent, []).append(n)
    out: list[str] = []
    show_part = len({s.get("part") for s in sections}) > 1

    def walk(parent: Any) -> None:  # iterative depth would not help: section trees are a few levels deep
        out.append("<ul>")
        for n in children.get(parent, []):
            s = sections[n]
            part = f'<span class="part">part {e(s.get("part"))}</span> ' if show_part else ""
            out.append(f"<li><a{_jump(items.sections[n], items, ok)}>{part}{e(s.get('marker'))}"
                       f"{e(s.get('title'))}</a>")
            if s.get("id") in children:
                walk(s.get("id"))
            out.append("</li>")
        out.append("</ul>")

    walk(None)
    return '<div class="tree">' + "".join(out) + "</div>"


def _units(t: dict, ti: int, items: Items, ok: bool) -> str:
    """A task's units as role-coloured chips, each jumping to its span (implicit ones have none)."""
    out = []
    for ui, u in enumerate(t.get("units") or []):
        role = u.get("role") if u.get("role") in ROLES else "responsible"
        imp = " imp" if u.get("implicit") else ""
        title = f"{role}{', implicit: assigned by a rule the document states once' if u.get('implicit') else ''}"
        index = items.units.get((ti, ui))
        jump = _jump(index, items, ok) if not u.get("implicit") else ""
        out.append(f'<span class="u r-{role}{imp}" title="{e(title)}"{jump}>{e(u.get("name"))}</span>')
    return " ".join(out)


def _tasks(d: dict, items: Items, ok: bool) -> str:
    """The tasks table: id, marker, title, units, deadlines and instrument."""
    rows = []
    for ti, t in enumerate(d.get("tasks") or []):
        ins = t.get("instrument") or {}
        code = e(ins.get("primary")) + (f' <span class="sec2">{e(" ".join(ins.get("secondary") or []))}</span>'
                                        if ins.get("secondary") else "")
        rows.append(f"<tr{_jump(items.tasks[ti], items, ok)}><td>{e(t.get('id'))}</td><td>{e(t.get('marker'))}</td>"
                    f"<td>{e(t.get('title'))}</td><td>{_units(t, ti, items, ok)}</td>"
                    f"<td>{e(', '.join(t.get('deadlines') or []))}</td><td>{code}</td></tr>")
    return _table(["id", "marker", "title", "units", "deadline", "instrument"], rows, "no tasks")


def _value(x: dict) -> str:
    """A target's or amount's value with its range end (2–3), as the tables show it."""
    v = number(x.get("value"))
    return v + (f"–{number(x.get('value_max'))}" if x.get("value_max") is not None else "")


def _targets(d: dict, items: Items, ok: bool) -> str:
    """The targets table."""
    rows = [f"<tr{_jump(items.targets[n], items, ok)}><td>{e(g.get('id'))}</td><td>{e(g.get('indicator'))}</td>"
            f"<td>{e(g.get('comparator'))}</td><td class='num'>{e(_value(g))}</td><td>{e(g.get('unit'))}</td>"
            f"<td>{e(g.get('deadline'))}</td><td class='num'>{e(_value({'value': g.get('baseline')}))}</td>"
            f"<td>{e(g.get('task'))}</td></tr>"
            for n, g in enumerate(d.get("targets") or [])]
    return _table(["id", "indicator", "cmp", "value", "unit", "deadline", "baseline", "task"], rows, "no targets")


def _amounts(d: dict, items: Items, ok: bool) -> str:
    """The amounts table."""
    rows = [f"<tr{_jump(items.amounts[n], items, ok)}><td>{e(a.get('id'))}</td><td>{e(a.get('kind'))}</td>"
            f"<td>{e(a.get('comparator'))}</td><td class='num'>{e(_value(a))}</td><td>{e(a.get('unit'))}</td>"
            f"<td>{e(a.get('text'))}</td></tr>"
            for n, a in enumerate(d.get("amounts") or [])]
    return _table(["id", "kind", "cmp", "value", "unit", "text"], rows, "no amounts")


def _times(d: dict, items: Items, ok: bool) -> str:
    """The time expressions table."""
    rows = [f"<tr{_jump(items.times[n], items, ok)}><td>{e(x.get('text'))}</td><td>{e(x.get('kind'))}</td>"
            f"<td>{e(x.get('value'))}</td></tr>"
            for n, x in enumerate(d.get("times") or [])]
    return _table(["text", "kind", "value"], rows, "no time expressions")


def _references(d: dict, items: Items, ok: bool) -> str:
    """The references table."""
    rows = [f"<tr{_jump(items.references[n], items, ok)}><td>{e(r.get('title'))}</td>"
            f"<td>{e((r.get('doc_number') or {}).get('text'))}</td></tr>"
            for n, r in enumerate(d.get("references") or [])]
    return _table(["title", "发文字号"], rows, "no references")


def _boxes(d: dict, items: Items, ok: bool) -> str:
    """The 专栏 boxes table."""
    rows = [f"<tr{_jump(items.boxes[n], items, ok)}><td>{e(b.get('marker'))}</td><td>{e(b.get('title'))}</td>"
            f"<td>{e(b.get('section'))}</td></tr>"
            for n, b in enumerate(d.get("boxes") or [])]
    return _table(["专栏", "title", "section"], rows, "no boxes")


LEGEND = (("sec", "section heading"), ("task", "task"), ("unit-lead", "lead unit 牵头"),
          ("unit-co", "co unit 配合"), ("unit-responsible", "responsible unit 责任"), ("target", "target"),
          ("amount", "amount"), ("time", "time"), ("ref", "reference"), ("box", "专栏 box"), ("meta", "header field"))


def render_data(data: dict, text: str | None, *, note: str | None = None, back: str | None = None) -> str:
    """The view of a document given in the contract's JSON shape and its source text.

    ``text`` None (the source is gone or changed) still gives the tables, with ``note``
    saying why the evidence is missing. ``back`` is a link to an index page.
    """
    items = Items(data)
    ok = text is not None
    css, js = asset("view.css"), asset("view.js")
    m = data.get("meta") or {}
    src = data.get("source") or {}
    title = m.get("title") or data.get("doc_id") or "document"
    parts = [head(f"{title} · policytext", css, [js]), "<body>\n<header id='top'>\n"]
    if back:
        parts.append(f'<p class="back"><a href="{e(back)}">← index</a></p>\n')
    parts.append(f"<h1>{e(title)}</h1>\n")
    parts.append(f'<p class="src">{e(data.get("doc_id"))} · {e(src.get("path"))} · {e(src.get("format"))} · '
                 f'{e(src.get("chars"))} characters · {len(data.get("tasks") or [])} tasks · '
                 f'{len(data.get("targets") or [])} targets</p>\n')
    notes = []
    if note:
        notes.append(f'<p class="note">{e(note)}</p>')
    bad = 0
    if ok:
        for it in items.items:  # a span the text cannot hold is shown as having none
            if it.span is not None and not valid_span(it.span, len(text)):
                it.span = None
                bad += 1
        if bad:
            notes.append(f'<p class="note">{bad} item(s) have spans outside the text and are not highlighted.</p>')
    warnings = data.get("warnings") or []
    if warnings:
        lis = "".join(f"<li>{e(w)}</li>" for w in warnings)
        notes.append(f'<div class="warnings"><b>{len(warnings)} warning(s)</b><ul>{lis}</ul></div>')
    parts.extend(notes)
    keys = "".join(f'<mark class="m k-{k}">{e(label)}</mark> ' for k, label in LEGEND)
    parts.append(f'<p class="legend">{keys}<span class="u r-responsible imp">implicit unit</span> '
                 f'<span id="where" aria-live="polite"></span></p>\n</header>\n<main>\n')
    if ok:
        parts.append(f'<div id="text" class="text" lang="zh">{mark_up(text, items.marks(data))}</div>\n')
    else:
        parts.append('<div id="text" class="text missing"><p>The source text is not available, so spans '
                     'cannot be shown.</p></div>\n')
    parts.append('<aside id="side">\n')
    parts.append(_details("p-header", "Header", None, _header(data, items, ok)))
    parts.append(_details("p-sections", "Sections", len(data.get("sections") or []), _tree(data, items, ok)))
    parts.append(_details("p-tasks", "Tasks", len(data.get("tasks") or []), _tasks(data, items, ok)))
    parts.append(_details("p-targets", "Targets", len(data.get("targets") or []), _targets(data, items, ok)))
    parts.append(_details("p-amounts", "Amounts", len(data.get("amounts") or []), _amounts(data, items, ok), False))
    parts.append(_details("p-times", "Times", len(data.get("times") or []), _times(data, items, ok), False))
    parts.append(_details("p-refs", "References", len(data.get("references") or []),
                          _references(data, items, ok), False))
    if data.get("boxes"):
        parts.append(_details("p-boxes", "Boxes (专栏)", len(data["boxes"]), _boxes(data, items, ok), False))
    parts.append("</aside>\n</main>\n<div id=\"tip\" hidden></div>\n")
    parts.append(f'<script type="application/json" id="labels">{script_json([it.label for it in items.items])}'
                 f"</script>\n<script>{js}</script>\n</body>\n</html>\n")
    return "".join(parts)


def valid_span(span: tuple[int, int], length: int) -> bool:
    """Whether ``span`` is non-empty and inside a text of ``length`` characters."""
    return 0 <= span[0] < span[1] <= length


__all__ = ["asset", "render_data"]
