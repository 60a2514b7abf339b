"""The research API: loading a corpus every way gives the same tables; workload; citation graph."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import DEV, POOL, needs_corpora

from policytext.batch import run_batch
from policytext.research import corpus, tables
from policytext.research.citations import doc_number_key, title_key

SEED = Path(__file__).resolve().parents[1] / "corpora" / "seed-shaoxing.txt"


def assert_same_tables(a: corpus.Corpus, b: corpus.Corpus) -> None:
    for name in tables.TABLES:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name], obj=name)


@pytest.fixture(scope="module")
def dev() -> corpus.Corpus:
    if not DEV.is_dir():
        pytest.skip("dev corpus not found")
    return corpus.load(DEV)


@pytest.fixture(scope="module")
def dev_and_pool() -> corpus.Corpus:
    if not (DEV.is_dir() and POOL.is_dir()):
        pytest.skip("dev and pool corpora not found")
    return corpus.load(sorted(DEV.glob("*.txt")) + sorted(POOL.glob("*.txt")))


# ---------------------------------------------------------------- loading


@needs_corpora
def test_dev_loads_every_document(dev):
    assert len(dev) == len(list(DEV.glob("*.txt")))
    assert dev.errors == []
    assert set(dev.docs) == set(dev.doc_ids)
    assert len(dev.units) > 500 and len(dev.tasks) > 200
    # Parsed from source, each document keeps the text its spans point into.
    row = dev.tasks.iloc[0]
    text = dev.text(row["doc_id"])
    assert text[row["span_start"]:row["span_end"]].strip()


@needs_corpora
@pytest.mark.parametrize("fmt", ["json", "jsonl", "parquet"])
def test_batch_output_loads_to_the_same_tables_as_the_sources(dev, tmp_path, fmt):
    run_batch(str(DEV), str(tmp_path), fmt=fmt)
    loaded = corpus.load(tmp_path)
    assert_same_tables(dev, loaded)
    assert loaded.errors == []
    if fmt != "parquet":
        assert set(loaded.docs) == set(dev.docs)
        # The output leaves the text out; the source file beside the recorded path gives it back.
        assert loaded.text("seed-shaoxing") == dev.text("seed-shaoxing")


@needs_corpora
def test_list_of_json_files_and_parquet_written_by_hand(dev, tmp_path):
    for doc_id, d in dev.docs.items():
        (tmp_path / f"{doc_id}.json").write_text(json.dumps({k: v for k, v in d.items() if k != "text"},
                                                            ensure_ascii=False), encoding="utf-8")
    assert_same_tables(dev, corpus.load(sorted(tmp_path.glob("*.json"))))
    pq = tmp_path / "pq"
    pq.mkdir()
    for name, df in dev.tables.items():
        df.to_parquet(pq / f"{name}.parquet")
    assert_same_tables(dev, corpus.load(pq, kind="parquet"))


@needs_corpora
def test_tables_hold_no_python_objects(dev):
    for name, df in dev.tables.items():
        assert not [c for c in df.columns if df[c].dtype == object], name
        for col in df.columns:
            assert not any(isinstance(v, (list, dict, tuple, set)) for v in df[col].tolist()), (name, col)
    assert isinstance(dev.units["role"].dtype, pd.CategoricalDtype)
    canon = dev.canonical_units()
    assert not [c for c in canon.columns if canon[c].dtype == object]


def test_from_docs_and_parallel_parse_agree(tmp_path):
    import policytext

    doc = policytext.parse_file(SEED)
    one = corpus.Corpus.from_docs([doc])
    assert_same_tables(one, corpus.Corpus.from_docs([doc.to_dict()]))
    assert one.text("seed-shaoxing") == doc.text
    for i in range(3):
        shutil.copy(SEED, tmp_path / f"copy{i}.txt")
    serial, parallel = corpus.load(tmp_path), corpus.load(tmp_path, jobs=2)
    assert serial.doc_ids == ["copy0", "copy1", "copy2"]
    assert_same_tables(serial, parallel)


def test_bad_inputs_are_recorded_not_lost(tmp_path):
    shutil.copy(SEED, tmp_path / "good.txt")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    c = corpus.load(tmp_path)
    assert c.doc_ids == ["good"]
    assert [(Path(e["path"]).name, bool(e["message"])) for e in c.errors] == [("broken.pdf", True)]
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.json").write_text("{not json", encoding="utf-8")
    (out / "b.json").write_text('{"some": "other json"}', encoding="utf-8")
    c = corpus.load(out)
    assert len(c) == 0
    assert sorted(e["kind"] for e in c.errors) == ["bad_json", "not_policytext"]


def test_missing_folder_is_a_clear_error(tmp_path):
    from policytext.errors import InputError

    with pytest.raises(InputError, match="no such file"):
        corpus.load(tmp_path / "nowhere")


# ---------------------------------------------------------------- workload


def test_workload_on_seed_shaoxing_matches_the_document():
    c = corpus.load(SEED)
    text = c.text("seed-shaoxing")
    # Every 责任单位 line lists its lead first (列第一为牵头单位).
    firsts = re.findall(r"(?m)^责任单位[:：]\s*([^、,，\n]+)", text)
    assert firsts.count("市大数据局") == 7
    assert max(firsts.count(f) for f in set(firsts)) == 7

    work = c.unit_workload(by=("canonical", "unit_level", "jurisdiction"))
    leads = work.sort_values("lead", ascending=False, kind="stable")
    top = leads.iloc[0]
    assert (top["canonical"], top["unit_level"], top["jurisdiction"], top["lead"]) == (
        "大数据发展管理局", "city", "绍兴市", 7)
    assert top["names"] == "市大数据局"
    assert leads.iloc[1]["lead"] < 7
    assert (top["tasks"], top["co"], top["documents"]) == (16, 9, 1)
    # The implicit 各区、县(市)政府 answer for every task after the first marker.
    govs = work[(work["canonical"] == "人民政府") & (work["unit_level"] == "county")].iloc[0]
    assert govs["implicit"] == govs["responsible"] > 20


@needs_corpora
def test_workload_is_deterministic_and_per_document(dev):
    shuffled = corpus.Corpus.from_docs(reversed(list(dev.docs.values())))
    pd.testing.assert_frame_equal(dev.unit_workload(), shuffled.unit_workload())
    per_doc = dev.unit_workload(per_document=True)
    assert per_doc.columns[0] == "doc_id"
    totals = per_doc.groupby("canonical")["tasks"].sum()
    overall = dev.unit_workload(by=("canonical",)).set_index("canonical")["tasks"]
    assert (totals.sort_index() == overall.sort_index()).all()
    assert dev.unit_workload()["tasks"].is_monotonic_decreasing


# ---------------------------------------------------------------- citations


@pytest.mark.parametrize(("a", "b"), [
    ("国发〔2022〕14号", "国发[2022]14号"),
    ("国发〔2022〕14号", "国发（2022）14 号"),
    ("鲁交城市函（2020）39号", "鲁交城市函〔2020〕39号"),
])
def test_doc_number_keys_fold_brackets(a, b):
    assert doc_number_key(a) == doc_number_key(b)


def test_title_keys_fold_marks_and_dashes():
    assert title_key("《安徽省工业互联网创新发展行动计划（2021—2023年）》") == title_key(
        "安徽省工业互联网创新发展行动计划(2021-2023年)")


@needs_corpora
def test_citation_graph_resolves_real_citations(dev_and_pool):
    edges = dev_and_pool.citation_graph()
    assert len(edges) == len(dev_and_pool.references)
    resolved = {(r.source, r.target, r.resolved_by) for r in edges.dropna(subset=["target"]).itertuples()}
    # 0134 (发改办财金规〔2019〕860号) cites 国发〔2018〕41号, which is pool document 0112.
    assert ("0134", "0112", "doc_number") in resolved
    # 0062 (市场监管总局、工业和信息化部) cites 《“十四五”智能制造发展规划》, dev document 0063.
    assert ("0062", "0063", "title") in resolved
    # The seed cites 国发〔2022〕14号 by title and number; 0021 quotes the same title but has
    # another 发文字号, so it is not taken for the cited document.
    seed = edges[(edges["source"] == "seed-shaoxing") & (edges["cited_doc_number"] == "国发〔2022〕14号")]
    assert len(seed) == 1 and pd.isna(seed["target"].iloc[0])
    assert not (edges["source"] == edges["target"]).fillna(False).any()


@needs_corpora
def test_citation_graph_as_networkx(dev_and_pool):
    from policytext.research.citations import to_networkx

    edges = dev_and_pool.citation_graph()
    graph = to_networkx(edges)
    assert graph.has_edge("0134", "0112") and graph.has_edge("0062", "0063")
    assert graph.number_of_edges() == edges["target"].notna().sum()
    everything = to_networkx(edges, resolved_only=False)  # unresolved citations become nodes of their own
    assert everything.number_of_edges() == len(edges) and everything.has_node("国发〔2022〕14号")


# ---------------------------------------------------------------- command line


def test_units_command_prints_the_workload():
    from typer.testing import CliRunner

    from policytext.cli import app

    result = CliRunner().invoke(app, ["units", str(SEED), "--jurisdiction", "--format", "csv"])
    assert result.exit_code == 0, result.output
    header, first = result.stdout.splitlines()[:2]
    assert header.startswith("canonical,unit_level,unit_kind,jurisdiction,lead,co,responsible,tasks")
    # 各区、县(市)政府 appear in the most tasks; 市大数据局 comes next and leads the most.
    assert first.startswith("人民政府,county,lower_governments,,0,1,29,30")
    assert "大数据发展管理局,city,department,绍兴市,7,9,0,16" in result.stdout
    assert "100.0% mapped" in result.stderr


@needs_corpora
def test_subset_keeps_the_chosen_documents_in_order():
    from policytext.research import corpus

    c = corpus.load(str(DEV))
    part = c.subset(["seed-shaoxing", "0022"])
    assert part.doc_ids == ["seed-shaoxing", "0022"]
    assert set(part.units["doc_id"]) == {"seed-shaoxing", "0022"}
    assert len(part.tasks) == len(c.tasks[c.tasks["doc_id"].isin(["seed-shaoxing", "0022"])])
    assert dict(part.units.dtypes) == dict(c.units.dtypes)
    with pytest.raises(KeyError, match="nope"):
        c.subset(["nope"])
