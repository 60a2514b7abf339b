"""Every indicator ``policytext compare`` shows over the pool is a name: at least two characters,
not ending in a bracket or a bound word (issue 13)."""
from __future__ import annotations

import regex
from conftest import POOL, needs_corpora

from policytext.research import corpus
from policytext.research.compare import compare_targets

# Bound words as contract.md lists them, and brackets of every width.
_BAD_END = regex.compile(r"(?:[（）()\[\]【】〔〕［］]|及以上|以上|及以下|以下|以内|左右|不低于|不少于|至少|超过|突破|"
                         r"高于|多于|大于|过|多|余|不超过|不高于|低于|少于|小于|约|大约)$")


def bad_indicators(indicators) -> list[str]:
    return sorted({i for i in indicators if len(regex.sub(r"\W", "", i)) < 2 or _BAD_END.search(i.strip())})


def test_the_check_can_fail():
    assert bad_indicators(["村", "位资金", "（精品村20个）", "）", "箱以上", "市、县级不低于", "到位资金"]) == [
        "市、县级不低于", "村", "箱以上", "（精品村20个）", "）"]


@needs_corpora
def test_pool_indicators_are_names():
    long = compare_targets(corpus.load(POOL, jobs=1))
    assert len(long) > 500
    assert bad_indicators(long["indicator"].dropna()) == []
