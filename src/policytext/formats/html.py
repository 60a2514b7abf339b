"""HTML pages and fragments: the main text, one paragraph per line, and the page metadata.

The main text is found by where the prose is: blocks with sentence punctuation
and few links weigh by their CJK characters, and the deepest element holding
most of that weight is the article. Navigation, link lists, share bars and
footers carry little weight and fall outside it.
"""
from __future__ import annotations

import re

from ..errors import InputError
from . import Extracted
from .charset import decode_html
from .htmlrender import CELL_SEP, Block, Renderer
from .pagemeta import is_label, read_page_meta
from .textutil import count_cjk

_PROSE_MARKS = re.compile("[。；，、：！？]")
# Share share (of the page's prose) the article element must hold.
_ARTICLE_SHARE = 0.8
_BOILERPLATE = re.compile(
    r"^(?:【?\s*(?:打印(?:本页)?|关闭(?:窗口|本页)?|返回顶部|收藏|纠错)\s*】?\s*)+$"
    r"|^扫一扫在手机(?:上)?打开当前页$|^分享到[:：]?.*$|^【?字体[:：]?.*[大中小].*$|^字号[:：].*$"
    r"|^(?:上一篇|下一篇)[:：].*$|^(?:相关链接|相关文章|相关文件|相关阅读|相关解读|相关新闻|政策解读)(?:[:：].*)?$")
_FILE_LINK = re.compile(r"\.(?:pdf|docx?|wps|xlsx?|et|ofd|zip|rar|txt)\s*$", re.IGNORECASE)


def extract_html(data: bytes, path: str | None, max_chars: int | None = None) -> Extracted:
    import lxml.html  # lazy: only HTML input needs it

    text, encoding = decode_html(data, path)
    if not text.strip():
        raise InputError(path, "empty", "the HTML file is empty")
    try:
        root = lxml.html.document_fromstring(text.replace("\x00", ""))
    except (ValueError, lxml.etree.ParserError) as exc:
        raise InputError(path, "corrupt", f"cannot parse the HTML page ({exc})") from None
    renderer = Renderer()
    blocks = renderer.render(root)
    article = _article(blocks, root)
    meta = read_page_meta(root, exclude=article)
    lines = [b.text for b in blocks if _inside(b, article) and not _furniture_line(b)]
    if not any(count_cjk(line) or any(ch.isalnum() for ch in line) for line in lines):
        raise InputError(path, "empty", "the HTML page has no body text")
    if meta.get("title"):
        lines = _with_title(lines, meta["title"])
    return Extracted(text="\n".join(lines), format="html", encoding=encoding, meta=meta)


def _furniture_line(block: Block) -> bool:
    if _BOILERPLATE.match(block.text):
        return True
    # A link to the attachment file repeats the attachment's title.
    return block.link_chars * 2 > len(block.text) and bool(_FILE_LINK.search(block.text))


def _with_title(lines: list[str], title: str) -> list[str]:
    """Put the title on one line at the top: join a title broken by <br>, or add one shown outside the article."""
    want = re.sub(r"\s", "", title)
    for i in range(min(len(lines), 6)):
        acc = ""
        for j in range(i, min(len(lines), i + 4)):
            acc += re.sub(r"\s", "", lines[j])
            if acc == want:
                return lines[:i] + ["".join(lines[i:j + 1])] + lines[j + 1:]
            if not want.startswith(acc):
                break
        if want in re.sub(r"\s", "", lines[i]):
            return lines
    return [title, *lines]


def _weight(block: Block) -> int:
    if block.row and any(is_label(cell) for cell in block.text.split(CELL_SEP)):
        return 0  # a metadata table row
    if not _PROSE_MARKS.search(block.text) or block.link_chars * 2 > len(block.text):
        return 0
    return count_cjk(block.text)


def _article(blocks: list[Block], root):
    """The deepest element that holds most of the page's prose (a data table as a whole)."""
    weights: dict[object, int] = {}
    for block in blocks:
        w = _weight(block)
        if w:
            for el in block.owner.iterancestors():
                weights[el] = weights.get(el, 0) + w
            weights[block.owner] = weights.get(block.owner, 0) + w
    total = weights.get(root, 0)
    if not total:
        return root
    el = root
    while True:
        heavy = [c for c in el if weights.get(c, 0) >= _ARTICLE_SHARE * total]
        if not heavy:
            break
        el = heavy[0]
    # Rows belong to their table: take the table (with its caption), not a row group.
    while el.tag in ("tr", "tbody", "thead", "tfoot", "td", "th") and el.getparent() is not None:
        el = el.getparent()
    return el


def _inside(block: Block, article) -> bool:
    owner = block.owner
    return owner is article or any(a is article for a in owner.iterancestors())
