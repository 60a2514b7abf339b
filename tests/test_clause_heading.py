"""The one decimal-clause pattern (2.1.1　…职责) the sections and tasks stages share."""
from __future__ import annotations

import pytest

from policytext.stages.sections import CLAUSE_HEADING


@pytest.mark.parametrize("text", [
    "2.1.1　国家粮食应急工作指挥部职责",
    "3.2预警",
    "5.1.3所有粮食经营企业都要按照规定保持必要的库存量",  # 所有 opens a clause; 所 alone counts schools
    "4.2\u3000响应分级",
    "6．1通信保障",  # a full-width dot (a view keeps it where it kept the source's width)
    "完成先期处置。3.1监测和风险分析",  # after a sentence end (lines run together)
])
def test_a_clause_heading(text):
    assert CLAUSE_HEADING.search(text)


@pytest.mark.parametrize("text", [
    "3.5万吨以上",
    "2.2月16日上午9时，省专用通信网开通",  # an item 2. that opens on a date
    "1.5倍",
    "2.5所学校",
    "3.5公里",
    "建设规模达到1.5万亩",  # not where a heading stands
])
def test_no_clause_heading(text):
    assert not CLAUSE_HEADING.search(text)
