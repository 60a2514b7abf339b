"""Lists that one-line text runs together: a row number glued to the standard it lists is no
target (a flattened table of standards, as in pool 0062), while a period before a count is."""
import pytest

from policytext import parse


def _targets(body):
    return [(t.indicator, t.value) for t in parse(f"关于开展试点的通知\n一、试点内容\n{body}\n").targets]


@pytest.mark.parametrize("body", [
    "已发布智能车间/工厂建设类2GB/T 37695-2019智能制造 对象标识要求本标准提出了工业领域对象标识要求。",
    "已发布智能车间/工厂建设类13GB/T 26790.1-2011工业无线网络WIA规范 第1部分：用于过程自动化的WIA系统结构与通信规范。",
    "已发布基础共性类5GB 50016-2014建筑设计防火规范本标准适用于新建、扩建和改建的建筑。",
])
def test_a_row_number_before_a_standard_is_no_target(body):
    assert _targets(body) == []


def test_a_period_before_a_count_is_still_a_target():
    assert _targets("2021-2025年累计新建充电桩100个以上。") == [("充电桩", 100.0)]
