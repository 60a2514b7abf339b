"""The same document gives the same tasks, units and targets whatever form it came in.

Each original in shared/corpora/formats is parsed and scored, with the scorer,
against the parse of its plain-text twin (pool_twin) taken as gold; F004 is
also scored against the real gold of its dev twin 0117. The table pages
F008/F009 are checked row by row against what the page shows.
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from conftest import SHARED, load_gold, scorer

from policytext import parse_file

FORMATS = SHARED / "corpora" / "formats"
pytestmark = pytest.mark.skipif(not FORMATS.is_dir(), reason=f"formats corpus not found at {FORMATS}")

# Twins whose text copy keeps the numbered headings: everything must agree.
FULL_TWINS = {"F001": "0154", "F002": "0156", "F003": "0111", "F004": "0117", "F011": "0134"}
# Twins whose pool copy lost the 一、/（一） headings (the crawler kept paragraphs and at most the
# 1. items), so the text copy has fewer numbered items to make tasks of; units and targets must still agree.
HEADLESS_TWINS = {"F005": "0002", "F006": "0006", "F007": "0009"}


@cache
def _parsed(path: str) -> dict:
    return parse_file(path).to_dict()


def _original(fid: str) -> dict:
    name = next(p.name for p in FORMATS.iterdir() if p.stem == fid)
    return _parsed(str(FORMATS / name))


def _twin(tid: str) -> dict:
    pool = SHARED / "corpora" / "pool" / f"{tid}.txt"
    return _parsed(str(pool if pool.exists() else SHARED / "corpora" / "dev" / f"{tid}.txt"))


def as_gold(doc: dict) -> dict:
    """A parse in the gold file's shape, so the scorer can compare two parses."""
    return {
        "meta": {},
        "sections": [{"level": s["level"], "title": s["title"], "marker": s["marker"]} for s in doc["sections"]],
        "tasks": [{
            "title": t["title"],
            "units": [u["name"] for u in t["units"] if not u["implicit"]],
            "implicit_units": [u["name"] for u in t["units"] if u["implicit"]],
            "lead": [u["name"] for u in t["units"] if u["role"] == "lead" and not u["implicit"]],
        } for t in doc["tasks"]],
        "targets": [{k: g[k] for k in ("indicator", "value", "unit", "deadline", "comparator")}
                    for g in doc["targets"]],
        "references": [{"title": r["title"], "doc_number": (r["doc_number"] or {}).get("text")}
                       for r in doc["references"]],
    }


@pytest.mark.parametrize("fid", sorted(FULL_TWINS))
def test_original_agrees_with_text_twin(fid):
    twin = _twin(FULL_TWINS[fid])
    assert twin["tasks"], "the twin must have tasks for the comparison to mean anything"
    result = scorer().score_doc(as_gold(twin), _original(fid))
    for column in ("sections", "tasks", "units", "implicit_units", "targets", "references"):
        assert result[column]["f1"] == 1.0 or result[column]["gold"] == result[column]["pred"] == 0, (
            column, result[column])


def test_f004_scores_like_its_text_copy_against_gold():
    gold = load_gold("0117")
    from_html = scorer().score_doc(gold, _original("F004"))
    from_text = scorer().score_doc(gold, _twin("0117"))
    for column in ("sections", "tasks", "units", "implicit_units", "targets", "references"):
        assert abs(from_html[column]["f1"] - from_text[column]["f1"]) <= 0.02, column
    assert from_html["meta"]["correct"] >= from_text["meta"]["correct"]


@pytest.mark.parametrize("fid", sorted(HEADLESS_TWINS))
def test_headless_twins_agree_on_units_and_targets(fid):
    original, twin = _original(fid), _twin(HEADLESS_TWINS[fid])
    # The premise: the text copy lost headings that the original has.
    assert len(twin["sections"]) < len(original["sections"])
    units = {u["name"] for t in original["tasks"] for u in t["units"]}
    assert {u["name"] for t in twin["tasks"] for u in t["units"]} <= units
    key = [(g["indicator"], g["value"], g["unit"], g["deadline"]) for g in original["targets"]]
    assert key == [(g["indicator"], g["value"], g["unit"], g["deadline"]) for g in twin["targets"]]


def _row_tasks(fid: str) -> dict[str, dict]:
    return {t["title"]: t for t in _original(fid)["tasks"]}


# Rows read off the rendered pages: (考核项目 or, where that column names the department, 考核内容) → units.
F009_ROWS = {
    "完善\"四个到位\"": ["县河长办"],
    "强化督查督办": ["县河长办"],
    "深化河长制培训、宣传和教育": ["县委宣传部", "县教育局", "县河长办"],
    "推进河、库管护常态化": ["县河长办", "县水利局"],
    "继续推进水质不达标河库治理": ["县环保局", "县水文站"],
    "加大农村生活垃圾及生活污水整治": ["县委农工部", "县城建局"],
    "持续加大河库水域治安防控工作力度": ["县公安局", "县森林公安局"],
}
F008_ROWS = {
    "组织领导": [],  # 通用考核项目（全部责任单位）: no column names a unit
    "宣传工作": [],
    "农村生活垃圾专项治理": ["县委农工部"],
    # 县农粮局 is merged over three rows: each row is its own task with the unit.
    "持续推进畜禽养殖污染控制": ["县农粮局"],
    "持续推进农业化肥、农药减量化治理": ["县农粮局"],
    "持续开展渔业资源保护专项整治": ["县农粮局"],
    "持续推进城区河道保洁": ["县城管局"],
    "负责开展自然资源资产离任审计": ["县审计局"],
    "指导、推进农村沼气建设": ["县能源办"],
}


@pytest.mark.parametrize(("fid", "rows", "n_rows"), [("F009", F009_ROWS, 23), ("F008", F008_ROWS, 41)])
def test_assessment_tables_give_one_task_per_row(fid, rows, n_rows):
    doc = _original(fid)
    tasks = _row_tasks(fid)
    for title, units in rows.items():
        assert title in tasks, title
        assert [u["name"] for u in tasks[title]["units"]] == units, title
        assert all(u["role"] == "responsible" for u in tasks[title]["units"])
    numbered_rows = [t for t in doc["tasks"] if t["marker"] and t["marker"].isdigit()]
    assert len(numbered_rows) == n_rows
    text = parse_file(str(FORMATS / f"{fid}.html")).text
    for t in doc["tasks"]:
        for u in t["units"]:
            assert text[u["span"][0]:u["span"][1]] == u["name"]


def test_assessment_table_sections_are_cell_titles():
    sections = [(s["marker"], s["title"]) for s in _original("F009")["sections"]]
    assert sections[0] == ("一、", "巩固成果，提升河长制工作实效")
    assert ("四、", "行动升级，推进突出问题专项整治") in sections


def test_manifest_twins_are_the_ones_tested():
    manifest = [json.loads(x) for x in (FORMATS / "manifest.jsonl").read_text("utf-8").splitlines() if x.strip()]
    twins = {m["id"]: m["pool_twin"] for m in manifest if m.get("pool_twin")}
    assert {**FULL_TWINS, **HEADLESS_TWINS}.items() <= twins.items()
    assert set(twins) - set(FULL_TWINS) - set(HEADLESS_TWINS) == {"F008", "F009", "F013"}


def test_pool_copies_of_tables_are_one_cell_per_line():
    # Why F008/F009 are judged by their rows: their pool copies put every cell on its own line.
    assert "序号\n考核项目\n" in Path(SHARED / "corpora" / "pool" / "0101.txt").read_text("utf-8")
