"""Lists that start anew under a heading the text lost (…5.开展健康指导。 / 1.卫生管理要求。, the （五）
between them dropped): each is a list of its own, in lined and in one-line text alike; a table's
rows that number anew (a scoring sheet) are none."""
from __future__ import annotations

import pytest
from conftest import POOL, front, needs_corpora, outline

from policytext import parse
from policytext.pipeline import parse_file

# The headings above each list (一、社区防控 / 二、场所防控 …) were lost; the items kept their numbers.
LOST = (
    "关于做好重点场所疫情防控工作的通知\n"
    "各区人民政府，市政府各部门：\n"
    "为做好疫情防控工作，现就有关事项通知如下：\n"
    "（一）所有确诊病例应当在定点医疗机构隔离治疗。\n"
    "（二）密切接触者应当实行集中隔离医学观察。\n"
    "除上述人员以外的其他人员，均纳入社区防控管理。\n"
    "（一）教育引导居民养成戴口罩、勤洗手的习惯。\n"
    "（二）积极应用个人健康码等信息平台。\n"
    "（三）对出现发热症状的人员，及时送医就诊。\n"
    "1.卫生管理要求。办公场所要严格落实卫生制度。\n"
    "2.场所通风要求。定期通风换气，保持空气流通。\n"
    "1.员工健康监测。掌握员工流动情况，分区分类管理。\n"
    "2.工作场所防控。施工现场实行封闭式管理。\n"
    "3.疫情应对措施。设置应急隔离区域。\n"
)
LOST_OUTLINE = [
    (1, "（一）", "所有确诊病例应当在定点医疗机构隔离治疗"), (1, "（二）", "密切接触者应当实行集中隔离医学观察"),
    (1, "（一）", "教育引导居民养成戴口罩、勤洗手的习惯"), (1, "（二）", "积极应用个人健康码等信息平台"),
    (1, "（三）", "对出现发热症状的人员，及时送医就诊"),
    (2, "1.", "卫生管理要求"), (2, "2.", "场所通风要求"),
    # the restart shows the lost heading was a sibling of （三） (no kind ranks between （三） and 1.):
    # its list hangs where that sibling would, as a list under a lost （一） hangs under the part (gold 0073)
    (1, "1.", "员工健康监测"), (1, "2.", "工作场所防控"), (1, "3.", "疫情应对措施"),
]


def test_lists_restart_under_lost_headings():
    assert outline(front(LOST)) == LOST_OUTLINE


def test_lists_restart_under_lost_headings_in_one_line_text():
    flat = "".join(line.strip() for line in LOST.splitlines())
    flat += "各地要加强组织领导，压实属地责任，确保各项防控措施落到实处，切实保障人民群众生命安全和身体健康。" * 8
    got = [(level, marker, title[:4]) for level, marker, title in outline(front(flat))]
    assert got == [(level, marker, title[:4]) for level, marker, title in LOST_OUTLINE]


# Where a kind ranks between the open item and the restarting list (二、 … （一） … 1.), the lost heading
# may have been the item's child (一个（X）): the list stays under the item.
BETWEEN = (
    "关于推进数字化转型的实施方案\n"
    "一、总体要求\n（一）指导思想。坚持创新驱动。\n（二）工作目标。到2025年取得明显成效。\n"
    "二、重点任务\n1.建设平台。加快建设工业互联网平台。\n2.培育企业。培育一批示范企业。\n"
    "1.完善标准。加快制定数据标准。\n2.强化安全。加强数据安全监管。\n"
)


def test_a_list_restarting_under_an_item_with_a_kind_between_stays_under_it():
    assert [(level, marker) for level, marker, _ in outline(front(BETWEEN))] == [
        (1, "一、"), (2, "（一）"), (2, "（二）"), (1, "二、"), (2, "1."), (2, "2."), (2, "1."), (2, "2.")]


@needs_corpora
def test_pool_0008_lists_of_lost_siblings_leave_the_item_they_followed():
    doc = parse_file(POOL / "0008.txt")
    by_id = {s.id: s for s in doc.sections}
    restarts = [s for s in doc.sections if s.marker.startswith("1") and s.ordinal == 1]
    assert len(restarts) == 13
    # the first list after （四） may be its own; every list after a restart hangs where （四）'s sibling would
    assert by_id[restarts[0].parent].marker == "（四）"
    assert all(s.parent is None and s.level == 1 for s in restarts[1:])
    assert max(s.level for s in doc.sections) == 2  # （1）…（4） under 2.重点部门管理


def test_each_restarted_item_is_a_task():
    doc = parse(LOST)
    assert [t.marker for t in doc.tasks] == ["（一）", "（二）", "（一）", "（二）", "1.", "2.", "1.", "2.", "3."]


@pytest.mark.parametrize("text,expected", [
    # a 1 whose list does not go on (no 2 follows) is a number in the text, not a new list
    ("一、重点任务\n1.建设平台。加快建设。\n2.完善制度。加快完善。\n1.5倍以上的项目给予支持。\n3.强化保障。加大投入。\n",
     [(1, "一、", "重点任务"), (2, "1.", "建设平台"), (2, "2.", "完善制度"), (2, "3.", "强化保障")]),
    # a scoring sheet's rows number their cells anew: a top list of 1. 2. does not restart
    ("关于做好河长制工作年度考核的通知\n为做好年度考核工作，各单位要结合本单位职责认真组织实施，"
     "按时报送考核材料，确保年度考核工作客观公正、取得实效。\n1.成立领导小组（1分）。\n2.部署相关工作（3分）。\n宣传工作\n10\n"
     "1.按要求每月上报（5分）。\n2.信息报道受推广（3分）。\n",
     [(1, "1.", "成立领导小组（1分）"), (1, "2.", "部署相关工作（3分）")]),
    # after a table's header cell (no sentence ended), a 一、 is a table row's, not a list anew
    ("一、推广的改革举措\n二、高度重视推广工作\n各地区要抓好落实。\n序号\n改革举措\n推广范围\n一、知识产权保护方面\n"
     "1\n全国\n二、科技成果转化激励方面\n",
     [(1, "一、", "推广的改革举措"), (1, "二、", "高度重视推广工作")]),
])
def test_what_does_not_restart_a_list(text, expected):
    assert outline(front(text)) == expected


@needs_corpora
def test_pool_0026_enclosed_rules_keep_their_chapters():
    """A document enclosed without a line of its own (…制定本工作细则。一、组织机构第一条…): its 一、 list
    starts anew after the first document's 六、."""
    path = POOL / "0026.txt"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    titles = [(s.marker, s.title) for s in parse_file(path).sections if s.level == 1]
    assert ("一、", "组织机构") in titles and ("二、", "主要职责") in titles and ("七、", "联络员制度") in titles


def test_one_line_text_ends_its_body_at_the_form_after_the_plan():
    """A page printed twice, flattened onto one line: the notice, its plan (附件1), a form (附件2), then
    the notice again. The body ends at the form, as it does in lined text, so the copy's restarting
    一、 list is none of the body's."""
    fill = "各地要加强组织领导，压实工作责任，确保各项任务落到实处，切实提高标准化工作水平。"
    notice = ("关于开展标准应用试点工作的通知各省市场监管局：为推进标准化工作，现将有关事项通知如下。一、试点内容" + fill
              + "二、组织实施" + fill + "附件：1.标准应用试点实施方案2.标准应用试点项目申报书市场监管总局办公厅2022年4月13日")
    plan = "附件1标准应用试点实施方案为推进标准应用，制定本方案。一、试点目标" + fill + "二、保障措施" + fill
    form = "附件2试点项目申报表项目名称：＿＿＿＿＿＿申报单位：＿＿＿＿＿＿联系人：＿＿＿＿联系电话：＿＿＿＿电子邮箱：＿＿＿＿"
    doc = front(notice + plan + form + notice + plan)
    assert "\n" not in doc.text and len(doc.text) > 600
    assert [(s.marker, s.title[:4]) for s in doc.sections] == [
        ("一、", "试点内容"), ("二、", "组织实施"), ("一、", "试点目标"), ("二、", "保障措施")]


def test_a_list_inside_a_sentence_starts_no_list_anew():
    text = "一、主要任务\n1.推进建设。加快推进。\n2.完善机制。重点做好以下工作：1.加强组织；2.强化保障。\n3.严格考核。\n"
    assert outline(front(text)) == [(1, "一、", "主要任务"), (2, "1.", "推进建设"), (2, "2.", "完善机制"),
                                    (2, "3.", "严格考核")]
