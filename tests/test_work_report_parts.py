"""A work report's parts (2023年工作回顾 … 2024年工作安排) in every dress: the review's numbers are
facts, the plan's targets take the plan's year, whether the part headings stand on lines of their
own or one-line text glued them between two sentences."""
import pytest

from policytext import parse

REVIEW = "2023年，全市完成固定资产投资130亿元，新增就业岗位5000个。"
PLAN = "今年是实施“十四五”规划的关键之年。主要预期目标是：地区生产总值增长6%左右，新建5G基站800个以上。"
EXPECTED = [("地区生产总值", 6.0, "2024"), ("5G基站", 800.0, "2024")]

LINES = f"各位代表：\n现在，我代表市人民政府向大会报告工作。\n2023年工作回顾\n{REVIEW}\n2024年工作安排\n{PLAN}\n"
# One line, as OCR text in a database cell: each part heading sits between two sentences.
ONE_LINE = LINES.replace("\n", "")


def _targets(text):
    return [(t.indicator, t.value, t.deadline) for t in parse(text).targets]


@pytest.mark.parametrize("text", [LINES, ONE_LINE], ids=["lines", "one-line"])
def test_review_numbers_are_facts_and_plan_targets_take_the_plans_year(text):
    assert _targets(text) == EXPECTED


def test_a_numbered_plan_heading_glued_to_its_first_sentence_still_gives_its_year():
    # 二、2024年工作安排 followed at once by its first sentence, as in flattened text (pool 0154)
    text = ("各位代表：现在，我代表市人民政府向大会报告工作。一、2023年工作回顾2023年是极不平凡的一年。"
            "（一）经济运行稳中向好。全市完成固定资产投资130亿元。（二）民生事业持续改善。新增就业岗位5000个。"
            "二、2024年工作安排今年是中华人民共和国成立75周年，也是关键之年。（一）推动经济稳定增长。"
            "地区生产总值增长6%左右。（二）建设新型基础设施。新建5G基站800个以上。"
            "三、切实加强政府自身建设坚持依法行政。")
    assert [s.title[:7] for s in parse(text).sections if s.level == 1] == ["2023年工作", "2024年工作", "切实加强政府自"]
    assert _targets(text) == EXPECTED


def test_a_date_line_is_no_plan_part():
    # A short line with one date is no part heading: what follows it does not take that date.
    text = "关于推进工作的方案\n一、主要任务\n新建5G基站800个以上。\n2023年12月1日\n二、保障措施\n新建充电桩100个。\n"
    assert _targets(text) == [("5G基站", 800.0, None), ("充电桩", 100.0, None)]


# A work report whose parts are headed by unnumbered lines (pool 0153): the review's （一）… report
# the past year, the plan's （一）… start their list anew and are the tasks.
HEADED = ("各位代表：\n现在，我代表市人民政府向大会报告工作，请予审议。\n"
          "2023年工作回顾\n2023年是全面贯彻党的二十大精神的开局之年。\n"
          "（一）经济运行稳中向好。全市完成固定资产投资130亿元。\n"
          "（二）民生事业持续改善。新增就业岗位5000个。\n"
          "（三）生态环境持续优化。完成植树造林1万亩。\n"
          "2024年工作安排\n今年是中华人民共和国成立75周年。\n"
          "（一）推动经济稳定增长。实施重点项目100个以上。\n"
          "（二）建设新型基础设施。新建5G基站800个以上。\n")


@pytest.mark.parametrize("text", [HEADED, HEADED.replace("\n", "")], ids=["lines", "one-line"])
def test_unnumbered_part_headings_restart_the_list_and_the_review_assigns_no_tasks(text):
    doc = parse(text)
    assert [(s.level, s.marker, s.title[:6]) for s in doc.sections] == [
        (1, "（一）", "经济运行稳中"), (1, "（二）", "民生事业持续"), (1, "（三）", "生态环境持续"),
        (1, "（一）", "推动经济稳定"), (1, "（二）", "建设新型基础")]
    assert [t.title[:6] for t in doc.tasks] == ["推动经济稳定", "建设新型基础"]


def test_a_date_line_between_two_lists_restarts_nothing():
    # Only a year-led part heading restarts a list: a signature's date line does not.
    text = ("关于推进工作的方案\n一、主要任务\n（一）建设平台。\n（二）完善制度。\n"
            "2023年12月1日\n（一）加强领导。\n（三）强化保障。\n")
    assert [s.marker for s in parse(text).sections] == ["一、", "（一）", "（二）", "（三）"]
