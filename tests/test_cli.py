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
