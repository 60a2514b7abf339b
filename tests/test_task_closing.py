"""The last item of a document ends where the document's closing begins: the list of attachments,
抄送, the signature (issuers and date, on lines of their own or glued after the last sentence) and a
web page's furniture are no part of its text. Closings as written in the pool and dev documents."""
import pytest

from policytext import parse

BODY = ("关于推进数据共享工作的通知\n各市人民政府：\n一、主要任务\n（一）建设平台。加快建设共享平台。（责任单位：省大数据局）\n"
        "（二）完善制度。各地要在2021年6月底前报送进展情况。（省发展改革委负责）")
LAST = "完善制度。各地要在2021年6月底前报送进展情况。（省发展改革委负责）"


@pytest.mark.parametrize("closing", [
    "\n国务院办公厅\n2018年12月11日\n（此件公开发布）\n\n           扫一扫在手机打开当前页\n",  # dev 0114
    "\n附件：1.典型场景清单\n2.数字化转型相关标准应用清单\n",  # pool 0064
    "\n  抄送：省委各部门，省人大常委会办公厅，省政协办公厅。\n      山东省人民政府办公厅2019年3月15日印发\n",  # pool 0097
    "      国家能源局   2025年10月28日\n",  # pool 0131: the signature on the last sentence's line
    "\n国家发展改革委\n中 央 网 信 办\n工业和信息化部\n2020年12月23日\n",  # pool 0065
    # pool 0014, 0019, 0062: whom to ask, on lines of their own, before the signature or on its own
    "\n联 系 人：王某某\n联系电话：0791-8635XXXX\n",
    "\n联系人及电话：\n省大数据局数据资源处    李某010-8226XXXX\n材料邮寄地址：南昌市红谷滩区XX路1号\n",
    "\n联系人：张某\n联系电话：0991-28XXXXX 23XXXXX（传真）\n省大数据局\n2021年3月2日\n",
    # pool 0086, 0088, 0010: the paragraph that puts the document in force, with its validity
    "\n本政策自发布之日起实施，有效期3年。其他相关政策与本政策不一致的，按就高不重复原则执行。\n",
    "\n同一主体同一项目获得同类奖励的，按照就高不重复原则执行。本措施自2024年1月1日起实施，有效期至2026年12月31日。\n",
], ids=["signature-and-page", "annex-list", "cc-and-printing-note", "same-line", "four-issuers",
        "contact-lines", "contact-and-address", "contact-and-signature", "in-force", "in-force-after-a-rule"])
def test_the_closing_is_no_part_of_the_last_task(closing):
    doc = parse(BODY + closing)
    assert doc.tasks[-1].text == LAST
    assert [u.name for u in doc.tasks[-1].units] == ["省发展改革委"]
    assert doc.tasks[-1].deadlines == ["2021-06"]  # (a validity date in the closing is no due date)


@pytest.mark.parametrize("closing,kept", [
    # pool 0047: signature, copy note and reprint note glued after the last sentence
    ("中共中央办公厅国务院办公厅2020年12月18日(此件发至县团级)中共中央办公厅秘书局2020年12月19日印发", ""),
    # pool 0043: the list of attachments glued to a contact line (the contact line is the closing's too)
    ("联系人:XXX电话:8606XXXX附件:《重点任务完成计划表》山东省人民政府办公厅2021年2月24日", ""),
    # pool 0001, 0005, 0008 flattened: the date alone, the signature lost (or above the date in the original)
    ("2020年2月3日", ""),
    ("2020年3月3日（此件主动公开）", ""),
    # pool 0041, 0025: a contact line glued on, with no attachment list after it
    ("联系人:XXX联系方式:0531-5177XXXX", ""),
    ("业务联系人:XXX，联系电话:8619XXXX技术联系人:XXX，联系电话:8619XXXX", ""),
    # pool 0065 flattened: the issuers right after a unit bracket
    ("国家发展改革委中 央 网 信 办2020年12月23日", ""),
    # pool 0086 flattened: the in-force clause right after the unit bracket
    ("本政策自发布之日起实施，有效期3年。其他相关政策与本政策不一致的，按就高不重复原则执行。", ""),
    # pool 0102, 0104, 0126 flattened: the signature and its note, then a web page's furniture
    ("国务院办公厅2019年1月9日（此件公开发布）扫一扫在手机打开当前页", ""),
    # pool 0099 flattened: 抄送 right after the unit bracket, then the printing note
    ("抄送：省委各部门，省人大常委会办公厅，省政协办公厅。山东省人民政府办公厅2020年12月10日印发", ""),
])
def test_a_glued_closing_in_one_line_text_is_cut(closing, kept):
    last = "（三）完善制度。各地要在2021年6月底前报送进展情况，持续完善共享制度，确保数据安全。（省发展改革委负责）"
    text = ("关于推进数据共享工作的通知各市人民政府：为加快数据共享，现就有关事项通知如下。一、主要任务"
            "（一）建设平台。加快建设共享平台，推动各地各部门数据按需共享，提升数据质量。（责任单位：省大数据局）"
            "（二）强化应用。推动数据在政务服务、社会治理等领域深度应用，形成一批典型场景和示范案例。"
            + last + closing)
    doc = parse(text)
    assert doc.tasks[-1].text == last[3:] + kept
    assert [u.name for u in doc.tasks[-1].units] == ["省发展改革委"]


@pytest.mark.parametrize("sentence", [
    "并按程序抄送中央宣传部、财政部和税务总局。",  # pool 0109: 抄送 inside a sentence
    "执行期限为2019年1月1日至2023年12月31日。",  # pool 0109: dates inside the last sentence
    "请于2021年6月30日前填写附件：申报表。",
    # pool 0039, 0048: a contact number inside the item's reply sentence
    "请于2月8日下午5时前报省委办公厅，联系电话:0531-5177XXXX。",
    # a contact line the item's own sentences follow is the item's reply detail
    "\n联系人：李某，电话：0791-8635XXXX。材料请于3月1日前报送。",
])
def test_a_sentence_of_the_item_is_kept(sentence):
    doc = parse(BODY + sentence + "\n")
    assert doc.tasks[-1].text == LAST + sentence


# An emergency plan (pool 0119) numbers its clauses 2.1.1, which are no sections (ANNOTATION.md),
# and lists （1）… under them: an item ends at the next clause heading, or at the chapter line above it.
PLAN = ("国家粮食应急预案\n\n1　总则\n\n1.1　工作原则\n\n"
        "（1）统一领导、分级负责。在国务院统一领导下，对不同等级的粮食应急工作，由中央和省级人民政府按照中央和地方的粮食事权各负其责。\n\n"
        "（2）反应及时、处置果断。\n\n2　组织机构和职责\n\n2.1　国家粮食应急工作指挥部\n\n"
        "总指挥：国家发展改革委主要负责人。\n\n2.1.1　国家粮食应急工作指挥部职责\n\n"
        "（1）掌握粮食市场形势，向国务院提出启动或终止实施应急措施的建议。\n\n（2）完成国务院交办的其他事项。\n\n"
        "2.1.2　国家粮食应急工作指挥部办公室及其职责\n\n国家粮食应急工作指挥部下设办公室，负责日常工作。\n")


def test_an_item_ends_at_the_next_decimal_clause_heading():
    doc = parse(PLAN)
    assert [t.text for t in doc.tasks] == [
        "统一领导、分级负责。在国务院统一领导下，对不同等级的粮食应急工作，由中央和省级人民政府按照中央和地方的粮食事权各负其责。",
        "反应及时、处置果断。", "掌握粮食市场形势，向国务院提出启动或终止实施应急措施的建议。", "完成国务院交办的其他事项。"]


@pytest.mark.parametrize("sep", ["\n", ""], ids=["lines", "one-line"])
def test_an_item_opening_on_a_date_is_an_item_and_no_clause_heading(sep):
    # pool 0039: 2.2月16日上午9时 is item 2. and a date, not clause 2.2
    text = sep.join(["关于召开视频会议的通知", "各市人民政府：", "为做好会议保障，现将有关事项通知如下。", "一、有关要求",
                     "1.参会人员须凭核酸检测报告参会，严格落实各项疫情防控措施，做好会场消毒和通风工作。",
                     "2.2月16日上午9时，省专用通信局将对通信线路进行联调，各分会场要安排技术人员参加。",
                     "3.参会人员请提前10分钟入场就座完毕，会议期间关闭手机或调至静音状态。", ""])
    assert [t.text for t in parse(text).tasks] == [
        "参会人员须凭核酸检测报告参会，严格落实各项疫情防控措施，做好会场消毒和通风工作。",
        "2月16日上午9时，省专用通信局将对通信线路进行联调，各分会场要安排技术人员参加。",
        "参会人员请提前10分钟入场就座完毕，会议期间关闭手机或调至静音状态。"]


# A plan's volume (第四篇, pool 0159 and 0160) is no section (ANNOTATION.md), but the volume line and its
# lead paragraph are no part of the item before it.
@pytest.mark.parametrize("volume,sep", [
    ("第二篇　强化创新　建设创新型省份　　坚持创新驱动，把科技进步作为发展的首要推动力", "\n"),
    ("第二篇　强化创新　建设创新型省份　　坚持创新驱动，把科技进步作为发展的首要推动力", ""),
    ("第二篇强化创新", "\n"),
], ids=["lead-paragraph", "one-line", "title-only"])
def test_an_item_ends_before_a_volume_heading(volume, sep):
    last = "加快建设共享平台，推动各地各部门数据按需共享，提升数据质量。"
    text = sep.join(["某省国民经济和社会发展第十二个五年规划纲要", "第一篇　转变方式　开创发展新局面",
                     "第一章　发展环境", "第一节　建设平台　　" + last, volume,
                     "第二章　科技创新", "第一节　增强原始创新能力　　加强基础研究，建设一批重点实验室。", ""])
    doc = parse(text)
    assert [t.title for t in doc.tasks] == ["建设平台", "增强原始创新能力"]
    assert doc.tasks[0].text.endswith(last)
    assert "第二篇" not in doc.tasks[0].text


def test_a_volume_heading_glued_on_in_one_line_text_ends_the_item():
    # pool 0159 flattened: its lines end without a full stop, so the volume follows the item's last word
    cn = "一二三四五"
    parts = ["某省国民经济和社会发展第十二个五年规划纲要"]
    for k in range(5):
        parts.append(f"第{cn[k]}篇　发展第{cn[k]}类产业　建设现代产业体系　　坚持创新驱动，把科技进步作为发展的首要推动力")
        parts.append(f"第{cn[k]}章　第{cn[k]}类产业")
        parts.append("第一节　建设平台　　加快建设共享平台，推动各地各部门数据按需共享，提升数据质量和共享效率")
        parts.append("第二节　完善制度　　健全数据共享制度，明确共享责任，规范共享流程，强化安全保障")
    doc = parse("".join(parts))
    assert len(doc.tasks) == 10
    assert all(t.text.endswith(("提升数据质量和共享效率", "强化安全保障")) for t in doc.tasks)


def test_a_contact_block_before_the_attachments_ends_the_item_in_one_line_text():
    """Pool 0062 flattened: contact and address, the attachments' list and the signature, then the
    attached plan, whose sentences end after the contact line: the item still ends before it."""
    fill = "各地要高度重视，加强组织协调，认真做好项目遴选推荐工作，确保推荐质量。"
    item = "（二）推荐工作应当遵循政府引导、企业自愿原则，优先推荐标准化工作基础条件好的项目。"
    text = ("市场监管总局办公厅工业和信息化部办公厅关于开展智能制造标准应用试点工作的通知各省、自治区、直辖市市场监管局："
            "现就有关事项通知如下。一、申报要求（一）各地要组织企业申报试点项目，并按要求报送推荐材料。" + fill * 4 + item +
            "联系人及电话：市场监管总局标准技术司 苏某 010-8226XXXX材料邮寄地址：北京市东城区安定门东大街1号"
            "附件：1. 智能制造标准应用试点实施方案2. 项目推荐汇总表市场监管总局办公厅2022年4月13日"
            "附件1智能制造标准应用试点实施方案为加快推进智能制造，推广标准化经验，拟分阶段开展试点工作。"
            "一、试点目标围绕智能制造标准的应用，2022年遴选50个具有代表性的试点项目。" + fill * 3 +
            "二、试点内容（一）智能车间建设类。围绕设计、生产、物流等环节开展标准应用。" + fill * 2 +
            "（二）新模式应用类。围绕网络协同制造等新模式开展标准应用。" + fill * 2)
    doc = parse(text)
    assert [t.text for t in doc.tasks][1] == item[3:]
