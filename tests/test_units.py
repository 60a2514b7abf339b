"""Responsible-unit markers, on marker strings copied from the dev and pool documents.

Expected names and roles follow the dev gold files (corpora/dev/gold/*.json)
where the string comes from a dev document, and ANNOTATION.md ("Units") for
pool strings.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytext.errors import RuleDataError
from policytext.stages import units as U


def roles(text: str, resolver: U.RoleResolver | None = None) -> list[tuple[str, str]]:
    """Every unit of every marker in ``text``, resolved in order."""
    rr = resolver or U.RoleResolver()
    return [(u.name, u.role) for m in U.find_unit_markers(text) for u in rr.resolve(m)]


# (source, marker text, expected [(name, role)]) — roles as literally marked, no document rule.
LITERAL = [
    ("shaoxing", "责任单位:市发改委、市经信局、市建设局、市商务局、市金融办、市统计局",
     [("市发改委", "responsible"), ("市经信局", "responsible"), ("市建设局", "responsible"),
      ("市商务局", "responsible"), ("市金融办", "responsible"), ("市统计局", "responsible")]),
    ("shaoxing", "责任单位:市大数据局,市政府有关部门(单位)",
     [("市大数据局", "responsible"), ("市政府有关部门(单位)", "responsible")]),
    ("shaoxing", "责任单位:市委改革办、市发改委、市市场监管局、市金融办、市大数据局、市税务局、人行绍兴市中心支行",
     [("市委改革办", "responsible"), ("市发改委", "responsible"), ("市市场监管局", "responsible"),
      ("市金融办", "responsible"), ("市大数据局", "responsible"), ("市税务局", "responsible"),
      ("人行绍兴市中心支行", "responsible")]),
    ("0022", "（责任单位：省通信管理局，省铁塔公司、各基础电信企业，各市人民政府）",
     [("省通信管理局", "responsible"), ("省铁塔公司", "responsible"), ("各基础电信企业", "responsible"),
      ("各市人民政府", "responsible")]),
    ("0022", "（责任单位：省推进工业互联网创新发展专项工作组成员单位，各市人民政府）",
     [("省推进工业互联网创新发展专项工作组成员单位", "responsible"), ("各市人民政府", "responsible")]),
    ("0022", "（责任单位：省经济和信息化厅、省人力资源和社会保障厅、省教育厅、省财政厅，各市人民政府）",
     [("省经济和信息化厅", "responsible"), ("省人力资源和社会保障厅", "responsible"),
      ("省教育厅", "responsible"), ("省财政厅", "responsible"), ("各市人民政府", "responsible")]),
    ("0072", "（责任单位：市财政局、市科技局、市地方金融监管局、人民银行济南分行营业管理部）",
     [("市财政局", "responsible"), ("市科技局", "responsible"), ("市地方金融监管局", "responsible"),
      ("人民银行济南分行营业管理部", "responsible")]),
    ("0076", "（牵头单位：省卫生健康委，参加单位：省大数据局）",
     [("省卫生健康委", "lead"), ("省大数据局", "co")]),
    ("0076", "（牵头单位：省工业和信息化厅、省民政厅，参加单位：省公安厅、省卫生健康委、省大数据局、省医保局）",
     [("省工业和信息化厅", "lead"), ("省民政厅", "lead"), ("省公安厅", "co"), ("省卫生健康委", "co"),
      ("省大数据局", "co"), ("省医保局", "co")]),
    ("0076", "（牵头单位：省地方金融监管局、人民银行济南分行，参加单位：济南、青岛、烟台市政府）",
     [("省地方金融监管局", "lead"), ("人民银行济南分行", "lead"), ("济南、青岛、烟台市政府", "co")]),
    ("0076", "（牵头单位：省大数据局，参加单位：省生态环境厅、省发展改革委，济南、青岛、济宁市政府）",
     [("省大数据局", "lead"), ("省生态环境厅", "co"), ("省发展改革委", "co"), ("济南、青岛、济宁市政府", "co")]),
    ("0076", "（牵头单位：省商务厅、省交通运输厅、省发展改革委）",
     [("省商务厅", "lead"), ("省交通运输厅", "lead"), ("省发展改革委", "lead")]),
    ("0094", "（牵头单位：省科技厅；配合单位：省发展改革委、省工业和信息化厅）",
     [("省科技厅", "lead"), ("省发展改革委", "co"), ("省工业和信息化厅", "co")]),
    ("0094", "（牵头单位：省工业和信息化厅；责任单位：省商务厅）",
     [("省工业和信息化厅", "lead"), ("省商务厅", "co")]),
    ("0114", "（体育总局、文化和旅游部负责）",
     [("体育总局", "responsible"), ("文化和旅游部", "responsible")]),
    ("0114", "（公安部、工业和信息化部、交通运输部、水利部、海洋局、空管委办公室负责）",
     [("公安部", "responsible"), ("工业和信息化部", "responsible"), ("交通运输部", "responsible"),
      ("水利部", "responsible"), ("海洋局", "responsible"), ("空管委办公室", "responsible")]),
    ("0107", "（农业农村部、工业和信息化部牵头负责）",
     [("农业农村部", "lead"), ("工业和信息化部", "lead")]),
    ("0117", "（人力资源社会保障部等有关部门和单位负责）", [("人力资源社会保障部", "responsible")]),
    ("0117", "（各有关部门和单位，各省级人民政府按职责分工负责）",
     [("各有关部门和单位", "responsible"), ("各省级人民政府", "responsible")]),
    ("0117", "（人力资源社会保障部、科技部、财政部、住房城乡建设部、市场监管总局，各省级人民政府按职责分工负责）",
     [("人力资源社会保障部", "responsible"), ("科技部", "responsible"), ("财政部", "responsible"),
      ("住房城乡建设部", "responsible"), ("市场监管总局", "responsible"), ("各省级人民政府", "responsible")]),
    ("pool/0093", "（省科技厅牵头，省发展改革委、省工业和信息化厅配合）",
     [("省科技厅", "lead"), ("省发展改革委", "co"), ("省工业和信息化厅", "co")]),
    ("pool/0065", "（发展改革委、工业和信息化部、中央网信办牵头，各地区、各部门负责）",
     [("发展改革委", "lead"), ("工业和信息化部", "lead"), ("中央网信办", "lead"), ("各地区", "co"),
      ("各部门", "co")]),
    ("pool/0066", "（应急部、公安部、国家卫生健康委等相关部门及各地区按职责分工负责）",
     [("应急部", "responsible"), ("公安部", "responsible"), ("国家卫生健康委", "responsible"),
      ("各地区", "responsible")]),
    ("pool/0050", "(责任单位:省水利厅牵头，省发改委、省财政厅、山东黄河河务局等部门分工负责)",
     [("省水利厅", "lead"), ("省发改委", "co"), ("省财政厅", "co"), ("山东黄河河务局", "co")]),
    ("pool/0027", "(省住房城乡建设厅、省交通运输厅牵头，省自然资源厅等按照职责分工负责)",
     [("省住房城乡建设厅", "lead"), ("省交通运输厅", "lead"), ("省自然资源厅", "co")]),
    ("pool/0034", "(中国人民银行、中国银保监会、中国证监会分别牵头负责)",
     [("中国人民银行", "lead"), ("中国银保监会", "lead"), ("中国证监会", "lead")]),
    ("pool/0097", "（省政府办公厅牵头，省大数据局配合，各有关部门、各市政府分工负责）",
     [("省政府办公厅", "lead"), ("省大数据局", "co"), ("各有关部门", "co"), ("各市政府", "co")]),
    ("pool/0020", "（6月底完成，牵头考核单位：市政府办公室、市公安局）",
     [("市政府办公室", "lead"), ("市公安局", "lead")]),
    ("pool/0124", "（负责部门：海关总署，适用范围：福建自贸试验区）", [("海关总署", "responsible")]),
    ("pool/0088", "（责任单位：市工业和信息化局、各区市）",
     [("市工业和信息化局", "responsible"), ("各区市", "responsible")]),
    ("pool/0059", "(青岛市绿色低碳高\n质量发展先行区建设办公室负责)",
     [("青岛市绿色低碳高\n质量发展先行区建设办公室", "responsible")]),
    ("brief", "（市发改委牵头，各区、县（市）政府负责）", [("市发改委", "lead"), ("各区、县（市）政府", "co")]),
    ("brief", "（市科技局及相关行业主管部门负责）",
     [("市科技局", "responsible"), ("相关行业主管部门", "responsible")]),
    ("brief", "（农业农村部、发展改革委等和各省级人民政府负责）",
     [("农业农村部", "responsible"), ("发展改革委", "responsible"), ("各省级人民政府", "responsible")]),
    ("brief", "（责任单位：市政府各部门、各单位）", [("市政府各部门、各单位", "responsible")]),
    ("brief", "（责任单位：各设区市、县（市、区）人民政府）", [("各设区市、县（市、区）人民政府", "responsible")]),
    ("brief", "（工业和信息化部会同发展改革委负责）", [("工业和信息化部", "lead"), ("发展改革委", "co")]),
    ("brief", "（市发改委、市财政局、市发改委负责）", [("市发改委", "responsible"), ("市财政局", "responsible")]),
]


@pytest.mark.parametrize(("source", "text", "expected"), LITERAL, ids=[f"{s}:{t[:14]}" for s, t, _ in LITERAL])
def test_literal_roles(source, text, expected):
    markers = U.find_unit_markers(text)
    assert len(markers) == 1
    got = [(u.name, u.role) for u in markers[0].units]
    assert got == expected


# Brackets that are not unit markers (all copied from the corpora).
NOT_MARKERS = [
    "（以下简称“平台服务窗口”）",
    "（2021—2023年）",
    "（试行）",
    "（一）",
    "（包括牵头单位自身）",
    "（联合体牵头人名称）",
    "（以联合体形式申报时，牵头单位填写）",
    "（全部责任单位）",
    "(主要负责人)",
    "(包括项目名称、承担单位、负责人、联系人、联系电话等)",
    "(能够扑救初火、能够组织逃生、能够上报事故信息、能够配合政府施救)",
    "（技工院校内由人力资源社会保障行政部门负责）",
    "（部门协同监管平台——内蒙古）",
    "建立由政府负责人牵头、相关部门共同参与的工作机制",
    "省经济和信息化厅会同省财政厅等单位制定具体实施细则或申报服务指南。",
]


@pytest.mark.parametrize("text", NOT_MARKERS)
def test_not_markers(text):
    assert U.find_unit_markers(text) == []


def test_spans_point_at_names():
    text = "1.推进感知能力融合提升。加强数据整合。\n\n责任单位:市大数据局、市发改委\n（牵头单位：省商务厅，参加单位：省邮政管理局）"
    markers = U.find_unit_markers(text)
    assert [m.kind for m in markers] == ["line", "bracket"]
    for m in markers:
        for u in m.units:
            assert text[u.start:u.end] == u.name
    assert text[markers[0].start:markers[0].end] == "责任单位:市大数据局、市发改委"
    assert text[markers[1].start:markers[1].end] == "（牵头单位：省商务厅，参加单位：省邮政管理局）"


def test_start_end_window():
    text = "（责任单位：市科技局）……（责任单位：市财政局）"
    markers = U.find_unit_markers(text, 12)
    assert [u.name for m in markers for u in m.units] == ["市财政局"]
    assert len(U.find_unit_markers(text, 0, 11)) == 1
    assert U.find_unit_markers(text, 0, 10) == []  # the bracket is cut off


def test_shaoxing_rule_and_implicit_units():
    # seed-shaoxing: the first line states both rules; later tasks get 各区、县(市)政府 implicitly.
    text = ("1.推进感知能力融合提升。\n责任单位:市大数据局、市发改委、市经信局,各区、县(市)政府"
            "(列第一为牵头单位;以下各区、县〔市〕政府均为责任单位,不再列出)\n"
            "2.推进监测预警精准迅捷。\n责任单位:市发改委、市经信局\n")
    markers = U.find_unit_markers(text)
    assert [m.kind for m in markers] == ["line", "line"]
    first = markers[0]
    assert first.first_leads_rule
    assert first.implicit_units == ["各区、县(市)政府"]
    assert [u.name for u in first.units][-1] == "各区、县(市)政府"
    rr = U.RoleResolver()
    task1 = rr.resolve(first)
    assert [(u.name, u.role) for u in task1] == [
        ("市大数据局", "lead"), ("市发改委", "co"), ("市经信局", "co"), ("各区、县(市)政府", "co")]
    assert rr.implicit_for(task1) == []  # named explicitly in this task
    task2 = rr.resolve(markers[1])
    assert [(u.name, u.role) for u in task2] == [("市发改委", "lead"), ("市经信局", "co")]
    assert rr.implicit_for(task2) == ["各区、县(市)政府"]
    assert rr.implicit_units == ["各区、县(市)政府"]


def test_first_listed_leads_from_statement_on():
    # 0107: the rule is stated in the first marker and holds for the rest ("下同").
    text = ("（工业和信息化部、发展改革委、科技部、农业农村部等负责。列第一位者为牵头单位，下同）"
            "（农业农村部、工业和信息化部牵头负责）（各省级人民政府负责）")
    markers = U.find_unit_markers(text)
    assert markers[0].first_leads_rule and not markers[1].first_leads_rule
    rr = U.RoleResolver()
    got = [[(u.name, u.role) for u in rr.resolve(m)] for m in markers]
    assert got == [
        [("工业和信息化部", "lead"), ("发展改革委", "co"), ("科技部", "co"), ("农业农村部", "co")],
        [("农业农村部", "lead"), ("工业和信息化部", "lead")],  # explicit 牵头 wins
        [("各省级人民政府", "lead")],
    ]


def test_no_rule_no_lead():
    assert roles("（体育总局、民政部、人力资源社会保障部负责）") == [
        ("体育总局", "responsible"), ("民政部", "responsible"), ("人力资源社会保障部", "responsible")]


def test_pool_rule_with_comma_and_implicit():
    # pool/0075 and pool/0128
    m = U.find_unit_markers("（省委教育工委、省委宣传部、团省委负责，列第一位者为牵头部门，下同）")[0]
    assert m.first_leads_rule and [u.name for u in m.units] == ["省委教育工委", "省委宣传部", "团省委"]
    m = U.find_unit_markers("（生态环境部指导，试点城市政府负责落实。以下均需试点城市政府落实，不再列出）")[0]
    assert m.implicit_units == ["试点城市政府"]


def test_rule_in_a_separate_bracket_joins_the_marker():
    markers = U.find_unit_markers("（市科技局、市财政局负责）（排在第一位的部门为牵头部门）")
    assert len(markers) == 1 and markers[0].first_leads_rule
    assert roles("（市科技局、市财政局负责）（排在第一位的部门为牵头部门）") == [
        ("市科技局", "lead"), ("市财政局", "co")]


def test_merge_units_keeps_strongest_role():
    # 0114 (十): three markers in one task.
    text = "（市场监管总局负责）（体育总局、教育部负责）（体育总局、网信办、科技部、工业和信息化部负责）"
    rr = U.RoleResolver()
    merged = U.merge_units([rr.resolve(m) for m in U.find_unit_markers(text)])
    assert [u.name for u in merged] == ["市场监管总局", "体育总局", "教育部", "网信办", "科技部", "工业和信息化部"]
    a = [U.UnitMention("省商务厅", "co", 0, 4), U.UnitMention("省财政厅", "co", 5, 9)]
    b = [U.UnitMention("省商务厅", "lead", 20, 24)]
    c = [U.UnitMention("省财政厅", "responsible", 30, 34)]
    assert [(u.name, u.role) for u in U.merge_units([a, b, c])] == [("省商务厅", "lead"), ("省财政厅", "responsible")]


SPLITS = [
    # formats F005/F006 (jiangxi.gov.cn): a province-level 等 and a collective with 市 first
    ("省农业农村厅、省商务厅、省国资委、省交通运输厅等省直有关部门",
     ["省农业农村厅", "省商务厅", "省国资委", "省交通运输厅"]),
    ("省教育厅，各市、县〔区〕政府，赣江新区管委会", ["省教育厅", "各市、县〔区〕政府", "赣江新区管委会"]),
    ("市科技局及相关行业主管部门", ["市科技局", "相关行业主管部门"]),
    ("发展改革委员会、文化和旅游部", ["发展改革委员会", "文化和旅游部"]),
    ("济南、青岛、烟台市政府", ["济南、青岛、烟台市政府"]),
    ("各区、县(市)政府,市政府各部门、各单位", ["各区、县(市)政府", "市政府各部门、各单位"]),
    ("各区、县〔市〕政府", ["各区、县〔市〕政府"]),
    ("A局、B委等和各省级人民政府", ["A局", "B委", "各省级人民政府"]),
    ("省发展改革委、省财政厅等有关部门和单位", ["省发展改革委", "省财政厅"]),
    ("交通运输部及各地区", ["交通运输部", "各地区"]),
    ("各有关部门和单位", ["各有关部门和单位"]),
    ("市大数据局；市财政局;市科技局", ["市大数据局", "市财政局", "市科技局"]),
    ("市大数据局、市大数据局", ["市大数据局"]),
    # every unit of some levels, the last level carrying the kind (pool 0074: 各区、市教体局)
    ("装备信息中心、各区、市教体局", ["装备信息中心", "各区、市教体局"]),
    ("各县、市、区人民政府，市直有关部门", ["各县、市、区人民政府", "市直有关部门"]),
    ("各旗、县、区教育局", ["各旗、县、区教育局"]),
    # a comma lists units apart; bare levels with nothing to close them stay as they were
    ("各区，市教育局", ["各区", "市教育局"]),
    ("各区、市，县教育局", ["各区", "市", "县教育局"]),
]


@pytest.mark.parametrize(("text", "expected"), SPLITS)
def test_split_units(text, expected):
    got = U.split_units(text, 100)
    assert [n for n, _, _ in got] == expected
    for n, s, e in got:
        assert text[s - 100:e - 100] == n


@pytest.mark.xfail(strict=True, reason="a unit list that only the inline reader sees (由A牵头，B配合) is not a marker by default")
def test_inline_clause_is_not_read_by_default():
    assert roles("由省卫生健康委牵头，省大数据局配合，建立工作机制。") == [("省卫生健康委", "lead"), ("省大数据局", "co")]


def test_inline_clauses_on_request():
    text = "由省卫生健康委牵头，省大数据局配合，建立工作机制。省工业和信息化厅会同省发展改革委、省科技厅等部门做好计划的组织实施。"
    got = [(m.kind, [(u.name, u.role) for u in m.units]) for m in U.find_unit_markers(text, inline=True)]
    assert got == [
        ("inline", [("省卫生健康委", "lead"), ("省大数据局", "co")]),
        ("inline", [("省工业和信息化厅", "lead"), ("省发展改革委", "co"), ("省科技厅", "co")]),
    ]


def test_brand_names_without_suffix():
    # State-owned operators named by brand are in the names lexicon (data/units_names.tsv).
    assert roles("（中国铁塔、中国移动负责）") == [("中国铁塔", "responsible"), ("中国移动", "responsible")]
    assert roles("（中国铁塔、中国移动、中国联通、中国电信等负责）") == [
        ("中国铁塔", "responsible"), ("中国移动", "responsible"), ("中国联通", "responsible"),
        ("中国电信", "responsible")]


def test_rule_data_errors_name_file_and_line(monkeypatch):
    def serve(body):
        monkeypatch.setattr(U, "data_text", lambda name: body)

    serve("# c\n责任单位\tlabel\tboss\n")
    with pytest.raises(RuleDataError, match=r"units_markers.tsv line 2"):
        U._read_tsv("units_markers.tsv")
    serve("局\torg\n局\torg\n")
    with pytest.raises(RuleDataError, match=r"units_suffixes.tsv line 2: '局' repeats line 1"):
        U._read_tsv("units_suffixes.tsv")
    serve("各地\n")
    with pytest.raises(RuleDataError, match=r"units_names.tsv line 1"):
        U._read_tsv("units_names.tsv")


def test_bundled_data_loads():
    lex = U._lexicon()
    assert lex.labels["牵头单位"] == "lead" and lex.verbs["配合"] == "co"


_ALPHABET = st.sampled_from(list("（）()〔〕：:，,；;、。\n 等和及由牵头负责配合参加单位责任市省局委办厅部政府各区县列第一位者为下同以不再出A1"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=120), st.integers(0, 130), st.one_of(st.none(), st.integers(0, 130)))
def test_never_raises_and_spans_inside(text, start, end):
    for inline in (False, True):
        markers = U.find_unit_markers(text, start, end, inline=inline)
        for m in markers:
            assert 0 <= m.start <= m.end <= len(text)
            for u in m.units:
                assert 0 <= u.start < u.end <= len(text)
                assert text[u.start:u.end] == u.name
        rr = U.RoleResolver()
        U.merge_units([rr.resolve(m) for m in markers])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_never_raises_on_any_text(text):
    for m in U.find_unit_markers(text):
        assert 0 <= m.start <= m.end <= len(text)


def test_label_lines_on_consecutive_lines_are_one_marker():
    text = "（一）强化组织领导。\n牵头单位：市发改委\n责任单位：市财政局、市科技局\n（二）……\n责任单位：市商务局"
    markers = U.find_unit_markers(text)
    assert len(markers) == 2
    assert [(u.name, u.role) for u in markers[0].units] == [
        ("市发改委", "lead"), ("市财政局", "co"), ("市科技局", "co")]
    assert [(u.name, u.role) for u in markers[1].units] == [("市商务局", "responsible")]


def test_role_word_after_a_name():
    assert roles("责任单位：市发改委（牵头）、市财政局、市科技局") == [
        ("市发改委", "lead"), ("市财政局", "co"), ("市科技局", "co")]


def test_label_followed_by_a_clause_is_not_a_marker():
    assert U.find_unit_markers("责任单位：要切实履行主体责任，加强督促检查。") == []


_PIECES = st.sampled_from(["（", "）", "：", "，", "、", "。", "\n", "市发改委", "省财政厅", "各区县政府", "牵头", "负责",
                           "配合", "责任单位", "牵头单位", "列第一位者为牵头单位", "下同", "不再列出", "以下", "推进建设",
                           "完成", "和", "等部门"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=16).map("".join), st.integers(0, 20))
def test_hint_words_skip_only_what_has_no_marker(text, start):
    """Skipping a range or bracket without a label, role verb or rule word loses no marker: the
    same text read with a hint that is everywhere gives the same markers."""
    import dataclasses
    import re

    def read(pats):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(U, "_patterns", lambda: pats)
            return [(m.start, m.end, m.kind, [(u.name, u.role) for u in m.units], m.first_leads_rule,
                     m.implicit_units) for m in U.find_unit_markers(text, start)]

    real = U._patterns()
    assert read(real) == read(dataclasses.replace(real, marker_hint=re.compile("")))


def test_an_unnumbered_marked_paragraph_keeps_a_time_of_day_in_its_title():
    # the title of a paragraph task runs to its first stop; 17:00 is a time, not a colon (pool 0041)
    from policytext import parse

    doc = parse("关于召开会议的通知\n一、有关事项\n请将名单于1月14日17:00前报送。（责任单位：省扶贫开发办）\n"
                "（一）会议时间另行通知。\n")
    assert [t.title for t in doc.tasks] == ["请将名单于1月14日17:00前报送", "会议时间另行通知"]


@pytest.mark.parametrize("text,expected", [
    # pool 0074: a plan that names each paragraph's units in a bare bracket after its last sentence
    ("组建人工智能教育课程团队，制定课程纲要。（装备信息中心、教科院）", [("装备信息中心", "responsible"), ("教科院", "responsible")]),
    ("统筹规划课程实施，每月至少两课时。（基教处、装备信息中心、教科院、各区市）\n2020年，制定课程纲要。",
     [("基教处", "responsible"), ("装备信息中心", "responsible"), ("教科院", "responsible"), ("各区市", "responsible")]),
])
def test_a_bare_bracket_of_units_after_a_sentence_is_a_marker(text, expected):
    [marker] = U.find_unit_markers(text)
    assert [(u.name, u.role) for u in marker.units] == expected


@pytest.mark.parametrize("text", [
    "体育课每周不少于3课时。（初、高中毕业年级除外）",  # pool 0074: not unit names
    "打造一批名师工作室。（专业素质高、授课水平高、教研能力高）",
    "由省发展改革委（省能源局）统筹推进。",  # an aside inside the sentence
    "积极培育一批重点企业。（2021年）",
])
def test_other_brackets_after_a_sentence_are_no_markers(text):
    assert U.find_unit_markers(text) == []


def test_bare_brackets_assign_tasks_their_units_in_one_line_text_too():
    from policytext import parse

    items = ["1.制定课程纲要。组建课程团队，制定课程纲要，构建贯通基础教育的课程体系。（装备信息中心、教科院）",
             "2.明确课程定位。将人工智能教育课程作为特色课程，面向全市中小学开设。（基教处、各区市）"]
    head = ["关于推进人工智能教育的实施方案", "为加快推进人工智能教育，制定本方案。", "一、主要任务"]
    for sep in ("\n", ""):
        doc = parse(sep.join(head + items) + "\n")
        assert [[u.name for u in t.units] for t in doc.tasks] == [["装备信息中心", "教科院"], ["基教处", "各区市"]]
