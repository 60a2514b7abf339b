"""Read a page's metadata table (索引号, 发文机关, 成文日期 …) into ``meta`` keys.

Government sites lay these out as label/value cells (``<td>索 引 号：</td><td>…</td>``)
or as one cell per pair (``<td><b>文号:</b> 赣府厅字〔2020〕14号</td>``); both are read
from short text items in document order. ``<meta name="ArticleTitle">`` and
``PubDate`` fill in what the table lacks.
"""
from __future__ import annotations

import re

from .common import clean_inline, iso_date, strip_line


def _spaced(word: str) -> str:
    return r"[\s\u3000\xa0]*".join(map(re.escape, word))


_LABELS = (
    ("index_no", ("索引号",)),
    ("subject", ("主题分类",)),
    ("issuers", ("发文机关", "发文单位", "发文机构")),
    ("signed_date", ("成文日期", "成文时间", "印发日期")),
    ("title", ("标题", "文件名称")),
    ("doc_number", ("发文字号", "文号", "文件编号")),
    ("published_date", ("发布日期", "发布时间", "公开日期")),
    ("validity", ("有效性", "时效性", "效力状态")),
)
_LABEL_RE = [
    (key, re.compile(rf"^(?:{'|'.join(_spaced(w) for w in words)})"
                     r"(?:[\s\u3000\xa0]*[:：][\s\u3000\xa0]*(.*)|[\s\u3000\xa0]+(.*)|)$", re.S))
    for key, words in _LABELS
]
_ITEM_TAGS = ("td", "th", "dt", "dd", "li", "span", "p", "div", "label", "em", "strong", "b")
_EMPTY_VALUES = {"", "无", "-", "—", "/", "暂无"}
_HEAD_META = {"articletitle": "title", "pubdate": "published_date", "firstpublishedtime": "published_date"}
_SPLIT_ISSUERS = re.compile(r"[、，,；;\s\u3000]+")


_ANY_LABEL = re.compile("(?:" + "|".join(_spaced(w) for _, ws in _LABELS for w in ws) + r")[\s\u3000\xa0]*[:：]")


def _match_label(text: str) -> tuple[str, str] | None:
    """``(field, value)`` when ``text`` is one label-value pair such as 发文字号：国发〔2022〕14号."""
    if len(_ANY_LABEL.findall(text)) > 1:
        return None  # a row or table holding several pairs; its cells are items of their own
    for key, rx in _LABEL_RE:
        m = rx.match(text)
        if m:
            return key, strip_line(m.group(1) or m.group(2) or "")
    return None


def is_label(text: str) -> bool:
    """True if ``text`` starts with a metadata label such as 发文字号："""
    return _match_label(text) is not None


def _normalise(key: str, value: str):
    """A page metadata value in the output's form: dates ISO, issuers split into names, placeholders
    (无, -) dropped as None.
    """
    value = strip_line(value)
    if value in _EMPTY_VALUES:
        return None
    if key in ("signed_date", "published_date"):
        return iso_date(value)
    if key == "issuers":
        names = [n for n in _SPLIT_ISSUERS.split(value) if n]
        return names or None
    return value


def read_page_meta(root, exclude=None) -> dict:
    """Metadata from the page outside ``exclude`` (the main-text element)."""
    skip = set(exclude.iter()) if exclude is not None else set()
    items: list[tuple[object, str]] = []
    for el in root.iter(*_ITEM_TAGS):
        if el in skip:
            continue
        text = strip_line(clean_inline(el.text_content()))
        if text and len(text) <= 120:
            items.append((el, text))
    meta: dict = {}
    for i, (el, text) in enumerate(items):
        hit = _match_label(text)
        if not hit or hit[0] in meta:
            continue
        key, value = hit
        if not value:
            value = _following_value(items, i, el)
        norm = _normalise(key, value) if value else None
        if norm:
            meta[key] = norm
    for el in root.iter("meta"):
        key = _HEAD_META.get((el.get("name") or "").lower())
        if key and key not in meta:
            norm = _normalise(key, clean_inline(el.get("content") or ""))
            if norm:
                meta[key] = norm
    return meta


def _following_value(items, i: int, el) -> str | None:
    """The next item that is neither inside the label element nor itself a label."""
    inner = set(el.iter())
    for other, text in items[i + 1:i + 6]:
        if other in inner:
            continue
        return None if _match_label(text) else text
    return None
