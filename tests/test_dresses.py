"""The same document in any dress: one-line OCR text, run-on lines, PDF hard wraps, OCR spaces.

Synthetic cases show each mechanism on text written for the purpose; the dev corpus
re-dressed by ../shared/eval/perturb.py is scored against its own gold (the gold still
holds in every dress), and the pool documents the structure issue quotes are checked
against counts and titles read off them by hand.
"""
from __future__ import annotations

import importlib.util
from functools import cache

import pytest
from conftest import CORPORA, DEV, GOLD, SHARED, dev_names, front, load_gold, norm, outline, scorer

from policytext import parse, parse_file

# ---------------------------------------------------------------- synthetic cases

ONE_LINE = ("关于印发数字乡村建设方案的通知各镇人民政府：现将方案印发给你们。一、总体要求（一）指导思想。坚持统筹推进。"
            "（二）工作目标。到2025年，建成示范村20个。二、重点任务（一）建设基础设施。推进光纤入户。（责任单位：县农业农村局）"
            "（二）发展数字产业。培育电商企业。（牵头单位：县商务局；配合单位：县财政局）三、保障措施（一）加强组织领导。落实责任。")


def test_one_line_text_keeps_its_tree():
    doc = front(ONE_LINE)
    assert outline(doc) == [
        (1, "一、", "总体要求"), (2, "（一）", "指导思想"), (2, "（二）", "工作目标"), (1, "二、", "重点任务"),
        (2, "（一）", "建设基础设施"), (2, "（二）", "发展数字产业"), (1, "三、", "保障措施"), (2, "（一）", "加强组织领导")]


def test_one_line_text_keeps_its_tasks_and_units():
    doc = parse(ONE_LINE)
    got = [(t.title, [(u.name, u.role) for u in t.units]) for t in doc.tasks]
    assert got == [
        ("建设基础设施", [("县农业农村局", "responsible")]),
        ("发展数字产业", [("县商务局", "lead"), ("县财政局", "co")]),
        ("加强组织领导", []),
    ]
    goal = doc.targets[0]
    assert (goal.indicator, goal.value, goal.deadline) == ("示范村", 20, "2025")


@pytest.mark.parametrize("text,expected", [
    # …负责）2.加强…: a closing unit bracket ends the item before the next marker
    ("一、主要任务\n1.推进数据共享。建设平台。（市大数据局负责）2.加强安全保障。落实制度。（市委网信办负责）\n",
     [(1, "一、", "主要任务"), (2, "1.", "推进数据共享"), (2, "2.", "加强安全保障")]),
    # a heading right after another heading's title, on one line
    ("一、构建城乡绿色发展空间载体1.推动城市群绿色发展。落实战略。2.建设绿色城市。推进改造。\n",
     [(1, "一、", "构建城乡绿色发展空间载体"), (2, "1.", "推动城市群绿色发展"), (2, "2.", "建设绿色城市")]),
    # 三、 without a （一）: 22. is level 2 there, and （二） after a lost （一） still counts
    ("一、总体要求\n（一）指导思想\n1.坚持党的领导\n二、主要任务\n2.加强组织\n（二）强化保障\n3.落实责任\n",
     [(1, "一、", "总体要求"), (2, "（一）", "指导思想"), (3, "1.", "坚持党的领导"), (1, "二、", "主要任务"),
      (2, "2.", "加强组织"), (2, "（二）", "强化保障"), (3, "3.", "落实责任")]),
    # 4.1 numbers a clause (and 1.5 is a decimal), but 1. may open a title with a year
    ("一、总体要求\n4.1应急响应程序\n1.2025年工作目标\n2.加强领导\n1.5倍于全国平均水平。\n",
     [(1, "一、", "总体要求"), (2, "1.", "2025年工作目标"), (2, "2.", "加强领导")]),
    # a list inside a sentence stays out, even when its later items follow a semicolon
    ("一、主要任务\n重点做好以下工作：一、加强组织；二、强化保障；三、严格考核。\n二、保障措施\n",
     [(1, "一、", "主要任务"), (1, "二、", "保障措施")]),
    # one-line text: a first heading garbled (总体要求-、, a section as ANNOTATION.md counts it), the next glued
    # to a number (…左右二、), confirmed by the one after it; the title-end model ends 三、's title before its
    # body (聚焦… opens a sentence), and 二、's too, less sure of it but with 三、 cut for sure
    ("场景创新引领发展。总体要求-、坚持以习近平新时代中国特色社会主义思想为指导，营收规模年均增长8%左右二、实施场景机会培创行动"
     "深入实施行动计划。（一）布局一批产业提速成长场景。推动应用。（二）培育一批产业推广应用场景。推动应用。"
     "（省发展改革委负责）三、实施场景创新攻关行动聚焦产业演进全阶段，集中攻关。" + "各地要加强统筹，落实责任。" * 40,
     [(1, "-、", "总体要求"), (1, "二、", "实施场景机会培创行动"), (2, "（一）", "布局一批产业提速成长场景"),
      (2, "（二）", "培育一批产业推广应用场景"), (1, "三、", "实施场景创新攻关行动")]),
    # a table of contents run into one line (of OCR text) is no heading
    ("“十四五”智能制造发展规划目录一、现状与形势..........1二、总体思路..........2"
     + "智能制造是制造强国建设的主攻方向。" * 40 + "一、现状与形势近十年来发展迅速。二、总体思路坚持创新。",
     [(1, "一、", "现状与形势近十年来发展迅速"), (1, "二、", "总体思路坚持创新")]),
])
def test_headings_wherever_they_stand(text, expected):
    assert outline(front(text)) == expected


def test_contents_without_leaders_are_skipped():
    # a 纲要's 目录 lists its chapters as plain lines; the body lists them again
    text = ("云南省国民经济和社会发展第十个五年计划纲要\n目录序言\n第一章指导思想第二章主要目标\n第三章农业基础\n序言\n"
            "第一章指导思想\n坚持发展是硬道理。\n第二章主要目标\n经济保持较快增长。\n第三章农业基础\n第一节加强水利建设\n兴修水利。\n")
    assert outline(front(text)) == [(1, "第一章", "指导思想"), (1, "第二章", "主要目标"), (1, "第三章", "农业基础"),
                                    (2, "第一节", "加强水利建设")]


def test_a_number_pointing_at_an_attachment_is_no_marker():
    text = ("一、运行管理要求（一）规范协议管理。按范本签定。（二）规范用户自查工作督促建立用户设备台账(见附件1)，其中变电设备台账"
            "应包含断路器参数。按照检查表(见附件2)对安全隐患进行全面自查。（三）加强日常维护。" + "做好线路维护工作。" * 20)
    assert [(level, marker) for level, marker, _ in outline(front(text))] == [
        (1, "一、"), (2, "（一）"), (2, "（二）"), (2, "（三）")]


def test_notice_attachment_list_is_not_headings():
    text = ("关于征求意见的函各有关单位：请于9月24日前反馈。附件:1.征求意见单位名单2.关于推动绿色发展的若干措施"
            "山东省住房和城乡建设厅2021年9月18日附件2关于推动绿色发展的若干措施为贯彻落实要求，制定如下措施。"
            "一、构建空间载体1.推动城市群发展。加强统筹。2.建设绿色城市。推进改造。二、推动基础设施升级3.推进一体化。统筹建设。")
    assert [(level, marker) for level, marker, _ in outline(front(text))] == [
        (1, "一、"), (2, "1."), (2, "2."), (1, "二、"), (2, "3.")]


def test_one_line_annex_after_the_signature_is_not_body():
    text = ("关于开展绩效考核的意见各省人民政府：现提出如下意见。一、总体要求（一）工作目标。到2020年建立体系。"
            "二、组织实施（一）加强领导。各地要高度重视。附件：考核指标国务院办公厅2019年1月16日（此件公开发布）"
            "附件考核指标一级指标二级指标一、医疗质量（一）功能定位1.门诊人次数与出院人次数比") * 1
    titles = [title for _, _, title in outline(front(text))]
    assert titles == ["总体要求", "工作目标", "组织实施", "加强领导"]


def test_one_line_annex_that_repeats_its_announced_title_is_not_body():
    text = ("关于开展数字政府建设考评的通知各旗县区人民政府：现将有关事项通知如下。" + "请各单位认真组织实施考评工作。" * 40
            + "一、考评对象各旗县区人民政府。二、考评方式（一）实行百分制。（二）日常监测。"
            + "附件：包头市数字政府建设考评指标附件包头市数字政府建设考评指标一、政务服务（25分）（一）平台建设（3分）"
            "1．全面开通全程网办。2．完善数据分析功能。")
    titles = [title for _, _, title in outline(front(text))]
    assert titles[-1].startswith("日常监测") and len(titles) == 4, titles


def test_pdf_wrapped_text_is_read_as_paragraphs():
    body = ("（一）推进数据共享。依托一体化平台，推进政务数据按需共享，到2025年，数据共享率达到95%以上，"
            "建成市级数据仓50个以上，形成统一的数据资源目录体系和管理制度。（牵头单位：市大数据局；"
            "配合单位：市发展和改革委员会、市财政局）")
    lines = ["二、主要任务", ""]
    lines += [body[i:i + 28] for i in range(0, len(body), 28)]
    wrapped = "\n".join(lines[:5] + ["— 3 —"] + lines[5:]) + "\n"
    doc = parse("关于数据共享的实施方案\n" + "\n".join(["为推进共享，制定本方案。这是一个足够长的序言行，用来撑满二十八个字符宽。"[i:i + 28]
                                                    for i in range(0, 40, 28)]) + "\n" + wrapped * 3)
    task = doc.tasks[0]
    assert task.title == "推进数据共享"
    assert [(u.name, u.role) for u in task.units] == [
        ("市大数据局", "lead"), ("市发展和改革委员会", "co"), ("市财政局", "co")]
    assert [(g.value, g.deadline) for g in doc.targets[:2]] == [(95, "2025"), (50, "2025")]
    for u in task.units:  # a name broken by the wrap is one name; its span still slices the source
        assert norm(doc.src_text(u.span)) == norm(u.name) or "\n" in doc.src_text(u.span)


def test_pdf_wrapped_recipients_line_ending_at_the_wrap_width_is_not_joined():
    # pool 0061, 0102…: the recipients line (29 characters) is as wide as the wrapped lines after it
    preamble = ("在市场监管领域全面推行“双随机、一公开”监管，是党中央、国务院作出的重大决策部署，是市场监管理念和方式的重大创新，"
                "是深化“放管服”改革、加快政府职能转变的内在要求，是减轻企业负担、优化营商环境的有力举措，现提出如下意见。")
    lines = ["国务院关于推行部门联合“双随机、一公开”监管的意见", "国发〔2019〕5号", "",
             "各省、自治区、直辖市人民政府，国务院各部委、各直属机构："]
    lines += [preamble[i:i + 29] for i in range(0, len(preamble), 29)] + ["一、总体要求"]
    lines += [preamble[i:i + 29] for i in range(0, len(preamble), 29)]
    doc = parse("\n".join(lines) + "\n")
    assert doc.meta.recipients == ["各省、自治区、直辖市人民政府", "国务院各部委、各直属机构"]


def test_ocr_spaces_in_markers_and_unit_lists():
    text = ("一、主要任务\n（一）建设平台。推进建设。（责任单位： 市发改委、 市财政局）\n1 2﹒深化融合应用。推广典型案例。\n")
    doc = parse(text)
    assert [(u.name, u.role) for u in doc.tasks[0].units] == [("市发改委", "responsible"), ("市财政局", "responsible")]
    assert [s.marker for s in doc.sections] == ["一、", "（一）"]  # 12﹒ cannot follow nothing


def test_private_use_item_dots_are_markers():
    text = "关于加快人工智能发展的实施方案\n一、重点任务\n　　1\ue010突破关键核心技术。加强攻关。\n　　2\ue010强化硬件创新。建设平台。\n"
    assert [(level, title) for level, _, title in outline(front(text))] == [
        (1, "重点任务"), (2, "突破关键核心技术"), (2, "强化硬件创新")]


def test_a_number_the_document_only_cites_is_not_its_own():
    text = ("各市、县（区）人民政府，省政府各部门：\n为贯彻落实《国务院办公厅关于加快发展流通促进商业消费的意见》"
            "（国办发〔2019〕42号），现提出以下实施意见：\n一、推进流通创新\n")
    meta = parse(text).meta
    assert meta.doc_number is None
    assert [r.doc_number.text for r in parse(text).references if r.doc_number] == ["国办发〔2019〕42号"]


# ---------------------------------------------------------------- the dev corpus in every dress

@cache
def _perturb():
    path = SHARED / "eval" / "perturb.py"
    if not path.is_file():
        pytest.skip(f"perturb.py not found at {path}")
    spec = importlib.util.spec_from_file_location("policytext_eval_perturb", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _dressed_scores(kind: str, folder=DEV) -> dict:
    import json
    import random

    perturb = _perturb()
    results = {}
    names = dev_names() if folder == DEV else sorted(p.stem for p in (folder / "gold").glob("*.json"))
    for i, name in enumerate(names):
        text = (folder / f"{name}.txt").read_text(encoding="utf-8-sig")
        rng = random.Random(f"0:{kind}:{name}.txt")  # perturb.py's own seeding
        dressed = perturb.widths(text, rng, i) if kind == "widths" else getattr(perturb, kind)(text, rng)
        gold = load_gold(name) if folder == DEV else json.loads((folder / "gold" / f"{name}.json").read_text())
        results[name] = scorer().score_doc(gold, parse(dressed, name).to_dict())
    return scorer().total(results)


@pytest.mark.skipif(not GOLD.is_dir(), reason=f"corpora not found at {CORPORA}")
@pytest.mark.parametrize("kind", ["flatten", "runon", "pdfwrap", "spaces", "widths"])
def test_dev_corpus_in_every_dress(kind):
    total = _dressed_scores(kind)
    for key in ("sections", "tasks", "units"):
        assert total[key]["f1"] >= 0.95, (kind, key, total[key])
    assert total["lead_accuracy"] >= 0.95, (kind, total["lead_accuracy"])
    assert total["targets"]["f1"] >= 0.95, (kind, total["targets"])  # clean dev: 1.000


@pytest.mark.skipif(not (CORPORA / "pool" / "gold").is_dir(), reason=f"pool gold not found under {CORPORA}")
@pytest.mark.parametrize("kind", ["flatten", "runon", "pdfwrap", "spaces", "widths"])
def test_labelled_pool_in_every_dress(kind):
    # no rule was written with these in view as with dev; flattened, pool 0059's garbled 总体要求-、 and
    # its 二、 glued to a number (…增长8%左右二、实施…) once cost every section its level (sections 0.874)
    total = _dressed_scores(kind, CORPORA / "pool")
    for key in ("sections", "tasks", "units"):
        assert total[key]["f1"] >= 0.95, (kind, key, total[key])
    assert total["lead_accuracy"] >= 0.95, (kind, total["lead_accuracy"])
    assert total["targets"]["f1"] >= 0.93, (kind, total["targets"])  # clean pool/gold: 0.963


# ---------------------------------------------------------------- quoted pool documents

POOL = CORPORA / "pool"


def _pool(name: str):
    path = POOL / f"{name}.txt"
    if not path.is_file():
        pytest.skip(f"pool document not found: {path}")
    return parse_file(str(path))


def test_pool_0009_cited_number_is_a_reference():
    # the text copy of formats/F007: its only 发文字号 is the one it cites
    doc = _pool("0009")
    assert doc.meta.doc_number is None
    assert "国办发〔2019〕42号" in [r.doc_number.text for r in doc.references if r.doc_number]


def test_pool_0052_one_line_letter():
    # 通知如下:一、明确工作职责(一)各县(市、区)工信科技局…: read off the text by hand
    doc = _pool("0052")
    top = [s.title for s in doc.sections if s.level == 1]
    assert top[:3] == ["明确工作职责", "强化组织保障", "规范开展检查"] or len(top) >= 4, top
    assert len(doc.sections) >= 15


def test_pool_0095_private_use_dots():
    doc = _pool("0095")
    titles = [t.title for t in doc.tasks]
    for title in ("突破大模型关键核心技术", "强化核心底层硬件创新攻关", "建设高能级创新平台", "强化算力资源保障"):
        assert any(t.startswith(title) for t in titles), title


# ---------------------------------------------------------------- the heading model's loader

def _write_model(folder, coef=None, sha=None):
    import hashlib
    import io
    import json

    import numpy as np

    from policytext.stages import headings

    n = len(headings.FEATURES)
    buf = io.BytesIO()
    np.savez(buf, coef=np.array(coef if coef is not None else [0.0] * n), mean=np.zeros(n), scale=np.ones(n))
    blob = buf.getvalue()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "headings.npz").write_bytes(blob)
    meta = {"format": headings.FORMAT, "features": list(headings.FEATURES), "threshold": 0.5,
            "sha256": sha or hashlib.sha256(blob).hexdigest()}
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")


def test_heading_model_loads_only_what_checks_out(tmp_path):
    from policytext.stages import headings

    _write_model(tmp_path / "good", coef=[5.0] + [0.0] * (len(headings.FEATURES) - 1))
    model = headings.load(tmp_path / "good")
    assert model is not None and model.probability([1.0] * len(headings.FEATURES)) > 0.99
    _write_model(tmp_path / "tampered", sha="0" * 64)
    assert headings.load(tmp_path / "tampered") is None
    _write_model(tmp_path / "short", coef=[1.0, 2.0])
    assert headings.load(tmp_path / "short") is None
    assert headings.load(tmp_path / "missing") is None
    assert headings.model() is None  # none ships: the rule decides (models/headings/README.md)


def test_heading_features_name_every_column():
    from policytext.stages import headings, sections

    sections._recorder = []
    try:
        # 二、 skips a lost 一、 (one-line text): a candidate the rules are unsure about
        front("关于印发某方案的通知各单位：现印发。" + "为推进工作制定本方案。" * 60 + "二、主要任务1.推进建设。三、保障措施1.加强领导。")
        recorded = sections._recorder
    finally:
        sections._recorder = None
    assert recorded
    for feats, _cand in recorded:
        assert len(feats) == len(headings.FEATURES)


def test_a_work_reports_review_of_past_work_holds_no_tasks():
    text = ("政府工作报告\n各位代表：\n现在，我代表市人民政府向大会报告工作。\n一、2023年主要工作回顾\n"
            "（一）以拼促进稳增长，经济回升向好态势更趋稳固。全年地区生产总值增长7%。\n"
            "（二）创新引领增动能，内生发展驱动力更为强劲。\n二、2024年主要工作安排\n"
            "（一）全力以赴扩投资。力争完成固定资产投资1000亿元。\n（二）坚定不移促改革。\n")
    doc = parse(text)
    assert [t.title for t in doc.tasks] == ["全力以赴扩投资", "坚定不移促改革"]


def test_one_line_work_report_review_and_law_hold_no_targets():
    report = ("政府工作报告各位代表：现在，我代表市人民政府向大会报告工作。一、2023年主要工作回顾过去一年，全市地区生产总值增长7%，"
              "新建5G基站2000个。二、2024年主要工作安排（一）全力扩投资。力争完成固定资产投资1000亿元。" + "我们要坚定信心。" * 60)
    assert [(g.indicator, g.value) for g in parse(report).targets] == [("固定资产投资", 1e11)]
    law = "某市数字经济促进条例" + "".join(f"第{n}条 本市每年安排资金不少于{n}亿元。" for n in "一二三四五六") * 20
    assert parse(law).targets == []


def test_one_line_deadline_stays_in_its_clause():
    # dev 0012 flattened: 力争2020年底… ends its paragraph in the clean copy, so it governs nothing after it
    text = ("关于完善融资担保体系的若干措施" + "为贯彻落实国务院意见，现提出如下措施。" * 30
            + "推进业务协同发展，力争2020年底主体信用评级达到AAA级。支持通过重组加快培育市级机构，确保每个设区市培育一家龙头机构。"
            + "到2025年，全省担保机构达到100家。")
    got = [(g.value, g.deadline) for g in parse(text).targets]
    assert (1, None) in got and (100, "2025") in got, got


def test_one_line_deadline_after_a_colon_and_a_lead_clause_governs_its_list():
    # pool 0058 flattened: 分三步走：第一步，到2020年… introduces the —— goals after it
    text = ("新一代人工智能发展规划" + "为抢抓人工智能发展的重大战略机遇，构筑先发优势，制定本规划。" * 25
            + "（三）战略目标。分三步走：第一步，到2020年人工智能总体技术和应用与世界先进水平同步。"
            "--人工智能产业竞争力进入国际第一方阵。人工智能核心产业规模超过1500亿元，带动相关产业规模超过1万亿元。")
    assert [(g.value, g.deadline) for g in parse(text).targets] == [(1.5e11, "2020"), (1e12, "2020")]


def test_one_line_general_part_headings_run_into_their_first_sentence():
    # dev 0063/0076/0094 and pool 0033/0040 flattened: 总体目标深入推进…, 现状与形势近十年来…
    text = ("一、现状与形势近十年来，我市数字经济发展取得长足进步。二、总体目标深入推进全市数字经济建设，到2025年建成数字强市。"
            "三、重点任务（一）加快建设数据中心。推动算力设施集约布局。（二）掌握数字经济运行形势，按季度开展监测分析。")
    doc = parse(text)
    assert [t.title for t in doc.tasks] == ["加快建设数据中心", "掌握数字经济运行形势，按季度开展监测分析"]


@pytest.mark.parametrize("marker", ["1.", "１．", "1．", "１."])
def test_an_items_text_loses_its_marker_in_any_width(marker):
    second = marker.replace("1", "2").replace("１", "２")
    doc = parse(f"关于推进工作的通知\n一、重点任务\n{marker}推进互联网应用适老化改造。组织开展专项行动。\n"
                f"{second}为老年人提供服务。持续开展试点。\n")
    assert [t.text for t in doc.tasks] == ["推进互联网应用适老化改造。组织开展专项行动。", "为老年人提供服务。持续开展试点。"]


_PREAMBLE = "为贯彻落实省委、省政府决策部署，加快推动高质量发展，结合我省实际，制定本方案。" * 20


@pytest.mark.parametrize("paragraphs,expected", [
    # pool 0084 and 0064: a short lead sentence opens each group of goals after a 到2025年 paragraph
    (["到2025年，我省新一代信息技术创新能力全国领先，数字经济规模达到3万亿元。",
      "支撑体系更加健全。国家级创新平台达到10家左右，省级创新平台达到200家左右。",
      "数字化普及率显著提升。轻工重点企业关键工序数控化率达到75%。"],
     [(3e12, "2025"), (10, None), (200, None), (75, None)]),
    # pool 0160: a label and a colon opens a paragraph, and OCR spaces out the comma after 到2 0 0 5年
    (["经济调控的主要预期目标 :全省生产总值年均增长8 %左右 , 到2 0 0 5年 , 全省生产总值达到2 9 0 0 亿元左右 。"
      "全社会固定资产投资年均增长1 2 %左右 , 城镇登记失业率控制在5 %以内 。",
      "改革开放的主要预期目标 :外贸进出口总额年均增长8 %左右 , 实际利用外资年均增长1 5 %左右 。"],
     [(8, None), (2.9e11, "2005"), (12, "2005"), (5, "2005"), (8, None), (15, None)]),
    # pool 0081: a heading glued to its first sentence (二、主要目标2016年启动50个以上…) is no checklist line
    (["一、总体要求", "坚持创新驱动，强化企业主体地位。", "二、工作目标",
      "2024年启用充电站100座以上，培育专精特新企业30家以上。"],
     [(100, "2024"), (30, "2024")]),
    # a review's short sentence (脱贫攻坚成果举世瞩目。) is its own: the facts after it stay facts
    (["过去五年，全市经济社会发展取得新的历史性成就，地区生产总值增加到超过1000亿元。脱贫攻坚成果举世瞩目。城镇新增就业超过60万人。",
      "到2025年，全市地区生产总值达到1500亿元。"],
     [(1.5e11, "2025")]),
    # a label that ends the text introduces the goals after it: the time phrase before it still governs
    (["到2025年，全省数字经济规模达到3万亿元。主要目标：", "——数字产业化。软件业务收入达到1万亿元。"],
     [(3e12, "2025"), (1e12, "2025")]),
])
def test_one_line_text_keeps_a_deadline_within_its_paragraph(paragraphs, expected):
    clean = "关于印发数字经济发展行动方案的通知\n" + _PREAMBLE + "\n" + "\n".join(paragraphs) + "\n"
    flat = "".join(clean.split("\n"))
    for text in (clean, flat):
        assert [(g.value, g.deadline) for g in parse(text).targets] == expected, text is flat


def _hard_wrap(paragraphs: list[str], width: int = 28) -> str:
    """Paragraphs cut every ``width`` characters, as perturb.py's pdfwrap dress (without page lines)."""
    return "".join(p[i:i + width] + "\n" for p in paragraphs for i in range(0, len(p), width))


def test_a_wrap_rejoined_where_a_paragraph_filled_its_line_opens_the_next_marked_one():
    # pool 0009 hard-wrapped: …清单的政策。 filled its last line, so the view joins the next paragraph to
    # it; the sentence the unit bracket closes starts at that join and is the task's title. A join two
    # sentences before the bracket is left joined: the paragraph may have gone on there.
    filler = "坚持市场主导、政府引导，充分发挥消费对经济发展的基础性作用，推动消费平稳增长。" * 2
    full = "推动步行街改造提升，支持老字号企业进驻重点商圈特色街区。"
    first = "加强商贸流通标准化建设，开展示范创建，推广先进经验做法。"
    assert len(full) == len(first) == 28
    paragraphs = ["关于促进消费扩容提质的实施意见", "各市、县（区）人民政府，省政府各部门：", filler, filler, full,
                  "加快发展社区便民商业，完善一刻钟便民生活圈。（省商务厅负责）", filler,
                  first + "完善统计监测制度。定期发布消费数据。（省统计局负责）", filler, filler]
    for text in ("\n".join(paragraphs) + "\n", _hard_wrap(paragraphs)):
        doc = parse(text)
        assert [(t.title, [u.name for u in t.units]) for t in doc.tasks] == [
            ("加快发展社区便民商业，完善一刻钟便民生活圈", ["省商务厅"]),
            ("加强商贸流通标准化建设，开展示范创建，推广先进经验做法", ["省统计局"])], text.count("\n")


def test_a_heading_where_a_wrap_was_rejoined_after_a_full_line_without_a_stop():
    # pool 0159 hard-wrapped: a 纲要 without stops at its paragraph ends; a chapter's lead paragraph that
    # fills its last line is joined to the 第一节 after it, which the wrap may confirm as a heading
    chapter = "第二章　大力发展生活性服务业　　面向城乡居民生活，丰富服务产品类型，扩大服务供给，提高服务质量，满足多样化的需求"
    assert len(chapter) == 56
    paragraphs = ["国民经济和社会发展第十二个五年规划纲要", "第一章　加快发展生产性服务业　　深化专业化分工，加快服务产品和服务模式创新",
                  "第一节　有序拓展金融服务业　　服务实体经济，防范系统性风险，有序发展和创新金融组织、产品和服务",
                  "第二节　大力发展现代物流业　　加快建立社会化、专业化、信息化的现代物流服务体系", chapter,
                  "第一节　优化发展商贸服务业　　优化城市综合超市、购物中心、批发市场等商业网点结构和布局",
                  "第二节　积极发展旅游业　　全面发展国内旅游，积极发展入境旅游，有序发展出境旅游"]
    clean = front("\n".join(paragraphs) + "\n")
    wrapped = front(_hard_wrap(paragraphs))
    assert [m for _l, m, _t in outline(wrapped)] == ["第一章", "第一节", "第二节", "第二章", "第一节", "第二节"]
    assert [(level, marker) for level, marker, _t in outline(wrapped)] == [
        (level, marker) for level, marker, _t in outline(clean)]


def test_one_line_enclosed_title_glued_to_its_first_sentence_is_no_indicator():
    # pool 0111 flattened: …（此件公开发布）国家职业教育改革实施方案职业教育与普通教育是两种不同教育类型: the
    # enclosed document's title ends where its first sentence starts, as it would on its own line
    paras = ["国务院关于印发全民健身发展实施方案的通知", "国发〔2023〕5号", "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
             "现将《全民健身发展实施方案》印发给你们，请认真贯彻执行。", "国务院", "2023年1月24日", "（此件公开发布）", "全民健身发展实施方案",
             "全民健身与竞技体育是两种不同发展方向，具有同等重要地位。" + "近年来，全民健身工作取得积极成效，群众参与热情持续高涨。" * 12,
             "一、总体要求", "（一）指导思想。坚持以人民为中心。", "（二）主要目标。到2025年，经常参加体育锻炼人数比例达到38.5%。"]
    for text in ("\n".join(paras) + "\n", "".join(paras)):
        doc = parse(text)
        assert [e.title for e in doc.meta.enclosed] == ["全民健身发展实施方案"]
        assert [(g.indicator, g.value, g.deadline) for g in doc.targets] == [("经常参加体育锻炼人数比例", 38.5, "2025")]


def test_pool_0158_flattened_review_paragraph_holds_no_targets():
    # a work report flattened: its heading's title runs on into 过去五年，…, so the past marker opens no
    # sentence; it stands as its own adverbial all the same (过去五年，), and what the paragraph reports
    # (国内生产总值从不到70万亿元增加到超过100万亿元) is a fact, as in the clean copy
    path = POOL / "0158.txt"
    if not path.is_file():
        pytest.skip(f"pool document not found: {path}")
    text = path.read_text(encoding="utf-8-sig")
    clean = {(g.indicator, g.value) for g in parse(text).targets}
    flat = {(g.indicator, g.value) for g in parse(_perturb().flatten(text, None)).targets}
    for value in (1e14, 2.1e7):  # 超过100万亿元, 超过2100万套
        assert value not in {v for _i, v in clean} and value not in {v for _i, v in flat}


def test_a_label_where_a_wrap_was_rejoined_after_a_full_line_opens_a_paragraph():
    # pool 0160 hard-wrapped: …城镇化水平达到2 6 %左右 。 filled its last line, so the view joins the next
    # paragraph to it; its label (改革开放的主要预期目标 :) opens a paragraph there as in one-line text
    goals = "经济调控的主要预期目标：全省生产总值年均增长8%左右，到2005年，全省生产总值达到2900亿元左右，固定资产投资年均增长12%左右，城镇登记失业率控制在4.5%以内。"
    assert len(goals) % 28 == 0
    filler = "坚持以经济建设为中心，加快改革开放步伐，促进经济社会全面协调发展，不断提高人民生活水平。" * 3
    paragraphs = ["云南省国民经济和社会发展第十个五年计划纲要", filler, filler, goals,
                  "改革开放的主要预期目标：外贸进出口总额年均增长8%左右，实际利用外资年均增长15%左右。", filler, filler]
    expected = [(8, None), (2.9e11, "2005"), (12, "2005"), (4.5, "2005"), (8, None), (15, None)]
    for text in ("\n".join(paragraphs) + "\n", _hard_wrap(paragraphs)):
        assert [(g.value, g.deadline) for g in parse(text).targets] == expected, text.count("\n")
