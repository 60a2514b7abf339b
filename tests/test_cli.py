"""The command line through typer's CliRunner: parse, schema, summary (batch: test_batch.py)."""
from __future__ import annotations

import json
import shutil

import pytest
from conftest import DEV, dev_names, needs_corpora
from typer.testing import CliRunner

from policytext.cli import app

runner = CliRunner()
pytestmark = needs_corpora

DOC = "0107"  # 国务院关于加快推进农业机械化和农机装备产业转型升级的指导意见
TITLE = "国务院关于加快推进农业机械化和农机装备产业转型升级的指导意见"


def test_parse_to_stdout():
    result = runner.invoke(app, ["parse", str(DEV / f"{DOC}.txt")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["doc_id"] == DOC
    assert data["meta"]["title"] == TITLE
    assert data["source"]["path"] == str(DEV / f"{DOC}.txt")
    assert data["schema_version"] == "1"


def test_parse_to_file(tmp_path):
    out = tmp_path / "deep" / "out.json"
    result = runner.invoke(app, ["parse", str(DEV / f"{DOC}.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["meta"]["doc_number"]["text"] == "国发〔2018〕42号"


def test_parse_relative_path_stays_relative(tmp_path, monkeypatch):
    shutil.copy(DEV / f"{DOC}.txt", tmp_path / "doc.txt")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["parse", "doc.txt"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["source"]["path"] == "doc.txt"


def test_parse_bad_file_exits_1(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    result = runner.invoke(app, ["parse", str(bad)])
    assert result.exit_code == 1
    assert str(bad) in result.stderr
    assert result.stdout == ""


@pytest.fixture(scope="module")
def schema():
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_schema_is_a_json_schema(schema):
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(schema)
    for key in ("schema_version", "doc_id", "source", "meta", "meta_spans", "sections", "tasks", "targets",
                "amounts", "times", "references", "warnings"):
        assert key in schema.get("properties", {}), key


@pytest.mark.parametrize("name", dev_names())
def test_dev_output_validates(schema, name, tmp_path):
    from jsonschema import Draft202012Validator

    out = tmp_path / f"{name}.json"
    result = runner.invoke(app, ["parse", str(DEV / f"{name}.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    errors = sorted(Draft202012Validator(schema).iter_errors(json.loads(out.read_text(encoding="utf-8"))),
                    key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_summary():
    result = runner.invoke(app, ["summary", str(DEV / f"{DOC}.txt")])
    assert result.exit_code == 0, result.output
    lines = dict(line.strip().split(": ", 1) for line in result.stdout.splitlines() if ": " in line)
    assert lines["title"] == TITLE
    assert lines["type"] == "指导意见"
    assert lines["doc number"] == "国发〔2018〕42号"
    assert lines["issuers"] == "国务院"
    assert lines["signed"] == "2018-12-21"
    assert lines["published"] == "2018-12-29"
    assert int(lines["sections"]) == len(json.loads((DEV / "gold" / f"{DOC}.json").read_text())["sections"])
    # "S5 12 E4 8 …": every task's primary code counted once
    counts = lines["instruments"].split()
    assert sum(int(n) for n in counts[1::2]) == int(lines["tasks"])
    for key in ("tasks", "units", "targets", "amounts", "references"):
        assert lines[key].isdigit()


# ---------------------------------------------------------------- input that is not what it seems

FORMATS = DEV.parent / "formats"
ENGLISH = ("Guiding Opinions on Promoting the Digital Economy\n1. General requirements\n"
           "By 2025, the added value of the digital economy will grow by 10%.\n")


@pytest.mark.parametrize(("text", "warned"), [
    (ENGLISH, True),
    ("Политика цифровой экономики. Общие требования. К 2025 году рост на 10%.", True),
    ("关于推进数字经济发展的实施意见\n一、总体要求\n到2025年，数字经济增加值增长10%。", False),
    # Chinese with Latin acronyms and numbers is still Chinese.
    ("到2025年，建成5G基站2万个，IPv6活跃用户数达到8000万，GDP增长6%左右。", False),
])
def test_text_that_is_not_chinese_says_so(text, warned):
    import policytext

    warnings = policytext.parse(text).warnings
    assert any("not Chinese" in w for w in warnings) == warned, warnings


def test_no_dev_document_is_taken_for_foreign_text():
    import policytext

    for path in sorted(DEV.glob("*.txt")):
        assert not [w for w in policytext.parse_file(str(path)).warnings if "not Chinese" in w], path


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_plain_text_named_as_a_binary_format_is_a_warning(tmp_path, suffix):
    fake = tmp_path / f"plan{suffix}"
    fake.write_bytes((DEV / f"{DOC}.txt").read_bytes())
    result = runner.invoke(app, ["parse", str(fake)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["source"]["format"] == "txt"
    assert f"the file is named {suffix} but holds plain text" in " ".join(data["warnings"])
    assert data["meta"]["title"] == TITLE  # still read, as text


@pytest.mark.parametrize("name", ["F001.docx", "F011.pdf"])
def test_a_real_docx_or_pdf_has_no_format_warning(name):
    import policytext

    if not (FORMATS / name).is_file():
        pytest.skip(f"{FORMATS / name} not found")
    assert not [w for w in policytext.parse_file(str(FORMATS / name)).warnings if "is named" in w]


def test_batch_records_a_doc_file_as_an_error_and_logs_the_warnings(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(DEV / f"{DOC}.txt", src / "plan.txt")
    (src / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    (src / "english.txt").write_text(ENGLISH, encoding="utf-8")
    (src / "fake.docx").write_bytes((DEV / f"{DOC}.txt").read_bytes())
    result = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 1, result.output  # a failed input
    assert "done 3, failed 1, skipped 0" in result.stderr
    errors = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text("utf-8").splitlines()]
    assert [(e["path"], e["kind"]) for e in errors] == [(str(src / "old.doc"), "unsupported")]
    assert "save the file as .docx" in errors[0]["message"]
    warned = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert [w.split(": ")[1] for w in warned] == [str(src / "english.txt"), str(src / "fake.docx")]
    assert json.loads((tmp_path / "out" / "english.json").read_text("utf-8"))["warnings"]


# ---------------------------------------------------------------- the CLI's own edges

POOL = DEV.parent / "pool"


def test_version():
    from policytext import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"policytext {__version__} ")


@pytest.mark.parametrize("command", [["batch"], ["compare"], ["parse"], ["units"], ["train", "instruments"]])
def test_help_keeps_defaults_in_brackets_and_shows_no_type_noise(command):
    result = runner.invoke(app, [*command, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    text = result.stdout
    for noise in ("<bool>", "<str>", "<path>", "<list[", "{"):
        assert noise not in text, noise
    if command == ["batch"]:
        assert "[default: all cores]" in text and "[default: 20 MiB]" in text
        assert "json|jsonl|parquet" in text  # --format is a choice and says so
    if command == ["compare"]:
        assert "[default: table, or csv with -o]" in text


@pytest.mark.parametrize(("args", "message"), [
    (["compare", "X", "--format", "xml"], "'xml' is not one of"),
    (["units", "X", "--format", "json"], "'json' is not one of"),
])
def test_format_is_a_choice(args, message):
    args = [str(DEV / f"{DOC}.txt") if a == "X" else a for a in args]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and message in " ".join(result.stderr.split())


def test_emit_text_without_output_writes_nothing_into_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["parse", str(DEV / f"{DOC}.txt"), "--emit-text"])
    assert result.exit_code == 1 and "--emit-text needs -o" in result.stderr
    assert list(tmp_path.iterdir()) == []
    result = runner.invoke(app, ["parse", str(DEV / f"{DOC}.txt"), "--emit-text", "-o", "out/doc.json"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["doc.json", "doc.source.txt"]


@pytest.mark.parametrize(("args", "message"), [
    ([], "say where the model goes: --out DIR"),
    (["--corpora", "CORPORA", "--out", "OUT"], "--corpora rewrites the examples the package ships"),
    (["--out", "OUT", "--into-package"], "choose one of --out DIR and --into-package"),
])
def test_train_never_writes_into_the_package_unasked(tmp_path, args, message):
    from policytext.instruments.model import package_model_dir

    before = {p.name: p.stat().st_mtime_ns for p in package_model_dir().iterdir()}
    args = [str(DEV.parent) if a == "CORPORA" else str(tmp_path / "m") if a == "OUT" else a for a in args]
    result = runner.invoke(app, ["train", "instruments", *args])
    assert result.exit_code == 1 and message in result.stderr
    assert {p.name: p.stat().st_mtime_ns for p in package_model_dir().iterdir()} == before
    assert not (tmp_path / "m").exists()


def test_units_unmapped_with_nothing_to_list_says_so():
    result = runner.invoke(app, ["units", str(DEV / f"{DOC}.txt"), "--unmapped"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "every unit name matched a data row: nothing is unmapped\n"
    assert "Empty DataFrame" not in result.output


# ---------------------------------------------------------------- compare -o

GDP_DOCS = ("0151", "0153", "0158")


@pytest.fixture(scope="module")
def gdp_files():
    if not POOL.is_dir():
        pytest.skip(f"pool not found at {POOL}")
    return [str(POOL / f"{name}.txt") for name in GDP_DOCS]


def test_compare_writes_the_three_tables_with_labels(tmp_path, gdp_files):
    import csv

    out = tmp_path / "cmp"
    result = runner.invoke(app, ["compare", *gdp_files, str(DEV / f"{DOC}.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "citations.csv", "documents.csv", "targets.csv", "targets_long.csv", "workload.csv"]

    def read(name):
        with open(out / name, encoding="utf-8-sig", newline="") as fh:
            return list(csv.DictReader(fh))

    targets = read("targets.csv")
    gdp = next(r for r in targets if r["group"] == "gdp_growth")
    assert gdp["0151 市人民政府"] == "≈6.5% (2024)" and gdp["0158 国务院 2021"] == "≥6% (2021)"
    assert gdp[f"{DOC} 国务院 2018"] == ""  # the agricultural opinion sets no GDP target
    docs = {r["doc_id"]: r["label"] for r in read("documents.csv")}
    assert docs[DOC] == "国务院 2018" and docs["0158"] == "国务院 2021"
    workload = read("workload.csv")
    assert {"canonical", "lead", "co", "responsible", "tasks"} <= workload[0].keys()
    assert any(r["canonical"] == "农业农村部" and int(r["lead"]) > 0 for r in workload)
    citations = read("citations.csv")
    assert {r["source"] for r in citations} <= {*GDP_DOCS, DOC}
    assert all(r["source_label"] == docs[r["source"]] for r in citations)


def test_compare_to_parquet(tmp_path, gdp_files):
    import pandas as pd

    out = tmp_path / "cmp"
    result = runner.invoke(app, ["compare", *gdp_files, "-o", str(out), "--format", "parquet",
                                 "--indicator", "地区生产总值增长"])
    assert result.exit_code == 0, result.output
    targets = pd.read_parquet(out / "targets.parquet")
    assert list(targets.columns) == ["indicator", "group", "0151 市人民政府", "0153 市人民政府", "0158 国务院 2021"]
    assert targets["indicator"].tolist() == ["地区生产总值增长"]


@pytest.mark.parametrize(("args", "message"), [
    (["-o", "OUT", "--format", "table"], "-o writes csv or parquet tables, not table"),
    (["--format", "parquet"], "--format parquet needs -o OUT_DIR"),
])
def test_compare_format_and_output_must_agree(tmp_path, gdp_files, args, message):
    args = [str(tmp_path / "o") if a == "OUT" else a for a in args]
    result = runner.invoke(app, ["compare", *gdp_files, *args])
    assert result.exit_code == 1 and message in result.stderr


def test_wide_comparison_keeps_only_documents_stating_the_indicator(gdp_files):
    from policytext.research import corpus
    from policytext.research.compare import compare_targets

    c = corpus.load([*gdp_files, str(DEV / f"{DOC}.txt")])
    wide = compare_targets(c, indicator="地区生产总值增长", wide=True)
    assert wide.index.tolist() == ["地区生产总值增长"]
    assert list(dict.fromkeys(wide.columns.get_level_values("doc_id"))) == list(GDP_DOCS)
    everything = compare_targets(c, wide=True)
    assert DOC in everything.columns.get_level_values("doc_id")  # without an indicator every document stays


# ---------------------------------------------------------------- research on batch output

def test_reuse_and_text_work_on_a_corpus_loaded_from_batch_output(tmp_path):
    from policytext.research import corpus
    from policytext.research.reuse import reuse

    src = tmp_path / "in"
    src.mkdir()
    for name in ("0114", "0118"):  # two 国务院办公厅 opinions
        shutil.copy(DEV / f"{name}.txt", src / f"{name}.txt")
    for fmt in ("json", "jsonl"):
        out = tmp_path / fmt
        assert runner.invoke(app, ["batch", str(src), "-o", str(out), "--jobs", "1", "--format", fmt]).exit_code == 0
        from_output = corpus.load(out)
        from_sources = corpus.load(src)
        assert from_output.text("0114") == (DEV / "0114.txt").read_text(encoding="utf-8")
        got = reuse(from_output.docs["0114"], from_output.docs["0118"])
        want = reuse(from_sources.docs["0114"], from_sources.docs["0118"])
        assert got.equals(want)


def test_batch_output_whose_source_moved_says_why_it_has_no_text(tmp_path):
    from policytext.research import corpus
    from policytext.research.reuse import reuse

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(DEV / "0114.txt", src / "0114.txt")
    shutil.copy(DEV / "0118.txt", src / "0118.txt")
    assert runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "out"), "--jobs", "1"]).exit_code == 0
    shutil.rmtree(src)
    c = corpus.load(tmp_path / "out")
    with pytest.raises(ValueError, match="has moved"):
        reuse(c.docs["0114"], c.docs["0118"])
