"""The dev corpus scored with the shared scorer: the acceptance bars of issues 2 and 3."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import policytext

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEV = SHARED / "corpora" / "dev"
pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason="../shared/corpora/dev is not beside the repo")


def _scorer():
    spec = importlib.util.spec_from_file_location("policytext_scorer", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores():
    import json

    score = _scorer()
    results = {}
    for gold_path in sorted((DEV / "gold").glob("*.json")):
        doc = policytext.parse_file(str(DEV / (gold_path.stem + ".txt")))
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        results[gold_path.stem] = score.score_doc(gold, json.loads(doc.to_json()))
    return results, score.total(results)


@pytest.mark.parametrize(
    ("column", "bar"),
    [("sections", 0.97), ("tasks", 0.93), ("units", 0.95), ("references", 0.95)],
)
def test_dev_corpus_f1_meets_bar(scores, column, bar):
    _, total = scores
    assert total[column]["f1"] >= bar, total[column]


def test_dev_corpus_metadata_accuracy(scores):
    _, total = scores
    assert total["meta_accuracy"] >= 0.92


def test_dev_corpus_lead_accuracy(scores):
    _, total = scores
    assert total["lead_accuracy"] >= 0.95


@pytest.mark.parametrize("column", ["sections", "tasks", "units", "targets", "references"])
def test_shaoxing_is_perfect(scores, column):
    results, _ = scores
    assert results["seed-shaoxing"][column]["f1"] == 1.0


def test_dev_corpus_targets_and_deadlines(scores):
    _, total = scores
    assert total["targets"]["f1"] >= 0.85, total["targets"]
    assert total["target_deadline_accuracy"] >= 0.85
