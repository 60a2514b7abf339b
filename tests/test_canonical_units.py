"""Canonical units: real names from the corpora, the dev bar, the data-file checks, invariants."""
from __future__ import annotations

import pytest
from conftest import DEV, needs_corpora
from hypothesis import given, settings
from hypothesis import strategies as st

from policytext.errors import RuleDataError
from policytext.research import canonical_units as cu

# (document region, name as written) → (canonical, level, kind, jurisdiction, collective).
# Names are from the dev and pool documents (and the formats corpus for the county ones).
REAL = [
    ("浙江省绍兴市", "市发改委", ("发展和改革委员会", "city", "department", "绍兴市", False)),
    ("浙江省绍兴市", "市大数据局", ("大数据发展管理局", "city", "department", "绍兴市", False)),
    ("浙江省绍兴市", "市人力社保局", ("人力资源和社会保障局", "city", "department", "绍兴市", False)),
    ("浙江省绍兴市", "市经信局", ("经济和信息化局", "city", "department", "绍兴市", False)),
    ("浙江省绍兴市", "市委改革办", ("全面深化改革委员会办公室", "city", "party_committee", "绍兴市", False)),
    ("浙江省绍兴市", "人行绍兴市中心支行", ("中国人民银行", "city", "central_bank", "绍兴市", False)),
    ("浙江省绍兴市", "各区、县(市)政府", ("人民政府", "county", "lower_governments", None, True)),
    ("浙江省绍兴市", "各区、县〔市〕政府", ("人民政府", "county", "lower_governments", None, True)),
    ("浙江省绍兴市", "市政府有关部门(单位)", ("有关部门", "city", "department", "绍兴市", True)),
    ("浙江省绍兴市", "绍兴电力局", ("国家电网有限公司", "city", "state_enterprise", "绍兴市", False)),
    ("浙江省绍兴市", "市消防救援支队", ("消防救援支队", "city", "vertical_branch", "绍兴市", False)),
    # 省 in a document of a city of 浙江省 is 浙江省.
    ("浙江省绍兴市", "省大数据局", ("大数据发展管理局", "provincial", "department", "浙江省", False)),
    ("安徽省", "省发展改革委", ("发展和改革委员会", "provincial", "department", "安徽省", False)),
    ("安徽省", "人行合肥中心支行", ("中国人民银行", "city", "central_bank", "合肥", False)),
    ("安徽省", "安徽银保监局", ("中国银行保险监督管理委员会", "provincial", "vertical_branch", "安徽省", False)),
    ("安徽省", "省推进工业互联网创新发展专项工作组成员单位",
     ("推进工业互联网创新发展专项工作组成员单位", "provincial", "coordination_body", "安徽省", True)),
    ("安徽省", "各市人民政府", ("人民政府", "city", "lower_governments", None, True)),
    ("山东省", "省委宣传部", ("宣传部", "provincial", "party_committee", "山东省", False)),
    ("山东省", "团省委", ("共青团委员会", "provincial", "peoples_organisation", "山东省", False)),
    ("山东省", "济南市政府", ("人民政府", "city", "government", "济南市", False)),
    ("山东省", "济南、青岛、烟台市政府", ("人民政府", "city", "lower_governments", "济南、青岛、烟台市", True)),
    ("山东省", "人民银行济南分行营业管理部", ("中国人民银行", "provincial", "central_bank", "济南", False)),
    ("山东省", "国网山东省电力公司", ("国家电网有限公司", "provincial", "state_enterprise", "山东省", False)),
    ("山东省", "省“十强产业”协调推进机制牵头部门",
     ("“十强产业”协调推进机制牵头部门", "provincial", "coordination_body", "山东省", True)),
    ("山东省济南市", "济南高新区管委会", ("管理委员会", "zone", "zone_committee", "济南高新区", False)),
    ("山东省济南市", "市委机要保密局", ("机要保密局", "city", "party_committee", "济南市", False)),
    ("山东省青岛市", "崂山区政府", ("人民政府", "district", "government", "崂山区", False)),
    ("山东省青岛市", "青岛西海岸新区管委", ("管理委员会", "zone", "zone_committee", "青岛西海岸新区", False)),
    ("全国", "发展改革委", ("发展和改革委员会", "national", "department", "全国", False)),
    ("全国", "国家发展改革委", ("发展和改革委员会", "national", "department", "全国", False)),
    ("全国", "市场监管总局", ("国家市场监督管理总局", "national", "department", "全国", False)),
    ("全国", "银保监会", ("中国银行保险监督管理委员会", "national", "department", "全国", False)),
    ("全国", "中央网信办", ("网络安全和信息化委员会办公室", "national", "party_committee", "全国", False)),
    ("全国", "各省级人民政府", ("人民政府", "provincial", "lower_governments", None, True)),
    ("全国", "各地区", ("人民政府", "provincial", "lower_governments", None, True)),
    ("全国", "各有关部门和单位", ("有关部门", "national", "department", "全国", True)),
    ("江西省赣州市石城县", "县委农工部", ("农村工作部", "county", "party_committee", "石城县", False)),
    ("江西省赣州市石城县", "县人社局", ("人力资源和社会保障局", "county", "department", "石城县", False)),
]


@pytest.mark.parametrize(("region", "name", "expected"), REAL, ids=[n for _, n, _ in REAL])
def test_real_names(region, name, expected):
    u = cu.resolve(name, cu.document_context(region=region))
    assert u.mapped
    assert (u.canonical, u.level, u.kind, u.jurisdiction, u.collective) == expected


def test_same_unit_written_four_ways_is_one_canonical_unit():
    ctx = cu.document_context("绍兴市人民政府")
    names = ["市发改委", "市发展改革委", "市发展和改革委员会", "绍兴市发展和改革委员会"]
    assert {(u.canonical, u.level, u.jurisdiction) for u in (cu.resolve(n, ctx) for n in names)} == {
        ("发展和改革委员会", "city", "绍兴市")}


@pytest.mark.parametrize(("texts", "places"), [
    (["绍兴市人民政府"], (("city", "绍兴市"),)),
    (["中共山东省委办公厅"], (("provincial", "山东省"),)),
    (["国务院办公厅"], (("national", "全国"),)),
    (["市场监管总局办公厅"], (("national", "全国"),)),
    (["新疆维吾尔自治区质监局"], (("provincial", "新疆维吾尔自治区"),)),
    (["上海市人民代表大会常务委员会"], (("provincial", "上海市"),)),
    ([None, "山东省“十四五”教育事业发展规划"], (("provincial", "山东省"),)),
    # A title that merely contains 市 says nothing of a place.
    (["加快数字化高质量发展打造数字先锋城市推进方案"], ()),
])
def test_document_context_from_issuers_and_titles(texts, places):
    assert cu.document_context(*texts).places == places


def test_prefix_without_document_place_keeps_level_only():
    u = cu.resolve("市发改委")
    assert (u.canonical, u.level, u.jurisdiction) == ("发展和改革委员会", "city", None)


@pytest.mark.parametrize("name", ["各位代表", "有关企业", "沿黄各市人民政府", "省交通运输厅等省直有关部门"])
def test_unknown_names_stay_as_written(name):
    u = cu.resolve(name, cu.document_context(region="山东省"))
    assert not u.mapped
    assert (u.canonical, u.level, u.kind, u.jurisdiction) == (name, None, None, None)


def test_canonical_units_table_and_unmapped_report():
    import pandas as pd

    from policytext.research.tables import frame

    units = frame("units", [
        {"doc_id": "a", "task_id": "t1", "unit": "市发改委", "role": "lead", "implicit": False, "position": 0},
        {"doc_id": "a", "task_id": "t1", "unit": "某某研究会", "role": "co", "implicit": False, "position": 1},
        {"doc_id": "b", "task_id": "t1", "unit": "某某研究会", "role": "co", "implicit": False, "position": 0},
    ])
    documents = frame("documents", [{"doc_id": "a", "issuers": "绍兴市人民政府"}, {"doc_id": "b"}])
    out = cu.canonical_units(units, documents)
    assert list(out.columns) == [*units.columns, *cu.ADDED_COLUMNS]
    assert out["canonical"].tolist() == ["发展和改革委员会", "某某研究会", "某某研究会"]
    assert out["jurisdiction"].tolist()[0] == "绍兴市"
    assert out["mapped"].tolist() == [True, False, False]
    assert isinstance(out["unit_level"].dtype, pd.CategoricalDtype)
    assert cu.mapped_share(out) == pytest.approx(1 / 3)
    report = cu.unmapped_units(out)
    assert report.to_dict("records") == [{"unit": "某某研究会", "mentions": 2, "documents": 2}]


def test_regions_win_over_a_missing_issuer():
    from policytext.research.tables import frame

    units = frame("units", [{"doc_id": "d", "task_id": "t", "unit": "市大数据局", "role": "lead", "position": 0}])
    out = cu.canonical_units(units, frame("documents", [{"doc_id": "d"}]), {"d": "浙江省绍兴市"})
    assert out["jurisdiction"].tolist() == ["绍兴市"]


@needs_corpora
def test_dev_unit_mentions_mapped_share_meets_the_bar():
    import policytext
    from policytext.research.tables import frames

    docs = [policytext.parse_file(p) for p in sorted(DEV.glob("*.txt"))]
    tables = frames(docs)
    out = cu.canonical_units(tables["units"], tables["documents"])
    assert len(out) > 500
    # Issue #6: at least 95% of the dev corpus's unit mentions map to a canonical unit.
    assert cu.mapped_share(out) >= 0.95, cu.unmapped_units(out).head(20).to_string()


# ---------------------------------------------------------------- data files


def _files(**override: str):
    def read(name: str) -> str:
        return override.get(name.split(".")[0], cu.data_text(name))
    return read


def test_bundled_data_files_load():
    rules = cu.build_rules(cu.data_text)
    assert len(rules.exact) > 200 and rules.place_patterns and rules.name_patterns


@pytest.mark.parametrize(("file", "text", "message"), [
    ("units_canonical", "财政局\t财政局\tministry\t-\tno\n", "kind 'ministry'"),
    ("units_canonical", "财政局\t财政局\tdepartment\tcity-ish\tno\n", "level 'city-ish'"),
    ("units_canonical", "财政局\t财政局\tdepartment\t-\tmaybe\n", "collective must be yes or no"),
    ("units_canonical", "财政局\t财政局\tdepartment\t-\n", "expected 5"),
    ("units_canonical", "财政局\t财政局\tdepartment\t-\tno\n财政局\t财政局\tdepartment\t-\tno\n", "repeats"),
    # 发改委 is expanded before matching, so a row written that way could never match.
    ("units_canonical", "发改委\t发展和改革委员会\tdepartment\t-\tno\n", "not in expanded form"),
    ("units_canonical", "{place}支行{name}\tx\tdepartment\t-\tno\n", "at most one"),
    ("units_places", "省\tprefix\tstate\tno\n", "level 'state'"),
    ("units_places", "省\tcapital\tprovincial\tno\n", "type 'capital'"),
    ("units_abbreviations", "发改委\t发改委\n", "expands to itself"),
])
def test_bad_data_rows_name_file_and_line(file, text, message):
    with pytest.raises(RuleDataError) as info:
        cu.build_rules(_files(**{file: "# a comment\n" + text}))
    assert f"data/{file}.tsv line " in str(info.value)
    assert message in str(info.value)


# ---------------------------------------------------------------- invariants

_NAME_CHARS = st.sampled_from(list("省市区县各有关部门政府委办局厅发改经信财政人行中心支行、()（）〔〕 山东绍兴国家委员会X1"))


@settings(max_examples=300, deadline=None)
@given(st.text(_NAME_CHARS, min_size=1, max_size=16), st.sampled_from(["", "浙江省绍兴市", "全国", "山东省"]))
def test_any_name_reads_to_a_valid_unit_or_stays_as_written(name, region):
    ctx = cu.document_context(region=region or None)
    u = cu.resolve(name, ctx)
    assert u == cu.resolve(name, ctx)  # deterministic
    if u.mapped:
        assert u.kind in cu.KINDS
        assert u.level is None or u.level in cu.LEVELS
        assert u.canonical
    else:
        assert u.canonical == cu.clean(name)
        assert (u.level, u.kind, u.jurisdiction, u.collective) == (None, None, None, False)
