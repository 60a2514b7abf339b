"""Text reuse between documents (issue 6), on real document pairs of the corpora."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DEV, POOL
from hypothesis import given, settings
from hypothesis import strategies as st

import policytext
from policytext.research.reuse import PAIR_COLUMNS, clauses, number_changes, reuse, reuse_all, reuse_matrix

SEED = Path(__file__).resolve().parents[1] / "corpora" / "seed-shaoxing.txt"


@pytest.fixture(scope="module")
def docs():
    """国务院关于加强数字政府建设的指导意见 (0061), the Shaoxing plan that follows it, the
    2012 national work report (0157) and Lishui's 2024 report (0151)."""
    if not POOL.is_dir():
        pytest.skip(f"pool not found at {POOL}")
    out = {name: policytext.parse_file(POOL / f"{name}.txt") for name in ("0061", "0157", "0151")}
    out["seed-shaoxing"] = policytext.parse_file(SEED)
    return out


def _pair(pairs, start_a: str, start_b: str):
    hit = pairs[pairs["text_a"].str.startswith(start_a) & pairs["text_b"].str.startswith(start_b)]
    assert len(hit) == 1, f"{start_a} / {start_b} not paired once:\n{pairs[['text_a', 'text_b']]}"
    return hit.iloc[0]


def test_city_plan_reuses_the_national_guidance(docs):
    nat, city = docs["0061"], docs["seed-shaoxing"]
    assert "国务院关于加强数字政府建设的指导意见" in city.text
    pairs = reuse(nat, city)
    assert list(pairs.columns) == list(PAIR_COLUMNS)
    goal = _pair(pairs, "到2035年，与国家治理体系", "到2035年,数字政府体系框架更加成熟完备")
    assert nat.text[goal["start_a"]:goal["end_a"]] == goal["text_a"]
    assert city.text[goal["start_b"]:goal["end_b"]] == goal["text_b"]
    assert goal["text_a"].endswith("为基本实现社会主义现代化提供有力支撑。")
    assert goal["text_b"].endswith("为推进政府治理体系和治理能力现代化提供有力支撑。")
    assert (goal["section_a"], goal["section_b"]) == ("一、（二）3.", "一、(二)")  # 3.主要目标 / (二)主要目标
    assert 0.4 <= goal["jaccard"] < 0.5 and goal["number_changes"] == []
    lead = _pair(pairs, "加强党对数字政府建设工作的领导", "全面加强对数字政府建设工作的领导")
    assert (lead["section_a"], lead["section_b"]) == ("八、", "六、")  # the closing parts' headings
    assert city.text[lead["start_b"]:lead["end_b"]] == "全面加强对数字政府建设工作的领导"


def test_city_report_reuses_a_national_formula_with_its_own_number(docs):
    pairs = reuse(docs["0157"], docs["0151"])
    row = _pair(pairs, "城镇新增就业900万人以上，城镇登记失业率控制在4.6％以内", "城镇登记失业率控制在3%以内")
    assert row["number_changes"] == [("4.6%", "3%")]
    assert docs["0151"].text[row["start_b"]:row["end_b"]] == "城镇登记失业率控制在3%以内；"
    assert row["containment"] == 1.0


NUMBER_CHANGES = [
    # 0157 / 0151: national 4.6%, Lishui 3%; the unaligned 900万人 is not a change
    ("城镇新增就业900万人以上，城镇登记失业率控制在4.6％以内；", "城镇登记失业率控制在3%以内；", [("4.6%", "3%")]),
    # 0145 / 0147: two fines of the same formula
    ("情节严重的，并处1万元以上5万元以下的罚款；", "情节严重的，并处20万元以上50万元以下罚款：",
     [("1万元", "20万元"), ("5万元", "50万元")]),
    # 0151 / 0154: revenue and its growth
    ("一般公共预算收入186.06亿元，增长8.9%；", "一般公共预算收入4112.8亿元、增长2.5%。",
     [("186.06亿元", "4112.8亿元"), ("8.9%", "2.5%")]),
    # same numbers, written differently: no change
    ("政务服务“一网通办”率达到95%以上", "政务服务“一网通办”率达到９５％以上", []),
    # years are times, not changed figures
    ("到2025年，基本建成", "到2027年，基本建成", []),
]


@pytest.mark.parametrize("a,b,changes", NUMBER_CHANGES)
def test_number_changes(a, b, changes):
    assert number_changes(a, b) == changes


def test_clauses_of_a_real_document(docs):
    doc = docs["seed-shaoxing"]
    cs = clauses(doc)
    assert all(doc.text[c.start:c.end] == c.text for c in cs)
    assert all(a.end <= b.start for a, b in zip(cs, cs[1:], strict=False))
    title = doc.meta_spans["title"]
    assert not any(c.start < title[1] and title[0] < c.end for c in cs)  # header fields are left out
    # 二、以数字化改革全面提升政府履职能力: the marker is not in the clause (总体要求 is too short to compare)
    heading = next(c for c in cs if c.text == "以数字化改革全面提升政府履职能力")
    assert heading.section == "二、" and not any(c.text == "总体要求" for c in cs)
    # A section path follows the tree: (一) under 二、, 1. under (一).
    task = next(c for c in cs if c.text.startswith("加强经济相关数据整合、汇聚"))
    assert task.section == "二、(一)1."
    # (责任单位:市大数据局、…;以下各区、县〔市〕政府均为责任单位,不再列出): not content
    assert not any("责任单位" in c.text for c in cs)


def test_wrapped_lines_are_one_clause():
    path = DEV / "0063.txt"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    doc = policytext.parse_file(path)
    c = next(c for c in clauses(doc) if c.text.startswith("以习近平新时代中国特色社会主义思想为指导"))
    assert c.text.count("\n") >= 6 and c.text.endswith("。")  # seven PDF lines and a page number


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([
    "一、总体要求\n", "（一）主要目标。", "到2025年，数字经济核心产业增加值突破400亿元；", "\n", "1.推进感知能力融合提升。",
    "加强经济数据整合、汇聚、治理。", "（牵头单位：市发改委）", "构成犯罪的，依法追究刑事责任", "　", "。",
]), max_size=25))
def test_clause_spans_slice_the_text(parts):
    text = "".join(parts)
    doc = policytext.parse(text, "h")
    cs = clauses(doc, min_chars=4)
    assert all(text[c.start:c.end] == c.text and c.text == c.text.strip() for c in cs)
    assert all(a.end <= b.start for a, b in zip(cs, cs[1:], strict=False))
    assert [c.index for c in cs] == list(range(len(cs)))


def test_reuse_is_symmetric(docs):
    ab = reuse(docs["0061"], docs["seed-shaoxing"])
    ba = reuse(docs["seed-shaoxing"], docs["0061"])
    swapped = ba.rename(columns={c: c[:-1] + ("b" if c.endswith("a") else "a") for c in ba.columns
                                 if c.endswith(("_a", "_b"))})
    key = ["start_a", "start_b"]
    left = ab.sort_values(key).reset_index(drop=True)[["start_a", "start_b", "jaccard", "containment"]]
    right = swapped.sort_values(key).reset_index(drop=True)[["start_a", "start_b", "jaccard", "containment"]]
    assert left.equals(right)


def test_all_pairs_agree_with_each_pair_and_are_counted(docs):
    everything = list(docs.values())
    pairs = reuse_all(everything)
    for a, b in (("0061", "seed-shaoxing"), ("0157", "0151")):
        one = reuse(docs[a], docs[b])
        sub = pairs[(pairs["doc_a"] == a) & (pairs["doc_b"] == b)].reset_index(drop=True)
        assert sub.drop(columns="number_changes").equals(one.drop(columns="number_changes"))
        assert sub["number_changes"].tolist() == one["number_changes"].tolist()
    matrix = reuse_matrix(pairs=pairs)
    row = matrix[(matrix["doc_a"] == "0061") & (matrix["doc_b"] == "seed-shaoxing")].iloc[0]
    assert (row["pairs"], row["clauses_a"], row["clauses_b"]) == (2, 2, 2)
    lishui = matrix[(matrix["doc_a"] == "0157") & (matrix["doc_b"] == "0151")].iloc[0]
    assert lishui["number_changes"] >= 1
    assert matrix["clauses_a"].is_monotonic_decreasing or len(matrix) <= 1 or \
        matrix[["clauses_a", "clauses_b"]].min(axis=1).is_monotonic_decreasing
    assert reuse_all(everything).equals(pairs)  # deterministic


def test_dicts_with_text_work_and_without_text_fail_clearly(docs):
    a, b = docs["0061"], docs["seed-shaoxing"]
    da, db = a.to_dict() | {"text": a.text}, b.to_dict() | {"text": b.text}
    assert reuse(da, db).drop(columns="number_changes").equals(reuse(a, b).drop(columns="number_changes"))
    with pytest.raises(ValueError, match="has no 'text'"):
        reuse(a.to_dict(), db)
    with pytest.raises(ValueError, match="unique"):
        reuse_all([a, a])


def test_a_corpus_is_a_source(docs):
    from policytext.research.corpus import Corpus

    corpus = Corpus.from_docs([docs["0061"], docs["seed-shaoxing"]])
    pairs = reuse_all(corpus)
    assert pairs.drop(columns="number_changes").equals(
        reuse(docs["0061"], docs["seed-shaoxing"]).drop(columns="number_changes"))
    tables_only = Corpus.from_tables(corpus.tables)
    with pytest.raises(ValueError, match="tables only"):
        reuse_all(tables_only)
