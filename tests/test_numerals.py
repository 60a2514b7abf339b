"""Numerals and quantities, on phrases taken from the dev and pool documents."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from policytext.stages.numerals import cn_value, find_quantities, parse_number


@pytest.mark.parametrize("written,value", [
    ("一百二十", 120), ("两", 2), ("二〇二二", 2022), ("十五", 15), ("五万", 50000), ("万亿", 1e12),
    ("千亿", 1e11), ("一亿五千万", 1.5e8),
])
def test_cn_value(written, value):
    assert cn_value(written) == value


@pytest.mark.parametrize("written,value", [
    ("5.6万", 56000), ("400亿", 4e10), ("2.2万亿", 2.2e12), ("1,200", 1200), ("百分之九十", 90), ("04", 4),
])
def test_parse_number(written, value):
    assert parse_number(written) == pytest.approx(value)


def _q(text):
    return [(text[q.start:q.end], q.value, q.value_max, q.unit) for q in find_quantities(text)]


@pytest.mark.parametrize("sentence,expected", [
    # seed-shaoxing
    ("建成第五代移动通信(5G)基站2万个以上", [("2万个", 20000, None, "个")]),
    ("数据交易量达到100亿条", [("100亿条", 1e10, None, "条")]),
    ("数字经济核心产业增加值突破400亿元", [("400亿元", 4e10, None, "元")]),
    # 0079
    ("数字经济产业能级达到万亿级", [("万亿级", 1e12, None, "")]),
    ("培育3-5家国内领先的工业互联网行业平台", [("3-5家", 3, 5, "家")]),
    # 0107
    ("全国农机总动力超过10亿千瓦", [("10亿千瓦", 1e9, None, "千瓦")]),
    ("灌排机械动力达到1.2亿千瓦", [("1.2亿千瓦", 1.2e8, None, "千瓦")]),
    # 0094
    ("2024年、2025年分别突破2.2万亿元、2.4万亿元",
     [("2024年", 2024, None, "年"), ("2025年", 2025, None, "年"), ("2.2万亿元", 2.2e12, None, "元"),
      ("2.4万亿元", 2.4e12, None, "元")]),
    # 0022
    ("实现标识注册总量突破5亿。", [("5亿", 5e8, None, "")]),
    # 0135
    ("举办预计单日人流超过五万人次的会展活动", [("五万人次", 50000, None, "人次")]),
    # 0012
    ("确保每个设区市培育一家主业突出", [("一家", 1, None, "家")]),
    # 0027 (pool): the multiplier written once applies to both ends of a range
    ("县城人口密度控制在每平方公里0.6-1万人", [("0.6-1万人", 6000, 10000, "人")]),
    ("百分之九十以上", [("百分之九十", 90, None, "%")]),
    ("提高2个百分点", [("2个百分点", 2, None, "个百分点")]),
    ("30%—50%", [("30%—50%", 30, 50, "%")]),
    ("2至3家", [("2至3家", 2, 3, "家")]),
    # pool 0160 (OCR): a spaced-out separator still makes a range
    ("向广东送电160 ～ 300万千瓦", [("160 ～ 300万千瓦", 1.6e6, 3e6, "千瓦")]),
    ("2　-　3个", [("2　-　3个", 2, 3, "个")]),
    # pool 0027: a population is counted in 人
    ("打造覆盖2000万人口的交通圈", [("2000万人口", 2e7, None, "人")]),
    # 0063: PDF text, spaces already dropped by the view
    ("收入超10亿元的系统解决方案供应商达40余家", [("10亿元", 1e9, None, "元"), ("40余家", 40, None, "家")]),
])
def test_quantities(sentence, expected):
    assert _q(sentence) == [(t, pytest.approx(v), m, u) for t, v, m, u in expected]


# Numbers, money and percentages as policy documents write them (issue 13).
@pytest.mark.parametrize("sentence,expected", [
    ("全市算力总规模达到12EFLOPS", [("12EFLOPS", 12, None, "EFLOPS")]),
    ("区域噪声小于55dB。", [("55dB", 55, None, "dB")]),
    ("PM2.5平均浓度低于23微克/立方米", [("23微克/立方米", 23, None, "微克/立方米")]),
    ("供电煤耗降至300克/千瓦时以下", [("300克/千瓦时", 300, None, "克/千瓦时")]),
    ("建筑垃圾排放不高于300吨/万平方米", [("300吨/万平方米", 300, None, "吨/万平方米")]),
    ("研发人员全时当量36万人年以上", [("36万人年", 3.6e5, None, "人年")]),
    ("港口集装箱吞吐量达3050万标箱", [("3050万标箱", 3.05e7, None, "标箱")]),
    ("粮食产量保持在1.3万亿斤以上", [("1.3万亿斤", 1.3e12, None, "斤")]),
    ("发展指数达到125。", [("125", 125, None, "")]),
    ("覆盖三分之一以上的乡镇", [("三分之一", 100 / 3, None, "%")]),
    ("千分之五", [("千分之五", 0.5, None, "%")]),
    ("百分之三十五点五", [("百分之三十五点五", 35.5, None, "%")]),
    ("提高一点五个百分点", [("一点五个百分点", 1.5, None, "个百分点")]),
    ("建设十个示范区", [("十个", 10, None, "个")]),
    ("融资规模达到500多亿元", [("500多亿元", 5e10, None, "元")]),
    ("二十余家", [("二十余家", 20, None, "家")]),
    ("给予一百二十到一百五十万元奖励", [("一百二十到一百五十万元", 1.2e6, 1.5e6, "元")]),
    ("单笔贷款额度50万元（含）—200万元", [("50万元（含）—200万元", 5e5, 2e6, "元")]),
    ("两千万元", [("两千万元", 2e7, None, "元")]),
    ("1.2亿欧元", [("1.2亿欧元", 1.2e8, None, "欧元")]),
    ("联系电话：0531-8708XXXX", []),
    ("十分重要", []),
])
def test_quantities_as_written(sentence, expected):
    assert _q(sentence) == [(t, pytest.approx(v), m, u) for t, v, m, u in expected]


@pytest.mark.parametrize("sentence", [
    "进一步健全完善“一网通办”",  # seed-shaoxing
    "车辆注销“一件事”等特色应用场景建设",
    "支持4K高清视频会议",
    "持续完善“1+9”政策体系",
    "率先开展“15分钟公共服务圈”试点",
    "为小微企业、“三农”等普惠领域提供",  # 0012
    "“十四五”智能制造发展规划",  # 0063
    "省级给予一次性奖补",  # 0022
    "建设5G全连接工厂",
    "推动新一代神威E级(百亿亿次级)原型机",  # 0079
    "提升面向农机装备零部件和整机的安全性",  # 0107
])
def test_names_are_not_quantities(sentence):
    assert [q for q in find_quantities(sentence) if q.unit_class not in ("time", "other")] == []


@given(st.text())
def test_never_raises_and_spans_inside(text):
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)


@given(st.text(alphabet="0123456789一二两三十百千万亿年月日%个家元-—至到以上.、，“”《》G", max_size=40))
def test_never_raises_on_numeral_soup(text):
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)


def test_bad_rule_data_names_file_and_line(monkeypatch):
    from policytext.errors import RuleDataError
    from policytext.stages import numerals

    monkeypatch.setattr(numerals, "data_text", lambda name: "个\tcount\n家\tcounted\n")
    numerals.measures.cache_clear()
    try:
        with pytest.raises(RuleDataError, match=r"measures.tsv line 2"):
            numerals.measures()
    finally:
        numerals.measures.cache_clear()


def test_missing_rule_key_names_key(monkeypatch):
    from policytext.errors import RuleDataError
    from policytext.stages import numerals

    monkeypatch.setattr(numerals, "load_toml", lambda name: {"names": {}})
    with pytest.raises(RuleDataError, match="names.patterns"):
        numerals.word_list("quantities.toml", "names.patterns")
