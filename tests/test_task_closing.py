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
], ids=["signature-and-page", "annex-list", "cc-and-printing-note", "same-line", "four-issuers"])
def test_the_closing_is_no_part_of_the_last_task(closing):
    doc = parse(BODY + closing)
    assert doc.tasks[-1].text == LAST
    assert [u.name for u in doc.tasks[-1].units] == ["省发展改革委"]


@pytest.mark.parametrize("closing,kept", [
    # pool 0047: signature, copy note and reprint note glued after the last sentence
    ("中共中央办公厅国务院办公厅2020年12月18日(此件发至县团级)中共中央办公厅秘书局2020年12月19日印发", ""),
    # pool 0043: the list of attachments glued to a contact line
    ("联系人:XXX电话:8606XXXX附件:《重点任务完成计划表》山东省人民政府办公厅2021年2月24日", "联系人:XXX电话:8606XXXX"),
    # pool 0065 flattened: the issuers right after a unit bracket
    ("国家发展改革委中 央 网 信 办2020年12月23日", ""),
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
])
def test_a_sentence_of_the_item_is_kept(sentence):
    doc = parse(BODY + sentence + "\n")
    assert doc.tasks[-1].text == LAST + sentence
