"""References: the other documents a text cites, by 《title》 and 发文字号.

A 《title》 takes the 发文字号 in the bracket right after it; a bare 发文字号
is a reference of its own. The document's own number and the titles of the
documents it encloses are not references.
"""
from __future__ import annotations

import regex

from ..doc import PolicyDoc, Reference
from ..textutil import DOC_NUMBER, bare, iter_doc_numbers
from .header import doc_number

_TITLE = regex.compile(r"《(?P<t>[^《》\n]{1,150}(?:\n[^《》\n]{1,150})?)》")
# The document's own attachments: 附件：X, 附件2．X, or the line after a bare 附件 line.
_ANNEX_TITLE = regex.compile(r"(?m)^[ \t]*附件\s*\d*\s*(?:[:：.．、]\s*(?P<a>[^\n]+)|\n+[ \t]*(?P<b>[^\n]+))")
_LINE_BREAK = regex.compile(r"\s*\n\s*")
_NUMBER_AFTER = regex.compile(r"\s*[(（]\s*(?P<n>[^()（）\n]{3,40}?)\s*[)）]")


def run(doc: PolicyDoc) -> None:
    text = doc.view.text
    own = doc.meta.doc_number.text if doc.meta.doc_number else None
    own_span = doc.meta_spans.get("doc_number")
    enclosed = {bare(e.title) for e in doc.meta.enclosed}
    enclosed |= {bare(m["a"] or m["b"]) for m in _ANNEX_TITLE.finditer(text)}
    title_key = bare(doc.meta.title or "")
    refs: list[Reference] = []
    seen: set[str] = set()
    taken: list[tuple[int, int]] = []
    for m in _TITLE.finditer(text):
        title = _LINE_BREAK.sub("", m["t"]).strip()
        key = bare(title)
        if not key or key in enclosed or key == title_key:
            continue
        number = None
        end = m.end()
        after = _NUMBER_AFTER.match(text, m.end())
        if after:
            dn = DOC_NUMBER.fullmatch(after["n"].strip())
            if dn and doc_number(dn):
                number = doc_number(dn)
                end = after.end()
                taken.append(after.span())
        ident = number.text if number else key
        if ident in seen:
            continue
        seen.add(ident)
        refs.append(Reference(title=title, doc_number=number, span=doc.view.src_span(m.start(), end)))
    for m in iter_doc_numbers(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        number = doc_number(m)
        # the own number glued to the title before it in one-line text (…指导意见国发〔2018〕42号)
        if number is None or (own and number.text.endswith(own)) or number.text in seen:
            continue
        span = doc.view.src_span(m.end() - len(number.text), m.end())
        if own_span and span[0] < own_span[1] and own_span[0] < span[1]:
            continue
        seen.add(number.text)
        refs.append(Reference(title=None, doc_number=number, span=span))
    refs.sort(key=lambda r: r.span)
    doc.references = refs
