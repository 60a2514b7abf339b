"""References: the other documents a text cites, by 《title》 and 发文字号.

A 《title》 takes the 发文字号 in the bracket right after it — written in full,
before an alias (国乡振发[2021]5号，以下简称《实施意见》), or bare
(〔2020〕8号, the issuer being the title's); a bare 发文字号 elsewhere is a
reference of its own. Not references: the document's own number, the
documents it encloses or names in its own title (关于商请会签《X》的函), the
short names it gives (（以下简称《规划》）) and 《》 names of platforms and forms.
"""
from __future__ import annotations

import functools

import regex

from ..doc import DocNumber, PolicyDoc, Reference
from ..textutil import DOC_NUMBER, bare, iter_doc_numbers
from .header import ORDER_NUMBER, doc_number, order_number
from .numerals import word_list

RULES = "references.toml"
_TITLE = regex.compile(r"《\s*(?P<t>[^《》\n]{1,150}(?:\n[^《》\n]{1,150})?)\s*》")
# 以下简称《规划》, 以下简称“领导小组”: the short name a text gives a title or body.
_ALIAS = regex.compile(r"(?:以下|下文)(?:简称|称)\s*(?:为)?\s*[《“\"]?(?P<a>[^《》“”\"()（）\n，。；]{1,30}?)[》”\"]?(?=[)），。；])")
# The bracket after a title: 发文字号 alone or before more (，以下简称…); or the number without its prefix.
_OPEN = regex.compile(r"\s*[(（]\s*")
_CLOSE = regex.compile(r"\s*(?:[)）]|[，,；;])")
# Right after a title the bracket is its number even with a year OCR garbled (鲁工信技〔2121〕01号).
_LOOSE_NUMBER = regex.compile(DOC_NUMBER.pattern.replace("(?:19|20)\\d\\d", "\\d{4}"))
_BARE_NUMBER = regex.compile(r"[〔\[［]\s*(?P<year>(?:19|20)\d\d)\s*[〕\]］]\s*(?:第\s*)?(?P<serial>\d{1,5})\s*号")
# The document's own attachments: 附件：X, 附件2．X, or the line after a bare 附件 line.
_ANNEX_TITLE = regex.compile(r"(?m)^[ \t]*附件\s*\d*\s*(?:[:：.．、]\s*(?P<a>[^\n]+)|\n+[ \t]*(?P<b>[^\n]+))")
_LINE_BREAK = regex.compile(r"\s*\n\s*")
# A draft's note closing its title: (会签稿), （征求意见稿）, (送审稿), (草案).
_DRAFT_NOTE = regex.compile(r"[(（][^()（）]{0,6}(?:稿|草案)[)）]\s*$")
# 《考核指标》（见附件）, 《申报书》（附件2）: the title of the document's own annex, not another document.
_SEE_ANNEX = regex.compile(r"\s*[（(]\s*(?:(?:详)?见)?附件")


@functools.cache
def _rules() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern, regex.Pattern]:
    """(titles that name no document, such as a law's chapter, verbs before a title the own title
    names as its subject, what a work's title is followed by, what it is preceded by), compiled from
    data/references.toml.
    """
    def alt(key: str) -> str:
        return "|".join(map(regex.escape, sorted(word_list(RULES, key), key=len, reverse=True)))

    return (regex.compile(f"(?:{alt('not_documents.endings')})$"), regex.compile(f"(?:{alt('own.title_verbs')})\\s*$"),
            regex.compile(f"[ \\t\\u3000]*(?:{alt('not_documents.works')})"),
            regex.compile(f"(?:{alt('not_documents.works_before')})[ \\t\\u3000]*$"))


def _number_after(text: str, pos: int) -> tuple[DocNumber, tuple[int, int]] | None:
    """The 发文字号 in the bracket right after a title, and the span it takes."""
    o = _OPEN.match(text, pos)
    if not o:
        return None
    dn = _LOOSE_NUMBER.match(text, o.end())
    if dn and doc_number(dn) and _CLOSE.match(text, dn.end()):
        return doc_number(dn), (pos, _through_bracket(text, dn.end()))
    b = _BARE_NUMBER.match(text, o.end())
    if b and _CLOSE.match(text, b.end()):
        return DocNumber(b.group(), "", int(b["year"]), int(b["serial"])), (pos, _through_bracket(text, b.end()))
    # 《专业技术人员继续教育规定》（人力资源社会保障部令第25号）: a regulation numbered by its decree
    order = ORDER_NUMBER.match(text, o.end())
    if order and _CLOSE.match(text, order.end()):
        return order_number(order), (pos, _through_bracket(text, order.end()))
    return None


def _through_bracket(text: str, end: int) -> int:
    """The evidence takes the closing bracket when the number fills the bracket."""
    c = _CLOSE.match(text, end)
    return c.end() if c.group().strip() in ")）" else end


def _subsequence(short: str, long: str) -> bool:
    """Whether ``short`` can be read off ``long`` in order, skipping characters (纲要草案 in
    远景目标纲要（草案）): how a short name of a title cited before is recognised.
    """
    it = iter(long)
    return len(short) < len(long) and all(ch in it for ch in short)


def _own_name(key: str, title_key: str) -> bool:
    """Whether a 《》 title (``key``, bare) names the document itself: its own title without the issuer
    (《关于促进…的实施意见》 in 江西省人民政府办公厅关于促进…的实施意见, a 解读 appended to it), or a short
    name read off its title that ends as the title does (《纲要》 of 云南省…第十个五年计划纲要).
    """
    if not title_key or key == title_key:
        return False
    if key.startswith("关于") and title_key.endswith(key):
        return True
    return len(key) <= 8 and title_key.endswith(key[-2:]) and _subsequence(key, title_key)


def _own_titles(title: str | None) -> set[str]:
    """Titles the document's own title names as its subject: 关于商请会签《X》的函."""
    verbs = _rules()[1]
    return {bare(m["t"]) for m in _TITLE.finditer(title or "") if verbs.search(title, 0, m.start())}


def run(doc: PolicyDoc) -> None:
    """Build ``doc.references``: every other document the text cites, by 《title》 (with the 发文字号 in
    the bracket after it, if any) or by a bare 发文字号, once each, in text order.

    The document's own title, number and enclosed documents are not references, nor are short names
    it defines (以下简称《X》) or a short title of one cited before: the citation graph would
    otherwise link documents to themselves.

    >>> from policytext import parse
    >>> doc = parse("关于推进数据共享的通知\\n根据《数据安全法》和《关于加快建设的意见》（国发〔2022〕14号），现通知如下。\\n")
    >>> [(r.title, r.doc_number.text if r.doc_number else None) for r in doc.references]
    [('数据安全法', None), ('关于加快建设的意见', '国发〔2022〕14号')]
    """
    text = doc.view.text
    own = doc.meta.doc_number.text if doc.meta.doc_number else None
    own_span = doc.meta_spans.get("doc_number")
    title_key = bare(doc.meta.title or "")
    # What the document issues is its own (ANNOTATION.md), whether its title names it (关于印发X的通知)
    # or only counts it (印发…两个规定的通知) and its notice sentence names it (《X》…现印发给你们).
    enclosed = {k for k in (bare(e.title) for e in doc.meta.enclosed) if k}
    enclosed |= {bare(m["a"] or m["b"]) for m in _ANNEX_TITLE.finditer(text)}
    enclosed |= _own_titles(doc.meta.title)
    aliases = {bare(m["a"]) for m in _ALIAS.finditer(text)}
    not_document, _verbs, work, work_before = _rules()
    # A title the text once points at its annex with (《项目内容摘要》(见附件3)) is that annex wherever it
    # stands; so is one the own title names, wherever a draft note follows it (《…工作规则(会签稿)》).
    text_end = doc.text_end if doc.text_end is not None else len(text)
    titles = list(_TITLE.finditer(text, 0, text_end))
    annexes = {bare(_LINE_BREAK.sub("", m["t"])) for m in titles if _SEE_ANNEX.match(text, m.end())}
    refs: list[Reference] = []
    seen: set[str] = set()
    taken: list[tuple[int, int]] = []
    by_key: dict[str, int] = {}
    own_keys = [k for k in enclosed if len(k) >= 8]
    for m in titles:
        title = _LINE_BREAK.sub("", m["t"]).strip()
        key = bare(title)
        if (not key or key in enclosed or key in aliases or key == title_key or not_document.search(title)
                or key in annexes or work.match(text, m.end())
                or work_before.search(text, max(0, m.start() - 8), m.start())):
            continue
        undrafted = bare(_DRAFT_NOTE.sub("", title))
        if undrafted != key and (undrafted in enclosed or undrafted == title_key):
            continue
        if _own_name(key, title_key):
            continue  # the own title less its issuer, or its genre word as a short name (《纲要》)
        if len(key) >= 8 and any(key in k for k in own_keys):
            continue  # 《A<B>》 in the own title: B is part of the document's own subject
        if len(key) <= 8 and any(_subsequence(key, k) for k in by_key):
            continue  # 《纲要草案》 after 《…远景目标纲要（草案）》: a short name of a title cited before
        number = None
        end = m.end()
        after = _number_after(text, m.end())
        if after:
            number, taken_span = after
            end = taken_span[1]
            taken.append(taken_span)
        ident = number.text if number else key
        if ident in seen:
            continue
        seen.add(ident)
        ref = Reference(title=title, doc_number=number, span=doc.view.src_span(m.start(), end))
        if key in by_key:
            # Cited first by title alone, then with its number: one reference, with the number.
            if number is None or refs[by_key[key]].doc_number is not None:
                continue
            refs[by_key[key]] = ref
            continue
        by_key[key] = len(refs)
        refs.append(ref)
    for m in iter_doc_numbers(text):
        if m.start() >= text_end:
            break
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
