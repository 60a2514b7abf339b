"""Quantities as policy documents write them: the sentences of issue 13, sentence in, items out.

Pool sentences are quoted from the documents named; the others were written for the issue in
the documents' style. Each sentence is parsed as the body under a heading (``parse`` takes a
lone first line as the title). Known failures are strict xfails.
"""
import pytest

from policytext import parse

HEADING = "一、主要目标"


def _doc(sentence, signed=None):
    text = f"关于推进高质量发展的实施方案\n{HEADING}\n{sentence}\n"
    if signed:
        text += f"{signed}\n"
    return parse(text)


def _targets(sentence, signed=None):
    return [(t.indicator, t.comparator, t.value, t.value_max, t.unit, t.change, t.deadline)
            for t in _doc(sentence, signed).targets]


def _approx(rows):
    return [tuple(pytest.approx(x) if isinstance(x, float) else x for x in row) for row in rows]


# (sentence, [(indicator, comparator, value, value_max, unit, change, deadline), ...])
TARGETS = [
    # open-ended verbs and bound words
    ("制修订30项以上建材行业智能制造相关标准。",  # pool 0067
     [("建材行业智能制造相关标准", ">=", 30, None, "项", "level", None)]),
    ("到2025年，关停退出低效燃煤机组400万千瓦，压减焦化产能180万吨，淘汰老旧农业机械1万台。",
     [("低效燃煤机组", "=", 4e6, None, "千瓦", "decrease", "2025"),
      ("焦化产能", "=", 1.8e6, None, "吨", "decrease", "2025"),
      ("老旧农业机械", "=", 1e4, None, "台", "decrease", "2025")]),
    ("每个乡镇至少建成一所公办中心幼儿园。",  # pool 0075; 0031: 每个县至少认定1家…品牌
     [("公办中心幼儿园", ">=", 1, None, "所", "level", None)]),
    ("全市地区生产总值同比增长12%。", [("全市地区生产总值", "=", 12, None, "%", "increase", None)]),
    ("推动74项“跨省通办”事项全面落地。",  # pool 0078
     [("“跨省通办”事项", "=", 74, None, "项", "level", None)]),
    ("全县至少新建3所公办中心幼儿园。", [("公办中心幼儿园", ">=", 3, None, "所", "increase", None)]),
    ("到2025年，钢铁产能总量压减6%以上。", [("钢铁产能总量", ">=", 6, None, "%", "decrease", "2025")]),
    ("确保PM2.5平均浓度低于23微克/立方米。",  # pool 0151
     [("PM2.5平均浓度", "<", 23, None, "微克/立方米", "level", None)]),
    ("到2025年，区域噪声平均值小于55dB。", [("区域噪声平均值", "<", 55, None, "dB", "level", "2025")]),
    ("到2025年，新能源汽车保有量大于10万辆。", [("新能源汽车保有量", ">", 1e5, None, "辆", "level", "2025")]),
    # units read as written
    ("到2026年，全市算力总规模达到12EFLOPS，存储总量达10EB。",  # pool 0095
     [("全市算力总规模", "=", 12, None, "EFLOPS", "level", "2026"),
      ("存储总量", "=", 10, None, "EB", "level", "2026")]),
    # pool 0090; a bracket note at the end of an indicator is dropped
    ("到2026年，算力规模(FP16)突破3500PFlops。",
     [("算力规模", ">", 3500, None, "PFlops", "level", "2026")]),
    ("到2025年，12345热线服务时间达到240小时。", [("12345热线服务时间", "=", 240, None, "小时", "level", "2025")]),
    ("研发人员全时当量稳定保持在36万人年以上。",  # pool 0154
     [("研发人员全时当量", ">=", 3.6e5, None, "人年", "level", None)]),
    ("港口集装箱吞吐量达3050万标箱。",  # pool 0154
     [("港口集装箱吞吐量", "=", 3.05e7, None, "标箱", "level", None)]),
    ("到2005年，卷烟产量达到6 0 0万箱以上。",  # pool 0160
     [("卷烟产量", ">=", 6e6, None, "箱", "level", "2005")]),
    ("到2025年，数字经济发展指数达到125。", [("数字经济发展指数", "=", 125, None, "", "level", "2025")]),
    ("到2025年，燃煤电厂供电煤耗降至300克/千瓦时以下。",
     [("燃煤电厂供电煤耗", "<=", 300, None, "克/千瓦时", "level", "2025")]),
    ("粮食产量保持在1.3万亿斤以上。",  # pool 0158
     [("粮食产量", ">=", 1.3e12, None, "斤", "level", None)]),
    # indicators not cut or glued
    ("深入实施新时代山海协作工程，推进产业合作项目100个以上，到位资金100亿元以上。",  # pool 0151
     [("产业合作项目", ">=", 100, None, "个", "level", None), ("到位资金", ">=", 1e10, None, "元", "level", None)]),
    ("力争到位资金135亿元。", [("到位资金", "=", 1.35e10, None, "元", "level", None)]),  # pool 0155
    ("建成乡村振兴示范村100个（精品村20个）。",  # pool 0155
     [("乡村振兴示范村", "=", 100, None, "个", "level", None), ("精品村", "=", 20, None, "个", "level", None)]),
    ("重点打造精品村12个、示范村121个、提升村386个。",  # pool 0156
     [("精品村", "=", 12, None, "个", "level", None), ("示范村", "=", 121, None, "个", "level", None),
      ("提升村", "=", 386, None, "个", "level", None)]),
    ("年底前，省级依申请政务服务事项网上可办率不低于90%，市、县级不低于70%。",  # pool 0097
     [("省级依申请政务服务事项网上可办率", ">=", 90, None, "%", "level", "2022-12"),
      ("市、县级依申请政务服务事项网上可办率", ">=", 70, None, "%", "level", "2022-12")]),
    ("单位国内生产总值能耗和二氧化碳排放分别降低13.5%、18%。",  # pool 0158
     [("单位国内生产总值能耗", "=", 13.5, None, "%", "decrease", None),
      ("单位国内生产总值二氧化碳排放", "=", 18, None, "%", "decrease", None)]),
    ("到2025年，花生种植、收获机械化率分别达到65%、55%。",  # dev 0107
     [("花生种植机械化率", "=", 65, None, "%", "level", "2025"), ("花生收获机械化率", "=", 55, None, "%", "level", "2025")]),
    ("城镇和农村居民人均可支配收入分别增长5%和7.5%。",
     [("城镇居民人均可支配收入", "=", 5, None, "%", "increase", None),
      ("农村居民人均可支配收入", "=", 7.5, None, "%", "increase", None)]),
    ("化学需氧量、二氧化硫排放分别减少8%。",  # pool 0159: one value for each coordinated indicator
     [("化学需氧量", "=", 8, None, "%", "decrease", None), ("二氧化硫排放", "=", 8, None, "%", "decrease", None)]),
    ("新建新能源汽车公共充电桩750个，其中乡村150个。",  # pool 0151: 其中 narrows the indicator before
     [("新能源汽车公共充电桩", "=", 750, None, "个", "increase", None),
      ("乡村新能源汽车公共充电桩", "=", 150, None, "个", "increase", None)]),
    ("城镇新增就业1100万人以上，城镇调查失业率5.5%左右。",  # pool 0158: the verb of one clause is not the next's
     [("城镇新增就业", ">=", 1.1e7, None, "人", "increase", None), ("城镇调查失业率", "~", 5.5, None, "%", "level", None)]),
    ("到2 0 0 5年 , 力争高新技术产业产值达到6 0 0亿元以上 。",  # pool 0160: OCR spacing
     [("高新技术产业产值", ">=", 6e10, None, "元", "level", "2005")]),
    ("乡镇企业增加值年均增长1 0 %左右 。",  # pool 0160: two OCR-spaced digits
     [("乡镇企业增加值", "~", 10, None, "%", "increase", None)]),
    ("到2 0 0 5年 , 主要污染物排放总量比2 0 0 0年削减5 %以上 。",  # pool 0160: the baseline year leaves the indicator
     [("主要污染物排放总量", ">=", 5, None, "%", "decrease", "2005")]),
    # a veto word is scoped to its clause
    ("支持工业互联网企业综合服务平台持续迭代，每年上线工业APP或解决方案不低于50个，根据平台服务企业情况，"
     "每年给予平台500万元补贴。",  # pool 0088
     [("工业APP或解决方案", ">=", 50, None, "个", "level", None)]),
    # counts before their subject
    ("2022年60%以上城市社区达到创建要求。",  # pool 0027
     [("城市社区达到创建要求", ">=", 60, None, "%", "level", "2022")]),
    ("打造具有推广效应的100个算法产品。", [("具有推广效应的算法产品", "=", 100, None, "个", "level", None)]),
    ("在10个以上领域实现实时汇聚。", [("领域实现实时汇聚", ">=", 10, None, "个", "level", None)]),  # pool 0078
    # change: 左右 is a level; targets the list used to miss (pool 0158)
    ("城镇调查失业率5.5%左右；居民消费价格涨幅3%左右。",
     [("城镇调查失业率", "~", 5.5, None, "%", "level", None), ("居民消费价格涨幅", "~", 3, None, "%", "level", None)]),
    # approximate counts
    ("新增就业岗位5000多个。", [("就业岗位", ">", 5000, None, "个", "increase", None)]),
    ("融资规模达到500多亿元。", [("融资规模", ">", 5e10, None, "元", "level", None)]),
    ("培育产值超百亿企业二十余家。", [("产值超百亿企业", ">", 20, None, "家", "level", None)]),
    ("培育产值超百亿农业全产业链3条、超十亿“土特产”全产业链10条。",  # pool 0151
     [("产值超百亿农业全产业链", "=", 3, None, "条", "level", None),
      ("超十亿“土特产”全产业链", "=", 10, None, "条", "level", None)]),
    # ranges
    ("培育规模以上企业一千到一千二百家。", [("规模以上企业", "=", 1000, 1200, "家", "level", None)]),
    # fractions, Chinese decimals, bare 十
    ("到2025年，5G网络覆盖三分之一以上的乡镇。", [("5G网络覆盖乡镇", ">=", 100 / 3, None, "%", "level", "2025")]),
    ("数字经济核心产业增加值占比提高一点五个百分点。",
     [("数字经济核心产业增加值占比", "=", 1.5, None, "个百分点", "increase", None)]),
    ("建设十个示范区。", [("示范区", "=", 10, None, "个", "level", None)]),
    # Chinese-numeral years; 年底 alone against the signed date
    ("到二〇三五年，城乡居民人均收入达到10万元。", [("城乡居民人均收入", "=", 1e5, None, "元", "level", "2035")]),
    ("年底完成老旧小区改造200个。", [("老旧小区改造", "=", 200, None, "个", "level", "2022-12")]),
    # traditional characters read through the simplified view; spans stay in the source
    ("到2025年，數位服務覆蓋率達到90%以上。", [("数位服务覆盖率", ">=", 90, None, "%", "level", "2025")]),
]


@pytest.mark.parametrize(("sentence", "expected"), TARGETS)
def test_targets_as_written(sentence, expected):
    assert _targets(sentence, "2022年12月30日") == _approx(expected)


NOT_TARGETS = [
    "每项任务至少明确2-3个阶段性目标。",  # pool 0043: the document's own items
    "打造以四个集聚区、多个产业园为主体的“四聚多园\"空间格局。",  # pool 0090: a count inside a name's gloss
    "按照每千人口不少于10个托位规划、建设婴幼儿照护服务设施。",  # pool 0017: a planning standard
    "延续执行企业研发费用加计扣除75%政策，将制造业企业加计扣除比例提高到100%。",  # pool 0158: a tax rule
]


@pytest.mark.parametrize("sentence", NOT_TARGETS)
def test_not_targets_as_written(sentence):
    assert _targets(sentence) == []


def _amounts(sentence):
    return [(a.kind, a.comparator, a.value, a.value_max, a.unit) for a in _doc(sentence).amounts]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("对认定的企业给予一百二十到一百五十万元奖励。", [("award", "=", 1.2e6, 1.5e6, "元")]),
    ("单笔贷款额度50万元（含）—200万元。", [("other", "=", 5e5, 2e6, "元")]),
    # the same classes in other wording: one item, value and value_max, never the upper end alone
    ("对新认定的企业给予五十至一百万元补助。", [("subsidy", "=", 5e5, 1e6, "元")]),
    ("对获奖团队奖励二十到三十万元。", [("award", "=", 2e5, 3e5, "元")]),
    ("单笔担保金额100万元（含）-500万元。", [("other", "=", 1e6, 5e6, "元")]),
    ("单户贷款额度300万元(含)至1000万元。", [("other", "=", 3e6, 1e7, "元")]),
    ("按项目投资额给予10万元—50万元资助。", [("subsidy", "=", 1e5, 5e5, "元")]),
    ("对入选项目给予200-500万元支持。", [("subsidy", "=", 2e6, 5e6, "元")]),
])
def test_amount_ranges(sentence, expected):
    assert _amounts(sentence) == _approx(expected)


def test_review_of_past_work_has_facts_not_targets():
    # pool 0158: a work report's review part is general part; its numbers are facts
    text = ("政府工作报告\n一、2020年工作回顾\n全年新增城镇就业1186万人，年末全国城镇调查失业率降到5.2%。\n"
            "二、2021年重点工作\n城镇新增就业1100万人以上。\n")
    doc = parse(text)
    assert [(t.indicator, t.value, t.deadline) for t in doc.targets] == [("城镇新增就业", 1.1e7, "2021")]


@pytest.mark.parametrize("sep", ["", "\n"], ids=["one-line", "paragraphs"])
def test_goals_announced_after_a_past_marker_are_targets(sep):
    # pool 0155 flattened: 近年来 opened a sentence of the plan part; the goals announced after it in
    # the same (one-line) paragraph are still goals
    text = ("政府工作报告\n二、2024年主要目标任务\n从基础条件看，近年来，城乡居民人均可支配收入快速增长，基础设施全面提升。" + sep
            + "全年经济社会发展主要预期目标是：地区生产总值增长7%，城镇登记失业率控制在4.2%以内。\n")
    doc = parse(text)
    assert [(t.indicator, t.value) for t in doc.targets] == [("地区生产总值", 7), ("城镇登记失业率", 4.2)]


def test_a_citations_year_is_no_deadline():
    # pool 0017: （2019年版） names an edition
    text = ("关于促进3岁以下婴幼儿照护服务发展的实施意见\n一、主要任务\n按照《托儿所、幼儿园建筑设计规范（2019年版）》"
            "等要求，建设婴幼儿照护服务设施。力争建成示范机构20个。\n")
    assert [(t.value, t.deadline) for t in parse(text).targets] == [(20, None)]


@pytest.mark.parametrize("sep", ["", "\n"], ids=["one-line", "paragraphs"])
def test_a_year_inside_a_relative_clause_governs_no_target(sep):
    # pool 0156: the years say which projects are meant; the part's year is the targets' deadline
    text = ("政府工作报告\n一、2024年主要工作\n" + sep + "推进2021年前获得竞配指标的新能源项目建成并网、2023年获得竞配指标的项目"
            "全部开工建设，完成能源投资100亿元以上。" + sep + "房地产方面，完成房地产投资74亿元以上。\n")
    assert [(t.indicator, t.deadline) for t in parse(text).targets] == [("能源投资", "2024"), ("房地产投资", "2024")]


def test_counts_of_the_thing_named_before():
    text = "标题\n一、目标\n强力推进200个省州重点项目建设，开工70个、续建130个。\n"  # pool 0155
    assert [t.indicator for t in parse(text).targets][1:] == ["开工省州重点项目", "续建省州重点项目"]


# A clause that is only a stage verb (开工, 续建, 基本建成) counts the thing named before it: by the
# number of the same unit before it, else by the work the sentence opens with (推进X建设/改造). The
# verb stays in the indicator: without it 开工 and 续建 would name one indicator.
STAGE_COUNTS = [
    ("强力推进200个省州重点项目建设，开工70个、续建130个，其中竣工50个。",  # pool 0155, whole sentence
     ["省州重点项目", "开工省州重点项目", "续建省州重点项目", "竣工省州重点项目"]),
    ("继续推进保障性安居工程建设，在确保质量的前提下，基本建成500万套，新开工700万套以上。",  # pool 0157
     ["建成保障性安居工程", "新开工保障性安居工程"]),
    ("全年实施重点项目120个，开工建设40个，竣工投产30个。",
     ["重点项目", "开工建设重点项目", "竣工投产重点项目"]),
    ("全省新开工棚户区改造安置住房5万套，基本建成3万套。",
     # (全省 before the verb is stripped with it: the first count names the thing, like 省州重点项目)
     ["棚户区改造安置住房", "建成棚户区改造安置住房"]),
    ("推进老旧小区改造，今年改造完成120个，新开工80个。", ["改造完成老旧小区", "新开工老旧小区"]),
    # a thing named after the number keeps its own words
    ("加快推进交通重大项目建设，新开工项目15个，建成项目8个。", ["项目", "项目"]),
]


@pytest.mark.parametrize(("sentence", "indicators"), STAGE_COUNTS)
def test_stage_verb_counts_carry_the_thing_counted(sentence, indicators):
    assert [t.indicator for t in _doc(sentence).targets] == indicators


def test_traditional_spans_point_into_the_source():
    sentence = "到2025年，數位服務覆蓋率達到90%以上。"
    doc = _doc(sentence)
    [t] = doc.targets
    assert doc.src_text(t.span) == "數位服務覆蓋率達到90%以上"


def test_a_heading_naming_one_year_governs_its_part():
    # pool 0151: 二、2024年主要工作安排 governs the targets of its part that no time phrase governs
    text = ("丽水市政府工作报告\n一、2023年主要工作回顾\n全市生产总值增长7.5%。\n二、2024年主要工作安排\n"
            "（一）主要目标\n地区生产总值增长6.5%左右，到2027年，数字经济核心产业增加值达到500亿元。\n")
    assert [(t.indicator, t.value, t.deadline) for t in parse(text).targets] == [
        ("地区生产总值", 6.5, "2024"), ("数字经济核心产业增加值", 5e10, "2027")]


def test_a_plan_period_gives_its_end_year_and_a_named_year_only_its_sentence():
    # pool 0158: “十四五”时期 → 2025; 落实2030年…目标 names the goal's year, not a deadline
    text = ("政府工作报告\n一、“十四五”时期主要目标任务\n“十四五”时期经济社会发展主要目标如下。\n"
            "——推动绿色发展。落实2030年应对气候变化国家自主贡献目标。单位国内生产总值能耗降低13.5%。\n")
    assert [(t.indicator, t.deadline) for t in parse(text).targets] == [("单位国内生产总值能耗", "2025")]


# A year before the document's signing that governs its numbers makes them facts, not targets; a
# year inside a noun phrase (按2020年价格计算) does not. (sentence, signed line, targets)
PAST_YEAR_FACTS = [
    ("2022年全市完成投资500亿元，同比增长12%。", "2023年3月15日", []),
    ("2021年，全市新增高新技术企业120家。", "2023年3月15日", []),
    ("全市2022年完成投资500亿元。", "2023年3月15日", []),
    ("2022年全市主要经济指标稳中有进，规模以上工业增加值增长6%。", "2023年3月15日", []),  # 主要 sets no goal
    # pool 0054 (signed 2021): what a 2020 survey found is a fact
    ("在2020年对全省国有林场及其基层管护站老旧电网进行排查的基础上，确认待改造升级的国有林场场部177处。",
     "2021年5月11日", []),
    ("2022年全市地区生产总值达到3000亿元，到2025年力争突破4000亿元。", "2023年3月15日",
     [("全市地区生产总值", ">", 4e11, None, "元", "level", "2025")]),
    ("2024年全市完成投资600亿元。", "2023年3月15日", [("投资", "=", 6e10, None, "元", "level", "2024")]),
    ("按2020年价格计算，到2025年全市地区生产总值达到5000亿元。", "2023年3月15日",
     [("全市地区生产总值", "=", 5e11, None, "元", "level", "2025")]),
    # worded as a goal, or a horizon set with 到: a deadline whenever the text was signed
    ("政府可调度储备能力2021年确保达到800万吨。", "2022年12月30日",
     [("政府可调度储备能力", "=", 8e6, None, "吨", "level", "2021")]),
    ("到2020年，全省森林覆盖率达到45%。", "2021年5月11日", [("全省森林覆盖率", "=", 45, None, "%", "level", "2020")]),
    # no signing to compare with: the year stays a deadline
    ("2022年全市完成投资500亿元。", None, [("投资", "=", 5e10, None, "元", "level", "2022")]),
]


@pytest.mark.parametrize(("sentence", "signed", "expected"), PAST_YEAR_FACTS)
def test_a_year_before_the_signing_dates_a_fact(sentence, signed, expected):
    assert _targets(sentence, signed) == _approx(expected)


@pytest.mark.parametrize(("head", "expected"), [
    # pool 0159: an undated plan for 2011—2015 reviews 2010 in a chapter not headed as a review
    ("某省国民经济和社会发展第十二个五年（２０１１—２０１５年）规划纲要\n",
     [("地区生产总值", 8e12, "2015")]),
    ("某市数字经济发展行动计划（2011-2015年）\n", [("地区生产总值", 8e12, "2015")]),
    # no period at the head: nothing says when the text was written, so the year stays a deadline
    ("某省国民经济和社会发展规划纲要\n", [("地区生产总值", 3.98e12, "2010"), ("地区生产总值", 8e12, "2015")]),
])
def test_a_year_before_an_undated_plans_period_dates_a_fact(head, expected):
    text = head + ("第一章　发展环境\n２０１０年全省地区生产总值达到３．９８万亿元。\n"
                   "第二章　主要目标\n到2015年，全省地区生产总值达到8万亿元。\n")
    assert [(t.indicator[-6:], t.value, t.deadline) for t in parse(text).targets] == _approx(expected)


def test_a_line_break_after_a_quantity_ends_an_unpunctuated_list_item():
    # pool 0159: goal lines without end punctuation (…比重提高４个百分点⏎城镇化率提高４个百分点)
    text = ("规划纲要\n一、主要目标\n农业基础进一步巩固，服务业增加值占国内生产总值比重提高４个百分点\n"
            "城镇化率提高４个百分点，城乡区域发展的协调性进一步增强\n")
    assert [(t.indicator, t.value) for t in parse(text).targets] == [("服务业增加值占国内生产总值比重", 4), ("城镇化率", 4)]


@pytest.mark.parametrize(("sentence", "targets", "amounts"), [
    # pool 0151: a budget in one clause, a goal sum set in the next
    ("统筹安排政策配套资金120亿元以上，新增贷款余额650亿元以上，新供应建设用地1.5万亩。",
     [("贷款余额", 6.5e10), ("建设用地", 15000)], [("budget", 1.2e10)]),
    # pool 0154: 盘活…100亿元 after a list of bond issues
    ("发行地方政府专项债800亿元、基础设施领域不动产投资信托基金100亿元，盘活市区两级政府资产100亿元。",
     [("市区两级政府资产", 1e10)], [("fund", 8e10), ("fund", 1e10)]),
    # pool 0086, 0157: a cap per recipient and the change of a budget stay amounts
    ("按照上级到位资金的30%给予奖励，每家企业不超过50万元。", [], [("award", 5e5)]),
    ("今年中央财政用于“三农”的投入拟安排12287亿元，比上年增加1868亿元。", [], [("budget", 1.2287e12), ("budget", 1.868e11)]),
    # a loan per item is an amount
    ("单笔贷款额度50万元。", [], [("other", 5e5)]),
])
def test_sums_set_as_goals_beside_amounts(sentence, targets, amounts):
    from policytext.reading.normalize import TextView
    from policytext.stages.quantities import read_text

    got_targets, got_amounts = read_text(TextView(sentence).text)
    assert [(c.indicator, c.value) for c in got_targets] == [(i, pytest.approx(v)) for i, v in targets]
    assert [(a.kind, a.value) for a in got_amounts] == [(k, pytest.approx(v)) for k, v in amounts]


def test_a_year_before_the_signing_is_no_task_deadline():
    # pool 0027, 0032, 0054: a task that recalls 2018 and 2019 is due in 2021 only
    text = ("关于推进房屋加固工作的通知\n各区住建局：\n一、主要任务\n（一）推进房屋加固。2018年、2019年已加固房屋100户，"
            "2021年底前完成全部加固。\n某市住房和城乡建设局\n2021年7月27日\n")
    doc = parse(text)
    assert doc.meta.signed_date == "2021-07-27"
    assert doc.tasks[0].deadlines == ["2021-12"]


@pytest.mark.parametrize(("sentence", "deadlines"), [
    # pool 0002, 0037: a year before the signing that names a thing (a report, data) is no due date
    ("各上市公司在法定期限内披露2020年年报有困难的，应于5月31日前申请延期。", ["2021-05-31"]),
    ("交通量预测中采用2016年全市的交通调查数据，应采用最新数据预测。", []),
    # pool 0050, 0043: this year inside a noun phrase names what is meant
    ("认真总结今年春运各项工作机制，查找不足，推动工作制度化、规范化。", []),
    ("认真梳理今年牵头的各项改革任务，于3月2日前报送。", ["2021-03-02"]),
    # a year before a verb, a worded goal and this year as the subject stay due dates
    ("今年要完成全部房屋加固，2021年底前实现清零。", ["2021", "2021-12"]),
    ("各地2021年完成全部房屋加固。", ["2021"]),
    ("2020年确保完成全部房屋加固任务。", ["2020"]),
    # the period a report covers, whatever the year (pool 0002: 2020年第一季度季报 in a notice of 2020)
    ("各公司披露2021年第一季度季报有困难的，应于4月20日前申请延期。", ["2021-04-20"]),
    ("各单位按时报送2021年度决算和2021年半年报。", []),
    ("各区编制2022年度报告。", []),
    # a year before a report's name in a time phrase of its own stays a due date
    ("2021年底前完成年度报告编制。", ["2021-12"]),
    ("到2022年，建立房屋安全报告制度。", ["2022"]),
    # when a policy stops applying (pool 0109: 执行期限为2019年1月1日至2023年12月31日)
    ("上述补助适用于所有加固项目，执行期限为2021年1月1日至2023年12月31日。", []),
    ("补助政策有效期自2021年3月1日起至2022年12月31日，到期后另行公布。", []),
    ("各区在证书有效期内，于2021年底前完成换证。", ["2021-12"]),
    # the period a count covers (pool 0032): listed years, a 统计时段
    ("加固数量按照总体情况、2019年度、2020年度及2021年度分别汇总。", []),
    ("考核期间为2020年1月至2021年6月底，按季度汇总。", []),
    # a list of years that are due dates stays
    ("2021年、2022年分别完成加固任务的50%和100%。", ["2021", "2022"]),
    # a year that opens a relative clause says which things are meant (pool 0156, 0040)
    ("推进2023年前获得补助的房屋完成加固、2022年纳入计划的房屋全部开工。", []),
    ("优先支持为2022年度立项并完成加固的项目。", []),
    # the year of an event named with it (pool 0106)
    ("以2022年杭州亚运会为契机，推进房屋加固。", []),
    # a year whose clause up to 的 holds the goal's number is the goal's
    ("按照2022年全市加固率达到95%以上的目标推进。", ["2022"]),
])
def test_a_year_that_names_a_thing_is_no_task_deadline(sentence, deadlines):
    text = f"关于推进房屋加固工作的通知\n各区住建局：\n一、主要任务\n（一）推进房屋加固。{sentence}\n某市住房和城乡建设局\n2021年2月24日\n"
    doc = parse(text)
    assert doc.meta.signed_date == "2021-02-24"
    assert doc.tasks[0].deadlines == deadlines


def test_lines_of_a_plan_without_stops_are_not_a_wrap():
    # pool 0159: a plan written one sentence a line, without stops; a short line is no wrapped one
    lines = ["第一节　加强公共卫生服务体系建设　　逐步提高人均基本公共卫生服务经费标准，扩大国家基本公共卫生服务项目，"
             "实施重大公共卫生服务专项，完善重大疾病防控等专业公共卫生服务网络",
             "逐步建立农村医疗急救网络", "普及健康教育", "全面推行公共场所禁烟", "80%以上的城镇居民建立健康档案",
             "慢性病管理率提高到60%，规范管理人数达到1000万人以上"]
    doc = parse("某某省国民经济和社会发展第十二个五年规划纲要\n第一章　改善民生\n" + "\n".join(lines) + "\n")
    assert [t.indicator for t in doc.targets][:1] == ["城镇居民建立健康档案"]
