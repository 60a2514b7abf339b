"""专栏 boxes: listed apart (doc.boxes), never sections, and their words, units and targets never the
task they interrupt."""
from __future__ import annotations

import re

import pytest
from conftest import POOL, needs_corpora

from policytext import parse
from policytext.pipeline import parse_file

PLAN = (
    "关于推进数字化转型的实施方案\n"
    "一、重点任务\n"
    "1.推进企业内网改造。支持工业企业改造建设企业内网。（责任单位：市经信局）\n"
    "专栏1　工业互联网网络互联互通工程\n"
    "1.优化网络基础设施。到2025年建成5个工业互联网标杆园区。（责任单位：市通信管理局）\n"
    "2.加快企业内网升级改造。每年遴选20家企业。\n"
    "2.加快标识解析体系建设。引导企业建设二级节点。（责任单位：市发改委）\n"
    "二、保障措施\n"
    "（一）加强组织领导。建立工作机制。\n"
)


def test_box_is_listed_apart_and_leaves_the_task_it_follows():
    doc = parse(PLAN)
    assert [(s.marker, s.title) for s in doc.sections] == [
        ("一、", "重点任务"), ("1.", "推进企业内网改造"), ("2.", "加快标识解析体系建设"),
        ("二、", "保障措施"), ("（一）", "加强组织领导")]
    (box,) = doc.boxes
    assert (box.marker, box.ordinal, box.title, box.section) == ("专栏1", 1, "工业互联网网络互联互通工程", "s2")
    assert doc.text[box.span[0]:box.span[1]].startswith("专栏1") and box.text.endswith("每年遴选20家企业。")
    first = doc.tasks[0]
    assert "专栏" not in first.text and first.text.endswith("（责任单位：市经信局）")
    assert [u.name for u in first.units] == ["市经信局"]  # not the box's 市通信管理局
    assert doc.text[first.span[0]:first.span[1]].endswith("（责任单位：市经信局）")
    (target,) = [g for g in doc.targets if g.value == 5]
    assert target.task is None and target.section == "s2"
    assert not any("市通信管理局" in u.name for t in doc.tasks for u in t.units)


@pytest.mark.parametrize("sentence", [
    "2.完善制度。具体项目见专栏1。",
    "2.完善制度。重点项目（专栏1）按年度推进。",
    "2.完善制度。专栏1、2所列项目按年度推进。",
])
def test_a_cited_box_is_no_box(sentence):
    doc = parse("关于推进数字化转型的实施方案\n一、重点任务\n1.建设平台。加快建设。\n" + sentence + "\n")
    assert doc.boxes == []
    assert doc.tasks[-1].text.endswith(sentence.split("。", 1)[1])


def test_an_unnumbered_box_heads_a_short_line():
    doc = parse("关于推进数字化转型的实施方案\n一、重点任务\n1.建设平台。加快建设。\n专栏　重点工程\n建设数据中心。\n"
                "2.完善制度。加快完善。\n")
    assert [(b.marker, b.ordinal, b.title) for b in doc.boxes] == [("专栏", None, "重点工程")]
    assert doc.tasks[0].text == "建设平台。加快建设。"


def _wrapped(paragraphs: list[str], width: int = 24) -> str:
    """The paragraphs hard-wrapped at ``width`` characters, as a PDF's text comes out."""
    return "".join("".join(p[i:i + width] + "\n" for i in range(0, len(p), width)) for p in paragraphs)


def test_item_text_after_a_box_stays_the_items():
    """A PDF prints a box before the rest of its item's page: the body resumes after the box's last
    sentence on the same line (…打造一批智能车间。 推进中小企业…), in hard-wrapped lines the view rejoins."""
    doc = parse(_wrapped([
        "关于推进智能制造发展的规划",
        "三、重点任务",
        "（一）深化推广应用，开拓转型升级新路径。",
        "聚焦企业、行业、区域转型升级需要，围绕车间、工厂、供应链构建智能制造系统，开展多场景、全链条、"
        "多层次应用示范，培育推广智能制造新模式。",
        "专栏2 智能制造示范工厂建设行动",
        "01 智能场景",
        "推动数字孪生、人工智能、大数据、区块链等新技术在制造环节的深度应用，探索形成一批智能场景。",
        "02 智能车间",
        "覆盖加工、检测、物流等环节，开展工艺改进和革新，推动设备联网和生产环节数字化连接，打造一批智能车间。"
        " 推进中小企业数字化转型。加快实施中小企业数字化促进工程，针对中小企业典型应用场景，推广一批符合中小企业"
        "需求的数字化产品和服务。",
        "（二）加强自主供给，壮大产业体系新优势。",
        "依托强大国内市场，加快发展装备、软件和系统解决方案，培育发展智能制造新兴产业。",
    ]))
    (box,) = doc.boxes
    assert box.title == "智能制造示范工厂建设行动" and box.text.endswith("打造一批智能车间。")
    task = doc.tasks[0]
    assert "智能车间" not in task.text and "智能场景" not in task.text
    assert "推进中小企业数字化转型。加快实施" in task.text and task.text.endswith("数字化产品和服务。")


def test_a_blank_after_a_full_stop_in_paragraph_lines_does_not_end_a_box():
    doc = parse("关于推进数字化转型的实施方案\n一、重点任务\n1.建设平台。加快建设。\n专栏1　重点工程\n"
                "优化网络基础设施。 加快企业内网升级改造。鼓励企业融合应用。\n2.完善制度。加快完善。\n")
    assert doc.boxes[0].text.endswith("鼓励企业融合应用。")
    assert doc.tasks[0].text == "建设平台。加快建设。"


@needs_corpora
@pytest.mark.parametrize("name", ["0058", "0064", "0077"])
def test_pool_boxes_stay_out_of_tasks(name):
    path = POOL / f"{name}.txt"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    doc = parse_file(path)
    heads = re.findall(r"(?m)^\s*专栏\s*\d+", doc.text)
    assert len(doc.boxes) == len(heads) > 0
    assert not any(re.search(r"专栏\s*\d", t.text) for t in doc.tasks)
    for box in doc.boxes:
        assert box.section is not None and box.title and box.text
        assert doc.text[box.span[0]:box.span[1]].lstrip().startswith("专栏")


def test_boxes_are_a_research_table():
    from policytext.research.tables import frames, rows

    doc = parse(PLAN, "plan")
    table = rows(doc)["boxes"]
    assert [(r["box_id"], r["marker"], r["ordinal"], r["title"]) for r in table] == [
        (doc.boxes[0].id, "专栏1", 1, "工业互联网网络互联互通工程")]
    assert doc.text[table[0]["span_start"]:table[0]["span_end"]].startswith("专栏1")
    pytest.importorskip("pandas")
    df = frames([doc])["boxes"]
    assert df["title"].tolist() == ["工业互联网网络互联互通工程"] and str(df["ordinal"].dtype) == "Int64"


def test_the_view_marks_boxes_and_lists_them():
    from policytext.view import render_data

    doc = parse(PLAN, "plan")
    page = render_data(doc.to_dict(), doc.text)
    assert 'class="m k-box"' in page and 'id="p-boxes"' in page
    assert "not part of any task" in page  # the hover label says why its targets belong to no task
    assert 'id="p-boxes"' not in render_data(parse("关于加强管理的通知\n一、加强组织领导\n建立制度。\n").to_dict(), None)


def test_boxes_are_a_spacy_span_group():
    spacy = pytest.importorskip("spacy")
    import policytext.integrations.spacy_bridge  # noqa: F401 - registers the factory

    nlp = spacy.blank("zh")
    nlp.add_pipe("policytext")
    doc = nlp(PLAN)
    assert [(s.label_, s.text.split("\n")[0]) for s in doc.spans["boxes"]] == [("box", "专栏1　工业互联网网络互联互通工程")]
