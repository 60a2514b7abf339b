"""The title-end model of one-line text (stages/title_end.py): loading, safety, invariants, and
its effect on the section titles of a one-line notice."""
from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytext import parse
from policytext.errors import RuleDataError
from policytext.stages.title_end import MIN_LENGTH, load, model_dir, shipped, title_cut, title_cuts

# Body sentences that make a synthetic notice long enough to be read as one-line text.
_BODY = "各地各部门要加强组织领导，明确责任分工，强化资金保障，完善工作机制，确保各项任务落到实处，取得实效。" * 10


def _one_line(*items: str) -> str:
    return "关于召开全省工作会议的通知各市人民政府：" + "".join(items) + _BODY + "省人民政府办公厅2022年3月1日"


def test_the_shipped_model_loads():
    model = shipped()
    assert model is not None and 0.5 <= model.min_probability < 1.0 and (model.weights != 0).sum() > 1000


def test_a_run_on_title_ends_where_its_line_broke():
    doc = parse(_one_line("一、会议内容以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的十九大精神，部署今年工作。",
                          "二、参会人员各市分管负责同志参加。"))
    assert [s.title for s in doc.sections][:1] == ["会议内容"]


def test_a_one_sentence_item_keeps_its_title():
    doc = parse(_one_line("一、工作要求", "1.各市要在3月底前报送工作方案。", "2.各地要认真总结经验做法。"))
    assert "各市要在3月底前报送工作方案" in [s.title for s in doc.sections]


def test_short_titles_are_never_cut():
    assert title_cut("会议内容以习近") is None  # shorter than MIN_LENGTH
    assert len("会议内容以习近") < MIN_LENGTH


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=120))
def test_a_cut_lies_inside_the_string(s):
    cut = title_cut(s)
    assert cut is None or 2 <= cut < len(s)


def test_a_tampered_model_is_refused(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(model_dir(), folder)
    data = bytearray((folder / "title_end.npz").read_bytes())
    data[-10] ^= 0xFF
    (folder / "title_end.npz").write_bytes(bytes(data))
    with pytest.raises(RuleDataError, match="does not match"):
        load(folder)


def test_malformed_settings_are_refused(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(model_dir(), folder)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    meta["min_probability"] = 1.5
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(RuleDataError, match="malformed"):
        load(folder)


# A list of one-sentence duties (one-line text of a notice's 办公室职责 list): the model alone would
# cut the first inside its sentence; its siblings, whole sentences, outvote it.
_DUTIES = ["组织对全省保障群众温暖过冬工作的督促检查，总结推广各地好的经验做法，建立完善全省面上制度机制",
           "负责全省保障群众温暖过冬工作的综合协调，督促各成员单位落实工作责任",
           "总结办公室阶段性工作，安排部署下步工作任务，研究解决重点难点问题"]


def test_a_lone_cut_among_whole_sentences_is_outvoted():
    assert title_cut(_DUTIES[0]) is not None  # alone, the model would cut it
    assert title_cuts(_DUTIES, ["duties"] * 3) == [None, None, None]
    assert title_cuts(_DUTIES, ["a", "b", "c"])[0] == title_cut(_DUTIES[0])  # other lists do not vote


def test_a_sure_cut_stands_whatever_its_list_says():
    items = ["会议内容以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的十九大精神",
             "会议时间定于2021年2月16日上午9时召开，会期半天", "参会人员各市分管负责同志和有关部门主要负责同志参加"]
    assert title_cuts(items, ["notice"] * 3)[0] == len("会议内容")


def _best_cut(s: str) -> int:
    """The most probable end short of the whole string."""
    ends, p = shipped().probabilities(s)
    return ends[int(p[:-1].argmax())]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=80), max_size=6), st.data())
def test_list_cuts_only_keep_or_drop_the_most_probable_cut(runs, data):
    lists = [data.draw(st.integers(0, 2)) for _ in runs]
    voters = [data.draw(st.booleans()) for _ in runs]
    for s, c in zip(runs, title_cuts(runs, lists, voters), strict=True):
        assert c is None or c == _best_cut(s) < len(s)
    # a cut the model is sure of on its own is dropped only by its list's vote, never moved
    alone = title_cuts(runs, list(range(len(runs))))
    assert all(c is None or c == title_cut(s) for s, c in zip(runs, alone, strict=True))


# One-line text of a plan's 组织实施 list: the siblings' titles are cut with confidence, the last
# one's end (试点工作|实施期为…) is likely but short of the cut-off; its siblings make it the end.
_SUPPORTED = ["健全标准体系充分发挥标准在产业生态中的引领作用，加快制定急需标准",
              "加强组织领导各地要成立工作专班，明确责任分工",
              "组织实施试点工作实施期为2021年至2023年"]


def test_a_doubtful_end_is_cut_where_its_siblings_are():
    model = shipped()
    assert title_cut(_SUPPORTED[0]) == len("健全标准体系") and title_cut(_SUPPORTED[1]) == len("加强组织领导")
    ends, p = model.probabilities(_SUPPORTED[2])
    assert model.support_probability <= p.max() < model.min_probability
    assert title_cuts(_SUPPORTED, ["plan"] * 3)[2] == len("组织实施试点工作")
    assert title_cuts(_SUPPORTED, ["a", "b", "c"])[2] is None  # alone it stays whole
    # siblings that do not vote (their runs stopped at the next heading) do not support it either
    assert title_cuts(_SUPPORTED, ["plan"] * 3, [False, False, True])[2] is None


def test_a_sure_probability_below_the_cut_off_is_refused(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(model_dir(), folder)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    meta["sure_probability"] = meta["min_probability"] / 2
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(RuleDataError, match="malformed"):
        load(folder)


def test_a_documents_headings_scored_together_score_as_alone():
    # the pipeline scores all one-line headings of a document in one pass (columns_many)
    from policytext.stages.title_end import shipped

    model = shipped()
    runs = ["落实运营主体责任运营单位作为专区运营主体，负责", "会议内容以习近平新时代中国特色社会主义思想为指导",
            "加强组织领导，各地要建立工作机制", "，，，，，，，，，，，，，，", "短标题"]
    together = model.probabilities_many(runs)
    for s, (ends, p) in zip(runs, together, strict=True):
        alone_ends, alone_p = model.probabilities(s)
        assert ends == alone_ends and (p == alone_p).all()


# One-line text of a plan: the top-level headings 一、二、 are stopped by their first sub-heading
# （（一）…), so their runs are the titles alone; the last one runs on into its body.
_PLAN_BODY = "各地各部门要加强组织领导，明确责任分工，强化资金保障，完善工作机制，确保各项任务落到实处，取得实效。" * 6
_PLAN = ("关于加快推进数字化发展的实施意见各市人民政府：为加快推进数字化发展，现提出如下意见。"
         "一、加快建设整体协同的数字政府（一）优化提升网上政务服务。推进政务服务事项全程网办，" + _PLAN_BODY
         + "（二）加快建设一体化指挥平台。整合各类指挥调度系统，" + _PLAN_BODY
         + "二、大力发展创新融合的数字经济（一）加快数字产业化发展。培育壮大数字产业集群，" + _PLAN_BODY
         + "三、保障措施加强组织领导，完善推进机制，以项目化方式推动任务落实。省人民政府2022年3月1日")


def test_headings_stopped_by_a_sub_heading_do_not_outvote_a_run_on_sibling():
    titles = [s.title for s in parse(_PLAN).sections]
    assert titles[0] == "加快建设整体协同的数字政府" and titles[-1] == "保障措施"


def test_only_voters_vote():
    runs = ["加快建设整体协同的数字政府", "大力发展创新融合的数字经济", "保障措施加强组织领导，完善推进机制，以项目化方式推动任务落实"]
    alone = title_cut(runs[-1])
    assert alone == len("保障措施")
    assert title_cuts(runs, ["top"] * 3, [False, False, True])[-1] == alone


def test_a_support_probability_above_the_cut_off_is_refused(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(model_dir(), folder)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    meta["support_probability"] = (meta["min_probability"] + 1) / 2
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(RuleDataError, match="malformed"):
        load(folder)


class _Fixed(type(shipped())):
    """The shipped model's vote with probabilities given per string (cut ends 4 and 6, then the whole)."""

    def __init__(self, given: dict[str, list[float]]):
        model = shipped()
        super().__init__(model.weights, model.intercept, model.bits, model.min_probability, model.tables,
                         min_list_share=model.min_list_share, sure_probability=model.sure_probability,
                         support_probability=model.support_probability, support_share=model.support_share)
        self.given = given

    def probabilities_many(self, strings):
        import numpy as np

        return [([4, 6, len(s)], np.array(self.given[s])) for s in strings]


def test_a_list_supports_a_cut_even_where_the_whole_is_a_little_more_probable():
    # one-line text (pool 0154's kind): 实施场景机会培创行动|深入实施… is a cut at 0.44 beside the whole at
    # 0.56; its sibling is cut for sure, so the list cuts it too
    sure, doubtful = "一" * 20, "二" * 20
    model = _Fixed({sure: [0.97, 0.01, 0.02], doubtful: [0.02, 0.43, 0.55]})
    assert model.support_probability <= 0.43 < model.min_probability
    assert model.list_cuts([sure, doubtful], ["part", "part"]) == [4, 6]
    assert model.list_cuts([sure, doubtful], ["a", "b"]) == [4, None]  # alone it stays whole
    weak = _Fixed({sure: [0.97, 0.01, 0.02], doubtful: [0.02, model.support_probability / 2, 0.9]})
    assert weak.list_cuts([sure, doubtful], ["part", "part"]) == [4, None]  # a cut too unlikely stays uncut


def test_the_model_reads_punctuation_and_digits_in_one_width():
    # perturb.py's widths dress (pool 0034): the same heading with ASCII or full-width commas is cut alike
    from policytext.stages.title_end import canonical

    run = "集中各方资源，强化政策支持中央有关部门要强化部门职责，统筹整合各方资源"
    ascii_run = run.replace("，", ",")
    assert canonical(ascii_run) == run and len(canonical(ascii_run)) == len(ascii_run)
    model = shipped()
    ends, p = model.probabilities(run)
    ascii_ends, ascii_p = model.probabilities(ascii_run)
    assert ends == ascii_ends and (p == ascii_p).all()
    assert canonical("到２０２５年（ＡＩ）") == "到2025年（AI）"
