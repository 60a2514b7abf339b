"""Headings and tasks in one-line text (OCR, scraped pages: the whole document on one line) and in
text with page breaks, written for the purpose: each case is a mechanism the pool's one-line
copies showed (benchmarks/dress_consistency.py), proved here on sentences of our own."""
from __future__ import annotations

import pytest
from conftest import front, outline

from policytext.reading.normalize import TextView

# Long enough (and with no line break) to be read as one-line text.
_FILL = "坚持问题导向和目标导向，统筹推进各项工作，形成上下联动、部门协同的工作格局，确保各项任务落到实处。" * 4


def _heads(doc) -> list[tuple[int, str, str]]:
    """Level, marker and the title's first four characters (a title in one-line text runs to its full stop)."""
    return [(level, marker, title[:4]) for level, marker, title in outline(doc)]


def _one_line(*pieces: str) -> str:
    """The pieces run together, padded to the length of a one-line document."""
    text = "".join(pieces)
    while len(text) <= 600:
        text += _FILL
    assert "\n" not in text
    return text


@pytest.mark.parametrize("before", [
    "实现祖国和平统一",  # a word that ends in a numeral
    "绘就未来五年发展蓝图",  # 图, which before a digit cites a figure (见图1)
    "建设高水平开放平台，打造全国唯一",
])
def test_a_chapter_after_any_word_in_one_line_text(before):
    text = _one_line("第一章 总体要求", _FILL, "第二章 重点任务", _FILL, before, "第三章 保障措施", _FILL)
    assert _heads(front(text)) == [(1, "第一章", "总体要求"), (1, "第二章", "重点任务"), (1, "第三章", "保障措施")]


def test_a_numeral_word_before_a_list_marker_still_hides_it():
    # 二十二、 is one number: its 十二、 and 二、 are not markers of their own
    text = _one_line("一、总体要求", _FILL, "二十二、", _FILL, "二、重点任务", _FILL)
    assert _heads(front(text)) == [(1, "一、", "总体要求"), (1, "二、", "重点任务")]


@pytest.mark.parametrize("text", [
    # a heading's first sentence runs on without a full stop (lines that lost their 。)
    "第一章 市场体系  建立公平、规范、透明的市场准入标准，建立统一、开放、竞争、有序的服务业市场\n"
    "第二章 文化体制\n",
    _one_line("第一章 市场体系  建立公平、规范、透明的市场准入标准，建立统一、开放、竞争、有序的服务业市场",
              _FILL, "第二章 文化体制", _FILL, _FILL),
])
def test_a_word_ending_in_a_numeral_after_a_heading_is_no_subheading(text):
    assert _heads(front(text)) == [(1, "第一章", "市场体系"), (1, "第二章", "文化体制")]


@pytest.mark.parametrize("text", [
    # pool 0159: a gap ends the chapter's title; the 一、 of a quoted 统一、 after it is a word's
    "第一章\u3000市场体系\u3000\u3000坚持“和平统一、一国两制”方针，建立统一开放的市场\n第二章\u3000文化体制\n",
    _one_line("第一章\u3000市场体系\u3000\u3000坚持“和平统一、一国两制”方针，建立统一开放的市场", _FILL,
              "第二章\u3000文化体制", _FILL, _FILL),
])
def test_a_word_ending_in_a_numeral_after_a_title_gap_is_no_subheading(text):
    assert _heads(front(text)) == [(1, "第一章", "市场体系"), (1, "第二章", "文化体制")]


@pytest.mark.parametrize("text,expected", [
    ("一、总体要求（一）指导思想\n二、主要任务\n",
     [(1, "一、", "总体要求"), (2, "（一）", "指导思想"), (1, "二、", "主要任务")]),
    ("第一章 总则  第一条 为了规范管理，制定本办法。\n第二章 附则\n",
     [(1, "第一章", "总则"), (2, "第一条", ""), (1, "第二章", "附则")]),
])
def test_a_heading_right_after_a_title_still_counts(text, expected):
    assert outline(front(text)) == expected


@pytest.mark.parametrize("source,view", [
    ("大宗农产\f品", "大宗农产品"),  # mid-word: the text runs on
    ("提高\n\f\u3000\u3000结构", "提高\n  结构"),  # after a line break: nothing to add
    ("管理水平\f\u3000\u3000适应农村", "管理水平\n  适应农村"),  # the next paragraph's indent follows
])
def test_a_page_break_is_read_as_the_text_runs(source, view):
    v = TextView(source)
    assert v.text == view
    assert v.src_span(0, len(v.text)) == (0, len(source))


def test_a_heading_after_a_page_break_starts_its_line():
    text = "第一章 总体要求\n坚持统筹推进。\n\f  第二章 重点任务\n加快建设。\n第三章 保障措施\n"
    assert outline(front(text)) == [(1, "第一章", "总体要求"), (1, "第二章", "重点任务"), (1, "第三章", "保障措施")]


# An amending decision quotes the new wording; a quoted paragraph opens with “ each (修改为：“（一）…；“（二）…).
_AMENDMENT = ("一、将第八条修改为：“居住证持有人享有下列权益：“（一）依法参加社会保险，享受相应社会保险待遇；"
              "“（二）在居住地依法缴存、提取和使用住房公积金；“（三）申请政府临时救助。”"
              "二、删除第九条。三、将第十条修改为：“违反本办法规定的，由公安机关给予警告：“（一）使用虚假证明材料；"
              "“（二）出租、出借居住证。”")


@pytest.mark.parametrize("text", [
    _AMENDMENT.replace("“", "\n“").replace("。”二、", "。”\n二、").replace("三、", "\n三、"),
    _one_line(_AMENDMENT, "本决定自公布之日起施行。"),
])
def test_a_quoted_list_is_no_list_of_the_document(text):
    assert [m for _, m, _ in outline(front(text))] == ["一、", "二、", "三、"]


def test_a_chapter_on_its_volume_line_is_a_chapter():
    # 第X篇 is no section, but a plan's volume line may carry its first chapter
    text = ("第一篇发展基础\n第一章发展环境\n我省发展取得显著成就。\n第二篇推进改革开放第二章深化各项改革\n"
            "坚定不移地深化改革。\n第三章扩大对外开放\n积极扩大开放。\n")
    assert outline(front(text)) == [(1, "第一章", "发展环境"), (1, "第二章", "深化各项改革"), (1, "第三章", "扩大对外开放")]


@pytest.mark.parametrize("title,general", [
    ("全省经济社会发展的指导思想", False),  # thirteen characters: longer than a heading of the general part
    ("经济社会发展的指导思想", True),
    ("经济社会发展的指导思想世纪之交的国际国内环境出现了新的变化", True),  # run into its first sentence
    ("经济社会发展的主要目标国民经济保持较快发展速度，经济结构战略性调整取得明显成效", True),
    ("推进农业现代化的主要任务和目标", False),
    ("实现全面小康的目标要求坚定信心，加快推进各项任务和重点措施落实", False),
    ("总体目标深入推进数字政府建设", True),
])
def test_a_general_heading_run_into_its_first_sentence(title, general):
    from policytext.doc import Section
    from policytext.stages.tasks import is_general

    sec = Section(id="s1", parent=None, part=0, level=1, marker="一、", ordinal=1, title=title, span=(0, 1),
                  kind="cn", view_start=0)
    assert is_general(sec) is general


_NOTICE = ("关于开展智能制造试点工作的通知各省、自治区、直辖市工业和信息化主管部门：为推进智能制造，现将有关事项通知如下。"
           "一、试点内容围绕重点行业开展试点。二、组织实施各地做好推荐工作。")
_PLAN = ("附件1智能制造试点实施方案为加快推进智能制造，制定本方案。一、试点目标形成一批试点项目，按照项目申请表（附件2）填报。"
         "二、保障措施加强组织管理。")
_FORM = "附件2智能制造试点项目申请表项目名称：申报单位：联系人：一、项目基本信息单位名称统一社会信用代码二、项目内容"
_UNITS = "附件1征求意见单位名单省发展改革委、省科技厅、省工业和信息化厅、省财政厅"
# pool 0062: a form whose title holds a genre word (标准) and which has headings of its own; its blanks
# for a seal and a date say it is a form
_SEALED_FORM = ("附件2智能制造标准应用试点项目申报书项目名称：申报主体：（盖章）申报时间：\u3000\u3000年\u3000\u3000月"
                "\u3000\u3000日填写说明一、现有工作基础必须如实填报。二、纸质材料一式四份。")


@pytest.mark.parametrize("annexes,body_ends_at", [
    (_PLAN + _FORM, "附件2"),  # a plan, then a form: the plan is body, the form is not
    (_UNITS + _PLAN.replace("附件1", "附件2"), None),  # the units consulted, then the document itself
    (_FORM.replace("附件2", "附件1"), "附件1"),  # a form alone
    (_PLAN + _SEALED_FORM, "附件2"),
    (_PLAN + _SEALED_FORM.replace("（盖章）", ""), "附件2"),  # the blank date alone
    (_PLAN + _SEALED_FORM.replace("\u3000\u3000年\u3000\u3000月\u3000\u3000日", ""), "附件2"),  # the seal alone
])
def test_one_line_annexes_after_the_date(annexes, body_ends_at):
    doc = front(_one_line(_NOTICE, "工业和信息化部办公厅2022年4月13日", annexes))
    end = doc.body[-1][1]
    assert end == (len(doc.text) if body_ends_at is None else doc.text.rindex(body_ends_at))


def test_an_announced_list_with_a_genre_word_is_cut_in_one_line_text():
    # no signature date: the annex whose title the notice announced; 清单 is a genre word, but a
    # list has no headings of its own
    text = _one_line("一、总体要求推进数字化转型。二、保障措施加强宣传推广。附件：1.典型场景清单2.相关标准清单",
                     "附件1典型场景清单1.典型场景：研发设计痛点：设计效率偏低。2.典型场景：生产制造痛点：设备互联困难。")
    assert [m for _, m, _ in outline(front(text))] == ["一、", "二、"]


@pytest.mark.parametrize("annex_list", [
    "附件：1.信息宣传联络员登记表\n\n2.申请宣传申报单\n\n3.协助宣传报道通知单\n",  # one item a line
    "附件：1.信息宣传联络员登记表\n           2.申请宣传申报单\n           3.协助宣传报道通知单\n",
    "附件：1.信息宣传联络员登记表2.申请宣传申报单3.协助宣传报道通知单\n",  # run together
])
def test_the_items_of_a_list_of_attachments_are_no_sections(annex_list):
    text = ("一、工作要求\n1.明确分工。各单位确定一名联络员。\n2.及时报送。每月报送一次。\n二、其他事项\n联系电话：12345。\n"
            + annex_list + "自治区质监局办公室\n2016年3月1日\n")
    assert [m for _, m, _ in outline(front(text))] == ["一、", "1.", "2.", "二、"]


def test_a_list_of_attachments_goes_on_past_a_number_read_as_a_tables():
    # pool 0040, one-line text: after a table's name the 2 reads as the table's number (汇总表2), and
    # the items after it are still the list's
    text = _one_line("一、工作要求1.明确分工。各单位确定一名联络员。2.及时报送。每月报送一次。",
                     "二、其他要求请于2021年3月15日前报送申报材料。",
                     "附件：1.标准化项目汇总表2.项目申请书3.试点项目建设申请书4.示范项目申请书")
    assert [m for _, m, _ in outline(front(text))] == ["一、", "1.", "2.", "二、"]


@pytest.mark.parametrize("glue,taken", [
    ("坚持融合发展，构建完善产业生态。2二、", True),  # a page number between a sentence end and the heading
    ("半年考评分值=日常监测+第三方评估÷2（二）", True),  # a bracket closes its own number
    ("总分100二、", False),  # a score in a flattened table is not a page number
])
def test_a_number_glued_before_a_heading_in_one_line_text(glue, taken):
    text = _one_line("一、总体要求推动检测装备发展。（一）实行清单管理。明确考核对象。", _FILL, glue, "行动目标到2025年基本满足需求。",
                     _FILL, "三、保障措施加强组织领导。")
    markers = [m for _, m, _ in outline(front(text))]
    assert (glue[-3:].lstrip("0123456789÷") in markers) is taken


def _wrapped(paragraphs: list[str], width: int = 28) -> str:
    """Paragraphs hard-wrapped at ``width`` characters, as a PDF page read without reflow."""
    return "".join(p[i:i + width] + "\n" for p in paragraphs for i in range(0, len(p), width))


def test_a_heading_after_a_wrap_that_ended_its_paragraph():
    # the paragraph before 第二章 (no full stop: a plan that drops them) fills its last line exactly,
    # so the view rejoins the heading to it
    full = "对外开放广度和深度不断拓展，互利共赢的开放格局进一步形成"
    assert len(full) == 28
    paras = ["第一章　发展环境　　" + "我国经济社会发展取得重大成就，综合国力显著增强" * 3, full,
             "第二章　政策导向　　实现经济社会发展目标，必须紧紧围绕推动科学发展" * 2,
             "第一节　加快转变经济发展方式　　坚持扩大内需战略，保持经济平稳较快发展" * 2,
             "第二节　深化改革开放　　坚持社会主义市场经济改革方向，推进重点领域改革" * 2,
             "第三章　主要目标　　今后五年经济社会发展的主要目标是经济平稳较快发展" * 2]
    text = _wrapped(paras)
    assert "形成\n第二章" not in front(text).view.text  # rejoined
    assert [(lv, m) for lv, m, _ in outline(front(text))] == [
        (1, "第一章"), (1, "第二章"), (2, "第一节"), (2, "第二节"), (1, "第三章")]


def test_the_view_records_where_it_rejoined_a_wrap():
    text = _wrapped(["加快" * 69, "推进" * 69])  # five lines each, the last one short
    view = TextView(text)
    assert [view.text[j - 2:j + 2] for j in view.joins] == ["加快加快"] * 4 + ["推进推进"] * 4
    assert "\n" in view.text  # the paragraph break stays
    assert TextView("一、总体要求\n二、主要任务\n").joins == []


def _unnumbered_tasks(text):
    from policytext import parse

    return [(t.title, [u.name for u in t.units]) for t in parse(text).tasks]


_OPINION = ["各市、县（区）人民政府，省政府各部门：", "为加快推进我省流通发展，促进商业消费，经省政府同意，现提出以下要求："]
# paragraphs without a unit marker, then paragraphs with one each
_UNMARKED = ["顺应消费升级和电子商务发展趋势，推进“互联网+流通”发展，提升消费体验。"
             "推动商旅文体等跨界融合、线上线下互动融合，培育一批数字商务企业。" * 3] * 3
_MARKED = ["引导车企主动适应市场变化，加快产品升级换代，扩大汽车销量。（省工业和信息化厅负责）",
           "支持各地开展促消费活动，丰富节假日消费供给。加大宣传力度。（省商务厅负责）"]
_SIGNED = ["江西省人民政府办公厅", "2019年12月30日"]


@pytest.mark.parametrize("sep", ["\n", ""])  # clean, and all on one line
def test_an_unnumbered_marked_paragraph_in_one_line_text(sep):
    text = sep.join(_OPINION + _UNMARKED + _MARKED + _SIGNED)
    assert len(text) > 600
    assert _unnumbered_tasks(text) == [
        ("引导车企主动适应市场变化，加快产品升级换代，扩大汽车销量", ["省工业和信息化厅"]),
        ("支持各地开展促消费活动，丰富节假日消费供给", ["省商务厅"])]


_PLAN = ("国家粮食应急预案\n目　　录\n1　总则\n1.1　编制目的\n1.2　工作原则\n2　组织机构和职责\n2.1　指挥部职责\n"
         "2.2　办公室职责\n1　总则\n1.1　编制目的\n为了有效监测和控制粮食市场异常波动，制定本预案。\n1.2　工作原则\n"
         "（1）统一领导、分级负责。在国务院统一领导下各负其责。\n（2）科学监测、预防为主。加强对粮食市场的跟踪监测。\n"
         "2　组织机构和职责\n2.1　指挥部职责\n（1）掌握粮食市场形势，提出启动应急措施的建议。\n（2）对应急工作进行督查和指导。\n"
         "（3）完成国务院交办的其他事项。\n2.2　办公室职责\n（1）提出相应的行动建议。\n（2）起草有关文件和简报。\n")


_PLAN_NOTICE = ("国务院办公厅关于印发国家粮食应急预案的函\n各省、自治区、直辖市人民政府：\n"
                "《国家粮食应急预案》已经国务院同意，现印发给你们，请认真实施。\n国务院办公厅\n二〇〇五年六月十一日\n")


# (one-line text: a clause heading is known after a sentence end, so the chapter line 2　… goes)
@pytest.mark.parametrize("text", [_PLAN_NOTICE + _PLAN,
                                  _one_line(_PLAN.replace("2　组织机构和职责\n2.1", "2.1").replace("\n", ""))])
def test_lists_restart_under_decimal_clauses(text):
    # the contents list no marker of ours, so the body's first list is no contents entry; each （1）
    # list starts anew under its clause (2.1, 2.2), which is no section itself
    assert [m for _, m, _ in outline(front(text))] == ["（1）", "（2）", "（1）", "（2）", "（3）", "（1）", "（2）"]


def test_a_decimal_quantity_opening_a_sentence_restarts_nothing():
    text = ("一、工作任务\n（1）推广测土配方施肥技术。\n得分标准如下。1.5分为满分。\n（2）开展垃圾分类试点。\n"
            "（1）这不是新列表的开始。\n")
    assert [m for _, m, _ in outline(front(text))] == ["一、", "（1）", "（2）"]


_PLAN_BODY = ("1.总则1.1编制目的为科学有序应对城市内涝，减少人员伤亡，制定本预案。1.2适用范围本预案适用于全市城市内涝的应对工作。"
              "2.组织体系2.1指挥机构市防汛指挥部负责统一指挥全市城市内涝应对工作。3.应急响应3.1先期处置事发地政府要立即组织"
              "先期处置。3.2响应终止险情消除后终止响应。4.附则4.1实施时间本预案自印发之日起实施。")


@pytest.mark.parametrize("sep", ["", "\n"], ids=["one-line", "lines"])
def test_contents_without_their_label(sep):
    # pool 0035: a plan's table of contents printed without 目录 before its body, in one line
    contents = sep.join(["1.总则1.1编制目的1.2适用范围", "2.组织体系2.1指挥机构", "3.应急响应3.1先期处置3.2响应终止",
                         "4.附则4.1实施时间"])
    doc = front("某某市城市内涝应急预案" + sep + contents + sep + _PLAN_BODY)
    assert [(s.marker, s.title[:4]) for s in doc.sections] == [
        ("1.", "总则1."), ("2.", "组织体系"), ("3.", "应急响应"), ("4.", "附则4.")]
    assert "编制目的为科学" in doc.view.text[doc.sections[0].view_start:doc.sections[0].body_end]


def test_a_list_of_short_headings_before_a_restarting_list_is_no_contents():
    # each item of the first list has a sentence of its own: both lists are body
    text = "\n".join(["关于加强城市内涝防治的通知", "一、主要任务", "1.加强领导各地要加强领导。", "2.完善机制建立健全机制。",
                     "3.强化保障落实资金保障。", "二、保障措施", "1.加强领导各级要加强组织领导。", "2.强化督查开展督查。"]) + "\n"
    assert [s.marker for s in front(text).sections] == ["一、", "1.", "2.", "3.", "二、", "1.", "2."]


@pytest.mark.parametrize(("item", "title"), [
    # pool 0025: the body's first clause opens with its date
    ("一、分批实现医疗保险待遇联网结算2021年6月底前，市立医院、市中医院等5家医院实现联网结算。",
     "分批实现医疗保险待遇联网结算"),
    ("一、扩大联网结算医院范围到2022年，全市二级以上医院全部实现联网结算。", "扩大联网结算医院范围"),
    # a title that opens with its date is not cut there
    ("一、2021年底前，市立医院、市中医院等5家医院实现联网结算。", "2021年底前，市立医院、市中医院等5家医院实现联网结算"),
], ids=["date-before", "horizon", "date-first"])
def test_a_one_line_title_ends_before_a_clause_opening_date(item, title):
    pad = "各地要加强组织领导，明确责任分工，确保各项任务落到实处。" * 12
    doc = front("关于做好医疗保险待遇联网结算工作的通知各定点医疗机构：" + pad + item + "二、有关要求各单位要高度重视。" + pad)
    assert doc.sections[0].title == title


@pytest.mark.parametrize(("item", "title"), [
    # pool 0050: the title-end model would cut 认真总结|今年汛期…; a verb needs its object
    ("全面总结今年防汛抗旱各项工作，总结经验、查找不足，在完善固化上狠下功夫。", "全面总结今年防汛抗旱各项工作"),
    ("认真总结今年春运各项创新性工作机制，总结经验、查找不足，推动工作制度化、规范化。", "认真总结今年春运各项创新性工作机制"),
], ids=["flood", "spring-travel"])
def test_a_verbs_object_that_opens_with_a_time_word_stays_in_the_title(item, title):
    pad = "各地要加强组织领导，明确责任分工，确保各项任务落到实处。" * 12
    doc = front("关于做好防汛工作的通知各市防指：" + pad + "一、健全工作机制1." + item
                + "二、2024年工作安排今年是实施“十四五”规划的关键一年，要加强防汛能力建设。" + pad)
    assert [s.marker for s in doc.sections] == ["一、", "1.", "二、"]
    assert doc.sections[1].title.startswith(title) and doc.sections[2].title == "2024年工作安排"


def test_sections_of_a_plan_without_stops_are_no_contents():
    # pool 0159 (one sentence a line, no 。): 第一节…第三节 of a chapter, then the next chapter's 第一节
    # opening with the same word, are body
    lines = ["第一章　加快财税体制改革　　理顺各级政府间财政分配关系，健全公共财政体系",
             "第一节　深化财政体制改革　　按照财力与事权相匹配的要求，进一步理顺各级政府间财政分配关系",
             "完善转移支付制度，增加一般性转移支付规模和比例，加强县级政府提供基本公共服务财力保障",
             "第二节　完善预算管理制度　　实行全口径预算管理，完善公共财政预算，细化政府性基金预算",
             "完善预算编制和执行管理制度，强化预算支出约束和预算执行监督，健全预算公开机制",
             "第三节　改革和完善税收制度　　按照优化税制结构、公平税收负担的原则，完善税收制度",
             "扩大增值税征收范围，相应调减营业税等税收，合理调整消费税征收范围",
             "第二章　深化金融体制改革　　全面推动金融改革、开放和发展，构建组织多元的金融体系",
             "第一节　深化金融机构改革　　继续深化国家控股的大型金融机构改革，完善现代金融企业制度"]
    doc = front("某某规划纲要\n" + "\n".join(lines) + "\n")
    assert [s.marker for s in doc.sections] == ["第一章", "第一节", "第二节", "第三节", "第二章", "第一节"]


@pytest.mark.parametrize(("heading", "title"), [
    # pool 0155, 0158 flattened: a work report's part heading, then its first sentence's time phrase
    ("一、2023年工作回顾过去一年，是全面贯彻党的二十大精神的开局之年。", "2023年工作回顾"),
    ("一、“十四五”时期主要目标任务过去五年，我市经济社会发展取得新成就。", "“十四五”时期主要目标任务"),
    ("一、2024年重点工作今年是实施“十四五”规划的关键一年。", "2024年重点工作"),
], ids=["past-year", "past-five-years", "this-year-is"])
def test_a_one_line_part_heading_ends_before_its_time_phrase(heading, title):
    pad = "各地要加强组织领导，明确责任分工，确保各项任务落到实处。" * 12
    doc = front("政府工作报告" + pad + heading + pad + "二、有关要求各单位要高度重视。" + pad)
    assert doc.sections[0].title == title


# An item with children is no task (ANNOTATION.md: leaf items, and unnumbered paragraphs with a marker).
_INTRO_HEADING = "一、建立完善市场化机制"
_INTRO = "按照公益性原则，组建煤炭储备运营公司，在储备能力建设中发挥主要作用。（省国资委牵头，省能源局配合）"
_CHILDREN = ("（一）煤炭采购机制。建立长期采购合同制度。", "（二）煤炭储备机制。完善储备轮换制度。")


def _tasks(text: str) -> list[tuple[str | None, str, list[str]]]:
    from policytext import parse

    return [(t.marker, t.title[:6], sorted(u.name for u in t.units)) for t in parse(text).tasks]


def test_a_marked_intro_paragraph_is_the_same_task_on_its_own_line_and_run_on_after_its_heading():
    """Pool 0033 (one line): the paragraph after a heading with children carries a unit bracket; it is a
    task of its own, not the heading (which would give the heading's marker and title)."""
    lined = "关于推进工作的通知\n各单位：\n" + "\n".join([_INTRO_HEADING, _INTRO, *_CHILDREN]) + "\n"
    flat = _one_line("关于推进工作的通知各单位：", _INTRO_HEADING, _INTRO, *_CHILDREN)
    units = ["省国资委", "省能源局"]
    expected = [(None, "按照公益性原", units), ("（一）", "煤炭采购机制", units), ("（二）", "煤炭储备机制", units)]
    assert _tasks(lined) == expected
    assert _tasks(flat)[:3] == expected


def test_a_marker_on_a_heading_with_children_covers_them_and_makes_no_task():
    lined = "关于推进工作的通知\n各单位：\n" + "\n".join([_INTRO_HEADING + "（省国资委牵头）", *_CHILDREN]) + "\n"
    assert _tasks(lined) == [("（一）", "煤炭采购机制", ["省国资委"]), ("（二）", "煤炭储备机制", ["省国资委"])]


def test_a_heading_title_ends_at_its_own_first_decimal_clause():
    """Pool 0035 (one line): an emergency plan numbers its clauses 1.1, 1.2 under 1. 总则; the title of
    1. ends where its first clause 1.1 begins (OCR may space the number: 6. 1). A 2.0 in a title is a
    version, not its first clause."""
    text = _one_line(
        "关于印发城市轨道交通运营突发事件应急预案的通知各市人民政府：现将预案印发给你们，请认真贯彻执行。",
        "1.总则1.1编制目的建立健全应急工作机制，提高应对能力。1.2适用范围本预案适用于全省。",
        "2.保障措施2. 1通信保障通信管理部门要及时组织基础电信运营企业保障通信畅通。2.2队伍保障各地要加强队伍建设。",
        "3.加强预案管理3.1宣传培训各地要加强预案宣传培训。")
    assert outline(front(text)) == [(1, "1.", "总则"), (1, "2.", "保障措施"), (1, "3.", "加强预案管理")]


@pytest.mark.parametrize("title,cut", [
    ("保障措施2. 1通信保障通信管理部门要及时组织", "保障措施"),
    ("推进平台2.0版本建设", None),  # a version
    ("建设2.15万个基站", None),
])
def test_the_first_decimal_clause_of_heading_two(title, cut):
    from policytext.stages.sections import _first_clause_of

    m = _first_clause_of(2).search(title)
    assert (title[:m.start()] if m else None) == cut
