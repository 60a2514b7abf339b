"""Task-assignment tables: the grid layout of merged cells, and rows read as tasks with their units."""
from __future__ import annotations

import pytest

from policytext import parse
from policytext.reading.formats.common import table_rows
from policytext.stages.tasktables import column_role, find_task_tables


def test_merged_cells_are_laid_out_on_the_header_grid():
    grid = [
        [("序号", 1, 1), ("考核项目", 1, 2), ("分值", 1, 1)],
        [("1", 1, 1), ("组织领导", 1, 2), ("8", 1, 1)],
        [("2", 2, 1), ("重点考核部门", 2, 1), ("县农粮局", 1, 1), ("30", 1, 1)],
        [("县水利局", 1, 1), ("15", 1, 1)],
    ]
    assert table_rows(grid) == [
        "序号 | 考核项目 |  | 分值",
        "1 | 组织领导 |  | 8",
        "2 | 重点考核部门 | 县农粮局 | 30",
        "2 | 重点考核部门 | 县水利局 | 15",
    ]


def test_rowspan_on_a_last_column_and_empty_rows():
    grid = [[("a", 1, 1), ("b", 3, 1)], [("c", 1, 1)], [], [("d", 1, 1), ("e", 1, 1)]]
    assert table_rows(grid) == ["a | b", "c | b", "| b", "d | e"]


@pytest.mark.parametrize(("cell", "role"), [
    ("序号", "serial"), ("主要任务", "title"), ("牵头单位", "lead"), ("牵 头 单 位", "lead"),
    ("牵头单位（部门）", "lead"), ("配合单位", "co"), ("责任单位", "responsible"),
    ("负责考核部门", "responsible"), ("完成时限", "deadline"), ("单位名称", None), ("人数", None),
])
def test_column_roles(cell, role):
    assert column_role(cell) == role


PLAIN_TABLE = """某市推进数字政府建设重点任务分工方案

一、重点任务
| 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 |
| --- | --- | --- | --- | --- |
| 1 | 建设一体化政务大数据平台 | 市大数据局 | 市发改委、市财政局等部门 | 2024年底前 |
| 2 | 推进政务服务“一网通办” | 市政务办 | 各区、县(市)政府 | 长期坚持 |
二、保障措施
（一）加强组织领导。建立工作专班。
"""


def test_plain_text_task_table_gives_tasks_with_roles():
    doc = parse(PLAIN_TABLE, "t")
    rows = [t for t in doc.tasks if t.marker and t.marker.isdigit()]
    assert [t.title for t in rows] == ["建设一体化政务大数据平台", "推进政务服务“一网通办”"]
    assert [(u.name, u.role) for u in rows[0].units] == [("市大数据局", "lead"), ("市发改委", "co"), ("市财政局", "co")]
    assert [(u.name, u.role) for u in rows[1].units] == [("市政务办", "lead"), ("各区、县(市)政府", "co")]
    assert [t.deadlines for t in rows] == [["2024-12"], []]  # the 完成时限 cell; 长期坚持 is no date
    assert [t.marker for t in rows] == ["1", "2"]
    for t in rows:
        for u in t.units:
            assert doc.text[u.span[0]:u.span[1]] == u.name
    # The section that only holds the table is not a task of its own; the item after it is.
    assert "重点任务" not in [t.title for t in doc.tasks]
    assert "加强组织领导" in [t.title for t in doc.tasks]


def test_a_table_without_task_columns_is_left_alone():
    text = "附件\n序号 | 单位名称 | 人数 | 性质\n1 | 浙江京安爆破工程有限公司 | 1 | 省企\n"
    assert find_task_tables(text) == []
    assert parse(text, "t").tasks == []


def test_rows_under_a_header_keep_their_own_units():
    text = ("序号 | 考核项目 | 分值 | 考核指标 | 负责考核部门\n"
            "一、 | 巩固成果，提升河长制工作实效 | 31\n"
            "1 | 强化督查督办 | 4 | 严格执行督查制度。 | 县河长办\n"
            "2 | 深化宣传教育 | 7 | 开展宣传。 | 县委宣传部 县教育局 县河长办\n")
    (table,) = find_task_tables(text)
    rows = [r for r in table.rows if r.kind == "task"]
    # 强化督查督办 ends like an office (督办) but sits in the title column without a jurisdiction: a task.
    assert [r.title.text for r in rows] == ["强化督查督办", "深化宣传教育"]
    assert [[u.name for u in r.units] for r in rows] == [["县河长办"], ["县委宣传部", "县教育局", "县河长办"]]
