"""TextView: the normalised text stages read, and its exact map back to the source."""
from __future__ import annotations

import unicodedata

import pytest

from policytext.reading.normalize import TextView


def _same_char(src: str, view: str) -> bool:
    """A view character is its source character, or that character's canonical form."""
    if src == view:
        return True
    if src in "\u3000\xa0\t\u2002\u2003" and view == " ":
        return True
    if src == "\r" and view == "\n":
        return True
    if "\ue000" <= src <= "\uf8ff" and view == ".":  # an unmapped glyph after a number
        return True
    return unicodedata.normalize("NFKC", src) == view


def check_map(source: str, view: TextView) -> None:
    """Every view character maps to one source character it stands for, in order."""
    assert view.source_len == len(source)
    prev = -1
    for i, ch in enumerate(view.text):
        p = view.src_pos(i)
        assert p > prev, f"map not increasing at view {i}"
        assert _same_char(source[p], ch), (i, source[p], ch)
        prev = p
    assert view.src_pos(len(view.text)) == len(source)


CASES = [
    # (id, source, view text, [(view substring, exact source evidence)])
    ("fullwidth-digits", "到２０２５年达到９５％以上", "到2025年达到95%以上",
     [("2025年", "２０２５年"), ("95%", "９５％")]),
    ("fullwidth-letters", "推进ＡＩ＋制造，建设５Ｇ基站ｘ", "推进AI+制造，建设5G基站x",
     [("AI+制造", "ＡＩ＋制造"), ("5G", "５Ｇ")]),
    ("ideographic-space", "一、\u3000总体要求\u3000\u3000", "一、 总体要求  ", [("总体要求", "总体要求")]),
    ("zero-width", "数\u200b字\u200c政\u200d府\ufeff建设\u2060", "数字政府建设",
     [("数字政府", "数\u200b字\u200c政\u200d府"), ("建设", "建设")]),
    ("soft-hyphen", "一网\u00ad通办", "一网通办", [("一网通办", "一网\u00ad通办")]),
    ("crlf", "一、总体要求\r\n（一）指导思想\r\n", "一、总体要求\n（一）指导思想\n",
     [("（一）指导思想", "（一）指导思想"), ("总体要求\n（一）", "总体要求\r\n（一）")]),
    ("lone-cr", "一、总体要求\r二、主要任务", "一、总体要求\n二、主要任务", [("二、主要任务", "二、主要任务")]),
    ("ocr-spaced-year", "2 0 0 1年以来", "2001年以来", [("2001年", "2 0 0 1年")]),
    # two spaced digits are one number too, in a marker or a figure (perturb.py's spaces dress)
    ("ocr-spaced-marker", "1 2﹒深化融合应用", "12﹒深化融合应用", [("12﹒", "1 2﹒")]),
    ("ocr-spaced-percent", "提高2 0%以上", "提高20%以上", [("20%", "2 0%")]),
    ("ocr-spaced-fullwidth", "２ ０ ２ ５年", "2025年", [("2025年", "２ ０ ２ ５年")]),
    ("digit-space-han", "到2035 年基本实现", "到2035年基本实现", [("2035年", "2035 年")]),
    ("han-space-digit", "超过 50%的企业", "超过50%的企业", [("超过50%", "超过 50%")]),
    ("digit-space-percent", "提高到 95 ％", "提高到95%", [("95%", "95 ％"), ("到95", "到 95")]),
    ("ideographic-space-in-number", "到2025\u3000年", "到2025年", [("2025年", "2025\u3000年")]),
    ("plain", "关于印发实施方案的通知", "关于印发实施方案的通知", [("实施方案", "实施方案")]),
]


@pytest.mark.parametrize("source,expected,evidence", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_view(source, expected, evidence):
    view = TextView(source)
    assert view.text == expected
    check_map(source, view)
    for needle, src in evidence:
        i = view.text.index(needle)
        a, b = view.src_span(i, i + len(needle))
        assert source[a:b] == src


@pytest.mark.parametrize(
    "source,expected",
    [("2035年", "2035年"), ("国发〔2018〕42号", "国发〔2018〕42号"), ("5G基站1000个", "5G基站1000个"),
     ("1.5倍", "1.5倍"), ("第 一 条", "第 一 条"), ("0531 8179", "0531 8179"),
     ("电话 0531 8179", "电话0531 8179")],
)
def test_view_keeps_what_it_should(source, expected):
    # Only single digits spaced apart are OCR numbers; numbers of several digits stay apart.
    view = TextView(source)
    assert view.text == expected
    check_map(source, view)


def test_digits_of_different_numbers_stay_apart():
    # A space between two numbers that are not a spaced-out OCR number is kept.
    view = TextView("2024年、2025年分别突破2.2万亿元、2.4万亿元")
    assert view.text == "2024年、2025年分别突破2.2万亿元、2.4万亿元"


def test_empty_span_maps_to_a_point():
    source = "数\u200b字"
    view = TextView(source)
    assert view.src_span(1, 1) == (2, 2)
    assert view.src_span(0, len(view.text)) == (0, len(source))


def test_identity_when_nothing_dropped():
    source = "一、总体要求\n（一）指导思想。坚持以习近平新时代中国特色社会主义思想为指导。"
    view = TextView(source)
    assert view.text == source
    assert all(view.src_pos(i) == i for i in range(len(source) + 1))
    assert view.src_span(3, 7) == (3, 7)


def test_real_document_round_trip(shared):
    source = (shared / "dev" / "0107.txt").read_text(encoding="utf-8")
    view = TextView(source)
    check_map(source, view)
    # Every heading found in the view is found at the mapped place in the source.
    i = view.text.index("国发〔2018〕42号")
    a, b = view.src_span(i, i + len("国发〔2018〕42号"))
    assert source[a:b] == "国发〔2018〕42号"


def test_private_use_dot_after_a_number_reads_as_a_dot():
    # pool 0095 writes its item dots as U+E010; the view reads 1. while spans keep the source
    source = "　　1\ue010突破大模型关键核心技术。\n　　2\ue010强化核心底层硬件创新攻关。\n"
    view = TextView(source)
    assert "1.突破" in view.text and "2.强化" in view.text
    assert len(view.text) == len(source)
    check_map(source, view)
    assert TextView("图标\ue010在此").text == "图标\ue010在此"  # not after a number: left alone


@pytest.mark.parametrize("source,view", [
    ("培育2 0家平台", "培育20家平台"),  # perturb.py's spaces dress: two digits spaced before their unit
    ("达到4 0%", "达到40%"),
    ("2.5 0%", "2.50%"),  # a decimal's fraction spaced out is one number too (pool 0027, spaces dress)
    ("绿地率达到37.5 0 0，", "绿地率达到37.500，"),
    # pool 0160: OCR spaces a decimal point off its number, once with a line break after it
    ("国内生产总值年均增长6 .5 %左右", "国内生产总值年均增长6.5%左右"),
    ("治理水土流失面积1 .\r\n2万平方公里", "治理水土流失面积1.2万平方公里"),
    ("一、目标\n1 .\n2025年底前完成", "一、目标\n1 .\n2025年底前完成"),  # a marker opening its line stays
])
def test_two_spaced_digits_before_their_unit(source, view):
    v = TextView(source)
    assert v.text == view
    i = v.text.index(view[2])
    assert source[v.src_pos(i)] == view[2]


def test_a_list_of_equal_lines_is_not_hard_wrapped():
    # lines of one width that end their sentences are a list; a hard wrap cuts sentences anywhere
    source = "标题\n" + "一、一一。\n" * 6 + "一、一一一一一一一一一。\n" * 3
    assert TextView(source).text == source
    wrapped = "标题\n" + "".join("推进数据共享建设平台强化安全保障完善" + "\n" for _ in range(12))
    assert TextView(wrapped).text.count("\n") < wrapped.count("\n")


def test_a_copy_wrapped_twice_is_rejoined():
    # A PDF extract wrapped again by a narrower extractor (perturb.py's pdfwrap over dev 0063):
    # full lines of 28 and of 27 characters, each width alone under the share of a wrapped text,
    # with the stubs the second pass left. Lines of either width end mid-sentence and are joined.
    full28 = "到2025年全市规模以上工业企业数字化改造覆盖率达到八十"
    full27 = "点行业骨干企业基本实现智能化建成智能工厂和数字化车间里"
    assert (len(full28), len(full27)) == (28, 27)
    para = [full28, "个以上，", full27, "个以上。"]
    source = "标题\n" + "\n".join(para * 10) + "\n"
    view = TextView(source)
    assert view.text.count(full28 + "个以上，") == 10
    assert view.text.count(full27 + "个以上。") == 10
    check_map(source, view)


def _hard_wrap(paragraphs: list[str], width: int = 28) -> str:
    """Paragraphs cut every ``width`` characters, as a PDF extractor without reflow gives them."""
    return "".join(p[i:i + width] + "\n" for p in paragraphs for i in range(0, len(p), width))


FILLER = "坚持统筹推进，完善工作机制，强化要素保障，推动重点任务落实见效。"


@pytest.mark.parametrize("figure,view", [
    ("到2 0 0 5年，全省装机容量达1 0 8 0万千瓦", "到2005年，全省装机容量达1080万千瓦"),
    ("城镇化水平达到2 6 %左右", "城镇化水平达到26%左右"),
    ("向广东送电1 6 0 ～ 3 0 0万千瓦", "向广东送电160 ～ 300万千瓦"),
])
def test_ocr_spaces_in_a_number_a_hard_wrap_cut(figure, view):
    # OCR text hard-wrapped: the wrap falls inside the spaced number (到2 0⏎ 0 5年) at every offset
    for cut in range(1, len(figure)):
        lead = FILLER[: 28 - cut]
        source = _hard_wrap([FILLER] * 3 + [lead + figure + "。"] + [FILLER] * 8)
        v = TextView(source)
        assert lead + view + "。" in v.text, cut
        check_map(source, v)


@pytest.mark.parametrize("after,ends", [
    ("引导车企主动适应市场变化，加快产品升级换代。", True),  # a new paragraph: it would have fitted
    ("（省工业和信息化厅负责）", False),  # a line may not end on （: the typesetter moved it down
])
def test_a_sentence_end_a_character_short_of_the_width(after, ends):
    short = "及时贯彻落实国家调整扩大跨境电商零售进口商品清单政策。"
    assert len(short) == 27
    source = _hard_wrap([FILLER * 3] * 4) + short + "\n" + after + "\n" + _hard_wrap([FILLER * 3] * 4)
    assert (short + "\n" + after in TextView(source).text) is ends
    assert (short + after in TextView(source).text) is not ends


@pytest.mark.parametrize(("source", "view"), [
    # pool 0158: a web copy's page break, a line of one zero-width space, inside a sentence
    ("全年发展主要目标任务较好完成，交出一份人\n\u200b\n民满意的答卷。", "全年发展主要目标任务较好完成，交出一份人民满意的答卷。"),
    ("粮食产量是保供的基础，全年目标确定\n\u200b\u200b\n为1.3万亿斤以上。", "粮食产量是保供的基础，全年目标确定为1.3万亿斤以上。"),
    # after a sentence end or a heading, or before a heading, it stays a paragraph break
    ("全年发展主要目标任务较好完成。\n\u200b\n交出一份人民满意的答卷。", "全年发展主要目标任务较好完成。\n\n交出一份人民满意的答卷。"),
    ("一、总体要求\n\u200b\n坚持稳中求进工作总基调。", "一、总体要求\n\n坚持稳中求进工作总基调。"),
    ("全年发展主要目标任务较好完成，交出一份人\n\u200b\n二、主要任务", "全年发展主要目标任务较好完成，交出一份人\n\n二、主要任务"),
], ids=["mid-word", "two-characters", "sentence-end", "after-heading", "before-heading"])
def test_a_line_of_zero_width_characters_inside_a_sentence(source, view):
    v = TextView(source)
    assert v.text == view
    assert source[slice(*v.src_span(0, len(v.text)))].replace("\u200b", "").replace("\n", "") \
        == view.replace("\n", "")


@pytest.mark.parametrize(("source", "view"), [
    # pool 0059: a long numbered heading's last characters wrapped onto a line of their own
    ("（十二）现代农业园区--打造全省农业科技创新核心示范\n区\n依托国家农业科技园区建设。",
     "（十二）现代农业园区--打造全省农业科技创新核心示范区\n依托国家农业科技园区建设。"),
    ("3.完善城乡一体的公共文化服务体系建设，打造乡村文化先行\n示范区\n各地要加强领导。",
     "3.完善城乡一体的公共文化服务体系建设，打造乡村文化先行示范区\n各地要加强领导。"),
    # a signature under an unnumbered line, a short heading, a sentence end, a new item: apart
    ("附件：关于推进数字政府建设的实施方案和工作要点\n国务院\n2018年12月21日",
     "附件：关于推进数字政府建设的实施方案和工作要点\n国务院\n2018年12月21日"),
    ("（一）短标题\n区\n依托园区建设。", "（一）短标题\n区\n依托园区建设。"),
    ("（一）加强组织领导，压实各方责任。\n区\n依托园区建设。", "（一）加强组织领导，压实各方责任。\n区\n依托园区建设。"),
    ("一、加快建设具有国际竞争力的现代产业体系\n县\n1.推进产业升级。", "一、加快建设具有国际竞争力的现代产业体系\n县\n1.推进产业升级。"),
])
def test_a_numbered_heading_wrapped_onto_a_short_line(source, view):
    assert TextView(source).text == view
