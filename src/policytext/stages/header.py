"""The 公文 header: title, genre, 发文字号, issuers, recipients, dates, enclosed documents.

Real sources put their own blocks before the text (gov.cn metadata tables,
北大法宝 citation lines, web "来源/更新时间" lines, Markdown titles), print the
title twice, break it over two lines, or flatten an OCR scan into one line.
We read the labelled blocks first, then the GB/T 9704 elements from the
lines of the header zone, and find where each enclosed document begins.
"""
from __future__ import annotations

from functools import cache

import regex

from ..data import header_fields, organ_suffixes
from ..doc import DocNumber, Enclosed, PolicyDoc
from ..textutil import (
    DOC_NUMBER,
    bare,
    doc_type_of,
    lines,
    number_parts,
    parse_date,
    split_top_level,
    strip_span,
)

_HEADING_START = regex.compile(
    r"^[ \t\u3000]*(?:第[一二三四五六七八九十百零〇\d]+[章节条部分编]|[一二三四五六七八九十]+[、.．﹒]|[(（][一二三四五六七八九十]+[)）])"
)
#: An Arabic-numbered item at a line start (1. 2、 （3）): after a line ending in a colon, the body of a
#: short notice whose items are all short lines begins there, not at a long sentence further down.
_ITEM_START = regex.compile(r"^[ \t\u3000]*(?:\d{1,2}[.．、﹒](?!\d)|[(（]\d{1,2}[)）])")
_SKIP_LINE = regex.compile(r"^(?:【法宝引证码】|原文链接|<!--.*-->|扫一扫|打印本页|关闭窗口|分享到|\[?字号)")
_NOTICE_SENTENCE = regex.compile(
    r"(?:现|予以|现予|特此)?(?:印发|转发|颁发|发布)(?:给|至)?(?:你们|各地|你单位|你厅|你局)|印发给|转发给|现予(?:印发|转发|发布)"
)
_QUOTED = regex.compile(r"《([^《》\n]{2,120})》")
_ALIAS_BEFORE = regex.compile(r"简称|下称|称为")
#: Genres that issue the documents their notice sentence names; other genres issue only what their
#: title says (关于印发…的函).
_ISSUING_GENRES = frozenset({"通知", "决定"})
_ISSUES_IN_TITLE = regex.compile(r"(?:印发|转发|颁发)(?P<x>.+?)的(?:通知|决定|令|函)$")
# (A PDF's line may break inside the body or its term: …云南省第九⏎届人民代表大会第四次会议通过.)
_LAW_ADOPTION = regex.compile(
    r"(?P<body>(?<![\p{Han}])国务院|(?![年月日])(?:\p{Han}|\n(?=\p{Han})){2,20}?"
    r"(?:人民代表大会常务委员会|人民代表大会|人民政府|委员会))"
    r"(?:第[一二三四五六七八九十百\d]+\n?届)?"
    r"(?P<rest>[\p{Han}]{0,20}?)第[一二三四五六七八九十百\d]+次(?:全体|常务)?会议"
)
# A site's licence notice after the text (Wikisource: 本作品是中华人民共和国的法律、法规…属于公有领域).
_LICENCE_FOOTER = regex.compile(r"(?m)(?:^|(?<=[。！？]))[ \t\u3000]*本作品(?:是|在|属于|来自)"
                                r"(?=[^\n]{0,60}\n?[\s\S]{0,400}?(?:公有领域|著作权|Public domain))")  # (or run on in one-line text)
_MEETING = regex.compile(r"第[一二三四五六七八九十百\d]+次(?:全体|常务)?会议")
#: How far before its meeting an adoption phrase can start (body, term, the rest: 20 + 11 + 8 + 20).
_ADOPTION_REACH = 64


def _adoption(text: str, start: int = 0, end: int | None = None):
    """The first ``_LAW_ADOPTION`` in ``text[start:end]``, looked for only before each meeting it
    names: the pattern itself tries every character of a long text."""
    end = len(text) if end is None else end
    for m in _MEETING.finditer(text, start, end):
        found = _LAW_ADOPTION.search(text, max(start, m.start() - _ADOPTION_REACH), m.end())
        if found:
            return found
    return None


# The number of an order (令): 国令第707号 in a page's 发文字号 field, …总局令第20号 in a promulgation line.
ORDER_NUMBER = regex.compile(r"(?P<prefix>\p{Han}{1,14}令)\s*第\s*(?P<serial>\d{1,5})\s*号")


def order_number(order: regex.Match) -> DocNumber:
    """国令第707号: an order is numbered in one series, with no year."""
    return DocNumber(order.group(), order["prefix"], None, int(order["serial"]))


# A regulation only promulgated by decree (2019年11月30日 国家市场监督管理总局令第20号公布): the
# decree's organ issued it, on that date.
_PROMULGATION = regex.compile(r"(?:中华人民共和国)?(?P<body>[\p{Han}]{2,20}?)令第[\d一二三四五六七八九十百零〇]+号(?:公布|发布)")
# A full date in digits or, as a 成文日期 is often printed, in Chinese numerals (二○一二年一月九日).
_FULL_DATE = regex.compile(r"(?:19|20)\d\d年\d{1,2}月\d{1,2}日"
                           r"|[一二][〇○零一二三四五六七八九]{3}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日")
_MARKED_SIGNING_DATES = (
    regex.compile(rf"(?P<date>{_FULL_DATE.pattern})[ \t\u3000]*[（(]此件[^）)\n]{{1,10}}[）)]"),
    regex.compile(rf"(?<=[局厅委府室院部会办][ \t\u3000]*)(?P<date>{_FULL_DATE.pattern})[ \t\u3000]*附件"),
)
# A date inside a phrase (请于…前, 有效期至…) or citing an earlier act by its order (…、2004年6月30日
# 省人民政府令第134号修正的《…》同时废止) is no 成文日期.
_DATE_IN_PHRASE_BEFORE = regex.compile(r"(?:于|至|自|从|到|止)\s*$")
_DATE_IN_PHRASE_AFTER = regex.compile(r"\s*(?:前|以前|之前|起|止|为止|施行|开始|至"
                                      r"|[\p{Han}（）()]{0,20}?(?:令\s*第\s*[\d一二三四五六七八九十百零〇]+\s*号|第\s*\d+\s*号令))")
_TERM = regex.compile(r"第[一二三四五六七八九十百\d]+\s*届")


@cache
def _field_pattern() -> regex.Pattern:
    """``label: value`` over every header label in the lexicon, the longest label first; a label's
    characters may be spaced out (索 引 号), and a value stops where the next label on its line starts.
    """
    labels = sorted(header_fields(), key=len, reverse=True)
    spaced = ["[ \t\u3000]*".join(map(regex.escape, lab)) for lab in labels]
    return regex.compile(
        r"(?P<label>" + "|".join(spaced) + r")[ \t\u3000]*[:：][ \t\u3000]*(?P<value>[^\n]*?)[ \t\u3000]*(?=$|\n|"
        + "|".join(spaced) + r"[ \t\u3000]*[:：])"
    )


@cache
def _organ_line() -> regex.Pattern:
    """A line that is nothing but organ names (the signature above the date): one or more names ending
    in an organ suffix from the lexicon.
    """
    suffixes = "|".join(sorted(map(regex.escape, organ_suffixes()), key=len, reverse=True))
    return regex.compile(rf"^(?:[\p{{Han}}（）()]{{2,40}}(?:{suffixes})[ \t\u3000]*)+$")


def _field_name(label: str) -> str:
    """The output field a header label names (spaces inside the label ignored)."""
    return header_fields()[regex.sub(r"[ \t\u3000]", "", label)]


def run(doc: PolicyDoc) -> None:
    """Fill ``doc.meta`` and ``doc.meta_spans`` from the top and foot of the text, and set
    ``doc.parts`` (where each enclosed document begins) and ``doc.body`` (what the later stages read).

    Labelled blocks (gov.cn tables, page metadata) win over what the layout suggests, because a
    portal's own label is surer than a guess from line shapes. The stage runs first: every later
    stage reads only ``doc.body``.

    >>> from policytext import parse
    >>> doc = parse("关于加强安全生产的通知\\n各区政府：\\n一、压实责任。\\n测试市人民政府\\n2023年1月5日\\n")
    >>> doc.meta.title, doc.meta.recipients, doc.meta.issuers, doc.meta.signed_date
    ('关于加强安全生产的通知', ['各区政府'], ['测试市人民政府'], '2023-01-05')
    """
    text = doc.view.text
    all_lines = [strip_span(text, a, b) for a, b in lines(text)]
    all_lines = [(a, b) for a, b in all_lines if b > a]
    flat = len(all_lines) <= 3 and len(text) > 600
    fields = _labelled_fields(text, all_lines)
    fields.update({k: v for k, v in doc.page_meta.items() if k not in fields})
    meta, spans = doc.meta, doc.meta_spans

    def put_span(name: str, view_span: tuple[int, int] | None) -> None:
        if view_span is not None and view_span[1] > view_span[0]:
            spans[name] = doc.view.src_span(*view_span)

    # The header zone: lines before the first section heading or long paragraph.
    zone = _header_zone(text, all_lines)

    # Title.
    title_span = None
    if "title" in fields:
        meta.title, title_span = _field_value(fields["title"])
    else:
        found = _flat_title(text) if flat else _title_from_lines(text, zone, fields)
        if found:
            title_span, meta.title = found
    put_span("title", title_span)
    meta.doc_type = doc_type_of(meta.title)

    # 发文字号.
    dn_span = None
    if "doc_number" in fields:
        value, vspan = _field_value(fields["doc_number"])
        m = DOC_NUMBER.search(value or "")
        if m and doc_number(m):
            meta.doc_number = doc_number(m)
            dn_span = (vspan[0] + m.end() - len(meta.doc_number.text), vspan[0] + m.end()) if vspan else None
        elif (order := ORDER_NUMBER.fullmatch((value or "").strip())) is not None:
            meta.doc_number = order_number(order)
            if vspan:
                start = vspan[0] + (value or "").index(order.group())
                dn_span = (start, start + len(order.group()))
    if meta.doc_number is None:
        limit = zone[-1][1] if zone else min(len(text), 400)
        title_end = title_span[1] if title_span else 0
        if meta.title:
            # Printed twice (a database export, a flattened page), maybe in other widths or dashes:
            # the number follows the second print, which is not a sentence that cites it.
            second = title_end
            while second < len(text) and text[second] in " \t\u3000\n":
                second += 1
            if bare(text[second:second + len(meta.title)]) == bare(meta.title):
                title_end = second + len(meta.title)
        # One-line text: a number right after the title (its bracket) is the document's own; read
        # from there, not from a match that runs back into the title (的通知包府办发〔2022〕43号).
        own = _number_at(text, title_end) if flat and title_span else None
        found = _own_number(text, [own] if own else DOC_NUMBER.finditer(text, 0, min(limit + 1, len(text))),
                            title_end)
        if found is None and not flat and title_span:
            # A page whose notice runs on in one line after a metadata block prints the title again
            # there, with its number (pool 0131: …指导意见 国能发煤炭〔2025〕89号 各省…：).
            reprint = _reprint_end(text, meta.title, title_end)
            again = _number_at(text, reprint) if reprint is not None else None
            found = _own_number(text, [again] if again else [], title_end)
        if found:
            meta.doc_number = doc_number(found)
            dn_span = (found.end() - len(meta.doc_number.text), found.end())
        elif text.find("令第", 0, limit) >= 0 and (decree := _PROMULGATION.search(text, 0, limit)) is not None \
                and (order := ORDER_NUMBER.search(text, decree.start(), decree.end())) is not None:
            # A regulation promulgated by decree (2019年11月30日 国家市场监督管理总局令第20号公布) is
            # numbered by the decree, as a page's 发文字号 field gives it (国令第707号).
            meta.doc_number = order_number(order)
            dn_span = order.span()
    put_span("doc_number", dn_span)

    # Enclosed documents of a 印发/转发 notice, and where each begins.
    notice_at = _notice_sentence(text, title_span)
    enclosed, carried = _enclosed_titles(text, meta.title, meta.doc_type, notice_at)
    meta.enclosed = [Enclosed(t, doc_type_of(t)) for t in enclosed]

    # Recipients (主送机关).
    after_title = title_span
    if flat and meta.doc_number is not None:
        # A metadata block runs into the text: the recipients follow the number's last print.
        last = text.rfind(meta.doc_number.text, 0, min(len(text), 1500))
        if title_span and last > title_span[1]:
            after_title = (last, last + len(meta.doc_number.text))
    rec = _recipients(text, zone if not flat else [(0, min(len(text), 400))], after_title, flat)
    if rec is None and not flat and dn_span and dn_span[0] > (title_span[1] if title_span else 0) \
            and text.find("\n", dn_span[1], dn_span[1] + 160) < 0:
        rec = _recipients(text, [], dn_span, True)  # the number's line runs on: recipients follow it
    if rec:
        meta.recipients = [name for name, _, _ in split_top_level(text[rec[0]:rec[1]], ",，", rec[0])]
        put_span("recipients", rec)

    # Dates and issuers.
    signed_line = None
    for name in ("signed_date", "published_date"):
        if name in fields:
            value, vspan = _field_value(fields[name])
            parsed = parse_date(value or "")
            if parsed:
                setattr(meta, name, parsed[0])
                put_span(name, (vspan[0] + parsed[1][0], vspan[0] + parsed[1][1]) if vspan else None)
    if "signed_date" not in fields:
        signed_line = _signed_date_line(text, all_lines) or (_flat_signed_date(text, meta.title) if flat else None)
        if signed_line:
            iso, (a, b) = signed_line
            meta.signed_date = iso
            put_span("signed_date", (a, b))
    if "issuers" in fields:
        value, vspan = _field_value(fields["issuers"])
        meta.issuers = _split_issuers(value or "") if isinstance(value, str) else list(value or [])
        put_span("issuers", vspan)
    else:
        speech = _SPEECH.search(text, 0, min(len(text), 3000))
        found_issuers = ([speech["who"]], speech.span("who")) if speech else _issuers(
            text, all_lines, signed_line, meta.title)
        if flat and signed_line and not (found_issuers and found_issuers[1]):
            # One-line text: the signature is what stands between the last sentence and the date
            # (…持续健康发展。国务院2022年6月6日).
            found_issuers = _flat_signature(text, signed_line[1][0]) or found_issuers
        if found_issuers and found_issuers[1] is None and signed_line is None:
            # No signature: the red header, a closing printing note or a speaker's organ
            # says who issued it before the title does.
            found_issuers = _unsigned_issuers(text) or found_issuers
        elif not found_issuers:
            found_issuers = _unsigned_issuers(text)
        if "host" in fields:
            # The unit hosting the page names the issuer when nothing else does, and is the evidence
            # of the same name read from the title.
            value, vspan = _field_value(fields["host"])
            host = _split_issuers(value) if isinstance(value, str) else []
            if host and (not found_issuers or found_issuers[1] is None and found_issuers[0] == host):
                found_issuers = (host, vspan)
        if found_issuers:
            meta.issuers, ispan = found_issuers
            put_span("issuers", ispan)
    if meta.signed_date is None and "signed_date" not in fields:
        # Without a 成文日期: a closing printing note's date, or a speech's date line.
        dated = _printing_note(text) or _speech_date(text)
        if dated:
            meta.signed_date = dated[0]
            put_span("signed_date", dated[1])
    if meta.recipients and _SPEECH.search(text, 0, min(len(text), 3000)) and all(
            r.strip() == "各位代表" for r in meta.recipients):
        meta.recipients = []  # 各位代表 greets the audience of a speech; it is no 主送机关
        spans.pop("recipients", None)

    # 抄送.
    m = regex.search(r"(?m)^[ \t\u3000]*抄送[:：]\s*([^\n]+?)[。.]?$", text)
    if m:
        meta.cc = [n for n, _, _ in split_top_level(m.group(1), "，,、。；;", m.start(1))]
        put_span("cc", m.span(1))

    doc.parts = _part_starts(text, all_lines, carried, notice_at)
    body_start = zone[-1][1] + 1 if zone and not doc.parts else (doc.parts[0] if doc.parts else 0)
    footer = _LICENCE_FOOTER.search(text, max(body_start, len(text) - 3000))
    doc.text_end = footer.start() if footer else len(text)
    doc.body = [(min(body_start, doc.text_end), doc.text_end)]


# -- labelled blocks -------------------------------------------------------------------------


def _labelled_fields(text: str, all_lines: list[tuple[int, int]]) -> dict:
    """Label: value fields in the first lines (gov.cn tables, web headers)."""
    out: dict = {}
    pat = _field_pattern()
    head = all_lines[:40]
    for i, (a, b) in enumerate(head):
        if not _has_colon(text, a, b):
            continue  # every label is followed by a colon: no need to try the labels along the line
        for m in pat.finditer(text, a, b):
            name = _field_name(m["label"])
            va, vb = m.span("value")
            if vb <= va:
                # The value stands on the next line unless that line is another label.
                if i + 1 < len(head):
                    na, nb = head[i + 1]
                    if not (_has_colon(text, na, nb) and pat.match(text, na, nb)):
                        va, vb = na, nb
            if vb > va and name not in out:
                out[name] = (text[va:vb], (va, vb))
    return out


_BEFORE_SIGNATURE = regex.compile(r"(?r)[。！？；;!?）)A-Za-z]")


def _flat_signature(text: str, date_start: int):
    """``(names, span)`` of the organs between the last sentence end before a one-line text's date and
    the date, when that stretch is nothing but organ names."""
    # Besides a sentence end, a contact line's last Latin letter ends what came before
    # (…邮箱:XXX@shandong.cn省乡村振兴局2021年7月21日).
    before = _BEFORE_SIGNATURE.search(text, max(0, date_start - 80), date_start)
    a = before.end() if before else 0
    while a < date_start and text[a] in " \t\u3000":
        a += 1
    b = date_start
    while b > a and text[b - 1] in " \t\u3000":
        b -= 1
    if a < b and _organ_line().fullmatch(text[a:b]):  # (its ^…$ read the slice, not the text)
        return _split_issuers(text[a:b]), (a, b)
    return None


def _own_number(text: str, matches, title_end: int):
    """The first 发文字号 match that is the document's own: not inside a 《title》, not cited by a
    sentence before it (the title's own words before ``title_end`` do not count)."""
    for m in matches:
        after = title_end if title_end <= m.start() else 0
        if not (_inside_quotes(text, m.start()) or _cited(text, m.start(), after) or doc_number(m) is None):
            return m
    return None


def _number_at(text: str, pos: int):
    """The valid 发文字号 match standing at ``pos``, past spaces and an opening bracket, or None."""
    while pos < len(text) and text[pos] in " \t\u3000（(":
        pos += 1
    m = DOC_NUMBER.match(text, pos)
    return m if m and doc_number(m) else None


def _reprint_end(text: str, title: str | None, after: int) -> int | None:
    """Where the title ends when a long line reprints it within 1,500 characters after ``after``."""
    if not title:
        return None
    # spaced as it may be (进一步推进 reprinted as 进一步 推进)
    found = regex.compile(r"[ \t\u3000]*".join(map(regex.escape, title.replace(" ", "")))).search(
        text, after, after + 1500)
    if not found:
        return None
    line_end = text.find("\n", found.start())
    return found.end() if (line_end if line_end >= 0 else len(text)) - found.start() > 160 else None


def _has_colon(text: str, a: int, b: int) -> bool:
    return text.find("：", a, b) >= 0 or text.find(":", a, b) >= 0


def _field_value(field) -> tuple:
    """``(value, span)`` of a labelled field; page metadata has a value but no span in the text."""
    if isinstance(field, tuple) and len(field) == 2 and isinstance(field[1], tuple):
        return field
    return field, None  # from page metadata: no span in the text


def _header_zone(text: str, all_lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The lines before the body, among the first 30: up to the first section heading, or numbered item
    after a line that announces it, or the first long or sentence-like line that is not the notice
    sentence. Title, number and recipients are
    looked for only here.
    """
    zone = []
    for a, b in all_lines[:30]:
        line = text[a:b]
        if _HEADING_START.match(line) or zone and _ITEM_START.match(line) and _opens_list(text[slice(*zone[-1])]):
            break
        if len(line) > 120 or (len(line) > 50 and "。" in line and not _NOTICE_SENTENCE.search(line)):
            break
        zone.append((a, b))
    return zone


def _opens_list(line: str) -> bool:
    """Whether a header line announces what follows (各区县人民政府：, 现就有关事项通知如下：): numbered
    items right after it are the body."""
    return line.rstrip(" \t\u3000").endswith(("：", ":")) or _NOTICE_SENTENCE.search(line) is not None


def _is_title_like(line: str) -> bool:
    """Whether a line can be a title: short, no full stop, ending in a genre word, and not a heading,
    a 发文字号 or a date line.
    """
    # (commas between clauses make a sentence: 现在，我代表国务院，向大会报告…意见 ends in a genre word)
    if len(line) < 4 or len(line) > 160 or "。" in line or line.count("，") + line.count(",") >= 2:
        return False
    if line.endswith((":", "：", "，", ",")) or _HEADING_START.match(line):
        return False
    if DOC_NUMBER.fullmatch(line.strip("（）() ")) or parse_date(line) and len(line) < 20:
        return False
    return doc_type_of(line.strip("# ")) is not None


def _opens_title(line: str, after: str) -> bool:
    """关于印发某某市数字政府建设⏎实施方案的通知: the line before a title-like line is its first half when
    it holds the 关于 the second half lacks (a letterhead line above a whole title does not), or when
    the second half opens with a closing bracket, as no title does (…目标管理（绩效⏎）考核细则)."""
    if line.rstrip().endswith(("。", "：", ":")):
        return False
    return ("关于" in line and "关于" not in after) or after.lstrip().startswith(("）", ")", "》", "”")) or (
        # …国民经济和社会发展⏎第十个五年计划纲要: a plan's ordinal goes on from the place and subject above it
        _PLAN_ORDINAL.match(after.lstrip()) is not None and regex.fullmatch(r"\p{Han}{4,30}", line.strip()) is not None
        and _organ_line().fullmatch(line.strip()) is None)


_PLAN_ORDINAL = regex.compile(r"第[一二三四五六七八九十]+个五年|[“\"]十[一二三四五六七八九]五[”\"]")


def _title_from_lines(text: str, zone: list[tuple[int, int]], fields: dict):
    """``(span, title)`` of the title in the header zone, joining a title broken over two lines; a
    印发/转发 notice's title wins over a page caption before it. None when no line looks like one.
    """
    candidates: list[tuple[tuple[int, int], str]] = []
    field_spans = {v[1] for v in fields.values() if isinstance(v, tuple) and len(v) == 2}
    i = 0
    while i < len(zone):
        a, b = zone[i]
        line = text[a:b]
        if _SKIP_LINE.match(line) or (a, b) in field_spans or (_has_colon(text, a, b) and _field_pattern().search(line)):
            i += 1
            continue
        if _is_title_like(line):
            half = len(line) // 2
            if len(line) >= 16 and len(line) % 2 == 0 and line[:half] == line[half:]:
                b = a + half  # a title printed twice, its two lines rejoined as one hard-wrapped line
                line = line[:half]
            candidates.append(((a, b), line.strip("# ")))
        elif (i + 1 < len(zone) and (not _is_title_like(text[zone[i + 1][0]:zone[i + 1][1]])
                                     or _opens_title(line, text[zone[i + 1][0]:zone[i + 1][1]]))):
            # A title broken over two lines.
            na, nb = zone[i + 1]
            joined = line + text[na:nb]
            if len(line) <= 40 and _is_title_like(joined) and "：" not in joined:
                candidates.append(((a, nb), joined.strip("# ")))
                i += 2
                continue
        i += 1
    if not candidates:
        return None
    # A 印发/转发 notice is the outermost document: prefer its title to a page title.
    for span, title in candidates:
        if regex.search(r"(?:印发|转发|颁发|发布).*(?:通知|决定|令)$", title):
            return span, title
    return candidates[0]


# Page furniture a database export or portal glues before a flattened title.
_FLAT_NOISE = regex.compile(
    r"\s*(?:【法宝引证码】\s*\S+?\s*(?:原文链接[:：]\s*)?https?://\S+?\.s?html?"
    r"|来源[:：]\s*\S{1,30}?\s*(?:更新|发布)时间[:：]\s*\d{4}-\d{1,2}-\d{1,2}"
    # a draft form's furniture: the organ's letterhead on the form (山东省…厅公文稿纸), the drafting
    # office and its telephone (…处0531-8179XXXX)
    r"|(?:\p{Han}{2,30}?)?(?:公文|发文)稿纸|\p{Han}{0,15}?0\d{2,3}\s*[-－]\s*[\dXx]{7,8}"
    r"|(?:等级)?特急|平急|明电|#+"
    # a newspaper archive's record: 分类号:BH6 6云南日报 / 2 0 0 1年 / 0 2月 / 2 0日 / 第 A0 1版 /
    r"|分类号[:：][A-Z\d ]{1,12}(?=\p{Han})|\p{Han}{2,8}报\s*/\s*[\d ]{4,8}年\s*/\s*[\d ]{1,4}月\s*/\s*[\d ]{1,4}日"
    r"\s*/\s*第\s*[A-Z\d ]{1,8}版\s*/)\s*")
# A web page's header (…来源:电子政务网 更新时间:2023-01-05) ends the page's own caption; the
# document's title follows it.
_WEB_HEADER = regex.compile(r"来源[:：]\s*\S{1,30}?\s*(?:更新|发布)时间[:：]\s*\d{4}-\d{1,2}-\d{1,2}\s*")
# What may follow a title in one-line text: its 发文字号, the 主送机关 and a colon, the
# preamble, the first heading, a law's adoption bracket, a table's first column (序号: a 考核细则 that is one table).
_AFTER_TITLE = regex.compile(
    r"\s*(?:[（(〔\[]?[\p{Han}]{0,10}[〔\[［(（]\s*(?:19|20)\d\d"
    r"|[^。；：:\n《》]{2,300}?[：:]"
    r"|为了?|根据|按照|依据|近年来|当前|目前|今年以来|第一章|第一条|一、|总则|目\s*录|序\s*号"
    # (minutes open on the meeting's date: …讨论会纪要2022年07月21日，…召开…)
    r"|(?:19|20)\d\d年\d{1,2}月\d{1,2}日[，,]"
    r"|[（(]?(?:19|20)\d\d年\d{1,2}月\d{1,2}日\s*[\p{Han}\d]{2,40}?(?:会议通过|令第[\d一二三四五六七八九十百零〇]+号(?:公布|发布)))")
# Everything up to the last colon before a title's genre word: a field label glued before the title.
_LABEL_BEFORE = regex.compile(r".*[：:]\s*")
_TITLE_BRACKETS = regex.compile(r"(?:\s*[（(][^（）()]{1,20}[）)])*")


def _flat_title(text: str):
    """The title at the start of a text with no line breaks (OCR flattened).

    A red-header letterhead (…文件 鲁财会〔2021〕13号), a letterhead printed twice and
    portal or database furniture come before the title.
    """
    skip = 0
    web = _WEB_HEADER.search(text, 0, 300)
    if web:
        skip = web.end()
    while (m := _FLAT_NOISE.match(text, skip)) and m.end() > skip:
        skip = m.end()
    number = DOC_NUMBER.search(text, skip, skip + 250)
    if number and "关于" not in text[skip : number.start()] and "关于" in text[number.end() : number.end() + 120]:
        skip = number.end()
    skip = _after_repeated_head(text, skip)
    found = _flat_title_from(text[skip : skip + 300])
    if found:
        (a, b), title = found
        return (a + skip, b + skip), title
    return None


def _after_repeated_head(text: str, start: int) -> int:
    """山东省住房和城乡建设厅山东省住房和城乡建设厅关于…: the letterhead before the title that
    repeats it is skipped."""
    for n in range(4, 41):
        head = text[start : start + n]
        if len(head) == n and text.startswith(head, start + n) and head.endswith(organ_suffixes()):
            return start + n
    return start


def _flat_title_from(head: str):
    """``(span, title)`` of the title at the start of ``head`` (one-line text), found by where it ends:
    a genre word followed by the number, the recipients' colon, a preamble word or the first
    heading, or a title printed twice. None when no genre word ends a plausible title.
    """
    head_start = len(head) - len(head.lstrip())
    # Letterhead leftovers between the 发文字号 and the title (鲁机发454号).
    lead = regex.match(r"\s*(?:[\p{Han}]{1,3}机发\d*号)?", head)
    start = lead.end() if lead else head_start
    m = regex.compile(r"(?P<t>[^。：:\n]{4,150}?关于[^。：:\n]{2,150}?)(?=[\p{Han}（(]{2,60}[：:])").match(head, start)
    if (m and doc_type_of(m["t"]) and not _inside_quotes(head, m.end("t")) and not m["t"].endswith("》")
            and not _later_genre_before_colon(head, m.end("t"))):
        return m.span("t"), m["t"]
    first = None
    for mm in regex.finditer(r"(?:的)?(?:通知|意见|方案|规划|办法|函|决定|报告|请示|计划|条例|规定|措施|纲要|细则|纪要)",
                             head, pos=start):
        if _inside_quotes(head, mm.start()):
            continue
        end = _TITLE_BRACKETS.match(head, mm.end()).end()
        if _GENRE_NEXT.match(head, mm.end()):
            continue  # 五年计划纲要: the title ends at the second genre word
        label = _LABEL_BEFORE.match(head, start, mm.start())
        if label:  # a metadata label glued before the title (公开事项名称:国家能源局关于…)
            start = label.end()
        cand = head[start:end].strip()
        if "。" in cand or "，" in cand or not doc_type_of(cand):
            continue
        follows = _AFTER_TITLE.match(head, end)
        if len(cand) >= 8 and head.startswith(cand[:8], end):
            return (start, end), head[start:end]  # a title printed twice (database exports)
        if "关于" in cand:
            if first is None:
                first = (start, end)
            if follows and not _later_genre_before_colon(head, end):
                return (start, end), head[start:end]
        elif _is_plan_title(cand) and ((follows and follows.group().strip()[:1] not in ("的",))
                                       or _PERIOD_BRACKET.search(cand) or head.startswith("“", end)):
            # (a plan's period in brackets ends its title whatever follows: …行动计划（2021-2023年）传感器…;
            # so does a quote opening the first sentence: …发展规划“十四五”时期是…)
            return (start, end), head[start:end]
    if first:
        return first, head[first[0]:first[1]]
    return None


def _later_genre_before_colon(head: str, end: int) -> bool:
    """…意见建议的函省直有关部门、单位: a genre word before the recipients' colon ends the title later."""
    colon = regex.compile(r"[：:。]").search(head, end)
    stop = colon.start() if colon and head[colon.start()] != "。" else end
    return bool(regex.search(r"的(?:函|通知|意见|决定|报告|请示|批复)", head[end:stop]))


_GENRE_NEXT = regex.compile(r"纲要|方案|规划|办法|细则|意见")
_PERIOD_BRACKET = regex.compile(r"[（(][^（）()]*(?:19|20)\d\d[^（）()]*[）)]$")


def _is_plan_title(cand: str) -> bool:
    """A title without 关于 (加快数字化…推进方案, …行动计划（2024-2025年）): short, no clause."""
    return 6 <= len(cand) <= 60 and not regex.search(r"[、：:；]", cand)


_CITING = regex.compile(r"》\s*[（(]\s*$|根据|按照|依据|贯彻|落实|印发|转发")


def _cited(text: str, pos: int, after: int = 0) -> bool:
    """A number inside a sentence, or in the bracket after a 《title》, cites another document
    (…根据《行动计划》（青发〔2023〕9号）…); the document's own stands on a line of its own."""
    line_start = text.rfind("\n", 0, pos) + 1
    return bool(_CITING.search(text, max(line_start, pos - 200, after), pos))


def _inside_quotes(text: str, pos: int) -> bool:
    """Whether ``pos`` is inside an open 《…》 that started at most 120 characters before."""
    left = text.rfind("《", max(0, pos - 120), pos)
    return left >= 0 and text.find("》", left, pos) < 0


def doc_number(m: regex.Match) -> DocNumber | None:
    """The parsed 发文字号 of a ``DOC_NUMBER`` match, or None when its parts do not check out.

    >>> from policytext.textutil import DOC_NUMBER
    >>> doc_number(DOC_NUMBER.search("国办发〔2020〕42号"))
    DocNumber(text='国办发〔2020〕42号', prefix='国办发', year=2020, serial=42)
    """
    parts = number_parts(m)
    return DocNumber(*parts) if parts else None


# -- notices and enclosed documents ----------------------------------------------------------


def _notice_sentence(text: str, title_span) -> tuple[int, int] | None:
    """The sentence of a notice that issues documents (…现印发给你们), if near the top."""
    start = title_span[1] if title_span else 0
    limit = min(len(text), start + 1500)
    m = _NOTICE_SENTENCE.search(text, start, limit)
    if not m:
        return None
    a = max(text.rfind("。", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
    b = text.find("。", m.end())
    b = len(text) if b < 0 else b + 1
    return a, b


def _enclosed_titles(text: str, title: str | None, doc_type: str | None, notice_at) -> tuple[list[str], list[str]]:
    """Titles of the documents a notice issues, and of the documents the text carries.

    Issued: the 《…》 its title says it 印发/转发, else those its notice sentence issues, else the
    unquoted name its title gives. A letter or report (函, 报告) issues only what its title says: the
    现印发给你们 inside one belongs to the draft notice it carries for comment or co-signing
    (ANNOTATION.md: the documents a 印发/转发 notice issues). Carried: what is issued, else that
    draft's documents, whose text follows and is parsed as an enclosed part.
    """
    named = _ISSUES_IN_TITLE.search(title) if title else None
    if named and _QUOTED.search(named["x"]):
        quoted = _QUOTED.findall(named["x"])  # the title quotes them: as issued, unlike an OCR'd body
        return quoted, quoted
    in_sentence = _issued_quotes(text, *notice_at) if notice_at else []
    if in_sentence and (doc_type is None or doc_type in _ISSUING_GENRES):
        return in_sentence, in_sentence
    issued = [named["x"]] if named else []
    return issued, issued or in_sentence


def _issued_quotes(text: str, a: int, b: int) -> list[str]:
    """The 《…》 titles the notice sentence ``text[a:b]`` issues: those of the clause of its 印发 verb, or
    of the nearest clause before it that quotes any (我局制定了《X》，现印发给你们), not those it
    cites (根据《A》《B》…) nor an alias (（以下简称《方案》）); each once, in order."""
    verb = _NOTICE_SENTENCE.search(text, a, b)
    v = verb.start() if verb else b
    quotes = [m for m in _QUOTED.finditer(text, a, b) if not _ALIAS_BEFORE.search(text, max(a, m.start() - 4), m.start())]
    inside = [(m.start(), m.end()) for m in quotes]
    breaks = [i for i in range(a, v) if text[i] in "，,；;" and not any(x < i < y for x, y in inside)]

    def clause(pos: int) -> int:
        return sum(1 for i in breaks if i < pos)

    verb_clause = clause(v)
    before = [m for m in quotes if clause(m.start()) <= verb_clause]
    if not before:
        return []
    nearest = max(clause(m.start()) for m in before)
    return list(dict.fromkeys(m.group(1) for m in before if clause(m.start()) == nearest))


def _part_starts(text: str, all_lines, enclosed: list[str], notice_at) -> list[int]:
    """View offsets where each enclosed document's own title line stands."""
    if not enclosed:
        return []
    starts: list[int] = []
    after = notice_at[1] if notice_at else 0
    for title in enclosed:
        key = bare(title)
        for a, b in all_lines:
            if a < after:
                continue
            line = bare(text[a:b])
            if line and (line == key or (len(line) >= 6 and key.startswith(line) and len(line) > len(key) // 2)):
                starts.append(a)
                after = b
                break
        else:
            # One-line text: the title stands mid-line, where it is not quoted as 《title》.
            at = _unquoted(text, title, after)
            if at is not None:
                starts.append(at)
                after = at + len(title)
    return starts


def _unquoted(text: str, title: str, after: int) -> int | None:
    """The first place ``title`` stands at or after ``after`` not as a quotation (《title》, “title”)."""
    i = text.find(title, after)
    while i >= 0:
        if text[i - 1:i] not in ("《", "“", "\"") and text[i + len(title):i + len(title) + 1] not in ("》", "”", "\""):
            return i
        i = text.find(title, i + 1)
    return None


# -- recipients, dates, issuers --------------------------------------------------------------


def _recipients(text: str, zone, title_span, flat: bool) -> tuple[int, int] | None:
    """The span of the 主送机关: the first header line ending in a colon that is not a label or a
    sentence; in one-line text, what follows the title up to the first colon.
    """
    if flat:
        start = title_span[1] if title_span else 0
        # (past the bracket that closes a 发文字号 printed in brackets after the title: （…〔2012〕3号）)
        m = regex.compile(r"[）)\]]?\s*(?P<r>[^。：:\n]{2,300}?)[：:]").match(text, start)
        # (a sentence before the first colon is no list of organs: 场景创新是…为导向:以促进…)
        if m and not regex.search(r"\d|为了|根据|按照|是", m["r"]) and m["r"].strip() not in header_fields():
            return m.start("r"), _before_enclosed_letter(text, *m.span("r"))
        return None
    for a, b in zone[:25]:
        line = text[a:b]
        if line.endswith(("：", ":")) and 2 <= len(line) <= 160 and not _field_pattern().search(line):
            body = line[:-1].strip()
            # a sentence, a lead-in (…决定对《办法》作如下修改：) or a date is no list of recipients
            if regex.search(r"[。；《]|为了|根据|按照|现将|如下|\d{4}", body):
                continue
            return a, a + len(line) - 1
    return None


_LETTER_TITLE = regex.compile(r"关于[^，,。；;：:]{2,150}?的(?:函|通知|意见|报告|请示|决定)")


def _before_enclosed_letter(text: str, a: int, b: int) -> int:
    """Where one-line recipients end when a document they carry follows without a colon of their own
    (…，有关企业山东省应急管理厅关于商请会签《…》的函各市人民政府，…:): before that document's organ."""
    from .units import is_unit_name

    title = _LETTER_TITLE.search(text, a, b)
    if title is None:
        return b
    comma = max(text.rfind("，", a, title.start()), text.rfind(",", a, title.start()))
    item_start = comma + 1 if comma >= 0 else a
    item = text[item_start:title.start()]
    for i in range(2, len(item) - 1):
        if is_unit_name(item[:i]) and _organ_line().fullmatch(item[i:]):
            return item_start + i
    return b


def _signed_date_line(text: str, all_lines):
    """A line that is only a date (the 成文日期 under the signature), or a law's adoption line."""
    for i, (a, b) in enumerate(all_lines):
        line = text[a:b]
        if i + 1 < len(all_lines) and len(line) <= 40 and parse_date(line) and not _adoption(line) \
                and _adoption(text, a, all_lines[i + 1][1]):
            line = text[a:all_lines[i + 1][1]]  # an adoption line the PDF broke in two
        if len(line) > 40:
            if a < 400 and _adoption(line):
                parsed = parse_date(line)
                if parsed and parsed[1][0] < 5:
                    return parsed[0], (a + parsed[1][0], a + parsed[1][1])
            continue
        parsed = parse_date(line)
        if not parsed:
            continue
        iso, (pa, pb) = parsed
        rest = (line[:pa] + line[pb:]).strip(" \t（）()")
        if iso.count("-") == 2 and (not rest or _adoption(line) or _PROMULGATION.fullmatch(rest)):
            return iso, (a + pa, a + pb)
    return None


#: 山东省交通运输厅鲁交城市函（2020）39号关于…: a one-line letterhead, the organ right before its 发文字号.
_LETTERHEAD_ORGAN = regex.compile(r"\s*(?P<who>\p{Han}{2,30}?(?:厅|局|委员会|委|办公厅|办公室|人民政府|部|院))"
                                  r"(?:文件)?(?=\p{Han}{1,8}[〔\[［（(【]\s*\d{4}\s*[〕\]］）)】]\s*\d{1,4}\s*号)")


def _flat_signed_date(text: str, title: str | None):
    """In flattened OCR text a law's date is its adoption date, which stands right before the adopting
    body near the top (…条例2021年11月6日 安阳市第十四届人民代表大会常务委员会第二十六次会议通过); a
    notice's 成文日期 follows the signing organ (…国务院办公厅2020年12月18日); failing both, it is the
    last full date near the end."""
    head = text[:600]
    adoption = _adoption(head) or ("令第" in head and _PROMULGATION.search(head))
    if adoption:
        last = None
        for m in _FULL_DATE.finditer(text, max(0, adoption.start() - 24), adoption.start()):
            last = m
        parsed = parse_date(last.group()) if last and not text[last.end():adoption.start()].strip(" \t\u3000（(") else None
        # …办法》已经2011年12月20日市八届人民政府第7次常务会议审议通过: a notice citing how what it
        # issues was adopted, not a law's own adoption line.
        if parsed and not text[max(0, last.start() - 2):last.start()].endswith("经"):
            return parsed[0], last.span()
    # A notice that issues another document is signed after its own few sentences, before the
    # document it issues (…请认真抓好落实。2022年4月14日包头市2022年数字政府建设考评办法…).
    notice = _NOTICE_SENTENCE.search(text, 0, min(len(text), 1500))
    if notice:
        end = text.find("。", notice.end())
        dated = _FULL_DATE.search(text, end, end + 300) if end >= 0 else None
        if dated and (text[dated.start() - 1] in "。" or text[dated.start() - 1] in "局厅委府室院部会") \
                and parse_date(dated.group()):
            return parse_date(dated.group())[0], dated.span()
    # (A title without its organ (关于…的函): the organ the letterhead prints before the number.)
    who = _TITLE_ORGAN.match(title or "") or _LETTERHEAD_ORGAN.match(text)
    if who:
        signer = _split_issuers(who["who"])[-1]
        for m in regex.finditer(_signer_pattern(signer) + r"\s*(?P<date>" + _FULL_DATE.pattern + ")", text):
            parsed = parse_date(m["date"])
            if parsed:
                return parsed[0], m.span("date")
    # The 成文日期 carries the notice's release mark (2020年2月12日（此件主动公开）) or stands between
    # the signature and the first attachment (…办公厅2022年4月13日附件1…), wherever the enclosed
    # document after it puts the end of the text.
    for pattern in _MARKED_SIGNING_DATES:
        marked = pattern.search(text)
        parsed = parse_date(marked["date"]) if marked else None
        if parsed:
            return parsed[0], marked.span("date")
    tail_start = max(0, len(text) - 400)
    found = None
    for m in _FULL_DATE.finditer(text, tail_start):
        # a date inside a phrase (请于…前上报, 有效期至…) is a deadline, not the 成文日期
        if not (_DATE_IN_PHRASE_BEFORE.search(text, max(0, m.start() - 2), m.start())
                or _DATE_IN_PHRASE_AFTER.match(text, m.end())):
            found = m
    if found is None:
        return None
    parsed = parse_date(found.group())
    return (parsed[0], found.span()) if parsed else None


#: The organ a title names before 关于, or before the act itself when the title has no 关于
#: (山东省乡村振兴局征求《…》意见的函: an organ's name ends in 局, 厅, 委, 府 …, and the verb follows).
_TITLE_ORGAN = regex.compile(r"(?P<who>[^《“]{2,80}?)(?:关于|(?<=[局厅委府室院部会办])(?:征求|印发|转发|发布|公布))")
#: A place name that opens an organ's name (山东省…, 济南市…), which its own signature may drop.
_PLACE = regex.compile(r"\p{Han}{2,3}?(?=[省市县]\p{Han}{2})")


def _signer_pattern(signer: str) -> str:
    """A pattern of the organ ``signer`` as it signs: with or without the place name that opens it (the
    title says 山东省乡村振兴局, the signature 省乡村振兴局)."""
    place = _PLACE.match(signer)
    if not place:
        return regex.escape(signer)
    return f"(?:{regex.escape(place.group())})?{regex.escape(signer[place.end():])}"


def _issuers(text: str, all_lines, signed_line, title: str | None):
    """``(names, span)`` of the issuers: the adoption body of a law, else the organ lines right above
    the 成文日期, else the organs before 关于 in the title (no span: the title is not a signature).
    """
    if signed_line:
        _, (da, _db) = signed_line
        line_start = text.rfind("\n", 0, da) + 1
        line_end = text.find("\n", da) if "\n" in text[da:] else len(text)
        if 0 <= line_end < len(text) and text.find("\n", line_end + 1) >= 0 and not _adoption(text, da, line_end):
            line_end = text.find("\n", line_end + 1)  # (an adoption line the PDF broke in two)
        # An adoption follows its date (2009年9月28日 国务院第82次常务会议通过); in one-line text the
        # "line" is the whole text, whose other meetings (…委员会第三次会议精神, …已经市政府常务会议审议
        # 通过，现予印发。二○一二年一月九日) adopted nothing of this document.
        line_start, line_end = max(line_start, da), min(line_end, da + 120)
        adoption = (_adoption(text, line_start, line_end)
                    or ("令第" in text[line_start:line_end] and _PROMULGATION.search(text, line_start, line_end)))
        if adoption:
            body = "".join(_TERM.sub("", adoption["body"]).split())  # (a PDF's line break inside it)
            return [body], adoption.span("body")
        # The signature: the organ line(s) right above the date line.
        names: list[str] = []
        span = None
        idx = [i for i, (a, b) in enumerate(all_lines) if a <= da < b + 1]
        if idx:
            j = idx[0] - 1
            while j >= 0 and len(names) < 4:
                a, b = all_lines[j]
                line = text[a:b]
                if not _organ_line().match(line):
                    # A long organ name wrapped onto two lines (省市场监管局新型冠状病毒感染的 /
                    # 肺炎疫情防控工作领导小组): the upper line names no organ of its own, the two together
                    # one organ.
                    if names and _wrapped_organ(line, text[span[0]:span[1]]):
                        names[0] = line.strip() + names[0]
                        span = (a, span[1])
                    break
                names = _split_issuers(line) + names
                span = (a, span[1]) if span else (a, b)
                j -= 1
        if names:
            return names, span
    if title:
        m = regex.match(r"(?P<who>[^《“]{2,80}?)关于", title)
        if m:
            who = m["who"]
            if not _organ_line().match(who):
                # Page furniture before 关于 (…厅公文稿纸安全生产基础处0531-8179XXXX): the organ that opens it.
                lead = _leading_organ().match(who)
                who = lead.group() if lead else who
            return _split_issuers(who), None
    return None


_NAME_CONTINUES = ("的", "和", "与", "及", "暨")


def _wrapped_organ(upper: str, below: str) -> bool:
    """Whether ``upper``, a line above a signature's first organ line ``below``, is the head of that
    organ's name: words only, ending where no name or title ends (的, 和, 与, 及, 暨: a line of its own
    that is a closing phrase or an attachment's title does not), and the two lines one name."""
    upper, first = upper.strip(), regex.split(r"[ \t\u3000]+", below.strip())[0]
    return (bool(regex.fullmatch(r"\p{Han}{2,30}", upper)) and upper.endswith(_NAME_CONTINUES)
            and _organ_line().fullmatch(upper + first) is not None and len(_split_issuers(upper + first)) == 1)


@cache
def _leading_organ() -> regex.Pattern:
    """The organ name that opens a string, up to its first organ suffix."""
    suffixes = "|".join(sorted(map(regex.escape, organ_suffixes()), key=len, reverse=True))
    return regex.compile(rf"\p{{Han}}{{2,30}}?(?:{suffixes})(?=公文稿纸|[^\p{{Han}}]|$)")


_SPEECH = regex.compile(r"我代表(?P<who>[\p{Han}]{2,20}?)\s*[，,]?\s*向")  # (OCR text spaces its commas)
_SPEECH_DATE = regex.compile(r"^[ \t\u3000]*[—\-－]{1,2}\s*(?P<date>(?:19|20)\d\d年\d{1,2}月\d{1,2}日)\s*在[^\n]{2,60}(?:会议|大会)上", regex.M)


@cache
def _printing_note_pattern() -> regex.Pattern:
    """A closing printing note: an organ name, then a date, then 印发 (山东省人民政府办公厅2019年3月15日印发)."""
    suffixes = "|".join(sorted(map(regex.escape, organ_suffixes()), key=len, reverse=True))
    return regex.compile(rf"(?<![\p{{Han}}\d])(?P<who>\p{{Han}}[\p{{Han}}（）()]{{1,39}}?(?:{suffixes}))[ \t\u3000]*"
                         r"(?P<date>(?:19|20)\d\d年\d{1,2}月\d{1,2}日)[ \t\u3000]*印发")


def _last_printing_note(text: str) -> regex.Match | None:
    """The closing printing note (山东省人民政府办公厅2019年3月15日印发) near the end."""
    found = None
    for found in _printing_note_pattern().finditer(text, max(0, len(text) - 600)):  # noqa: B007
        pass
    return found


def _printing_note(text: str):
    """``(iso date, span)`` of the closing printing note, the 印发 date when a document has no 成文日期."""
    found = _last_printing_note(text)
    if found is None:
        return None
    parsed = parse_date(found["date"])
    return (parsed[0], found.span("date")) if parsed else None


def _speech_date(text: str):
    """``(iso date, span)`` of a speech's date line (——2023年1月5日在…会议上), near the top."""
    m = _SPEECH_DATE.search(text, 0, min(len(text), 1500))
    if not m:
        return None
    parsed = parse_date(m["date"])
    return (parsed[0], m.span("date")) if parsed else None


_RED_HEADER = regex.compile(r"^[ \t\u3000]*(?P<who>[\p{Han}（）() \t\u3000]{4,80}?)[ \t\u3000]*文件[ \t\u3000]*$", regex.M)
# One-line text: the 发文机关标志 runs into the 发文字号 (山东省医疗保险事业中心文件鲁医保中心发〔2020〕11号).
_FLAT_RED_HEADER = regex.compile(r"[ \t\u3000]*(?P<who>[\p{Han}（）()]{4,60}?)文件"
                                 r"(?=\p{Han}{1,10}[〔\[［（(【]\s*\d{4}\s*[〕\]］）)】]\s*\d{1,4}\s*号)")


# A draft form printed with its organ (山东省应急管理厅公文稿纸), a telegram form's sending unit
# (发电单位山东省防汛抗旱指挥部办公室签批盖章…): the organ that issues, as a red header names it.
_FORM_HEADER = regex.compile(r"[ \t\u3000]*(?P<who>\p{Han}{4,30}?)(?:公文|发文)稿纸"
                             r"|[^\n]{0,40}?发电单位[:：]?[ \t\u3000]*(?P<who>\p{Han}{4,30}?)"
                             r"(?=签批|签发|盖章|等级|[ \t\u3000\n])")


def _red_header(text: str) -> tuple[list[str], tuple[int, int]] | None:
    """The 发文机关标志 at the top: 山东省财政厅文件, or organs in a row before 文件; else the organ a
    draft or telegram form is printed for."""
    m = (_RED_HEADER.search(text, 0, min(len(text), 300)) or _FLAT_RED_HEADER.match(text)
         or _FORM_HEADER.match(text))
    if not m:
        return None
    names = _split_issuers(m["who"])
    return (names, m.span("who")) if names else None


def _unsigned_issuers(text: str):
    """Without a signature (a speaker's organ is looked for first): the red header, then a
    closing printing note."""
    found = _red_header(text)
    if found:
        return found
    m = _last_printing_note(text)
    return (_split_issuers(m["who"]), m.span("who")) if m is not None else None


def _split_issuers(s: str) -> list[str]:
    """Organ names of a signature or title prefix: split at spaces and 、，, unglued where co-issuers
    run together, and a name printed twice kept once.
    """
    parts = regex.split(r"[ \t\u3000、，,]+", s.strip())
    names: list[str] = []
    for name in (n for p in parts if p for n in _unglue(p)):
        # A letterhead printed twice (or behind page furniture: 公文稿纸山东省…) names its organ once.
        if not any(name.endswith(seen) for seen in names):
            names.append(name)
    return names


# Where a second organ's name can begin: a national organ or a place name.
_ORGAN_HEAD = regex.compile(r"中共|国务院|中央|全国|国家|中国|\p{Han}{2,7}?(?:省|自治区|市|县|自治州|盟)")


_OFFICES = ("办公厅", "办公室")


def _unglue(name: str) -> list[str]:
    """中共中央办公厅国务院办公厅 → two organs: OCR and titles join co-issuers without a separator."""
    suffixes = organ_suffixes()
    for i in range(4, len(name) - 3):
        if not name[:i].endswith(suffixes) or name[:i + 1].endswith(suffixes) or name[:i + 2].endswith(suffixes):
            continue  # not the end of an organ's name (委 of 委员会)
        # A second organ begins with a national organ or a place, or after an office (…办公厅税务总局办公厅:
        # nothing of the first organ's name follows its 办公厅).
        if (_ORGAN_HEAD.match(name, i) or name[:i].endswith(_OFFICES)) and name.endswith(suffixes):
            rest = _unglue(name[i:])
            if len(name) - i >= 4:
                return [name[:i], *rest]
    return [name]
