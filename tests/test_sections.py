"""The section tree: synthetic edge cases, the dev corpus against gold, golden snapshots, the pool."""
from __future__ import annotations

import json

import pytest
from conftest import DEV, GOLDEN, dev_names, front, load_gold, needs_corpora, norm, outline, pool_files

from policytext.pipeline import parse_file


def _spans_are_evidence(doc) -> None:
    for s in doc.sections:
        a, b = s.span
        assert 0 <= a < b <= len(doc.text)
        assert doc.text[a:b].startswith(s.marker) or norm(doc.text[a:b]).startswith(norm(s.marker))
        assert norm(s.title) in norm(doc.text[a:b])


CASES = [
    ("starts-at-paren-cn",
     "（一）加强组织领导。各地要建立工作机制。\n（二）强化资金保障。市财政每年安排资金。\n1.设立专项资金。\n2.完善投入机制。\n"
     "（三）严格督查考核。定期通报进展。\n",
     [(1, "（一）", "加强组织领导"), (1, "（二）", "强化资金保障"), (2, "1.", "设立专项资金"),
      (2, "2.", "完善投入机制"), (1, "（三）", "严格督查考核")]),
    ("inline-heading-and-body",
     "一、总体要求\n（一）指导思想。以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神。\n"
     "（二）基本原则：坚持统筹推进。\n二、主要任务\n（三）推进数字政府建设！加快建设。\n",
     [(1, "一、", "总体要求"), (2, "（一）", "指导思想"), (2, "（二）", "基本原则"), (1, "二、", "主要任务"),
      (2, "（三）", "推进数字政府建设")]),
    ("half-width-punctuation",
     "一. 总体要求\n(一)指导思想\n1)坚持党的领导\n2)坚持人民至上\n(二)工作目标\n二．主要任务\n",
     [(1, "一.", "总体要求"), (2, "(一)", "指导思想"), (3, "1)", "坚持党的领导"), (3, "2)", "坚持人民至上"),
      (2, "(二)", "工作目标"), (1, "二．", "主要任务")]),
    ("full-width-punctuation",
     "一、总体要求\n（一）指导思想\n１．坚持党的领导\n２．坚持人民至上\n（１）强化引领\n（２）夯实基础\n①建立机制\n②完善制度\n",
     [(1, "一、", "总体要求"), (2, "（一）", "指导思想"), (3, "１．", "坚持党的领导"), (3, "２．", "坚持人民至上"),
      (4, "（１）", "强化引领"), (4, "（２）", "夯实基础"), (5, "①", "建立机制"), (5, "②", "完善制度")]),
    ("numbers-that-are-not-headings",
     "一、主要目标\n到2025年，数字经济核心产业增加值达到1000亿元。\n2025年，全面建成数字政府。\n5G基站达到2万个。\n"
     "1.5倍于全国平均水平。\n1.推进数字基础设施建设。\n2.推进数据共享。\n二、重点任务\n",
     [(1, "一、", "主要目标"), (2, "1.", "推进数字基础设施建设"), (2, "2.", "推进数据共享"), (1, "二、", "重点任务")]),
    ("list-inside-a-sentence",
     "一、主要任务\n重点做好以下工作：一、加强组织；二、强化保障；三、严格考核。\n二、保障措施\n",
     [(1, "一、", "主要任务"), (1, "二、", "保障措施")]),
    ("table-of-contents-skipped",
     "目 录\n一、现状与形势.............................................1\n二、总体思路.................................................2\n"
     "（一）指导思想....................................... 2\n三、重点任务.................................................5\n\n"
     "一、现状与形势\n“十三五”以来，我国智能制造发展取得长足进步。\n二、总体思路\n（一）指导思想\n"
     "坚持以习近平新时代中国特色社会主义思想为指导。\n三、重点任务\n",
     [(1, "一、", "现状与形势"), (1, "二、", "总体思路"), (2, "（一）", "指导思想"), (1, "三、", "重点任务")]),
    ("table-of-contents-ellipsis-leaders",
     "目录\n一、总体要求…………1\n二、主要任务……………3\n三、保障措施··········8\n\n一、总体要求\n（一）指导思想\n二、主要任务\n三、保障措施\n",
     [(1, "一、", "总体要求"), (2, "（一）", "指导思想"), (1, "二、", "主要任务"), (1, "三、", "保障措施")]),
    ("chapters-and-articles",
     "第一章 总则\n第一条 为了促进会展业发展，规范会展活动，制定本条例。\n第二条 本市行政区域内会展业的促进、服务和规范，适用本条例。\n"
     "第二章 促进与服务\n第三条 市人民政府应当加强对会展业的统筹规划。\n第四条【服务保障】 本市建立会展业服务保障机制：\n"
     "（一）简化审批；\n（二）优化服务。\n",
     [(1, "第一章", "总则"), (2, "第一条", ""), (2, "第二条", ""), (1, "第二章", "促进与服务"), (2, "第三条", ""),
      (2, "第四条", "服务保障"), (3, "（一）", "简化审批"), (3, "（二）", "优化服务")]),
    ("numbering-continues-across-parents",
     "一、主要任务\n1.推进数字基础设施建设。加快5G网络建设。\n2.推进数据共享。建设共享平台。\n二、保障措施\n"
     "3.加强组织领导。建立工作机制。\n4.强化资金保障。安排专项资金。\n",
     [(1, "一、", "主要任务"), (2, "1.", "推进数字基础设施建设"), (2, "2.", "推进数据共享"), (1, "二、", "保障措施"),
      (2, "3.", "加强组织领导"), (2, "4.", "强化资金保障")]),
    ("numbering-restarts-under-new-parent",
     "一、主要任务\n1.推进数字基础设施建设。\n2.推进数据共享。\n二、保障措施\n1.加强组织领导。\n2.强化资金保障。\n",
     [(1, "一、", "主要任务"), (2, "1.", "推进数字基础设施建设"), (2, "2.", "推进数据共享"), (1, "二、", "保障措施"),
      (2, "1.", "加强组织领导"), (2, "2.", "强化资金保障")]),
    ("a-list-named-目录-in-the-body-is-no-table-of-contents",  # pool 0064: 纳入推荐供应商目录。
     "一、重点任务\n1.培育解决方案供应商。发布推荐供应商目录。\n2.提升服务能力。\n二、保障措施\n1.加强组织领导。\n"
     "2.强化资金保障。\n",
     [(1, "一、", "重点任务"), (2, "1.", "培育解决方案供应商"), (2, "2.", "提升服务能力"), (1, "二、", "保障措施"),
      (2, "1.", "加强组织领导"), (2, "2.", "强化资金保障")]),
    ("boxed-专栏-list-is-no-section-and-the-list-goes-on-after-it",  # pool 0058, 0064 (ANNOTATION.md)
     "一、重点任务\n（一）建立基础理论体系\n突破应用基础理论瓶颈。\n专栏1 基础理论\n1.大数据智能理论。研究数据驱动方法。\n"
     "2.跨媒体感知计算理论。研究超越人类视觉能力的感知获取。\n（二）统筹布局创新平台\n1.建设开源平台。支持开源社区。\n"
     "2.建设共性平台。\n",
     [(1, "一、", "重点任务"), (2, "（一）", "建立基础理论体系"), (2, "（二）", "统筹布局创新平台"), (3, "1.", "建设开源平台"),
      (3, "2.", "建设共性平台")]),
    ("wide-gap-ends-a-title",  # pool 0131-0133, 0159: typeset headings set apart from the first sentence
     "第一章　总体要求\n第一节　加快完善再分配调节机制　　加快健全以税收、社会保障为主要手段的再分配调节机制。\n"
     "第二节　提高供水保障能力    完善水资源调配体系，建设一批骨干水源工程。\n",
     [(1, "第一章", "总体要求"), (2, "第一节", "加快完善再分配调节机制"), (2, "第二节", "提高供水保障能力")]),
    ("wide-gap-after-a-title-then-an-article",  # pool 0024: 第一章　总则　　第一条 …
     "第一章　总则　　第一条　为规范政务数据资源管理，制定本办法。\n　　第二条　本办法适用于全州。\n"
     "第二章　规划　　建设　　第三条　编制规划。\n",
     [(1, "第一章", "总则"), (2, "第一条", ""), (2, "第二条", ""), (1, "第二章", "规划"), (2, "第三条", "")]),
    ("spaced-out-one-character-words-are-one-title",  # 第一章　总　　则 is lettering, not a gap
     "第一章　总　　则\n第一条　为规范管理，制定本办法。\n第二章　附　　则\n第二条　本办法自印发之日起施行。\n",
     [(1, "第一章", "总  则"), (2, "第一条", ""), (1, "第二章", "附  则"), (2, "第二条", "")]),
    ("a-year-split-by-ocr-spaces-after-an-item-number",  # dev 0076 under perturb.py's spaces dress
     # (digits spaced one by one are one number, after the marker's dot too: 0402年 as in the clean text)
     "一、重点任务\n1.0 4 0 2年启动智慧健康养老应用试点。\n2.0 403年底前建成省级养老服务平台。\n3.1 5倍于全国平均水平。\n",
     [(1, "一、", "重点任务"), (2, "1.", "0402年启动智慧健康养老应用试点"), (2, "2.", "0 403年底前建成省级养老服务平台")]),
    ("an-item-dot-read-as-a-full-stop",  # pool 0029, 0037, 0048: OCR writes 11。 for 11.
     "一、主要任务\n1.强化就业帮扶。开展项目制培训。(省人力资源社会保障厅牵头负责)2。强化生态帮扶。争创示范基地。"
     "(省自然资源厅牵头负责)3.加强人才支持。\n",
     [(1, "一、", "主要任务"), (2, "1.", "强化就业帮扶"), (2, "2。", "强化生态帮扶"), (2, "3.", "加强人才支持")]),
    ("an-item-dot-read-as-a-comma",  # pool 0037, 0048 (one-line OCR): 2，参会人员… for 2.参会人员…
     "一、有关事项\n1.参会人员一律不带随员。2，参会人员请持参会凭证提前15分钟入场就座完毕。3.参会人员着正装、戴口罩。\n",
     [(1, "一、", "有关事项"), (2, "1.", "参会人员一律不带随员"), (2, "2，", "参会人员请持参会凭证提前15分钟入场就座完毕"),
      (2, "3.", "参会人员着正装、戴口罩")]),
    ("a-count-before-a-comma-is-no-item",  # the list's order decides: 2， after 1. but inside a sentence
     "一、主要任务\n1.推进建设。新建园区2，改造园区3，合计5个。\n2.完善机制。\n",
     [(1, "一、", "主要任务"), (2, "1.", "推进建设"), (2, "2.", "完善机制")]),
    ("a-number-ending-a-sentence-is-no-item",
     "一、主要任务\n1.推进建设。目标是建成11。\n2.完善机制。\n",
     [(1, "一、", "主要任务"), (2, "1.", "推进建设"), (2, "2.", "完善机制")]),
    ("a-time-of-day-colon-ends-no-title",  # pool 0041, 0042, 0144: 17:00, 上午11:00, 1：1000
     "一、会议安排\n1.请将与会人员名单于1月14日17:00前报省扶贫开发办。\n2.动员会议于2月28日上午11：00举行。\n"
     "3.报送材料：建筑物所在水域地形图（1：1000至1：5000）\n",
     [(1, "一、", "会议安排"), (2, "1.", "请将与会人员名单于1月14日17:00前报省扶贫开发办"),
      (2, "2.", "动员会议于2月28日上午11：00举行"), (2, "3.", "报送材料")]),
    ("a-word-ending-in-one-is-no-heading",  # pool 0115: 统一、 in a long preamble line, then 一、 at a line start
     "各省、自治区、直辖市人民政府：\n制定行政规范性文件是行政机关依法履行职能的重要方式。全面推行合法性审核机制，是推进依法行政、"
     "建设法治政府的必然要求，有利于维护国家法制统一、政令统一，有利于从源头上防止违法文件出台、促进行政机关严格规范公正文明执法、"
     "保障公民法人和其他组织合法权益。为全面推行合法性审核机制，进一步加强规范性文件管理，经国务院同意，现提出以下意见。\n"
     "一、总体要求\n（一）指导思想。以习近平新时代中国特色社会主义思想为指导。\n二、严格落实工作措施\n（二）明确审核范围。\n",
     [(1, "一、", "总体要求"), (2, "（一）", "指导思想"), (1, "二、", "严格落实工作措施"), (2, "（二）", "明确审核范围")]),
    ("skipped-ordinal-rejected",
     "一、总体要求\n三、这不是标题而是正文中的编号\n二、主要任务\n",
     [(1, "一、", "总体要求"), (1, "二、", "主要任务")]),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_outline(text, expected):
    doc = front(text)
    assert outline(doc) == expected  # markers as written
    _spans_are_evidence(doc)


def test_marker_as_written():
    doc = front("一、总体要求\n１．坚持党的领导\n２．坚持人民至上\n二．主要任务\n")
    assert [s.marker for s in doc.sections] == ["一、", "１．", "２．", "二．"]


def test_parents_point_up_the_tree():
    doc = front(CASES[3][1])
    by_id = {s.id: s for s in doc.sections}
    for s in doc.sections:
        if s.level == 1:
            assert s.parent is None
        else:
            assert by_id[s.parent].level == s.level - 1
            assert doc.sections.index(by_id[s.parent]) < doc.sections.index(s)
    assert [s.ordinal for s in doc.sections] == [1, 1, 1, 2, 1, 2, 1, 2]
    assert [s.id for s in doc.sections] == [f"s{i}" for i in range(1, 9)]


def test_crlf_and_fullwidth_spaces_keep_source_spans():
    text = "一、\u3000总体要求\r\n（一）指导思想。坚持党的领导。\r\n（二）工作目标\r\n二、主要任务\r\n"
    doc = front(text)
    assert outline(doc) == [(1, "一、", "总体要求"), (2, "（一）", "指导思想"), (2, "（二）", "工作目标"),
                            (1, "二、", "主要任务")]
    assert [text[a:b] for a, b in (s.span for s in doc.sections)] == [
        "一、\u3000总体要求", "（一）指导思想", "（二）工作目标", "二、主要任务"]


_PARA = ("会计专业技术人员继续教育内容包括公需科目和专业科目，公需科目包括专业技术人员应当普遍掌握的法律法规、政策理论、"
         "职业道德等基本知识，专业科目包括会计专业技术人员从事会计工作应当掌握的财务会计、管理会计等相关专业知识。")
# Adapted from pool/0044: OCR text flattened to one line, each heading after a sentence end.
OCR_FLAT = (
    "山东省财政厅文件鲁财会〔2021〕13号山东省财政厅关于做好2021年度会计专业技术人员继续教育有关工作的通知各市财政局、"
    "省直各部门(单位)、各省属企业:为促进会计专业技术人员知识更新，现就有关事项通知如下。"
    "一、继续教育内容。" + _PARA + "二、继续教育方式。会计人员可以通过以下方式参加继续教育。(一)参加培训。会计人员可以参加财政部门"
    "组织的培训。" + _PARA + "(二)参加网络培训。会计人员可以参加网络培训。" + _PARA
    + "三、学分管理。会计专业技术人员每年参加继续教育取得的学分不少于90学分。" + _PARA + "山东省财政厅2021年2月25日"
)


def test_ocr_flattened_text():
    assert "\n" not in OCR_FLAT and len(OCR_FLAT) > 600
    doc = front(OCR_FLAT)
    assert outline(doc) == [(1, "一、", "继续教育内容"), (1, "二、", "继续教育方式"), (2, "(一)", "参加培训"),
                            (2, "(二)", "参加网络培训"), (1, "三、", "学分管理")]
    _spans_are_evidence(doc)


SHAOXING_NOTICE = """绍兴市人民政府关于印发《绍兴市加快推进数字政府建设实施方案》的通知

各区、县(市)人民政府,市政府各部门、各单位:

现将《绍兴市加快推进数字政府建设实施方案》印发给你们,请认真贯彻执行。
绍兴市人民政府

2022年12月30日

绍兴市加快推进数字政府建设实施方案

为贯彻落实党中央、国务院和省委、省政府关于加强数字政府建设的重大决策部署,制定本实施方案。
一、总体要求
（一）指导思想。坚持以习近平新时代中国特色社会主义思想为指导。
（二）工作目标。到2025年，数字政府建设取得重要进展。
二、主要任务
（三）推进政务服务。加快一网通办。
"""

ANHUI_TWO = """安徽省人民政府办公厅关于印发支持工业互联网发展若干政策和安徽省工业互联网创新发展行动计划（2021-2023年）的通知
（皖政办秘〔2021〕82号）
各市人民政府，省政府各部门，各直属机构：
　　《支持工业互联网发展若干政策》《安徽省工业互联网创新发展行动计划（2021-2023年）》已经省政府同意，现印发给你们，请认真抓好落实。
安徽省人民政府办公厅
　　2021年9月2日
支持工业互联网发展若干政策
　　为加快我省工业互联网发展，制定和实施以下政策。
　　一、支持工业互联网平台建设
　　（一）培育各类工业互联网平台。重点培育一批平台。
　　二、支持企业上云
　　（二）推动企业上云。对上云企业给予补助。
安徽省工业互联网创新发展行动计划（2021-2023年）
　　为深入实施工业互联网创新发展战略，制定本行动计划。
　　一、总体要求
　　（一）指导思想。坚持新发展理念。
　　二、主要任务
　　（二）建设网络基础设施。加快网络改造。
"""


def test_enclosed_document_levels():
    doc = front(SHAOXING_NOTICE)
    assert outline(doc) == [(1, "一、", "总体要求"), (2, "（一）", "指导思想"), (2, "（二）", "工作目标"),
                            (1, "二、", "主要任务"), (2, "（三）", "推进政务服务")]


def test_enclosed_document_is_part_1():
    doc = front(SHAOXING_NOTICE)
    assert [s.part for s in doc.sections] == [1, 1, 1, 1, 1]


def test_two_enclosed_documents_restart_levels():
    doc = front(ANHUI_TWO)
    assert outline(doc) == [
        (1, "一、", "支持工业互联网平台建设"), (2, "（一）", "培育各类工业互联网平台"), (1, "二、", "支持企业上云"),
        (2, "（二）", "推动企业上云"),
        (1, "一、", "总体要求"), (2, "（一）", "指导思想"), (1, "二、", "主要任务"), (2, "（二）", "建设网络基础设施")]
    # the second document's 一、 is a new top-level section, not a child of the first's
    assert doc.sections[4].parent is None


def test_two_enclosed_documents_parts():
    doc = front(ANHUI_TWO)
    assert [s.part for s in doc.sections] == [1, 1, 1, 1, 2, 2, 2, 2]


def test_article_without_heading_has_empty_title():
    doc = front("第一条 本条例下列用语的含义：\n（一）举办单位，是指负责制定和实施会展活动计划方案的单位；\n"
                "（二）承办单位，是指受举办单位委托的单位。\n第二条 本条例自2020年5月1日起施行。\n")
    assert outline(doc) == [(1, "第一条", ""), (2, "（一）", "举办单位，是指负责制定和实施会展活动计划方案的单位"),
                            (2, "（二）", "承办单位，是指受举办单位委托的单位"), (1, "第二条", "")]


def test_article_span_has_no_trailing_blank():
    doc = front("第一条 为了促进会展业发展，制定本条例。\n第二条 本条例自2020年5月1日起施行。\n")
    assert [doc.text[a:b] for a, b in (s.span for s in doc.sections)] == ["第一条", "第二条"]


# -- dev corpus against gold -----------------------------------------------------------------


def _same(g: dict, p: tuple) -> bool:
    """The scorer's section match: level, then title (or marker when gold has no title)."""
    level, marker, title = p
    if g["level"] != level:
        return False
    if g.get("title"):
        return norm(g["title"]) == norm(title)
    return norm(g.get("marker")) == norm(marker)


@needs_corpora
@pytest.mark.parametrize("name", dev_names())
def test_dev_sections_match_gold(name):
    gold = load_gold(name)["sections"]
    doc = front((DEV / f"{name}.txt").read_text(encoding="utf-8"), doc_id=name)
    pred = outline(doc)
    assert len(pred) == len(gold)
    bad = [(i, g, p) for i, (g, p) in enumerate(zip(gold, pred, strict=True))
           if not _same(g, p) or norm(g["marker"]) != norm(p[1])]
    assert not bad
    _spans_are_evidence(doc)


# -- golden snapshots of the whole output ----------------------------------------------------

_DROP = {"text"}  # long free text: tasks' text, targets' and amounts' text


def snapshot(doc) -> dict:
    d = doc.to_dict()
    source = dict(d["source"])
    source.pop("path", None)  # depends on where the tests run from
    out = {k: d[k] for k in ("schema_version", "doc_id", "meta", "meta_spans", "sections", "warnings")}
    out["source"] = source
    for key in ("tasks", "targets", "amounts", "references", "times"):
        items = []
        for item in d.get(key) or []:
            item = {k: v for k, v in item.items() if k not in _DROP or key == "times"}
            if key == "tasks" and isinstance(item.get("instrument"), dict):
                item["instrument"] = {k: item["instrument"][k] for k in ("primary", "secondary", "source")
                                      if k in item["instrument"]}
            items.append(item)
        out[key] = items
    return out


@needs_corpora
@pytest.mark.parametrize("name", dev_names())
def test_golden_snapshot(name, update_golden):
    doc = parse_file(DEV / f"{name}.txt")
    snap = json.loads(json.dumps(snapshot(doc), ensure_ascii=False))
    path = GOLDEN / f"{name}.json"
    if update_golden or not path.exists():
        if not update_golden:
            pytest.fail(f"no snapshot {path}; run pytest --update-golden to create it")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(snap, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return
    expected = json.loads(path.read_text(encoding="utf-8"))
    # compare key by key so a failure names the part of the output that changed
    for key in sorted(set(expected) | set(snap)):
        assert snap.get(key) == expected.get(key), f"{name}: {key} changed (pytest --update-golden if intended)"


# -- every pool document parses ----------------------------------------------------------------


@pytest.mark.parametrize("path", pool_files(), ids=lambda p: p.stem)
def test_pool_document_parses(path):
    doc = parse_file(path)
    assert doc.source.chars == len(doc.text) > 0
    for s in doc.sections:
        assert 0 <= s.span[0] < s.span[1] <= len(doc.text)


def test_pool_is_present(shared):
    files = pool_files()
    assert len(files) >= 100
    assert all(p.name != "manifest.jsonl" for p in files)
