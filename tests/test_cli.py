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
