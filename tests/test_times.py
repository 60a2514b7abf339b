"""Time expressions, on phrases taken from the dev and pool documents."""
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from policytext.stages.times import find_times


def _t(text, signed=None):
    return [(p.text, p.kind, p.value) for p in find_times(text, signed)]


@pytest.mark.parametrize("sentence,expected", [
    ("到2025年，基本实现政府履职核心业务数字化全覆盖", [("到2025年", "deadline", "2025")]),  # seed-shaoxing
    ("2020年底前实现政府性融资担保业务县域全覆盖", [("2020年底前", "deadline", "2020-12")]),  # 0012
    ("2019年6月底前，各省份建立省级绩效考核信息系统", [("2019年6月底前", "deadline", "2019-06")]),  # 0118
    ("安徽省工业互联网创新发展行动计划（2021-2023年）", [("2021-2023年", "period", "2021/2023")]),  # 0022
    ("“十四五”期间，推进智能制造", [("“十四五”期间", "period", "2021/2025")]),
    ("每年培育“皖企登云”企业6000家以上", [("每年", "recurring", "P1Y")]),  # 0022
    ("每季度通报一次", [("每季度", "recurring", "P3M")]),
    ("长期坚持", [("长期坚持", "ongoing", None)]),
    ("2022年12月30日", [("2022年12月30日", "date", "2022-12-30")]),  # seed-shaoxing signature
    ("力争到2027年，全社会研发经费投入强度达到2.8%左右", [("力争到2027年", "deadline", "2027")]),  # 0093
    ("2024年、2025年分别突破2.2万亿元", [("2024年", "deadline", "2024"), ("2025年", "deadline", "2025")]),
    # 0076: a scrambled year keeps its place but has no value
    ("0403年底前，形成04个以平台型企业为核心的平台生态系统", [("0403年底前", "deadline", None)]),
    ("2020年起，每年2月底前各省份完成", [("2020年起", "date", "2020"), ("每年", "recurring", "P1Y")]),  # 0118
    # 0027 (pool): the year after 比 is a baseline
    ("能耗分别比2020年下降5%", [("比2020年", "date", "2020")]),
    # pool 0111, 0082, 0052: a recurrence counted in digits
    ("原则上每5年修订1次专业目录，落实教师5年一周期的全员轮训制度", [("每5年", "recurring", "P5Y"), ("5年一周期", "recurring", "P5Y")]),
    ("每4个月提交阶段性报告，供电企业每季向属地报送", [("每4个月", "recurring", "P4M"), ("每季", "recurring", "P3M")]),
    # pool 0048, 0039: the day a meeting is set for (定于) is a date; a reply due by a day is a deadline
    ("省委、省政府定于2020年11月11日上午9时召开表彰大会，请于2020年11月5日前报送名单",
     [("于2020年11月11日", "date", "2020-11-11"), ("于2020年11月5日前", "deadline", "2020-11-05")]),
])
def test_find_times(sentence, expected):
    assert _t(sentence) == expected


@pytest.mark.parametrize("sentence,signed,value", [
    ("年底前完成", "2022-12-30", "2022-12"),
    ("明年底前建成", "2022-12-30", "2023-12"),
    ("今年内启动", "2021-03-01", "2021"),
    ("年底前完成", None, None),
])
def test_relative_times_use_the_signed_date(sentence, signed, value):
    assert [p.value for p in find_times(sentence, signed)] == [value]


@pytest.mark.parametrize("sentence", [
    "根据《国务院关于加强数字政府建设的指导意见》（国发〔2022〕14号）",  # seed-shaoxing
    "按照《江西省人民政府办公厅转发省政府金融办关于促进融资担保业发展意见的通知》（赣府厅发〔2014〕52号）要求",
    "第十条 本条例自公布之日起施行",
    "《山东省2021年数字经济工作要点》",
    # pool 0158: a title broken over lines is a title all the same
    "国务院编制了《\n国民经济和社会发展第十四个五年规划和2035年远景目标纲要（草案）\n》，提请审查。",
])
def test_titles_and_doc_numbers_are_not_times(sentence):
    assert [p for p in find_times(sentence) if p.kind in ("deadline", "date")] == []


@given(st.text(), st.one_of(st.none(), st.just("2022-12-30"), st.text(max_size=12)))
@example("到2025年", "²")  # found by hypothesis: "²".isdigit() is True, int("²") raises
@example("到2025年", "①②③④-01-01")
@example("年底前完成", "٢٠٢٢-12-30")  # Arabic-Indic digits are not a year
def test_never_raises_and_spans_inside(text, signed):
    for p in find_times(text, signed):
        assert 0 <= p.start < p.end <= len(text)
        assert text[p.start:p.end] == p.text


# Sentences written for issue 13: times as policy documents write them.
@pytest.mark.parametrize("sentence,expected", [
    ("到二〇三五年，基本实现社会主义现代化", [("到二〇三五年", "deadline", "2035")]),
    ("二〇二三年十二月二十日", [("二〇二三年十二月二十日", "date", "2023-12-20")]),
    ("年底完成全部改造", [("年底", "deadline", "2022-12")]),
    ("年末前完成", [("年末前", "deadline", "2022-12")]),
    ("2023年6月至9月开展专项整治", [("2023年6月至9月", "period", "2023-06/2023-09")]),
    ("2024年1—6月，全市规上工业增加值增长", [("2024年1—6月", "period", "2024-01/2024-06")]),
    ("4月12日至19日举办展会", [("4月12日至19日", "period", "2022-04-12/2022-04-19")]),
    ("从2021年到2025年，累计完成投资", [("从2021年到2025年", "period", "2021/2025")]),
    ("2021年—2025年", [("2021年—2025年", "period", "2021/2025")]),
    # pool 0032: months of two years are one period, no deadline of either
    ("统计时段为2018年10月至2021年7月底", [("2018年10月至2021年7月底", "period", "2018-10/2021-07")]),
    ("2019年12月至2020年3月开展集中整治", [("2019年12月至2020年3月", "period", "2019-12/2020-03")]),
    # pool 0029: a year OCR lost a digit of ends the scope before it, with no value
    ("到202年，每个乡镇培育提升1-2个优势特色产业", [("到202年", "deadline", None)]),
])
def test_times_as_written(sentence, expected):
    assert _t(sentence, "2022-12-30") == expected


@pytest.mark.parametrize("sentence", ["2023年2月30日", "2023年13月", "2023年4月31日前"])
def test_impossible_dates_are_no_dates(sentence):
    assert _t(sentence) == []


def test_plan_period_governs_with_its_end_year():
    [p] = find_times("“十四五”时期，全社会研发经费投入年均增长7%以上")
    assert (p.kind, p.value, p.governs, p.until) == ("period", "2021/2025", True, "2025")


@pytest.mark.parametrize("written,iso", [
    ("2019年01月24日", "2019-01-24"), ("2020-02-09 21:14", "2020-02-09"), ("2023-02-30", None),
    ("2024年2月29日", "2024-02-29"), ("2023年2月29日", None),
])
def test_one_validated_date_check(written, iso):
    from policytext.reading.formats.common import iso_date
    from policytext.textutil import parse_date

    assert iso_date(written) == iso
    assert (parse_date(written) or (None,))[0] == iso


@pytest.mark.parametrize("sentence,expected", [
    ("发布日期：2023-01-05", [("2023-01-05", "date", "2023-01-05")]),  # seed-shaoxing page header
    ("2023.3.15印发", [("2023.3.15", "date", "2023-03-15")]),
    ("2023/03/15", [("2023/03/15", "date", "2023-03-15")]),
    ("2023/02/30", []),
    ("版本1.2023.3.15.1", []),
])
def test_numeric_dates(sentence, expected):
    assert _t(sentence) == expected


# Characters that start, continue or border time phrases, so random strings hit every branch.
_TIME_ALPHABET = "0123456789〇○零一二三四五六七八九十“”年月日底末前内起以来今明本次每长期持续推进常态化比较同与力争到至在于从自截止—-~.，。\n 季度半周两"


@given(st.text(st.sampled_from(_TIME_ALPHABET), max_size=40))
@example("力争到二〇三五年，今年底前完成，明年起实施，次年见效")
@example("从2021年到2025年，“十四五”时期，截止到2020年底，比2015年增长")
@example("每季度通报，长期坚持，持续推进，常态化推进，4月12日至19日，本年度，年内完成")
def test_opening_lookahead_changes_no_match(text):
    """The lookahead that lets most positions fail fast must admit every start the branches match."""
    import regex

    from policytext.stages.times import _alternatives, _patterns

    plain = regex.compile(_alternatives())
    assert [m.span() for m in _patterns().finditer(text)] == [m.span() for m in plain.finditer(text)]


# A month without a year is a deadline of the signing's year (a notice's reply date), or of the
# next when that day had passed at the signing; sentences from the unlabelled pool notices.
@pytest.mark.parametrize("sentence,signed,expected", [
    ("于3月2日前经本单位主要负责同志审阅并加盖公章后", "2021-02-24", [("于3月2日前", "deadline", "2021-03-02")]),  # 0043
    ("人员名单于2月26日前传真至省政府办公厅", "2021-02-24", [("于2月26日前", "deadline", "2021-02-26")]),  # 0043
    ("将参会人员名单填写报名回执于11月6日下午5时前报省委办公厅", "2020-11-04",
     [("于11月6日下午5时前", "deadline", "2020-11-06")]),  # 0048
    ("于2月20日17:30前报送", "2020-02-09", [("于2月20日17:30前", "deadline", "2020-02-20")]),  # 0004
    ("8月底前，乡镇(街道)要指导监督新老班子及时办理工作交接", "2021-02-26", [("8月底前", "deadline", "2021-08")]),  # 0045
    ("请于1月10日前报送", "2020-12-20", [("于1月10日前", "deadline", "2021-01-10")]),  # past at the signing
    ("请于3月2日前报送", None, [("于3月2日前", "deadline", None)]),
    # a day written without 日 before 前 (pool 0019: 并于4月28前上报); a count of people is no date
    ("并于4月28前上报区局办公室", "2012-04-10", [("于4月28前", "deadline", "2012-04-28")]),
    ("共4月28人参加", "2012-04-10", []),
    # a work plan's milestone, without 前 (pool 0020); a month that opens a clause reports, and a cut-off counts
    ("（6月底完成，牵头考核单位：市政府办公室）", "2022-04-14", [("6月底", "deadline", "2022-06")]),
    ("5月底取得明显成效并持续推进", "2022-04-14", [("5月底", "deadline", "2022-05"), ("持续推进", "ongoing", None)]),
    ("6月底，全市完成投资100亿元", "2022-04-14", []),
    # …and, in its bracket, the month alone (pool 0020: （11月取得明显成效，…）); a report's months are none
    ("（11月取得明显成效，牵头考核单位：市工信局）", "2022-04-14", [("11月", "deadline", "2022-11")]),
    ("（6月份取得明显成效，牵头考核单位：市工信局）", "2022-04-14", [("6月份", "deadline", "2022-06")]),
    ("全市1—10月完成投资100亿元", "2022-04-14", []),
    ("截至6月底完成投资100亿元", "2022-04-14", []),
    # every year's months, not this year's (0052, dev 0118)
    ("每年7月30日前完成半年度总结、11月30日前完成年度总结", "2022-06-01", [("每年", "recurring", "P1Y")]),
    ("2020年起，每年2月底前各省份完成辖区内三级公立医院绩效考核工作，3月底前国家卫生健康委完成国家监测指标分析工作",
     "2019-01-16", [("2020年起", "date", "2020"), ("每年", "recurring", "P1Y")]),
    # a day things are to be sent in by, without 前 (pool 0032); a meeting's day and a reporting-in day are none
    ("并于7月30日报送一名联络员的姓名及联系方式", "2021-07-27", [("于7月30日", "deadline", "2021-07-30")]),
    ("请于12月5日提交书面报告", "2021-07-27", [("于12月5日", "deadline", "2021-12-05")]),
    ("参会人员于7月30日上午9时报到", "2021-07-27", []),
    ("在7月30日报送", "2021-07-27", []),
    # the year's end as a kind of assessment, or beside another time of year (pool 0105, 0120)
    ("纳入年底效能目标考核体系", "2018-03-01", []),
    ("要在年中和年末向国务院报告工作情况", "2004-03-01", []),
    ("年底建成10个基地", "2018-03-01", [("年底", "deadline", "2018-12")]),
    ("截至9月底前", "2021-01-01", []),  # a statistics cut-off
    # a day alone after 于 or 在 is in the month of signing, or the next when past (pool 0014, audit seed 1701)
    ("从业人员于13日下午15时前，通过扫描二维码参加答题", "2020-03-10", [("于13日下午15时前", "deadline", "2020-03-13")]),
    ("请各单位于5日前将名单报送办公室", "2020-03-28", [("于5日前", "deadline", "2020-04-05")]),
    ("请在二十日前报送", "2021-12-25", [("在二十日前", "deadline", "2022-01-20")]),
    ("请于13日前报送", None, [("于13日前", "deadline", None)]),
    ("每月于10日前报送上月数据", "2020-03-10", [("每月", "recurring", "P1M")]),  # every month's day, no deadline
    ("于15日内报送", "2020-03-10", []),  # a duration
    ("4月31日前报送", "2021-01-01", []),
    # 次年 is the year after one the sentence names, never the signing's (0033, 0086)
    ("确定年度应急保障期7个月，为每年6月至8月和10月至次年1月", "2021-06-01",
     [("每年", "recurring", "P1Y"), ("次年", "date", None)]),
    ("于获批次年分别给予建设单位国家级100万元", "2023-01-01", [("次年", "date", None)]),
])
def test_month_without_a_year(sentence, signed, expected):
    assert _t(sentence, signed) == expected


@pytest.mark.parametrize("sentence,signed,expected", [
    # pool 0123: each phase's window, written with ―, is due at its end
    ("第一阶段为社会团体自查阶段。1997年4―6月，由社会团体进行自查", "1997-04-08",
     [("1997年4―6月", "period", "1997-04/1997-06", True)]),
    ("1997年10月――1998年2月，由登记管理机关审定", "1997-04-08",
     [("1997年10月――1998年2月", "period", "1997-10/1998-02", True)]),
    # a window closed before the signing reports the past (a work report's 1—6月)
    ("2022年1—6月，全市规上工业增加值增长6%", "2023-01-10", [("2022年1—6月", "period", "2022-01/2022-06", False)]),
    # pool 0158, 0157: so does a plan period closed before the signing, and one a 是 clause says a year is
    ("“十三五”时期，经济年均增长5.7%。“十四五”时期，研发投入年均增长7%以上", "2021-03-05",
     [("“十三五”时期", "period", "2016/2020", False), ("“十四五”时期", "period", "2021/2025", True)]),
    ("今年是“十二五”时期承前启后的重要一年", "2012-03-05",
     [("今年", "deadline", "2012", True), ("“十二五”时期", "period", "2011/2015", False)]),
    # durations and qualifiers set no deadline (pool 0109, 0031, 0017)
    ("转制为企业后，五年内免征企业所得税", "2018-12-18", []),
    ("2018年12月31日之前已完成转制的企业", "2018-12-18", [("2018年12月31日之前", "date", "2018-12-31", False)]),
    ("对2020年及以前发放的扶贫小额信贷", "2021-03-01", [("2020年", "date", "2020", False)]),
    ("按照《住房和城乡建设部关于发布…的公告》（住房城乡建设部公告2019年第237号）等要求", "2020-02-21", []),
    ("今年内启动，年内完成", "2021-03-01", [("今年内", "deadline", "2021", True), ("年内", "deadline", "2021", True)]),
])
def test_windows_durations_and_qualifiers(sentence, signed, expected):
    assert [(p.text, p.kind, p.value, p.governs) for p in find_times(sentence, signed)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # pool 0151-0158: a year written as its clause's topic, or a review's heading, is a date in the output
    ("二、2024年工作安排\n2024年是新中国成立75周年。今年是实现规划目标的关键一年。到2025年，建成基站100个。\n",
     [("2024年", "deadline"), ("2024年", "date"), ("今年", "date"), ("到2025年", "deadline")]),
    ("一、2023年工作回顾\n过去一年，全市经济稳中向好。\n", [("2023年", "date")]),
    # pool 0018, 0109, dev 0117: a window from one day to another is one period, and no due date
    ("本规定自2013年3月1日至2018年2月28日施行。", [("自2013年3月1日至2018年2月28日", "period")]),
    ("2020年1月1日至12月31日，对参保企业返还失业保险费。", [("2020年1月1日至12月31日", "period")]),
    # pool 0027, 0156: a year that says which things are meant is a date, not a deadline
    ("到2025年，基本完成2005年前建成的老旧小区改造。", [("到2025年", "deadline"), ("2005年前", "date")]),
    # pool 0020, 0100: 2022年度 is listed whole
    ("制定2022年度双随机抽查计划。", [("2022年度", "deadline")]),
])
def test_times_as_listed(text, expected):
    from policytext import parse

    doc = parse(text)
    assert [(t.text, t.kind) for t in doc.times] == expected
    assert all(doc.text[a:b] == t.text for t in doc.times for a, b in [t.span])


def test_a_window_of_days_is_no_due_date():
    from policytext import parse

    doc = parse("一、政策措施\n1.放宽补贴申领条件。2020年1月1日至2021年12月31日，将申领条件放宽至参保1年以上。\n")
    assert [(t.kind, t.value) for t in doc.times] == [("period", "2020-01-01/2021-12-31")]
    assert doc.tasks[0].deadlines == []


def test_a_past_year_is_listed_as_a_date():
    from policytext import parse

    doc = parse("某市人民政府关于印发工作要点的通知\n\n一、工作回顾\n2023年，全市完成投资500亿元。\n"
                "二、工作安排\n到2025年，建成基站100个。\n\n某市人民政府\n2024年2月1日\n")
    assert doc.meta.signed_date == "2024-02-01"
    assert [(t.text, t.kind) for t in doc.times][:2] == [("2023年", "date"), ("到2025年", "deadline")]


@pytest.mark.parametrize(("heading", "item", "deadlines"), [
    # pool 0156: the year of an event named with it (…发展大会) governs nothing
    ("二、2024年主要工作", "1.统筹抓好边境旅游、2025年全区文化旅游发展大会重点项目建设。", []),
    ("二、2024年主要工作", "1.统筹抓好边境旅游、2025年前建成文化旅游重点项目。", ["2025"]),
    # pool 0031: 本年度 between a word and a noun names the year's plan, as 今年 does
    ("二、重点工作", "1.可按不超过本年度招录计划50%的比例招录。", []),
])
def test_a_year_that_names_a_thing_sets_no_task_deadline(heading, item, deadlines):
    from policytext import parse

    doc = parse("某县人民政府关于印发工作要点的通知\n\n一、总体要求\n坚持稳中求进工作总基调。\n" + heading + "\n" + item
                + "\n\n某县人民政府\n2024年2月1日\n")
    assert [t.deadlines for t in doc.tasks] == [deadlines]
