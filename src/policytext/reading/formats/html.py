"""HTML pages and fragments: the main text, one paragraph per line, and the page metadata.

The main text is found by where the prose is: blocks with sentence punctuation
and few links weigh by their CJK characters, and the deepest element holding
most of that weight is the article. Navigation, link lists, share bars and
footers carry little weight and fall outside it.
"""
from __future__ import annotations

import re

from ...errors import InputError
from .charset import decode_html
from .common import count_cjk
from .extracted import Extracted
from .htmlrender import CELL_SEP, Block, Renderer
from .pagemeta import is_label, read_page_meta

_PROSE_MARKS = re.compile("[。；，、：！？]")
# Share share (of the page's prose) the article element must hold.
_ARTICLE_SHARE = 0.8
_BOILERPLATE = re.compile(
    r"^(?:【?\s*(?:打印(?:本页)?|关闭(?:窗口|本页)?|返回顶部|收藏|纠错)\s*】?\s*)+$"
    r"|^扫一扫在手机(?:上)?打开当前页$|^分享到[:：]?.*$|^【?字体[:：]?.*[大中小].*$|^字号[:：].*$"
    r"|^(?:上一篇|下一篇)[:：].*$|^(?:相关链接|相关文章|相关文件|相关阅读|相关解读|相关新闻|政策解读)(?:[:：].*)?$")
_FILE_LINK = re.compile(r"\.(?:pdf|docx?|wps|xlsx?|et|ofd|zip|rar|txt)\s*$", re.IGNORECASE)


def extract_html(data: bytes, path: str | None, max_chars: int | None = None) -> Extracted:
    """Read an HTML page or fragment: the article's paragraphs one per line (a data table as rows of
    `` | ``-joined cells), the page's metadata table as ``meta``, the title kept on the first line.

    Navigation, share bars and footers fall outside the article by their little prose; markup
    nested past what libxml2 keeps is flattened and said in ``meta["warnings"]``.

    >>> page = ('<html><body><div class="nav"><a href="/">首页</a> <a href="/zc">政策文件</a></div>'
    ...         '<div id="content"><h1>关于加强安全生产的通知</h1><p>各区政府：</p>'
    ...         '<p>一、压实责任。各区要落实主体责任。</p><p>二、加强检查。开展隐患排查。</p></div>'
    ...         '<div class="footer">版权所有：测试市人民政府</div></body></html>')
    >>> print(extract_html(page.encode(), "page.html").text)
    关于加强安全生产的通知
    各区政府：
    一、压实责任。各区要落实主体责任。
    二、加强检查。开展隐患排查。
    """
    text, encoding, warnings = decode_html(data, path)
    if not text.strip():
        raise InputError(path, "empty", "the HTML file is empty")
    text = text.replace("\x00", "")
    root = _parse(text, path)
    lost = _lost_chars(text, root)
    if lost:
        # libxml2 stops at 2048 levels even with huge_tree: parse again with the excess nesting cut out of the source.
        again = _parse(_shallow(text), path)
        if _lost_chars(text, again) < lost:
            root, lost = again, _lost_chars(text, again)
            warnings.append(f"markup nested deeper than {MAX_SOURCE_DEPTH} levels was flattened")
    if lost:
        warnings.append(f"about {lost:,} characters of text were lost while parsing the HTML (broken markup)")
    if _flatten(root):
        warnings.append(f"elements nested deeper than {MAX_TREE_DEPTH} levels were unwrapped")
    renderer = Renderer()
    blocks = renderer.render(root)
    article = _article(blocks, root)
    meta = read_page_meta(root, exclude=article)
    kept = [b for b in blocks if _inside(b, article) and not _furniture_line(b)]
    if not any(_weight(b) for b in kept):
        # No prose where the article should be: a template marked the article itself as furniture
        # (class="...nav...", hidden until a script shows it). Read those parts too before giving up.
        again = Renderer(keep_furniture=True)
        found = again.render(root)
        inside = _article(found, root)
        more = [b for b in found if _inside(b, inside) and not _furniture_line(b)]
        if any(_weight(b) for b in more):  # real prose, not a lone link to the home page
            renderer, article, kept = again, inside, more
            meta = read_page_meta(root, exclude=article)
            warnings.append("the main text was found only by reading parts of the page marked as navigation "
                            "or hidden")
    lines = [b.text for b in kept]
    if "title" not in meta and lines:
        heading = _heading_before(article, root)
        if heading and heading not in lines[:3]:
            lines.insert(0, heading)
    if not _has_text(lines):
        raise InputError(path, "empty", "the HTML page has no body text")
    if meta.get("title"):
        lines = _with_title(lines, meta["title"])
    warnings += list(dict.fromkeys(renderer.notes))
    if warnings:
        meta["warnings"] = warnings
    return Extracted(text="\n".join(lines), format="html", encoding=encoding, meta=meta)


_TITLE_MARK = re.compile(r"title|biaoti|bt\b", re.IGNORECASE)


def _heading_before(article, root) -> str | None:
    """The page's own heading of the article when it sits just outside it (an <h1> or a *title* block
    beside the text container), so the document keeps its title."""
    from .htmlrender import cell_text

    if article is root:
        return None
    inside = set(article.iter())
    best = None
    for el in root.iter():
        if el is article:
            break
        if el in inside or not isinstance(el.tag, str):
            continue
        marks = f"{el.get('class') or ''} {el.get('id') or ''}"
        if el.tag in ("h1", "h2", "h3") or (el.tag in ("div", "td", "p", "span") and _TITLE_MARK.search(marks)):
            text = cell_text(el)
            if 8 <= len(text) <= 120 and count_cjk(text) >= 6 and not _PROSE_MARKS.search(text.replace("、", "")):
                best = text
    return best


def _has_text(lines: list[str]) -> bool:
    """Whether any line has a CJK character, letter or digit."""
    return any(count_cjk(line) or any(ch.isalnum() for ch in line) for line in lines)


def _parse(text: str, path: str | None):
    """The lxml tree of the page, parsed with libxml2's deep-nesting limit lifted; unparseable or
    empty markup is an InputError.
    """
    import lxml.html  # lazy: only HTML input needs it
    from lxml import etree

    # huge_tree lifts libxml2's limit of 256 nested elements (to 2048), past which it drops the rest of the page.
    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (ValueError, etree.ParserError) as exc:
        raise InputError(path, "corrupt", f"cannot parse the HTML page ({exc})") from None
    if root is None:
        raise InputError(path, "empty", "the HTML page has no content")
    return root


_MARKUP = re.compile(r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<[^>]*>", re.S | re.I)
_SKIPPED_TEXT = frozenset(("script", "style", "noscript", "template"))


def _lost_chars(text: str, root) -> int:
    """How many CJK characters of the source the parsed tree lacks (0 when within 2 %, as entities may differ)."""
    source = count_cjk(_MARKUP.sub("", text))
    if not source:
        return 0
    kept = 0
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag not in _SKIPPED_TEXT:
            kept += count_cjk(el.text or "")
        parent = el.getparent()
        if parent is None or parent.tag not in _SKIPPED_TEXT:
            kept += count_cjk(el.tail or "")
    lost = source - kept
    return lost if lost > max(10, source // 50) else 0


#: Nesting kept in the source on a second parse, and in the tree handed to the renderer.
MAX_SOURCE_DEPTH = 1000
MAX_TREE_DEPTH = 200
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def _shallow(text: str) -> str:
    """The source with opening and closing tags beyond MAX_SOURCE_DEPTH removed (their text stays)."""
    depth = 0
    out: list[str] = []
    last = 0
    for m in _TAG.finditer(text):
        closing, name, selfclosing = m.group(1), m.group(2).lower(), m.group(3)
        if name in _VOID or selfclosing:
            continue
        if closing:
            deep = depth > MAX_SOURCE_DEPTH
            depth = max(depth - 1, 0)
        else:
            depth += 1
            deep = depth > MAX_SOURCE_DEPTH
        if deep:
            out.append(text[last:m.start()])
            last = m.end()
    out.append(text[last:])
    return "".join(out)


def _flatten(root) -> int:
    """Unwrap elements nested deeper than MAX_TREE_DEPTH (their text and children move up); returns how many."""
    depth = {root: 0}
    deep = []
    for el in root.iterdescendants():
        d = depth[el.getparent()] + 1
        depth[el] = d
        if d > MAX_TREE_DEPTH and len(el):
            deep.append(el)
    for el in deep:
        el.drop_tag()
    return len(deep)


def _furniture_line(block: Block) -> bool:
    """Whether a block is page furniture: a print/close/share line, or a link to an attachment file."""
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
    """How much prose a block holds: its CJK characters when it has sentence punctuation and is not
    mostly links or a metadata row, else 0.
    """
    if block.row and any(is_label(cell) for cell in block.text.split(CELL_SEP)):
        return 0  # a metadata table row
    if not _PROSE_MARKS.search(block.text) or block.link_chars * 2 > len(block.text):
        return 0
    return count_cjk(block.text)


_SENTENCE_END = re.compile("[。；]")
#: A date line (2023年5月1日, 二〇二三年五月一日) or a recipients line (各区人民政府，市政府各部门：).
_DOC_PART = re.compile(r"(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月"
                       r"\s*[\d一二三四五六七八九十]{1,3}\s*日$|(?:各|.{1,40}(?:政府|部门|单位|机关|厅|局|委|办))[^：:]{0,40}[：:]$")
# Sentences left outside the article may weigh at most this share of all sentences on the page.
_LEFT_BEHIND = 0.0


def _article(blocks: list[Block], root):
    """The deepest element that holds most of the page's prose (a data table as a whole).

    Descending stops before it would leave real sentences behind: a page whose paragraphs each
    sit one level deeper than the last (unclosed <div>s) is one article, not its last fifth.
    """
    weights: dict[object, int] = {}
    sentences: dict[object, int] = {}
    for block in blocks:
        w = _weight(block)
        # The recipients and date lines of a notice are no prose, but an article that left them
        # behind would lose its header (a one-paragraph notice is most of its page).
        part = _DOC_PART.match(block.text.strip())
        if w or part:
            strong = (w if w >= 8 and _SENTENCE_END.search(block.text) else 0) or (1 if part else 0)
            for el in (block.owner, *block.owner.iterancestors()):
                weights[el] = weights.get(el, 0) + w
                if strong:
                    sentences[el] = sentences.get(el, 0) + strong
    total = weights.get(root, 0)
    if not total:
        return root
    all_sentences = sentences.get(root, 0)
    el = root
    while True:
        heavy = [c for c in el if weights.get(c, 0) >= _ARTICLE_SHARE * total
                 and all_sentences - sentences.get(c, 0) <= _LEFT_BEHIND * all_sentences]
        if not heavy:
            break
        el = heavy[0]
    # Rows belong to their table: take the table (with its caption), not a row group.
    while el.tag in ("tr", "tbody", "thead", "tfoot", "td", "th") and el.getparent() is not None:
        el = el.getparent()
    return el


def _inside(block: Block, article) -> bool:
    """Whether the block's owner element is the article or inside it."""
    owner = block.owner
    return owner is article or any(a is article for a in owner.iterancestors())
