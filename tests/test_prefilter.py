"""The instrument prefilter skips a pattern only when it cannot match: every score it gives must
equal running every pattern, for the package's own lexicon and mechanism rules."""
from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from policytext.instruments.codes import CODES
from policytext.instruments.features import normalise
from policytext.instruments.lexicon import lexicon_from_rows, load_lexicon
from policytext.instruments.mechanisms import load_mechanisms
from policytext.instruments.prefilter import (
    PatternSet,
    PatternSets,
    countable,
    literal_alternatives,
    prefixes,
)

RULES = {"lexicon": load_lexicon(), "mechanisms": load_mechanisms()}


def _every_pattern(rules, s: str) -> np.ndarray:
    out = np.zeros(len(CODES))
    for ci, pattern, weight in rules._compiled:
        n = len(pattern.findall(s))
        if n:
            out[ci] += weight * (1.0 + math.log(n))
    return out


@pytest.mark.parametrize(("pattern", "expected"), [
    ("给予.{0,25}万元", {"给予"}),
    ("数据共享|信息共享", {"数据", "信息"}),
    ("[资奖]金", {"资金", "奖金"}),
    ("补", {"补"}),
    (".{0,3}补贴", None),  # a match may start with any character: no shortcut
    ("(?:a)?b", None),
])
def test_prefixes_of_real_pattern_shapes(pattern, expected):
    found = prefixes(pattern)
    assert (found if found is None else set(found)) == expected


# Real task sentences (pool documents' wording) and the fragments the rules are made of.
_SENTENCES = [
    "对获评国家级示范的企业给予一次性最高50万元奖励，所需资金由市财政安排。",
    "加强组织领导。建立联席会议制度，定期开展督导检查，纳入年度考核。",
    "制定出台数据共享管理办法，推进信息共享平台建设，开展宣传培训。",
    "",
]
_ALPHABET = "".join(sorted(set("".join(_SENTENCES)))) + "，。；abc0 "


@given(st.lists(st.text(alphabet=_ALPHABET, max_size=60) | st.sampled_from(_SENTENCES), max_size=8))
@example(_SENTENCES)
@example(["给予", "予", "给"])
def test_batch_scores_equal_every_pattern_run(strings):
    strings = [normalise(s) for s in strings]
    for rules in RULES.values():
        batch = rules.scores_batch(strings)
        for row, s in zip(batch, strings, strict=True):
            # equal, not close: the model's features must be the same floats whichever way they are found
            np.testing.assert_array_equal(row, _every_pattern(rules, s))
            np.testing.assert_array_equal(row, rules.scores(s))


@given(st.lists(st.text(alphabet=_ALPHABET, max_size=60) | st.sampled_from(_SENTENCES), max_size=8),
       st.integers(0, 8))
@example(_SENTENCES, 2)
def test_sets_scored_together_equal_each_set_alone(strings, cut):
    # the model scores the lexicon over titles, bodies and sections and the rules over the first
    # two, with one prefilter pass: each must equal its own scores_batch of its share
    strings = [normalise(s) for s in strings]
    counts = [len(strings), min(cut, len(strings))]
    together = PatternSets(RULES["lexicon"], RULES["mechanisms"]).scores_batch(strings, counts)
    for rules, count, got in zip(RULES.values(), counts, together, strict=True):
        np.testing.assert_array_equal(got, rules.scores_batch(strings[:count]))


_PATTERNS = ["给予.{0,5}资金", "数据共享|信息共享", "[资奖]金", "补", ".{0,3}贴", "x"]


@given(st.lists(st.text(alphabet="给予资金奖补贴数据共享信息x", max_size=12), max_size=6))
def test_candidates_batch_equals_one_by_one(strings):
    ps = PatternSet(_PATTERNS)
    got = ps.candidates_batch(strings)
    assert [list(c) for c in got] == [list(ps.candidates(s)) for s in strings]
    for s, cand in zip(strings, got, strict=True):  # and no pattern that matches is skipped
        matching = [i for i, p in enumerate(_PATTERNS) if re.search(p, s)]
        assert set(matching) <= set(cand)



@pytest.mark.parametrize(("pattern", "expected"), [
    ("数据共享|信息共享", ("数据共享", "信息共享")),
    ("(?:政府采购|优先采购)", ("政府采购", "优先采购")),
    ("ppp|政府和社会资本合作", ("ppp", "政府和社会资本合作")),
    ("首台套|首台\\(套\\)", None),
    ("给予.{0,25}万元", None),
    ("(?:a)|(?:b)", None),
    ("a||b", None),
])
def test_literal_alternatives(pattern, expected):
    assert literal_alternatives(pattern) == expected


@pytest.mark.parametrize(("alternatives", "expected"), [
    (("组织领导", "加强领导"), True),
    (("推广应用", "应用推广", "推广"), False),  # 推广 lies inside the others
    (("产业集群", "集群化"), False),  # 产业集群化: the two occurrences overlap
    (("哈哈",), False),  # 哈哈哈 holds two overlapping occurrences, findall counts one
    (("专班", "专班"), False),
    (("补", "贴"), True),
])
def test_countable_alternations(alternatives, expected):
    assert countable(alternatives) is expected


_MIXED = ["组织领导|加强领导", "推广应用|应用推广|推广", "哈哈", "产业集群|集群化", "补|贴", "给予.{0,5}资金",
          "(?:建设|搭建)[^。]{0,4}?(?:平台|系统)", "[甲乙][甲乙][甲乙][甲乙][甲乙][甲乙][甲乙][甲乙][甲乙][甲乙]",
          "一二三四五六七八九十一二三四五六七八九十", ".{0,2}贴"]


@given(st.lists(st.text(alphabet="组织领导加强推广应用哈产业集群化补贴给予资金建设搭平台系统。甲乙一二三四五六七八九十",
                        max_size=40), max_size=6), st.integers(0, 6))
@example(["产业集群化", "哈哈哈哈哈", "推广应用推广", "甲乙甲乙甲乙甲乙甲乙甲乙", "一二三四五六七八九十一二三四五六七八九十"], 3)
def test_counts_equal_findall(strings, cut):
    ps = PatternSet(_MIXED)
    want = [[len(re.findall(p, s)) for p in _MIXED] for s in strings]
    assert ps.counts(strings).tolist() == want
    # with limits, a pattern that is not counted from literals runs only on the strings before its limit
    limits = np.full(len(_MIXED), cut)
    got = ps.counts(strings, limits)
    assert got[:cut].tolist() == want[:cut]


@given(st.lists(st.text(alphabet=_ALPHABET, max_size=60) | st.sampled_from(_SENTENCES), min_size=1, max_size=6))
@example(_SENTENCES)
def test_evidence_after_scoring_equals_a_fresh_search(strings):
    # scoring keeps each pattern's match count per string; the evidence then skips the patterns that
    # did not match, and must find what searching every pattern finds
    strings = [normalise(s) for s in strings]
    together = PatternSets(RULES["lexicon"], RULES["mechanisms"])
    for rules in RULES.values():
        rules._known = ({}, None)
        fresh = {(s, code): rules.evidence(s, code) for s in strings for code in CODES}
        together.scores_batch(strings, [len(strings), len(strings)])
        assert set(rules._known[0]) == set(strings)
        assert {(s, code): rules.evidence(s, code) for s in strings for code in CODES} == fresh


def _strongest_first_match(rules, s: str, code: str) -> tuple[int, int] | None:
    """The evidence by its definition: over every pattern of the code, the highest weight, then the
    earliest start, then the first pattern in file order."""
    found = [(-weight, m.start(), k, m.end()) for k, (ci, pattern, weight) in enumerate(rules._compiled)
             if CODES[ci] == code and (m := pattern.search(s))]
    return min(found)[1::2] if found else None


@given(st.lists(st.text(alphabet=_ALPHABET, max_size=60) | st.sampled_from(_SENTENCES), min_size=1, max_size=4))
@example(_SENTENCES)
@example(["培训。人才", "知识产权保护。信用"])  # equal weights of one code: the later pattern matches first
def test_evidence_is_the_strongest_then_first_match(strings):
    # the search runs the code's patterns strongest first and stops below the first weight that matched
    strings = [normalise(s) for s in strings]
    for rules in RULES.values():
        rules._known = ({}, None)
        for s in strings:
            for code in CODES:
                assert rules.evidence(s, code) == _strongest_first_match(rules, s, code)


# Verb…object rules and alternations whose matches overlap, counted from their words' occurrences:
# alternatives that are prefixes of one another, an object that is also a verb, a gap of none, stops.
_SHAPES = ["(?:建设|建设平台|设)[^。;]{0,3}?(?:平台|台|设)", "(?:甲|甲乙)[^。]{0,0}?(?:乙|乙甲)", "(?:乙)[^;]{0,5}?(?:乙)",
           "甲乙|乙甲|甲", "(?:甲乙甲)[^。]{0,2}?(?:甲)", "(?:台)[^。]{0,16}?(?:台平|平)", "甲乙|乙|甲",
           "(?:甲乙|甲)[^。]{0,3}?(?:丙|乙)"]


@given(st.lists(st.text(alphabet="建设平台甲乙丙。;", max_size=30), max_size=5))
@example(["建设平台台", "甲乙甲乙甲", "乙;乙乙。乙", "建设。平台建设台", "台台平平台平", "甲乙", "甲乙甲乙"])
def test_rule_shapes_are_counted_as_findall_counts(strings):
    ps = PatternSet(_SHAPES)
    assert ps._emulated.all()
    assert ps.counts(strings).tolist() == [[len(re.findall(p, s)) for p in _SHAPES] for s in strings]


_LOOKING = lexicon_from_rows([(f"test row {i}", row) for i, row in enumerate([
    ("S2", "补助(?=.{0,3}企业)", "2"), ("S2", "给予.{0,3}补助", "1"), ("S2", "补助$", "1"), ("S2", "资金", "0.5")])], "test")


@given(st.text(alphabet=_ALPHABET + "补助", max_size=12), st.text(alphabet=_ALPHABET + "补助", max_size=40))
@example("给予企业", "补助。")  # a verb in the title reaching an object in the body
@example("补助", "的的企业")  # a lookahead that sees into the body
@example("资金补助", "")
def test_evidence_after_the_title_equals_searching_body_then_whole(title, body):
    # with the body scored, the whole task is searched only where a match can start before the body
    title, body = normalise(title), normalise(body)
    s = title + body
    for rules in (*RULES.values(), _LOOKING):
        for known in (False, True):
            rules._known = ({}, None)
            if known:
                rules.scores_batch([body])
            for code in CODES:
                found = rules.evidence(body, code)
                want = (found[0] + len(title), found[1] + len(title)) if found else \
                    _strongest_first_match(rules, s, code) if title else None
                assert rules.evidence_after(s, len(title), code) == want
