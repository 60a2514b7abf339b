"""Policy-instrument coding: the shipped model and its checks, numpy inference against scikit-learn,
deterministic training, the lexicon fallback, real task sentences, and the distribution table."""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import DEV, POOL, dev_names, needs_corpora
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from policytext.cli import app
from policytext.errors import RuleDataError
from policytext.instruments import CODES, code_texts, coder, instrument_profile, load_coder
from policytext.instruments.features import section_path, task_text
from policytext.instruments.lexicon import LexiconCoder, lexicon_from_rows, load_lexicon
from policytext.instruments.model import (
    META_NAME,
    NPZ_NAME,
    ModelCoder,
    ModelDataError,
    choose_columns,
    load_model,
    package_model_dir,
    write_npz,
)
from policytext.pipeline import parse_file
from policytext.textutil import bare

runner = CliRunner()


def _copy_model(dst: Path) -> Path:
    shutil.copytree(package_model_dir(), dst)
    return dst


def _rehash(folder: Path, meta_changes: dict | None = None) -> None:
    """Make meta.json agree with the npz as it now is, so only the other checks can refuse it."""
    meta = json.loads((folder / META_NAME).read_text(encoding="utf-8"))
    meta["npz_sha256"] = hashlib.sha256((folder / NPZ_NAME).read_bytes()).hexdigest()
    meta.update(meta_changes or {})
    (folder / META_NAME).write_text(json.dumps(meta), encoding="utf-8")


def _write_reshaped(folder: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write ``arrays`` as the npz, with meta.json's hash and array shapes made to agree."""
    write_npz(folder / NPZ_NAME, arrays)
    _rehash(folder, {"arrays": {k: list(v.shape) for k, v in arrays.items()}})


def _arrays(folder: Path) -> dict[str, np.ndarray]:
    with np.load(folder / NPZ_NAME, allow_pickle=False) as npz:
        return {k: npz[k] for k in npz.files}


# -- the shipped model -----------------------------------------------------------------------------


def test_shipped_model_loads():
    model = load_model(package_model_dir())
    assert isinstance(model, ModelCoder)
    meta = model.meta
    assert meta["labels"] == list(CODES)
    assert set(model.primary_classes) <= set(CODES)
    for key in ("policytext_version", "sklearn_version", "training_data", "features", "metrics", "npz_sha256"):
        assert key in meta, key


def test_shipped_model_names_its_training_data():
    from policytext.instruments.dataset import shipped_examples, shipped_examples_path
    from policytext.instruments.train import shipped_data

    meta = load_model(package_model_dir()).meta
    examples, data = shipped_examples(), shipped_data()
    assert meta["training_data"]["examples_sha256"] == hashlib.sha256(shipped_examples_path().read_bytes()).hexdigest()
    assert meta["training_data"]["coded_file"] == "data/instruments_coded.jsonl"
    assert meta["training_data"]["labelled_examples"] == len(data.labelled) \
        == sum(e.weight == 1.0 for e in examples) + 977
    assert meta["training_data"]["weak_examples"] == len(data.weak) < sum(e.weight < 1.0 for e in examples)


@needs_corpora
def test_shipped_examples_are_the_dev_labels_and_no_pool_label():
    """Every dev label ships (with its parsed text); no document of the pool labels is among the
    weak examples, so the pool labels stay a view of unseen documents."""
    from policytext.instruments.dataset import shipped_examples

    examples = shipped_examples()
    dev_rows = (DEV / "instruments.jsonl").read_text(encoding="utf-8").splitlines()
    assert sum(e.weight == 1.0 for e in examples) == len(dev_rows)
    held_out = {json.loads(line)["doc"] for line in (POOL / "instruments.jsonl").read_text(encoding="utf-8").splitlines()}
    assert not held_out & {e.doc for e in examples}


@needs_corpora
def test_coded_pool_tasks_come_from_unlabelled_pool_documents():
    """The coded pool tasks are tasks of pool documents (their text is what policytext parses
    there) and none of a document the pool labels hold, which stay unseen."""
    from policytext.instruments.dataset import coded_examples

    coded = coded_examples("instruments_coded.jsonl", 0.5)
    assert len(coded) == 977 and {e.weight for e in coded} == {0.5}
    held_out = {json.loads(line)["doc"] for line in (POOL / "instruments.jsonl").read_text(encoding="utf-8").splitlines()}
    assert not held_out & {e.doc for e in coded}
    for e in coded[::97]:
        doc = parse_file(POOL / f"{e.doc}.txt")
        assert any(t.title == e.title and t.text.startswith(e.text) for t in doc.tasks), (e.doc, e.title)


def _coded_config(tmp_path: Path, rows: list[dict], weight: str = "0.5") -> Path:
    """The package's training configuration reading the coded tasks from a file of rows (none: off)."""
    from policytext.instruments.train import load_config

    coded = tmp_path / "coded.jsonl"
    coded.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    src = Path(load_config()["_path"]).read_text(encoding="utf-8")
    path = tmp_path / "coded.toml"
    path.write_text(src.replace('file = "instruments_coded.jsonl"', f'file = "{coded.as_posix() if rows else ""}"')
                    .replace("weight = 0.5 ", f"weight = {weight} "), encoding="utf-8")
    return path


def test_a_task_coded_by_hand_is_no_weak_example(tmp_path):
    from policytext.instruments import train

    (tmp_path / "none").mkdir()
    weak = train.shipped_data(cfg=train.load_config(_coded_config(tmp_path / "none", []))).weak
    taken = weak[0]
    other = "E4" if taken.primary != "E4" else "S2"
    rows = [{"doc": taken.doc, "title": taken.title, "text": taken.text, "primary": other},
            {"doc": "9999", "title": "对首台（套）装备给予保费补贴", "text": "对首台（套）装备给予保费补贴。", "primary": "D1"}]
    cfg = train.load_config(_coded_config(tmp_path, rows, "0.25"))
    data = train.shipped_data(cfg=cfg)
    assert [(e.doc, e.primary, e.weight) for e in data.labelled if e.weight < 1.0] == \
        [(taken.doc, other, 0.25), ("9999", "D1", 0.25)]
    gone = [e for e in weak if (e.doc, bare(e.title)) == (taken.doc, bare(taken.title))]
    assert gone and len(data.weak) == len(weak) - len(gone)


def test_bad_coded_tasks_are_refused(tmp_path):
    from policytext.errors import InputError
    from policytext.instruments import train

    with pytest.raises(RuleDataError, match=r"\[coded\] weight"):
        train.load_config(_coded_config(tmp_path, [], "1.5"))
    bad = _coded_config(tmp_path, [{"doc": "9999", "title": "开展试点", "text": "开展试点。", "primary": "X9"}])
    with pytest.raises(InputError, match="coded.jsonl.*X9"):
        train.shipped_data(cfg=train.load_config(bad))


def test_tampered_npz_is_refused(tmp_path):
    folder = _copy_model(tmp_path / "m")
    data = bytearray((folder / NPZ_NAME).read_bytes())
    data[len(data) // 2] ^= 0x01
    (folder / NPZ_NAME).write_bytes(bytes(data))
    with pytest.raises(ModelDataError, match="sha256"):
        load_model(folder)
    fallback = load_coder(folder)
    assert isinstance(fallback, LexiconCoder)
    assert "sha256" in fallback.refused


def _pickled_array(folder: Path) -> None:
    arrays = _arrays(folder)
    arrays["vocab"] = np.array(list(arrays["vocab"]), dtype=object)
    with open(folder / NPZ_NAME, "wb") as fh:
        np.savez(fh, **arrays)


def _short_idf(folder: Path) -> None:
    arrays = _arrays(folder)
    arrays["idf"] = arrays["idf"][:-1]
    write_npz(folder / NPZ_NAME, arrays)


def _nan_coef(folder: Path) -> None:
    arrays = _arrays(folder)
    arrays["primary_coef"] = arrays["primary_coef"].copy()
    arrays["primary_coef"][0, 0] = np.nan
    write_npz(folder / NPZ_NAME, arrays)


def _foreign_code(folder: Path) -> None:
    arrays = _arrays(folder)
    arrays["primary_classes"] = np.array(["X9", *arrays["primary_classes"][1:].tolist()])
    write_npz(folder / NPZ_NAME, arrays)


def _bad_lexicon_row(folder: Path) -> None:
    arrays = _arrays(folder)
    arrays["lex_pattern"] = np.array(["(unclosed", *arrays["lex_pattern"][1:].tolist()])
    write_npz(folder / NPZ_NAME, arrays)


def _short_topics(folder: Path) -> None:
    arrays = _arrays(folder)
    arrays["lsa_components"] = arrays["lsa_components"][:, :-1]
    _write_reshaped(folder, arrays)


def _no_topics(folder: Path) -> None:
    arrays = {k: v for k, v in _arrays(folder).items() if not k.startswith("lsa_")}
    _write_reshaped(folder, arrays)


def _tree_not_complete(folder: Path) -> None:
    # a tree of 6 tests is no complete tree: walks of a fixed depth would read past it
    arrays = _arrays(folder)
    for name in ("tree_feature", "tree_threshold"):
        arrays[name] = arrays[name][:, :-1]
    arrays["tree_value"] = arrays["tree_value"][:, :-1]
    _write_reshaped(folder, arrays)


def _tree_feature_out_of_range(folder: Path) -> None:
    arrays = _arrays(folder)
    feature = arrays["tree_feature"].copy()
    feature[-1, -1] = 10**6
    arrays["tree_feature"] = feature
    write_npz(folder / NPZ_NAME, arrays)


def _tree_class_out_of_range(folder: Path) -> None:
    arrays = _arrays(folder)
    arrays["tree_class"] = arrays["tree_class"] + 14
    write_npz(folder / NPZ_NAME, arrays)


def _no_trees(folder: Path) -> None:
    arrays = {k: v for k, v in _arrays(folder).items() if not k.startswith("tree_")}
    _write_reshaped(folder, arrays)


def _type_classes_reordered(folder: Path) -> None:
    arrays = _arrays(folder)
    arrays["type_classes"] = np.array(["E", "S", "D"])
    write_npz(folder / NPZ_NAME, arrays)


@pytest.mark.parametrize("damage, meta_changes, message", [
    (None, {"format": "policytext-instruments/0"}, "format"),
    (_tree_not_complete, None, "are not complete"),
    (_tree_feature_out_of_range, None, "outside the 120 dense features"),
    (_tree_class_out_of_range, None, "outside the primary classes"),
    (_no_trees, None, "needs the tree_value arrays"),
    (_type_classes_reordered, None, "are not S, E, D"),
    (None, {"blend": {"type_weight": 1.5, "trees_weight": 0.5}}, "not in"),
    (_short_topics, None, "lsa_components has shape"),
    (_no_topics, None, "needs its lsa arrays"),
    (_pickled_array, None, "object"),
    (_short_idf, None, "has shape"),
    (_nan_coef, None, "NaN"),
    (_foreign_code, None, "not distinct instrument codes"),
    (_bad_lexicon_row, None, "not a regular expression"),
    (None, {"secondary_threshold": 1.5}, "out of range"),
], ids=["format", "tree-not-complete", "tree-feature", "tree-class", "trees-missing", "type-classes",
        "blend-weight", "topics-shape", "topics-missing", "pickle", "shapes", "nan", "codes", "lexicon", "threshold"])
def test_untrustworthy_model_is_refused(tmp_path, damage, meta_changes, message):
    folder = _copy_model(tmp_path / "m")
    if damage:
        damage(folder)
    _rehash(folder, meta_changes)
    if damage is _short_idf:  # meta.json also agrees: the cross-array check must catch it
        with pytest.raises(ModelDataError, match=message):
            load_model(folder)
        _rehash(folder, {"arrays": {k: list(v.shape) for k, v in _arrays(folder).items()}})
        message = "idf and vocab"
    with pytest.raises(ModelDataError, match=message):
        load_model(folder)


@pytest.mark.parametrize("chars", [-1, "200", 2.5, True])
def test_a_malformed_body_cut_is_refused(tmp_path, chars):
    from policytext.instruments.train import load_config

    folder = _copy_model(tmp_path / "m")
    meta = json.loads((folder / META_NAME).read_text(encoding="utf-8"))
    _rehash(folder, {"features": {**meta["features"], "body_chars": chars}})
    with pytest.raises(ModelDataError, match="body_chars"):
        load_model(folder)
    config = tmp_path / "c.toml"
    shipped = Path(load_config()["_path"]).read_text(encoding="utf-8")
    assert "body_chars = 200" in shipped
    config.write_text(shipped.replace("body_chars = 200", f"body_chars = {json.dumps(chars)}".lower()),
                      encoding="utf-8")
    with pytest.raises(RuleDataError, match="body_chars"):
        load_config(config)


def test_a_model_from_before_the_body_cut_reads_the_whole_body(tmp_path):
    # meta.json of earlier releases has no body_chars: such a model keeps reading whole bodies
    folder = _copy_model(tmp_path / "m")
    meta = json.loads((folder / META_NAME).read_text(encoding="utf-8"))
    _rehash(folder, {"features": {k: v for k, v in meta["features"].items() if k != "body_chars"}})
    old = load_model(folder)
    assert old.body_chars == 0
    long_body = task_text("支持企业发展", "加强统筹协调。" * 40 + "给予一次性奖励。")
    assert old.matrix([long_body]).tolist() != coder().matrix([long_body]).tolist()


def test_unreadable_meta_is_refused(tmp_path):
    folder = _copy_model(tmp_path / "m")
    (folder / META_NAME).write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelDataError, match="unreadable"):
        load_model(folder)


# -- every dev task is coded -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema_validator():
    from jsonschema import Draft202012Validator

    from policytext.schema import output_schema

    return Draft202012Validator(output_schema())


def _check_instrument(ins) -> None:
    if ins.source == "abstain":  # no primary; the scores still name the top guess first
        assert ins.primary is None
        guess = next(iter(ins.scores))
    else:
        assert ins.primary in CODES
        guess = ins.primary
    assert ins.guess == guess
    assert len(ins.secondary) <= 3 and len(set(ins.secondary)) == len(ins.secondary)
    assert guess not in ins.secondary and set(ins.secondary) <= set(CODES)
    assert set(ins.scores) == {guess, *ins.secondary}
    assert all(0.0 <= v <= 1.0 for v in ins.scores.values())
    if ins.source in ("model", "abstain"):
        # the shipped model judges its type's probability: its codes' share of it (the type head has
        # the rest) is at least the code's own, and it stays below 1
        model = coder()
        threshold = model.abstain_threshold
        assert (1 - model.type_weight) * ins.scores[guess] - 1e-4 <= ins.confidence <= 1.0
        assert (ins.source == "abstain") == (ins.confidence < threshold), (ins, threshold)


@needs_corpora
@pytest.mark.parametrize("name", dev_names())
def test_every_dev_task_gets_an_instrument(name, schema_validator):
    doc = parse_file(DEV / f"{name}.txt")
    for task in doc.tasks:
        assert task.instrument is not None, task.title
        assert task.instrument.source in ("model", "abstain")
        _check_instrument(task.instrument)
        ev = task.instrument.evidence
        if ev is not None:  # the evidence lies inside the task and is not empty
            assert task.span[0] <= ev[0] < ev[1] <= task.span[1], (task.title, ev)
    errors = list(schema_validator.iter_errors(json.loads(doc.to_json())))
    assert not errors, errors[0].message


@needs_corpora
def test_shipped_model_fits_its_own_labels():
    """On the tasks it was trained on the model must agree with nearly every label; far less means
    the labels, the texts or the arrays were mixed up."""
    rows = [json.loads(line) for line in (DEV / "instruments.jsonl").read_text(encoding="utf-8").splitlines()]
    docs = {r["doc"]: parse_file(DEV / f"{r['doc']}.txt") for r in rows}
    hits = 0
    for r in rows:
        task = next(t for t in docs[r["doc"]].tasks if bare(t.title) == bare(r["title"]))
        ins = task.instrument
        hits += (ins.primary or next(iter(ins.scores))) == r["primary"]
    assert hits / len(rows) >= 0.85


# -- real task sentences of pool documents ---------------------------------------------------------

# (pool document, words of the task title, code): clauses whose instrument INSTRUMENTS.md leaves in
# no doubt; the body decides where the title is neutral (0086: awards for R&D platforms are funding).
REAL_EXAMPLES = [
    ("0086", "给予企业房租补贴", "S2"),
    ("0086", "鼓励技术研发平台建设", "S2"),
    ("0065", "完善工作机制", "E5"),  # 建立…联席会议制度
    ("0102", "加强组织领导", "E5"),
    ("0111", "完善国务院职业教育工作部际联席会议制度", "E5"),
    ("0061", "加强组织领导", "E5"),
    ("0109", "落实和完善有利于文化内容创意生产", "E3"),
    ("0017", "加强人才培养", "S1"),
    ("0060", "强化人才培养", "S1"),
    ("0002", "引导银行机构加大对中小微企业的贷款投放", "E2"),
    ("0002", "引导政府性融资担保机构", "E2"),
    ("0078", "统筹规范数据中心建设", "S4"),
    ("0099", "建设省工业大数据中心", "S4"),
    ("0056", "加快智能网联汽车关键核心技术攻关", "S3"),
    ("0060", "加强核心技术攻关", "S3"),
    ("0097", "推动政务服务数字化转型", "S5"),
    ("0058", "试点示范", "D3"),
    ("0021", "加强试点示范推广", "D3"),
    # fiscal support (扶持力度 under 关于财政税收) for exporters: the money is the mechanism, the export the
    # topic (S2, as the coded pool tasks have it; D4 before they were added)
    ("0109", "加大对国家文化出口重点企业", "S2"),
    ("0124", "支持利用中欧班列开展邮件快件进出口", "D4"),
    ("0021", "加强专区安全合规监管", "E4"),
    ("0005", "原则同意《规划》提出将鹰潭港划分为", "E1"),
    # the procurement mechanism rule: with latent topics alone the topic (智能装备 → S3) outweighed it and
    # the task was left uncoded; the trees, reading the rule scores, give D1 back
    ("0092", "培育一批智能装备首台", "D1"),
    pytest.param("0073", "充分运用社会资本", "D2", marks=pytest.mark.xfail(
        strict=True, reason="no dev task has primary D2, so the model never answers it (D2 comes as secondary)")),
]

_pool_docs: dict[str, object] = {}


def _pool_task(doc_id: str, words: str):
    if doc_id not in _pool_docs:
        _pool_docs[doc_id] = parse_file(POOL / f"{doc_id}.txt")
    doc = _pool_docs[doc_id]
    task = next((t for t in doc.tasks if bare(words) in bare(t.title)), None)
    if task is None:
        pytest.fail(f"pool/{doc_id}: no task titled …{words}… (did the task parser change?)")
    return doc, task


@needs_corpora
@pytest.mark.parametrize("doc_id, words, code", REAL_EXAMPLES)
def test_real_task_coded(doc_id, words, code):
    _doc, task = _pool_task(doc_id, words)
    ins = task.instrument
    assert (ins.primary or next(iter(ins.scores))) == code, (task.title, ins)


# -- training: numpy equals scikit-learn, twice the same bytes --------------------------------------


def _quick_config(folder: Path) -> Path:
    """The package's training configuration with the documents dealt into two folds (the shipped
    model leaves one document out at a time, which takes a minute)."""
    from policytext.instruments.train import load_config

    src = Path(load_config()["_path"]).read_text(encoding="utf-8")
    path = folder / "quick.toml"
    path.write_text(src.replace("max_group_folds = 0", "max_group_folds = 2"), encoding="utf-8")
    assert "max_group_folds = 2" in path.read_text(encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def quick_config(tmp_path_factory):
    return _quick_config(tmp_path_factory.mktemp("config"))


@pytest.fixture(scope="module")
def trained(tmp_path_factory, quick_config):
    out = tmp_path_factory.mktemp("instruments") / "model"
    result = runner.invoke(app, ["train", "instruments", "--out", str(out), "--config", str(quick_config)])
    assert result.exit_code == 0, result.output
    assert "primary accuracy" in result.output
    return out


@pytest.fixture(scope="module")
def training_data(quick_config):
    from policytext.instruments import train

    return train.load_config(quick_config), train.shipped_data()


def test_numpy_inference_equals_sklearn(trained, training_data):
    from policytext.instruments import train

    cfg, data = training_data
    fitted = train.fit(data.labelled, data.weak, cfg, 0)
    model = load_model(trained)
    sample = data.labelled[::4] + data.weak[::25]
    texts = [e.task_text for e in sample]
    X = fitted.featurizer.transform(sample)
    np.testing.assert_allclose(model.matrix(texts), X.toarray(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(model.primary_proba(texts), fitted.primary.predict_proba(X), rtol=0, atol=1e-12)
    assert model.primary_classes == [str(c) for c in fitted.primary.classes_]
    np.testing.assert_allclose(model.presence_proba(texts)[:, [CODES.index(c) for c in model.presence_classes]],
                               train.presence_proba(fitted, X)[:, [CODES.index(c) for c in model.presence_classes]],
                               rtol=0, atol=1e-12)
    # the blended heads: the trees walked by numpy give scikit-learn's probabilities, and so do the
    # type head and the blend, and the codes chosen from them
    assert model.trees is not None and model.type_weight > 0
    trees_columns = [model.primary_classes.index(str(c)) for c in fitted.trees.classes_]
    np.testing.assert_allclose(model.trees.proba(model.dense(texts))[:, trees_columns],
                               fitted.trees.predict_proba(fitted.featurizer.dense_part(X)), rtol=0, atol=1e-12)
    classes, proba, types = fitted.proba(X)
    got_proba, got_types = model.blended_proba(texts)
    np.testing.assert_allclose(got_proba, proba, rtol=0, atol=1e-12)
    np.testing.assert_allclose(got_types, types, rtol=0, atol=1e-12)
    columns, _confidence = choose_columns(classes, proba, False, "type", types)
    guesses = [i.primary or i.guess for i in model.code(texts)]
    assert guesses == [classes[k] for k in columns]


def test_the_trees_read_features_as_training_rounded_them(trained, training_data):
    # numpy and scikit-learn compute a topic in a different order, so the last bits differ; a training
    # task's feature sits on a split's threshold when another task has the same text, and would go the
    # other way unrounded
    from policytext.instruments.model import tree_input

    model = load_model(trained)
    texts = [e.task_text for e in training_data[1].labelled[:200]]
    dense = model.dense(texts)
    nudged = dense + np.where(np.arange(dense.shape[1]) % 2, 4e-16, -4e-16)
    assert np.array_equal(tree_input(nudged), tree_input(dense))
    np.testing.assert_array_equal(model.trees.raw(nudged), model.trees.raw(dense))


def test_the_model_reads_the_bodys_first_characters_only():
    # the shipped recipe cuts the body (meta features.body_chars for the n-grams and rule scores,
    # lsa_chars for the latent topics): what follows the longer cut changes no score, while a word
    # inside it does
    model = coder()
    assert (model.body_chars, model.lsa_chars) == (200, 300)
    cut = max(model.body_chars, model.lsa_chars)
    head = ("对符合条件的企业给予一次性奖励，" * 20)[:cut]
    tail_a, tail_b = "建立健全监督检查机制，依法开展执法检查。" * 5, "设立产业投资基金，给予贷款贴息。" * 5
    a, b = (task_text("支持企业发展", head + tail) for tail in (tail_a, tail_b))
    assert len(a.body) > cut and len(b.body) > cut
    assert model.matrix([a]).tolist() == model.matrix([b]).tolist()
    assert model.code([a])[0] == model.code([b])[0]
    inside = task_text("支持企业发展", "依法开展执法检查。" + head + tail_a)
    assert model.matrix([inside]).tolist() != model.matrix([a]).tolist()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from([-3.0, -1.1, -1.0986, 0.0, 0.5, 2.0]), min_size=28, max_size=28),
                min_size=1, max_size=6))
def test_secondary_codes_are_the_strongest_present_ones_but_the_primary(rows):
    # the per-task definition the vectorised selection must keep: present (at the threshold or above),
    # not the primary, strongest first, ties to the first presence column, at most MAX_SECONDARY
    from policytext.instruments.codes import MAX_SECONDARY
    from policytext.instruments.features import TaskText

    model = load_model(package_model_dir())
    z = np.array(rows)
    dense = model.dense([TaskText("", "", "")]).repeat(len(rows), axis=0)
    model._heads = lambda texts: (z[:, :14], z[:, 14:], np.zeros((len(rows), 3)), dense)
    presence = (1.0 / (1.0 + np.exp(-z[:, 14:]))).tolist()
    got = model.code([TaskText("", "", "")] * len(rows))
    for instrument, row in zip(got, presence, strict=True):
        code = next(iter(instrument.scores))
        want = sorted((-q, j) for j, q in enumerate(row)
                      if q >= model.threshold and model.presence_classes[j] != code)[:MAX_SECONDARY]
        assert instrument.secondary == [model.presence_classes[j] for _q, j in want]
        assert list(instrument.scores.values())[1:] == [round(-q, 4) for q, _j in want]


_GRAMS = "加强数据共享平台建设给予资金补助奖励开展试点监管宣传推进产业0。,"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet=_GRAMS, max_size=12), st.text(alphabet=_GRAMS, max_size=80)),
                min_size=1, max_size=6))
def test_sparse_blocks_are_each_tasks_tfidf_row(parts):
    # all tasks' n-grams counted at once: each task's tfidf row, its columns in the same order; the values
    # are the very floats np.unique's counts give (the norm is summed in bincount's order, so it may differ
    # from tfidf's dot product in the last bit)
    from policytext.instruments.features import TaskText

    model = load_model(package_model_dir())
    texts = [TaskText(title, body, "") for title, body in parts]
    got = {r: ([], []) for r in range(len(texts))}
    for rows, cols, vals in model.sparse_blocks(texts):
        assert (np.diff(rows) >= 0).all()
        for r, c, v in zip(rows.tolist(), cols.tolist(), vals.tolist(), strict=True):
            got[r][0].append(c)
            got[r][1].append(v)
    want = {r: ([], []) for r in range(len(texts))}
    width = model.n_sparse
    for grams, idf, offset, strings in ((model.title_grams, model.idf, 0, [t for t, _b in parts]),
                                        (model.body_grams, model.body_idf, len(model.idf), [b for _t, b in parts])):
        r, c = grams.rows(strings)
        uniq, counts = np.unique(r * width + c, return_counts=True)
        rr, cc = np.divmod(uniq, width)
        v = (1.0 + np.log(counts)) * idf[cc]
        v /= np.sqrt(np.bincount(rr, weights=v * v, minlength=len(texts)))[rr]
        for row, col, val in zip(rr.tolist(), (cc + offset).tolist(), v.tolist(), strict=True):
            want[row][0].append(col)
            want[row][1].append(val)
    assert got == want
    for r, tt in enumerate(texts):
        idx, vals = model.tfidf(tt)
        assert got[r][0] == idx.tolist()
        np.testing.assert_allclose(got[r][1], vals, rtol=1e-15, atol=0)


def test_training_twice_gives_identical_files(trained, tmp_path, quick_config):
    again = tmp_path / "again"
    result = runner.invoke(app, ["train", "instruments", "--out", str(again), "--config", str(quick_config)])
    assert result.exit_code == 0, result.output
    for name in (NPZ_NAME, META_NAME, "metrics.json"):
        assert (again / name).read_bytes() == (trained / name).read_bytes(), name


def test_trained_metrics(trained):
    from policytext.instruments import train

    metrics = json.loads((trained / "metrics.json").read_text(encoding="utf-8"))
    labelled = train.shipped_data().labelled
    assert metrics["cv"] == "documents in 2 folds" and metrics["n"] == len(labelled) == 261 + 977
    # the dev labels are reported apart from the coded pool tasks, as earlier releases reported them
    assert {w: v["n"] for w, v in metrics["by_weight"].items()} == {"1.0": 261, "0.5": 977}
    assert set(metrics["per_code"]) == set(CODES)
    # floors well under the cross-validated figures (0.67 / 0.79): a broken feature or label
    # alignment falls far below them
    assert metrics["primary_accuracy"] >= 0.55
    assert metrics["type_accuracy"] >= 0.70
    confusion = metrics["confusion"]["rows_gold_cols_predicted"]
    assert sum(map(sum, confusion)) == metrics["n"]
    # the coverage-accuracy curve: coding fewer, surer tasks is at least as accurate
    curve = metrics["coverage_curve"]
    assert curve[0]["coverage"] == 1.0 and curve[0]["type_accuracy"] == metrics["type_accuracy"]
    assert curve[-1]["type_accuracy"] >= curve[0]["type_accuracy"]
    # the threshold balances type accuracy on the coded tasks (aim 0.85) against type accuracy counting
    # every task (aim 0.80): the worse of its two margins is at least as good as at any coverage of the
    # curve the floor allows (0.005: the curve's rounding), and it never codes fewer than 70%
    abstain = metrics["abstain"]
    assert 0.0 < metrics["abstain_threshold"] < 1.0 and abstain["coverage"] >= 0.70
    assert abstain["type_accuracy_every"] == pytest.approx(
        abstain["coverage"] * abstain["type_accuracy_coded"], abs=1e-3)
    worse = min(abstain["type_accuracy_coded"] - 0.85, abstain["type_accuracy_every"] - 0.80)
    for row in curve:
        if row["coverage"] >= 0.70:
            alternative = min(row["type_accuracy"] - 0.85, row["type_accuracy"] * row["coverage"] - 0.80)
            assert worse >= alternative - 0.005, (abstain, row)
    assert abstain["type_accuracy_coded"] > metrics["type_accuracy"]  # abstaining buys accuracy


def test_eval_command_prints_per_code_and_confusion(quick_config):
    result = runner.invoke(app, ["eval", "instruments", "--config", str(quick_config)])
    assert result.exit_code == 0, result.output
    assert "confusion (rows: gold, columns: predicted)" in result.output
    assert all(f"\n{code} " in result.output for code in CODES)
    assert "1238 tasks in" in result.output  # the dev labels and the coded pool tasks


def test_eval_command_reads_the_coded_tasks_its_config_names(quick_config, tmp_path):
    src = quick_config.read_text(encoding="utf-8")
    config = tmp_path / "no_coded.toml"
    config.write_text(src.replace('file = "instruments_coded.jsonl"', 'file = ""'), encoding="utf-8")
    result = runner.invoke(app, ["eval", "instruments", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "261 tasks in 11 documents" in result.output


def test_train_without_corpora_is_a_clear_error(tmp_path):
    # --corpora rebuilds the shipped examples, so it needs --into-package; the missing folder stops it first.
    result = runner.invoke(app, ["train", "instruments", "--into-package", "--corpora", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "corpora folder not found" in result.output


# -- the lexicon and the fallback ------------------------------------------------------------------


def test_lexicon_covers_every_code():
    assert {e.code for e in load_lexicon().entries} == set(CODES)


def test_lexicon_answers_when_the_model_is_absent(tmp_path):
    (tmp_path / "no-model").mkdir()
    using = load_coder(tmp_path / "no-model")
    assert isinstance(using, LexiconCoder) and "no model files" in using.refused
    coded = code_texts([
        ("加强组织领导", "加强组织领导。建立市级联席会议制度，统筹协调重大问题。", ["保障措施"]),
        ("支持企业上云", "支持企业上云。对上云企业给予最高50万元补助。", []),
        ("推进技术攻关", "推进技术攻关。建设重点实验室，突破关键核心技术。", []),
        ("扩大开放", "扩大开放。", []),  # no keyword: goals only
    ], using=using)
    assert [i.primary for i in coded] == ["E5", "S2", "S3", "E1"]
    assert all(i.source == "lexicon" for i in coded)
    assert coded[3].scores == {"E1": 0.0}
    for ins in coded:
        _check_instrument(ins)


@needs_corpora
def test_refused_model_is_reported_in_warnings(monkeypatch):
    import policytext.stages.instruments as stage

    monkeypatch.setattr(stage, "coder_for", lambda _d: LexiconCoder(refused="instruments.npz: sha256 mismatch"))
    doc = parse_file(DEV / "seed-shaoxing.txt")
    assert all(t.instrument.source == "lexicon" for t in doc.tasks)
    assert any("instrument model not loaded" in w for w in doc.warnings)


@needs_corpora
def test_lexicon_codes_real_examples():
    """The fallback is worth having: it codes most clear-cut real tasks right too."""
    lexicon = LexiconCoder()
    rows = [p.values if hasattr(p, "values") else p for p in REAL_EXAMPLES]
    hits = 0
    for doc_id, words, code in rows:
        doc, task = _pool_task(doc_id, words)
        hits += lexicon.code([task_text(task.title, task.text, section_path(doc, task))])[0].primary == code
    assert hits >= len(rows) - 4


@pytest.mark.parametrize("row, message", [
    (("X1", "人才", "1"), "not one of"),
    (("S1", "(人才", "1"), "not a regular expression"),
    (("S1", "人才|", "1"), "matches the empty string"),
    (("S1", "人才", "0"), "outside"),
    (("S1", "人才", "heavy"), "not a number"),
    (("S4", "5G", "1"), "can never match"),
    (("D2", "PPP", "1"), "can never match"),
])
def test_lexicon_rejects_bad_rows(row, message):
    with pytest.raises(RuleDataError, match=message) as info:
        lexicon_from_rows([("data/instruments_lexicon.tsv line 7", row)], "test")
    assert "line 7" in str(info.value)


def test_lexicon_rejects_repeated_rows():
    rows = [("line 1", ("S1", "人才", "1")), ("line 2", ("S1", "人才", "2"))]
    with pytest.raises(RuleDataError, match="line 2: S1 '人才' repeats line 1"):
        lexicon_from_rows(rows, "test")


# -- the distribution table ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dev_docs():
    return [parse_file(DEV / f"{n}.txt") for n in dev_names()]


@needs_corpora
def test_profile_counts_and_shares(dev_docs):
    from policytext.research.tables import frames

    prof = instrument_profile(dev_docs)
    with_tasks = [d for d in dev_docs if d.tasks]
    assert list(prof.index) == [d.doc_id for d in with_tasks]
    np.testing.assert_allclose(prof["share"].sum(axis=1), 1.0)
    assert list(prof["share"].columns) == list(CODES)
    for d in with_tasks:
        coded = [t for t in d.tasks if t.instrument.primary is not None]
        assert prof.loc[d.doc_id, ("count", "total")] == len(coded)
        assert prof.loc[d.doc_id, ("count", "abstain")] == len(d.tasks) - len(coded)
        first = coded[0].instrument.primary
        assert prof.loc[d.doc_id, ("count", first)] >= 1
    from_table = instrument_profile(frames(dev_docs)["tasks"])
    assert from_table.equals(prof)
    by_type = instrument_profile(dev_docs, by="type", secondary=True)
    np.testing.assert_allclose(by_type["share"].sum(axis=1), 1.0)
    n_mentions = sum(1 + len(t.instrument.secondary) for t in with_tasks[0].tasks if t.instrument.primary is not None)
    assert by_type.loc[with_tasks[0].doc_id, ("count", "total")] == n_mentions


_code = st.sampled_from(CODES)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), _code, st.lists(_code, max_size=3, unique=True)),
                min_size=1, max_size=40))
def test_profile_invariants(tasks):
    import pandas as pd

    table = pd.DataFrame({
        "doc_id": [d for d, _p, _s in tasks],
        "instrument": [p for _d, p, _s in tasks],
        "instrument_secondary": ["；".join(s) or None for _d, _p, s in tasks],
    })
    for secondary in (False, True):
        prof = instrument_profile(table, secondary=secondary)
        np.testing.assert_allclose(prof["share"].sum(axis=1), 1.0)
        expected = len(tasks) + (sum(len(s) for _d, _p, s in tasks) if secondary else 0)
        assert prof[("count", "total")].sum() == expected
        assert set(prof.index) == {d for d, _p, _s in tasks}


# -- loading never takes the parse down -------------------------------------------------------------


def _huge_header(folder: Path, claim_in_meta: bool) -> None:
    """Replace idf's .npy header by one that claims 10^11 float64 values (800 GB), keep its few real
    bytes, and recompute the sha256 — the file is 'intact', just hostile."""
    import io
    import zipfile

    arrays = _arrays(folder)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, arr in arrays.items():
            member = io.BytesIO()
            if name == "idf":
                np.lib.format.write_array_header_1_0(
                    member, {"descr": "<f8", "fortran_order": False, "shape": (10**11,)})
                member.write(arr.tobytes())
            else:
                np.lib.format.write_array(member, arr, allow_pickle=False)
            zf.writestr(f"{name}.npy", member.getvalue())
    (folder / NPZ_NAME).write_bytes(buf.getvalue())
    shapes = {k: list(v.shape) for k, v in arrays.items()}
    if claim_in_meta:
        shapes["idf"] = [10**11]
    _rehash(folder, {"arrays": shapes})


@pytest.mark.parametrize("claim_in_meta, message", [(False, "says"), (True, "claims")])
def test_array_header_claiming_1e11_values_is_refused_before_allocation(tmp_path, claim_in_meta, message):
    folder = _copy_model(tmp_path / "m")
    _huge_header(folder, claim_in_meta)
    with pytest.raises(ModelDataError, match=message):
        load_model(folder)


def test_any_load_failure_falls_back_to_the_lexicon_with_a_warning(tmp_path):
    import policytext

    folder = _copy_model(tmp_path / "m")
    _huge_header(folder, True)
    using = load_coder(folder)
    assert isinstance(using, LexiconCoder) and "claims" in using.refused
    doc = policytext.parse("二、主要任务\n（一）加强人才培养。开展技能人才培训。\n（二）强化资金支持。对企业给予最高50万元补助。",
                           instruments_model=folder)
    assert [t.instrument.source for t in doc.tasks] == ["lexicon", "lexicon"]
    assert any("instrument model not loaded" in w and "claims" in w for w in doc.warnings)


def test_missing_model_folder_given_by_the_caller_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["parse", str(tmp_path / "x.txt"), "--instruments-model", str(tmp_path / "nope")])
    assert result.exit_code == 1
    (tmp_path / "x.txt").write_text("二、主要任务\n（一）加强人才培养。开展技能培训。\n", encoding="utf-8")
    result = runner.invoke(app, ["parse", str(tmp_path / "x.txt"), "--instruments-model", str(tmp_path / "nope")])
    assert result.exit_code == 1 and "instrument model folder not found" in result.output
    assert "Traceback" not in result.output


# -- evidence: the clause that decided the code -----------------------------------------------------

# (task, code, words the evidence must show): the mechanism in the body decides, not the title's topic.
EVIDENCE = [
    ("（一）支持示范应用。对认定的省级示范项目，给予一次性最高50万元补助。", "S2", "给予一次性最高50万元补助"),
    ("（一）推进技术攻关。组建省级重点实验室，突破一批关键技术。", "S3", "组建省级重点实验室"),
    ("（一）强化监管。依法开展 执法检查，严厉查处违法行为。", "E4", "依法开展 执法检查"),  # the body, not the title
    ("（一）加强宣传。充分利用报纸、电视等媒体，加大宣传力度。", "E5", "利用报纸、电视等媒体，加大宣传力度"),
    ("（一）开展试点。在全市遴选10个乡镇开展数字乡村试点。", "D3", "遴选10个乡镇开展数字乡村试点"),
]


@pytest.mark.parametrize("text, code, words", EVIDENCE)
def test_evidence_points_at_the_mechanism(text, code, words):
    import policytext
    from policytext.instruments.evidence import evidence_span

    doc = policytext.parse("二、主要任务\n" + text + "\n")
    (task,) = doc.tasks
    span = evidence_span(doc, task, code)
    assert doc.src_text(span) == words


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="给予补助奖励开展试点监管宣传 ５0，。；\n１２3abcＡ\ufb01", min_size=1, max_size=60))
def test_normalise_map_points_back_into_the_source(s):
    from policytext.instruments.features import normalise, normalise_map

    norm, where = normalise_map(s)
    assert norm == normalise(s)
    assert len(where) == len(norm) + 1 and list(where) == sorted(where)
    if not isinstance(where, list):  # the lazy map: listed whole, it gives what indexing gives
        assert where.tolist() == [where[i] for i in range(len(where))]
    for i, ch in enumerate(norm):
        if ch != "0":  # digit runs collapse to one 0; ﬁ widens to fi, both from one source character
            assert ch in normalise(s[where[i]])


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet="给予补助奖励开展试点监管宣传 ５0，。；\n１２3abcＡ\u3000.\ufb01", min_size=1, max_size=60), st.data())
def test_source_offsets_agree_with_the_full_map(s, data):
    from policytext.instruments.features import fold, normalise, normalise_map, source_offsets

    where = normalise_map(s)[1]
    picked = data.draw(st.lists(st.integers(0, len(normalise(s))), max_size=3))
    assert source_offsets(s, picked) == [where[i] for i in picked]
    # with the normalised text at hand, a prefix that normalising left alone maps without the walk
    assert source_offsets(s, picked, fold(s), normalise(s)) == [where[i] for i in picked]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="（一）1.５ 。\nΣσAaΑ\u0301\u1100\u1161\u11a8가", max_size=6),
       st.text(alphabet="给予补助 5.0，１ΣaA\u0301\u0345\u1161\u11a8\u3099\uff21\u2126\ufb01", max_size=12))
@example("1.", "5G网络")  # one number across the join
@example("（1", ".5")
@example("1.", "加强")  # a marker's point before a word joins nothing
@example("ΑΣ", "a")  # final sigma: a capital sigma's lower case depends on the next letter
@example("A", "'Σ")  # and on the letter before it, past an apostrophe
@example("e", "\u0301给予")  # a combining accent composes with what precedes it
@example("\u1100", "\u1161")  # Hangul jamo compose into one syllable
def test_source_forms_equal_normalising_the_whole_source(head, text):
    from policytext.instruments.features import fold, normalise, source_forms_many

    source = head + text
    want = (fold(source), normalise(source))
    assert source_forms_many([(source, text, fold(text), normalise(text)), (source, "x", "x", "x")]) == [want, want]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(alphabet="给予补助甲乙ab0\U0001d400\x00", max_size=8), min_size=1, max_size=5),
       st.sampled_from([(1, 1), (1, 3), (2, 3), (3, 3)]))
@example(["\x00a", "a"], (1, 2))  # a NUL before a character: a 2-gram that must not look like the 1-gram
def test_ngram_rows_are_every_vocabulary_ngram_of_every_text(texts, lengths):
    from policytext.instruments.features import NgramIndex, char_ngrams

    vocab = sorted({g for t in ["给予补助", "甲乙a", "\U0001d400b", "\x00a", "a", *texts[:1]] for g in char_ngrams(t, 1, 3)})
    index = NgramIndex(vocab, *lengths)
    column = {g: j for j, g in enumerate(vocab) if lengths[0] <= len(g) <= lengths[1]}
    want = sorted((r, column[g]) for r, t in enumerate(texts) for g in char_ngrams(t, *lengths) if g in column)
    rows, cols = index.rows(texts)
    assert sorted(zip(rows.tolist(), cols.tolist(), strict=True)) == want


_FOLDING = "给予补助 5.0，１Σσ'aA\u0301\u0345\u1100\u1161\u11a8가\u3099ｶ\uff9e\uff21＋Ⅱ\ufb01\u3000\n.\uffff"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=_FOLDING, max_size=10), max_size=6))
@example(["aΣ", "a"])  # a sigma before the separator: final, as at the end of its own string
@example(["a", "\u0301e"])  # an accent after the separator: it combines with nothing there either
@example(["1", ".5"])  # no number runs across the separator
@example(["\uffff", "x"])  # a string holding the separator is folded alone
def test_folding_strings_together_equals_folding_each(strings):
    from policytext.instruments.features import (
        fold,
        fold_many,
        normalise,
        squeeze,
        squeeze_many,
        task_forms_many,
    )

    folded = fold_many(strings)
    assert folded == [fold(s) for s in strings]
    assert squeeze_many(folded) == [squeeze(f) for f in folded] == [normalise(s) for s in strings]
    tasks = [(s, s + t, ["保障措施"]) for s, t in zip(strings, reversed(strings), strict=True)]
    for (title, text, _path), (tt, folded_text, norm_text) in zip(tasks, task_forms_many(tasks), strict=True):
        body = normalise(text)
        assert (tt.title, folded_text, norm_text) == (normalise(title), fold(text), body)
        assert tt.body == (body[len(tt.title):] if body.startswith(tt.title) else body)


# -- labels researchers bring -----------------------------------------------------------------------


@pytest.mark.parametrize("content, message", [
    ("title,body,primary\n加强人才培养,开展培训,X9\n", "unknown instrument code"),
    ("title,body,primary\n,,S1\n", "missing task text"),
    ("title,primary\n加强人才培养,S1\n", "needs the columns"),
    ("title,body,primary\n加强人才培养,开展培训,\n", "no coded rows"),
    ("title,body,primary,secondary\n加强人才培养,开展培训,S1,E9\n", "unknown instrument code"),
])
def test_bad_label_sheets_are_clear_errors(tmp_path, content, message):
    sheet = tmp_path / "labels.csv"
    sheet.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["train", "instruments", "--labels", str(sheet), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert message in result.output and "labels.csv" in result.output
    assert "Traceback" not in result.output


def test_label_jsonl_errors_name_the_line(tmp_path):
    from policytext.errors import InputError
    from policytext.instruments.dataset import read_examples

    path = tmp_path / "l.jsonl"
    path.write_text('{"title": "加强人才培养", "text": "开展培训", "primary": "S1"}\n{"title": "x", "primary": "Q"}\n',
                    encoding="utf-8")
    with pytest.raises(InputError, match="line 2: unknown instrument code"):
        read_examples(path)


# -- the researcher's loop --------------------------------------------------------------------------


@needs_corpora
def test_researcher_loop_sample_code_train_use(tmp_path, quick_config):
    """Sample 30 uncertain tasks of pool documents, code them (here every one D2, a code no dev task
    has as primary), train, and see the new model used by parse, batch and the profile."""
    import csv

    from policytext.batch import run_batch
    from policytext.research.corpus import load

    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("0086", "0065", "0102", "0017", "0060"):
        shutil.copy(POOL / f"{name}.txt", docs / f"{name}.txt")
    sheet = tmp_path / "to_code.csv"
    result = runner.invoke(app, ["sample", "instruments", str(docs), "-n", "30", "-o", str(sheet)])
    assert result.exit_code == 0, result.output
    with sheet.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 30
    assert all(r["title"] and r["body"] and r["guess"] in CODES and not r["primary"] for r in rows)
    scores = [float(r["guess_score"]) for r in rows]
    assert max(scores) <= 1.0
    for r in rows:
        r["primary"] = "D2"
    with sheet.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    model = tmp_path / "my-model"
    result = runner.invoke(app, ["train", "instruments", "--labels", str(sheet), "--out", str(model),
                                 "--config", str(quick_config)])
    assert result.exit_code == 0, result.output
    meta = json.loads((model / META_NAME).read_text(encoding="utf-8"))
    assert meta["training_data"]["added_examples"] == 30 and meta["training_data"]["added_labels"] == "to_code.csv"
    assert "D2" in meta["primary_classes"]

    sampled = {(r["doc"], r["title"]) for r in rows}

    def d2_share(parsed) -> float:
        hits = [t for d in parsed for t in d.tasks if (d.doc_id, t.title) in sampled]
        assert len(hits) == 30
        return sum((t.instrument.primary or next(iter(t.instrument.scores))) == "D2" for t in hits) / 30

    before = [parse_file(docs / f"{n}.txt") for n in ("0086", "0065", "0102", "0017", "0060")]
    after = [parse_file(docs / f"{n}.txt", instruments_model=model) for n in ("0086", "0065", "0102", "0017", "0060")]
    assert d2_share(before) <= 0.2  # the shipped model rarely says D2 (weak labels only)
    assert d2_share(after) >= 0.8

    result = runner.invoke(app, ["parse", str(docs / "0086.txt"), "--instruments-model", str(model)])
    assert result.exit_code == 0
    assert json.loads(result.output) == json.loads(after[0].to_json())

    out = tmp_path / "out"
    summary = run_batch(str(docs), str(out), fmt="json", jobs=1, instruments_model=str(model))
    assert summary.failed == 0
    batch_docs = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")}
    assert batch_docs["0086"] == json.loads(after[0].to_json())
    result = runner.invoke(app, ["batch", str(docs), "-o", str(tmp_path / "out2"), "--jobs", "1",
                                 "--instruments-model", str(model)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out2" / "0086.json").read_text(encoding="utf-8") == (out / "0086.json").read_text(encoding="utf-8")

    prof = instrument_profile(load(out))
    shipped = instrument_profile(before)
    assert prof[("count", "D2")].sum() > shipped[("count", "D2")].sum()
    assert (prof[("count", "total")] + prof[("count", "abstain")]).sum() == sum(len(d.tasks) for d in after)

    result = runner.invoke(app, ["eval", "instruments", "--labels", str(sheet), "--model", str(model)])
    assert result.exit_code == 0, result.output
    assert "TOTAL" in result.output and "0086" in result.output


@needs_corpora
def test_eval_on_gold_labels_grouped_by_document():
    result = runner.invoke(app, ["eval", "instruments", "--labels", str(POOL / "instruments.jsonl"),
                                 "--docs", str(POOL), "--lexicon"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    total = next(line for line in lines if line.startswith("TOTAL")).split()
    assert total[1] == "187"
    assert {json.loads(r)["doc"] for r in (POOL / "instruments.jsonl").read_text(encoding="utf-8").splitlines()} \
        <= {line.split()[0] for line in lines if line[:1].isdigit()}


def test_profile_counts_abstentions_apart():
    import pandas as pd

    table = pd.DataFrame({
        "doc_id": ["a", "a", "a", "b"],
        "instrument": ["S1", None, "E5", None],
        "instrument_source": ["model", "abstain", "model", "abstain"],
    })
    prof = instrument_profile(table)
    assert list(prof.index) == ["a", "b"]
    assert prof.loc["a", ("count", "total")] == 2 and prof.loc["a", ("count", "abstain")] == 1
    assert prof.loc["b", ("count", "total")] == 0 and prof.loc["b", ("count", "abstain")] == 1
    assert prof.loc["a", ("share", "S1")] == 0.5 and prof.loc["b", "share"].sum() == 0.0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, (1 << 63) - 1), max_size=300, unique=True), st.lists(st.integers(0, (1 << 63) - 1),
                                                                                      max_size=300))
def test_packed_keys_find_what_a_binary_search_finds(keys, others):
    from policytext.instruments.lookup import PackedKeys

    keys = np.array(sorted(keys), dtype=np.int64)
    queries = np.array(list(keys) + others + list(keys[::3]), dtype=np.int64)
    pos = np.searchsorted(keys, queries)
    present = pos < len(keys)
    present[present] = keys[pos[present]] == queries[present]
    assert PackedKeys(keys).find(queries).tolist() == np.where(present, pos, -1).tolist()
    hit, index = PackedKeys(keys).hits(queries)
    assert hit.tolist() == np.flatnonzero(present).tolist() and index.tolist() == pos[present].tolist()


def test_packed_keys_resolve_keys_that_share_a_slot():
    from policytext.instruments.lookup import PackedKeys

    # 4,000 random keys in a 2^16-slot table: some slots are shared, and every key must still be found
    keys = np.unique(np.random.default_rng(7).integers(0, 1 << 62, 4000))
    lookup = PackedKeys(keys)
    assert (lookup._table == lookup._shared).any()
    assert lookup.find(keys).tolist() == list(range(len(keys)))
    assert lookup.find(keys + 1).tolist() == [-1] * len(keys)


@needs_corpora
def test_an_abstentions_guess_survives_json():
    # JSON sorts the keys of scores, so the top guess of an abstention with secondary codes is
    # readable only from its own field, in the JSON and in the research tables read from it. (A pool
    # document no label of the training set comes from: on those, the model abstains where it sees
    # no second code.)
    from policytext.research.tables import rows as doc_tables

    doc = parse_file(POOL / "0027.txt")
    torn = [t for t in doc.tasks if t.instrument.source == "abstain" and len(t.instrument.scores) > 1]
    assert torn, "no abstention with secondary codes in pool 0008 to check"
    data = json.loads(doc.to_json())
    tables = doc_tables(data)
    for t in torn:
        row = next(r for r in data["tasks"] if r["id"] == t.id)
        assert row["instrument"]["guess"] == next(iter(t.instrument.scores))
        assert row["instrument"]["primary"] is None
        assert next(r for r in tables["tasks"] if r["task_id"] == t.id)["instrument_guess"] == row["instrument"]["guess"]
    assert any(next(iter(row["instrument"]["scores"])) != row["instrument"]["guess"]
               for row in data["tasks"] if row["instrument"]["source"] == "abstain"), \
        "every JSON abstention lists its guess first: the field would not be needed"
