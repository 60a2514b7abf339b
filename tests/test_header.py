"""The 公文 header: title, genre, 发文字号, issuers, recipients, dates, enclosed documents.

Each case is a short real header block (copied from dev/ or pool/ documents) or a
flattened OCR document read from pool/; each expected field is its own test, so a
known wrong field is one strict xfail and the others still guard the code.
"""
from __future__ import annotations

import pytest
from conftest import DEV, POOL, dev_names, front, load_gold, needs_corpora, norm

from policytext.textutil import DOC_NUMBER, doc_type_of, parse_date, split_top_level

GOVCN = """索 引 号：
000014349/2018-00223
主题分类：
农业、林业、水利\\\\农业、畜牧业、渔业

发文机关：
国务院
成文日期：
2018年12月21日

标　　题：
国务院关于加快推进农业机械化和农机装备产业转型升级的指导意见

发文字号：
国发〔2018〕42号
发布日期：
2018年12月29日

主 题 词：

国务院关于加快推进农业机械化和
农机装备产业转型升级的指导意见
国发〔2018〕42号

各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
农业机械化和农机装备是转变农业发展方式、提高农村生产力的重要基础，是实施乡村振兴战略的重要支撑。没有农业机械化，就没有农业农村现代化。
一、总体要求
"""

PKULAW = """    【法宝引证码】 CLI.12.4638041
原文链接：https://www.pkulaw.com/lar/e069caa6e9e192c2d4e5fade93a3d543bdfb.html
安徽省人民政府办公厅关于印发支持工业互联网发展若干政策和安徽省工业互联网创新发展行动计划(2021—2023年)的通知
安徽省人民政府办公厅关于印发支持工业互联网发展若干政策和安徽省工业互联网创新发展行动计划（2021-2023年）的通知

（皖政办秘〔2021〕82号）

各市人民政府，省政府各部门，各直属机构：

　　《支持工业互联网发展若干政策》《安徽省工业互联网创新发展行动计划（2021-2023年）》已经省政府同意，现印发给你们，请认真抓好落实。
安徽省人民政府办公厅

　　2021年9月2日
支持工业互联网发展若干政策

　　为充分运用市场的逻辑、资本的力量，更好发挥政府作用，加快我省工业互联网发展，促进我省制造业数字化、网络化、智能化转型，制定和实施以下政策。
　　一、支持工业互联网平台建设
"""

SHAOXING = """绍兴市加快推进数字政府建设实施方案
来源:电子政务网 更新时间:2023-01-05

绍兴市人民政府关于印发《绍兴市加快推进数字政府建设实施方案》的通知

各区、县(市)人民政府,市政府各部门、各单位:

现将《绍兴市加快推进数字政府建设实施方案》印发给你们,请认真贯彻执行。
绍兴市人民政府

2022年12月30日

\x20

绍兴市加快推进数字政府建设实施方案

\x20

为贯彻落实党中央、国务院和省委、省政府关于加强数字政府建设的重大决策部署,以数字化改革助力政府职能转变,不断提升政府治理体系和治理能力现代化,制定本实施方案。
一、总体要求
"""

LAW = """# 上海市会展业条例

2020年3月19日 上海市第十五届人民代表大会常务委员会第十八次会议通过

<!-- INFO END -->

## 第一章  总则

第一条 为了促进会展业发展，规范会展活动，维护会展活动各方主体合法权益，打造国际会展之都，进一步优化营商环境，根据有关法律、行政法规，结合本市实际，制定本条例。
"""

PREAMBLE = """为落实《济南国家新一代人工智能创新发展试验区建设方案》任务部署，以新一代人工智能发展赋能我市新旧动能转换，打造人工智能科创高地，特制定本政策。
一、激发多元主体创新活力
1．支持人工智能重点领域基础前沿研究和关键核心技术研发。对类脑智能、智能传感器、人工智能芯片等基础前沿和智能图像识别与理解、自然人机交互、边缘计算等关键核心技术领域，支持我市各类研发机构、企业等开展上述领域的科研攻关。（责任单位：市科技局）
"""

CC = """　为贯彻落实《数字山东发展规划（2018-2022年）》，加快推进数字山东建设，制定本行动方案。
　一、打造协同高效的数字政府
　1.推动政务服务数字化转型。整合面向社会服务的政务信息系统，推进一体化在线政务服务平台建设。
\u2003\u2003抄送：省委各部门，省人大常委会办公厅，省政协办公厅，省监委，省法院，省检察院。各民主党派省委，省工商联。
      山东省人民政府办公厅2019年3月15日印发"""

CNDATE = SHAOXING.replace("2022年12月30日", "二〇二二年十二月三十日")
ISODATE = SHAOXING.replace("2022年12月30日", "2022-12-30")


def _dn(text, prefix, year, serial):
    return {"text": text, "prefix": prefix, "year": year, "serial": serial}


# pool 0113, 0125: an order's page gives its number with no year (synthetic, in their layout)
GOVCN_ORDER = """索 引 号：
000014349/2019-00101
主题分类：
城乡建设、环境保护\\其他

发文机关：
国务院
成文日期：
2019年03月02日

标　　题：
城镇排水设施管理条例

发文字号：
国令第712号
发布日期：
2019年03月08日

主 题 词：

中华人民共和国国务院令
第712号

现公布《城镇排水设施管理条例》，自2019年6月1日起施行。
总理　　某某
2019年3月2日

城镇排水设施管理条例
第一条　为了加强城镇排水设施管理，制定本条例。
"""

# name -> (source, expected fields). Source "pool:NNNN" reads the pool document.
CASES: dict[str, tuple[str, dict]] = {
    "govcn-0107": (GOVCN, {
        "title": "国务院关于加快推进农业机械化和农机装备产业转型升级的指导意见",
        "doc_type": "指导意见",
        "doc_number": _dn("国发〔2018〕42号", "国发", 2018, 42),
        "issuers": ["国务院"],
        "recipients": ["各省、自治区、直辖市人民政府", "国务院各部委、各直属机构"],
        "signed_date": "2018-12-21",
        "published_date": "2018-12-29",
        "enclosed": [],
        "cc": [],
    }),
    "govcn-order": (GOVCN_ORDER, {
        "title": "城镇排水设施管理条例",
        "doc_type": "条例",
        "doc_number": _dn("国令第712号", "国令", None, 712),
        "issuers": ["国务院"],
        "signed_date": "2019-03-02",
        "published_date": "2019-03-08",
    }),
    "pkulaw-0022": (PKULAW, {
        # printed twice (half- and full-width brackets): one title
        "title": "安徽省人民政府办公厅关于印发支持工业互联网发展若干政策和安徽省工业互联网创新发展行动计划（2021-2023年）的通知",
        "doc_type": "通知",
        "doc_number": _dn("皖政办秘〔2021〕82号", "皖政办秘", 2021, 82),
        "issuers": ["安徽省人民政府办公厅"],
        "recipients": ["各市人民政府", "省政府各部门", "各直属机构"],
        "signed_date": "2021-09-02",
        "published_date": None,
        "enclosed": [("支持工业互联网发展若干政策", "若干政策"),
                     ("安徽省工业互联网创新发展行动计划（2021-2023年）", "行动计划")],
    }),
    "web-shaoxing": (SHAOXING, {
        "title": "绍兴市人民政府关于印发《绍兴市加快推进数字政府建设实施方案》的通知",
        "doc_type": "通知",
        "doc_number": None,
        "issuers": ["绍兴市人民政府"],
        "recipients": ["各区、县(市)人民政府", "市政府各部门、各单位"],
        "signed_date": "2022-12-30",
        "published_date": "2023-01-05",
        "enclosed": [("绍兴市加快推进数字政府建设实施方案", "实施方案")],
    }),
    "cn-numeral-date": (CNDATE, {"signed_date": "2022-12-30", "issuers": ["绍兴市人民政府"]}),
    "iso-date": (ISODATE, {"signed_date": "2022-12-30", "issuers": ["绍兴市人民政府"]}),
    "markdown-law-0135": (LAW, {
        "title": "上海市会展业条例",
        "doc_type": "条例",
        "doc_number": None,
        "issuers": ["上海市人民代表大会常务委员会"],  # without 第十五届
        "recipients": [],
        "signed_date": "2020-03-19",
        "published_date": None,
        "enclosed": [],
    }),
    "preamble-0072": (PREAMBLE, {
        "title": None, "doc_type": None, "doc_number": None, "issuers": [], "recipients": [],
        "signed_date": None, "enclosed": [],
    }),
    "cc-0097": (CC, {
        "title": None,  # …制定本行动方案。 is a preamble sentence, not a title
        "doc_type": None,
        "cc": ["省委各部门", "省人大常委会办公厅", "省政协办公厅", "省监委", "省法院", "省检察院",
               "各民主党派省委", "省工商联"],
    }),
    "ocr-0044": ("pool:0044", {
        "title": "山东省财政厅关于做好2021年度会计专业技术人员继续教育有关工作的通知",
        "doc_type": "通知",
        "doc_number": _dn("鲁财会〔2021〕13号", "鲁财会", 2021, 13),
        "issuers": ["山东省财政厅"],
        "recipients": ["各市财政局、省直各部门(单位)、各省属企业"],  # no top-level comma
        "signed_date": "2021-02-25",  # …确保继续教育质量。山东省财政2021年2月25日
        "enclosed": [],
    }),
    "ocr-0054": ("pool:0054", {
        "title": "陕西省发展和改革委员会陕西省林业局关于印发《全省国有林场场部(管护站)老旧电网改造升级工程实施方案》的通知",
        "doc_type": "通知",
        "doc_number": _dn("陕发改能电力[2021] 634号", "陕发改能电力", 2021, 634),
        "issuers": ["陕西省发展和改革委员会", "陕西省林业局"],
        "recipients": ["各设区市发展改革委、林业局", "国网陕西省电力公司、陕西省地方电力(集团)有限公司",
                       "省森林资源管理局、省林科院、省楼观台生态实验林场、陕煤化生态林业总场"],
        "signed_date": "2021-05-11",  # 陕西省发展和改革委员会    陕西省林业局2021年5月11日
        "enclosed": [("全省国有林场场部(管护站)老旧电网改造升级工程实施方案", "实施方案")],
    }),
    "ocr-0047": ("pool:0047", {
        "title": "中共中央办公厅国务院办公厅关于严格规范村庄撤并工作的通知",
        "doc_type": "通知",
        "doc_number": _dn("中办发〔2020〕39号", "中办发", 2020, 39),
        "issuers": ["中共中央办公厅", "国务院办公厅"],
        "recipients": ["各省、自治区、直辖市党委和人民政府", "中央和国家机关各部委",
                       "解放军各大单位和武警部队、中央军委机关各部门", "各人民团体"],
        "signed_date": "2020-12-18",  # 中共中央办公厅国务院办公厅2020年12月18日(此件发至县团级)
        "enclosed": [],
    }),
    "ocr-0040": ("pool:0040", {
        "title": "山东省市场监督管理局关于征集2021年度“山东标准”建设项目的通知",
        # letterhead 山东省市场监督管理局 glued to the number
        "doc_number": _dn("鲁市监标函〔2021〕33号", "鲁市监标函", 2021, 33),
        "recipients": ["省直有关部门", "各市市场监督管理局", "各有关单位"],
    }),
    # One-line text with what portals and databases glue around the title.
    "flat-web-header": (
        "宁波市数字乡村建设实施方案来源:政务网 更新时间:2023-02-06宁波市人民政府关于印发《宁波市数字乡村建设实施方案》的通知"
        "各区、县(市)人民政府，市政府各部门：现将《宁波市数字乡村建设实施方案》印发给你们，请认真贯彻实施。" + "为推进数字化发展，结合本地实际制定本方案。" * 30,
        {"title": "宁波市人民政府关于印发《宁波市数字乡村建设实施方案》的通知", "doc_type": "通知",
         "recipients": ["各区、县(市)人民政府", "市政府各部门"]}),
    "flat-title-twice": (
        "【法宝引证码】 CLI.12.123456原文链接：https://www.pkulaw.com/lar/abc123.html"
        "江苏省人民政府办公厅关于印发江苏省数字经济发展行动计划（2023—2025年）的通知"
        "江苏省人民政府办公厅关于印发江苏省数字经济发展行动计划（2023—2025年）的通知（苏政办发〔2023〕9号）"
        "各市、县（市、区）人民政府，省各委办厅局：现将行动计划印发给你们。" + "为推进数字化发展，结合本地实际制定本方案。" * 30,
        {"title": "江苏省人民政府办公厅关于印发江苏省数字经济发展行动计划（2023—2025年）的通知", "doc_type": "通知",
         "doc_number": _dn("苏政办发〔2023〕9号", "苏政办发", 2023, 9)}),
    "flat-plan-contents": (
        "“十四五”数字政府发展规划目 录一、现状与形势..........1二、总体思路..........2" + "为推进数字化发展，结合本地实际制定本方案。" * 30,
        {"title": "“十四五”数字政府发展规划", "doc_type": "规划"}),
    # Unsigned documents: the issuer and date come from where ANNOTATION.md lists them.
    "printing-note": (
        "临沂市数字经济发展工作要点\n一、夯实数字基础\n（一）建设5G基站。年底前新建5G基站2000个。\n"
        "抄送：市委各部门，市人大常委会办公室。\n    临沂市人民政府办公室2022年4月8日印发\n",
        {"issuers": ["临沂市人民政府办公室"], "signed_date": "2022-04-08"}),
    "red-header": (
        "济宁市财政局文件\n济财办〔2021〕7号\n济宁市财政局关于做好预算绩效管理工作的通知\n各县市区财政局：\n"
        "为加强预算绩效管理，现就有关事项通知如下。\n一、强化目标管理\n",
        {"issuers": ["济宁市财政局"], "doc_number": _dn("济财办〔2021〕7号", "济财办", 2021, 7)}),
    "speech": (
        "政府工作报告\n——2024年1月20日在潍坊市第十八届人民代表大会第三次会议上\n潍坊市市长 张某\n各位代表：\n"
        "现在，我代表市人民政府，向大会报告工作，请予审议。\n一、2023年工作回顾\n",
        {"issuers": ["市人民政府"], "signed_date": "2024-01-20", "recipients": []}),
    # pool 0158 with OCR spaces: a space after the comma of 我代表国务院， 向大会…
    "speech-spaced": (
        "政府工作报告\n——2 0 2 1年3月5日在第十三届全国人民代表大会第四次会议上\n国务院总理 李某\n各位代表：\n"
        "现在，我代表国务院， 向大会报告政府工作，请予审议。\n一、2020年工作回顾\n",
        {"issuers": ["国务院"], "signed_date": "2021-03-05", "recipients": []}),
}

KNOWN_BUGS: dict[tuple[str, str], str] = {}


def _source(src: str) -> str:
    if src.startswith("pool:"):
        path = POOL / f"{src[5:]}.txt"
        if not path.is_file():
            pytest.skip(f"pool document not found: {path}")
        return path.read_text(encoding="utf-8")
    return src


def _params():
    out = []
    for name, (_src, fields) in CASES.items():
        for field in fields:
            marks = []
            if (name, field) in KNOWN_BUGS:
                marks = [pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[(name, field)])]
            out.append(pytest.param(name, field, id=f"{name}-{field}", marks=marks))
    return out


_docs: dict = {}


def _meta(name: str) -> tuple[dict, object]:
    if name not in _docs:
        doc = front(_source(CASES[name][0]), doc_id=name)
        _docs[name] = (doc.to_dict()["meta"], doc)
    return _docs[name]


@pytest.mark.parametrize("name,field", _params())
def test_header_field(name, field):
    meta, _doc = _meta(name)
    expected = CASES[name][1][field]
    actual = meta[field]
    if field == "title":
        # a title printed twice may be taken from either print
        assert (actual is None) == (expected is None), actual
        assert norm(actual) == norm(expected)
    elif field == "enclosed":
        assert [(norm(e["title"]), e["doc_type"]) for e in actual] == [(norm(t), d) for t, d in expected]
    else:
        assert actual == expected


@pytest.mark.parametrize("name", list(CASES))
def test_meta_spans_are_evidence(name):
    meta, doc = _meta(name)
    text = doc.text
    for field, (a, b) in doc.meta_spans.items():
        assert 0 <= a < b <= len(text), field
        evidence = text[a:b]
        if field == "title":
            assert norm(evidence) == norm(meta["title"])
        elif field == "doc_number":
            assert evidence == meta["doc_number"]["text"]
        elif field in ("signed_date", "published_date"):
            assert parse_date("".join(evidence.split()))[0] == meta[field]  # (OCR spaces: 2 0 2 1年)
        elif field == "recipients":
            assert [n for n, _, _ in split_top_level(evidence, ",，")] == meta["recipients"]


# -- whole dev corpus against gold -----------------------------------------------------------

GOLD_FIELDS = ("title", "doc_type", "enclosed_titles", "enclosed_doc_types", "doc_number", "issuers",
               "recipients", "signed_date", "published_date")


@needs_corpora
@pytest.mark.parametrize("name", dev_names())
def test_dev_meta_matches_gold(name):
    gold = load_gold(name)["meta"]
    doc = front((DEV / f"{name}.txt").read_text(encoding="utf-8"), doc_id=name)
    pm = doc.to_dict()["meta"]
    pred = dict(pm)
    pred["enclosed_titles"] = [e["title"] for e in pm["enclosed"]]
    pred["enclosed_doc_types"] = [e["doc_type"] for e in pm["enclosed"]]
    pred["doc_number"] = pm["doc_number"]["text"] if pm["doc_number"] else None
    wrong = {}
    for k in GOLD_FIELDS:
        if k not in gold:
            continue
        g, p = gold[k], pred.get(k)
        ok = (sorted(map(norm, g)) == sorted(map(norm, p or []))) if isinstance(g, list) else norm(g) == norm(p)
        if not ok:
            wrong[k] = (g, p)
    assert not wrong


# -- helpers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title,doc_type",
    [
        ("国务院关于加快推进农业机械化和农机装备产业转型升级的指导意见", "指导意见"),
        ("山东省服务业数字化转型行动方案（2021—2023）", "行动方案"),
        ("新一代信息技术产业行动计划（2024-2025年）", "行动计划"),
        ("关于加快发展的若干意见（征求意见稿）", "若干意见"),
        ("某市公共数据管理办法（试行）", "管理办法"),
        ("“十四五”智能制造发展规划", "规划"),
        ("山东省应急管理厅关于商请会签的函", "函"),
        ("上海市会展业条例", "条例"),
        ("支持工业互联网发展若干政策", "若干政策"),
        ("关于进一步做好稳就业工作的通报", "通报"),
        ("数字政府建设", None),
        ("", None),
        (None, None),
    ],
)
def test_doc_type_of(title, doc_type):
    assert doc_type_of(title) == doc_type


@pytest.mark.parametrize(
    "text,iso",
    [
        ("二〇二二年十二月三十日", "2022-12-30"),
        ("2022-12-30", "2022-12-30"),
        ("2022年12月30日", "2022-12-30"),
        ("2019年01月16日", "2019-01-16"),
        ("2022.12.30", "2022-12-30"),
        ("二〇二〇年三月", "2020-03"),
        ("2 0 2 2年1 2月3 0日", None),  # raw OCR spacing is the view's job, not parse_date's
        ("〇四〇二年", None),
    ],
)
def test_parse_date(text, iso):
    got = parse_date(text)
    assert (got[0] if got else None) == iso


@pytest.mark.parametrize(
    "text,prefix,year,serial",
    [
        ("国发〔2022〕14号", "国发", 2022, 14),
        ("（皖政办秘〔2021〕82号）", "皖政办秘", 2021, 82),
        ("浙政办发[2021]5号", "浙政办发", 2021, 5),
        ("鲁交城市函（2020）39号", "鲁交城市函", 2020, 39),
        ("陕发改能电力[2021] 634号", "陕发改能电力", 2021, 634),
        ("国办发〔2018〕第121号", "国办发", 2018, 121),
    ],
)
def test_doc_number_pattern(text, prefix, year, serial):
    m = DOC_NUMBER.search(text)
    assert m is not None
    assert (m["prefix"], int(m["year"]), int(m["serial"])) == (prefix, year, serial)


def test_recipients_split_only_at_top_level_commas():
    s = "各区、县(市)人民政府,市政府各部门、各单位，省委办公厅（省委机要局，省保密局）"
    assert [n for n, _, _ in split_top_level(s, ",，")] == [
        "各区、县(市)人民政府", "市政府各部门、各单位", "省委办公厅（省委机要局，省保密局）"]


@pytest.mark.parametrize(("glued", "expected"), [
    ("中共中央办公厅国务院办公厅", ["中共中央办公厅", "国务院办公厅"]),  # pool 0047
    ("陕西省发展和改革委员会陕西省林业局", ["陕西省发展和改革委员会", "陕西省林业局"]),  # pool 0054
    ("山东省住房和城乡建设厅山东省住房和城乡建设厅", ["山东省住房和城乡建设厅"]),  # pool 0027, printed twice
    ("山东省发展和改革委员会公文稿纸山东省发展和改革委员会", ["山东省发展和改革委员会"]),  # pool 0033
    ("山东省档案局山东省档案馆", ["山东省档案局", "山东省档案馆"]),  # pool 0046
    ("国务院办公厅", ["国务院办公厅"]),
    ("中共山东省委办公厅", ["中共山东省委办公厅"]),
    ("山东省人民政府办公厅", ["山东省人民政府办公厅"]),
])
def test_glued_issuers_are_split(glued, expected):
    from policytext.stages.header import _split_issuers

    assert _split_issuers(glued) == expected


# What a notice issues, as pool documents write it (0021, 0029/0034, 0045, 0119, 0129): written here
# as short synthetic notices.
_ISSUED = [
    ("cited-documents-are-not-issued",  # pool 0021
     "北京市经济和信息化局关于推进数据专区建设的通知\n各区政府：\n为释放数据要素价值，根据《数字经济发展规划》《关于加强数字政府建设的"
     "指导意见》等相关政策文件，我局制定了《关于推进北京市数据专区建设的指导意见》，现印发给你们，请结合实际认真贯彻落实。\n",
     ["关于推进北京市数据专区建设的指导意见"]),
    ("an-alias-is-no-second-document",  # pool 0129
     "国务院办公厅关于印发国家组织药品集中采购和使用试点方案的通知\n各省人民政府：\n《国家组织药品集中采购和使用试点方案》"
     "（以下简称《方案》）已经国务院同意，现印发给你们，请认真贯彻执行。\n",
     ["国家组织药品集中采购和使用试点方案"]),
    ("a-letter-carrying-a-draft-notice-issues-nothing",  # pool 0029, 0034 (the letter runs on in one line)
     "山东省乡村振兴局关于商请会签《关于支持重点帮扶县的若干措施》的函\n省直有关部门:我局起草了《关于支持重点帮扶县的若干措施》，"
     "请会签。关于印发《关于支持重点帮扶县的若干措施》的通知各市人民政府:经省政府同意，现将《关于支持重点帮扶县的若干措施》"
     "印发给你们，请认真贯彻落实。",
     []),
    ("a-letter-whose-title-issues",  # pool 0119
     "国务院办公厅关于印发国家粮食应急预案的函\n各省人民政府：\n《国家粮食应急预案》已经国务院同意，现印发给你们。\n",
     ["国家粮食应急预案"]),
    ("the-title-quotes-what-an-ocr-body-garbles",  # pool 0045
     "山东省人民政府办公厅印发《关于做好村“两委”换届工作的意见》的通知\n各市人民政府：\n《关于做好村经省政府同意，各部门“两委”换届"
     "工作的意见》已现印发给你们，请结合实际认真贯彻落实。\n",
     ["关于做好村“两委”换届工作的意见"]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in _ISSUED], ids=[c[0] for c in _ISSUED])
def test_what_a_notice_issues(text, expected):
    assert [e["title"] for e in front(text).to_dict()["meta"]["enclosed"]] == expected


# Laws and regulations as database exports print them (pool 0136-0150, dev 0135), clean and flattened.
_REGULATION = ("# 保安服务管理条例\n\n2009年9月28日 国务院第82次常务会议通过\n\n2009年10月13日 中华人民共和国国务院令第564号公布\n\n"
               "## 第一章 总则\n\n第一条 为了规范保安服务活动，制定本条例。\n\n第二条 本条例自2010年1月1日起施行。\n")
_DECREE = ("# 公民举报危害国家安全行为奖励办法\n\n2022年6月6日 中华人民共和国国家安全部令第2号公布\n\n## 第一章 总 则\n\n"
           "第一条 为了鼓励公民举报危害国家安全行为，制定本办法。\n\n第二条 本办法自公布之日起施行。\n")
_LOCAL_LAW = ("# 安阳市中小学校幼儿园规划建设条例\n\n2021年11月6日 安阳市第十四届人民代表大会常务委员会第二十六次会议通过\n\n"
              "2021年11月27日 河南省第十三届人民代表大会常务委员会第二十八次会议批准\n\n第一条 为了加强中小学校规划建设，制定本条例。\n\n"
              "第二条 本条例自2022年3月1日起施行。\n")


# One-line text is read as such from 600 characters on: articles enough to get there.
_ARTICLES = "".join(f"\n第{n}条 有关部门应当按照职责分工，做好相关工作，加强监督检查，依法查处违法行为，保障各方合法权益。\n"
                    for n in ["三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四"])


@pytest.mark.parametrize(("text", "date", "issuers", "number"), [
    # adopted at a State Council meeting, then decreed: the decree numbers it (as 国令第707号 in a page's field)
    (_REGULATION, "2009-09-28", ["国务院"], "中华人民共和国国务院令第564号"),
    (_DECREE, "2022-06-06", ["国家安全部"], "中华人民共和国国家安全部令第2号"),  # only decreed: its organ and date
    (_LOCAL_LAW, "2021-11-06", ["安阳市人民代表大会常务委员会"], None),
])
@pytest.mark.parametrize("flat", [False, True], ids=["lines", "one-line"])
def test_law_dates_and_issuers(text, date, issuers, number, flat):
    title = text.splitlines()[0].strip("# ")
    text += _ARTICLES
    if flat:  # one-line OCR text: the effective date near the end is not the law's date
        text = "".join(line.strip() for line in text.splitlines())
    meta = front(text).meta
    assert meta.title == title
    assert meta.signed_date == date
    assert meta.issuers == issuers
    assert (meta.doc_number.text if meta.doc_number else None) == number
    if number:  # an order is numbered in one series, with no year
        assert (meta.doc_number.year, meta.doc_number.serial) == (None, int(number[number.index("第") + 1:-1]))


# Header sentences enough to carry a synthetic notice past the length from which text without line
# breaks is read as one-line text (header.run: more than 600 characters).
_ONE_LINE_PAD = "各地各部门要加强组织领导，明确责任分工，强化资金保障，完善工作机制，确保各项任务落到实处，取得实效。" * 12


def test_title_printed_twice_in_other_widths_keeps_its_number():
    # dev 0022 flattened: the second print writes （2021-2023年） where the first wrote (2021—2023年)
    text = ("安徽省人民政府办公厅关于印发行动计划(2021—2023年)的通知安徽省人民政府办公厅关于印发行动计划（2021-2023年）的通知"
            "（皖政办秘〔2021〕82号）各市人民政府，省政府各部门：现将《行动计划（2021-2023年）》印发给你们，请认真贯彻执行。"
            + _ONE_LINE_PAD
            + "安徽省人民政府办公厅2021年9月2日")
    assert front(text).meta.doc_number.text == "皖政办秘〔2021〕82号"


def test_one_line_title_after_a_metadata_label():
    # pool 0131-0133 flattened: a portal's 目录项的基本信息 block glued before the title
    text = ("目录项的基本信息   公开事项名称:   国家能源局关于推进煤炭与新能源融合发展的指导意见   索引号:   000019705/2025-000321"
            "   主办单位:   国家能源局   各省（自治区、直辖市）能源局，有关中央企业：为深入贯彻落实党中央决策部署，推动煤炭与新能源融合发展，"
            + "现提出如下意见。一、总体要求坚持系统观念，统筹发展和安全，推动煤炭产业链延伸发展，促进煤炭行业绿色转型。" * 12)
    meta = front(text).meta
    assert meta.title == "国家能源局关于推进煤炭与新能源融合发展的指导意见"


def test_recipients_are_not_a_lead_in_or_a_metadata_label():
    # pool 0010: a decision's lead-in ends in a colon too; pool 0131: so does a portal's field label
    decision = ("江西省人民政府关于修改《江西省流动人口服务和管理办法》的决定\n"
                "省人民政府第66次常务会议决定对《江西省流动人口服务和管理办法》作如下修改：\n一、将第三条修改为：……\n")
    assert front(decision).meta.recipients == []
    portal = ("目录项的基本信息   公开事项名称:\n国家能源局关于推进煤炭与新能源融合发展的指导意见\n索引号:\n000019705/2025-000321\n"
              "主办单位:\n国家能源局\n制发日期:\n2025-10-28\n")
    meta = front(portal).meta
    assert meta.recipients == [] and meta.title == "国家能源局关于推进煤炭与新能源融合发展的指导意见"


def test_one_line_recipients_after_a_bracketed_number():
    # pool 0018, 0019 flattened: …的通知（余府发〔2012〕3号）各县（区）人民政府…：
    text = ("新余市人民政府办公室关于印发《新余市绿色建筑管理办法》的通知新余市人民政府办公室关于印发《新余市绿色建筑管理办法》的通知"
            "（余府发〔2012〕3号）各县（区）人民政府、管委会，市政府各部门，"
            "市直各单位：现将《新余市绿色建筑管理办法》印发给你们，请认真贯彻执行。"
            + _ONE_LINE_PAD)
    assert front(text).meta.recipients == ["各县（区）人民政府、管委会", "市政府各部门", "市直各单位"]


@pytest.mark.parametrize(("glued", "recipients"), [
    # pool 0036 flattened: the recipients run into the letter the notice carries, which has its own
    ("有关企业江苏省交通运输厅关于征求《江苏省港口安全应急预案》意见的函各市交通运输局，有关企业:",
     ["各设区市人民政府", "省有关部门", "有关企业"]),
    # a recipient list with no letter after it is kept whole
    ("有关企业:", ["各设区市人民政府", "省有关部门", "有关企业"]),
], ids=["carried-letter", "plain"])
def test_one_line_recipients_end_before_a_carried_letter(glued, recipients):
    text = ("关于印发《江苏省港口安全应急预案》的通知各设区市人民政府，省有关部门，" + glued
            + "根据省政府部署要求，为健全港口安全应急体系，省厅编写了应急预案，现印发给你们。" + _ONE_LINE_PAD)
    assert front(text).meta.recipients == recipients


def test_one_line_number_glued_to_the_title():
    # pool 0020 flattened: …的通知包府办发〔2022〕43号各旗… — the number is read from the title's end
    title = "包头市人民政府办公室关于印发《包头市2022年数字政府建设考评办法》的通知"
    text = (title * 2 + "包府办发〔2022〕43号各旗、县、区人民政府，稀土高新区管委会，市直有关部门、单位：按照市政府常务会议要求，"
            "将《包头市2022年数字政府建设考评办法》印发给你们，请认真抓好落实。"
            + _ONE_LINE_PAD)
    meta = front(text).meta
    assert meta.doc_number.text == "包府办发〔2022〕43号"
    assert meta.recipients == ["各旗、县、区人民政府", "稀土高新区管委会", "市直有关部门、单位"]


def test_notice_running_on_in_one_line_after_a_metadata_block():
    # pool 0131, 0132: the portal's fields on lines of their own, then the notice in one long line
    body = ("国家能源局关于推进煤炭与新能源融合发展的指导意见 国能发煤炭〔2025〕89号   各省（自治区、直辖市）能源局，各派出机构，"
            "有关中央企业：   推进煤炭与新能源融合发展，对促进能源绿色低碳转型具有重要意义。"
            + "一、总体要求   以习近平新时代中国特色社会主义思想为指导，推动煤炭产业链延伸发展。" * 4)
    text = ("目录项的基本信息   公开事项名称:\n国家能源局关于推进煤炭与新能源融合发展的指导意见\n索引号:\n000019705/2025-000321\n"
            "主办单位:\n国家能源局\n制发日期:\n2025-10-28\n" + body + "\n")
    meta = front(text).meta
    assert meta.doc_number.text == "国能发煤炭〔2025〕89号"
    assert meta.recipients == ["各省（自治区、直辖市）能源局", "各派出机构", "有关中央企业"]


_PORTAL = "目录项的基本信息   公开事项名称:\n{title}\n索引号:\n000019705/2025-000318\n主办单位:\n国家能源局\n制发日期:\n2025-10-30\n"


@pytest.mark.parametrize(("title", "issuers", "host_span"), [
    # pool 0133: the page's host is the parent of the department that issues
    ("国家能源局综合司关于推进电力安全生产标准化建设工作的通知", ["国家能源局综合司"], False),
    # pool 0131: the host names the organ the title names, and is its evidence
    ("国家能源局关于推进煤炭与新能源融合发展的指导意见", ["国家能源局"], True),
    # no other source: the host
    ("关于推进电力安全生产标准化建设工作的通知", ["国家能源局"], True),
], ids=["department", "same-organ", "untitled-organ"])
def test_a_pages_host_unit_is_the_last_word_on_its_issuer(title, issuers, host_span):
    text = _PORTAL.format(title=title) + "各派出机构：\n一、压实责任。各单位要加强电力安全生产标准化建设。\n"
    doc = front(text)
    assert doc.meta.issuers == issuers and doc.meta.signed_date == "2025-10-30"
    assert ("issuers" in doc.meta_spans and doc.src_text(doc.meta_spans["issuers"]) == "国家能源局") == host_span


def test_one_line_signature_before_the_date():
    # pool 0061, 0092 flattened: …持续健康发展。国务院2022年6月6日 — the signature has a span of its own
    text = ("各地区各部门要加强组织领导，明确责任分工，强化资金保障，完善工作机制，确保各项任务落到实处，取得实效。" * 14
            + "重大事项及时向党中央、国务院请示报告，促进数字政府建设持续健康发展。国务院2022年6月6日")
    doc = front(text)
    assert doc.meta.issuers == ["国务院"] and doc.meta.signed_date == "2022-06-06"
    assert doc.src_text(doc.meta_spans["issuers"]) == "国务院"


@pytest.mark.parametrize(("text", "signer", "date"), [
    # pool 0029, 0034 flattened: a 函 signed without its province, after a contact line, before the
    # document it carries (whose own closing printing note is no date of this letter)
    ("河北省交通运输厅关于征求《农村公路养护办法》意见的函各市交通运输局：现将《农村公路养护办法》送你们征求意见，"
     "请于5月20日前反馈。联系人:XXX电话:8123XXXX邮箱:XXX@hebei.cn省交通运输厅2023年5月8日附件农村公路养护办法"
     + _ONE_LINE_PAD + "河北省交通运输厅办公室2023年4月2日印发", "省交通运输厅", "2023-05-08"),
    # pool 0030, 0054 flattened: the signature spelled out in full after the contact line
    ("江苏省应急管理厅关于开展安全生产检查的函各设区市应急管理局：请按要求开展检查。联系人:XXX邮箱:XXX@jiangsu.cn"
     "江苏省应急管理厅2022年3月1日" + _ONE_LINE_PAD, "江苏省应急管理厅", "2022-03-01"),
], ids=["place-dropped", "after-contact-line"])
def test_one_line_signature_after_a_contact_line(text, signer, date):
    doc = front(text)
    assert doc.meta.signed_date == date and doc.meta.issuers == [signer]
    assert doc.src_text(doc.meta_spans["issuers"]) == signer


_UNTITLED_NOTICE = ("各设区市市场监管局，省局机关各处室：《关于支持企业复工复产的若干措施》已经省局局长办公会同意，现印发给你们，"
                    "并就贯彻落实提出如下意见：" + _ONE_LINE_PAD)


@pytest.mark.parametrize(("text", "date", "issuers"), [
    # pool 0016, 0017 flattened: the date with its release mark, the enclosed measures after it
    (_UNTITLED_NOTICE + "江西省市场监管局2020年2月12日（此件主动公开）关于支持企业复工复产的若干措施一、减免费用。"
     + "对受疫情影响的企业，依法减免相关费用，请于2020年3月31日前申报。" * 8, "2020-02-12", ["江西省市场监管局"]),
    # pool 0062 flattened: the date between the signature and the first attachment
    (_UNTITLED_NOTICE + "市场监管总局办公厅工业和信息化部办公厅2022年4月13日附件1试点实施方案为加快推进智能制造，"
     + "推广标准化经验，有效期至2025年12月31日。" * 8, "2022-04-13", None),
    # pool 0134 flattened: two co-signing offices glued together
    (_ONE_LINE_PAD + "引导社会力量广泛参与，形成崇尚诚信的良好风尚。国家发展改革委办公厅税务总局办公厅2019年8月20日",
     "2019-08-20", ["国家发展改革委办公厅", "税务总局办公厅"]),
    # pool 0015 flattened: a meeting cited in the body adopted nothing of this notice
    ("各市、县（区）市场监管局：认真学习中央政治局常委会和中央全面依法治国委员会第三次会议精神，依法做好疫情防控工作。"
     + _ONE_LINE_PAD + "及时报送省局。江西省市场监管局2020年2月14日", "2020-02-14", ["江西省市场监管局"]),
    # pool 0018 flattened: the issued 办法's adoption is cited, the notice is dated in Chinese numerals
    ("新余市人民政府办公室关于印发《新余市绿色建筑管理办法》的通知各县（区）人民政府：《新余市绿色建筑管理办法》已经2011年12月20日"
     "市八届人民政府第7次常务会议审议通过，现予印发，请认真遵照执行。二○一二年一月九日新余市绿色建筑管理办法第一条为了加强绿色建筑管理，制定本办法。"
     + _ONE_LINE_PAD + "第二十九条本办法自2012年2月1日至2017年1月31日施行。", "2012-01-09", ["新余市人民政府办公室"]),
    # pool 0040, 0087 flattened: a date inside a phrase near the end is a deadline, not a 成文日期
    (_UNTITLED_NOTICE + "请于2021年3月15日前，将申报材料报省市场监管局标准化处。", None, None),
    # pool 0010 flattened: the acts a 办法 repeals are cited by date and order, neither is its 成文日期
    ("省人民政府第66次常务会议决定对《江西省流动人口服务和管理办法》作如下修改：" + _ONE_LINE_PAD
     + "本办法自２０１１年１１月１日起施行。１９９８年２月１０日省人民政府令第６６号发布、２００４年６月３０日省人民政府令"
     "第１３４号修正的《江西省暂住人口管理办法》同时废止。", None, None),
], ids=["release-mark", "before-attachment", "glued-offices", "cited-meeting", "chinese-numerals", "deadline",
        "repealed-acts"])
def test_one_line_signing_date(text, date, issuers):
    meta = front(text).meta
    assert meta.signed_date == date
    if issuers is not None:
        assert meta.issuers == issuers


@pytest.mark.parametrize(("text", "title", "genre"), [
    # pool 0077 flattened: the title's （2021-2023年） ends it though the text runs straight on
    ("山东省推动智能传感器产业发展行动计划（2021-2023年）传感器技术是决定未来信息技术产业发展的核心与基础之一，"
     + "为加快推动智能传感器产业发展，制定本行动计划。一、总体要求坚持创新引领，推动产业集聚发展，提升核心竞争力。" * 14,
     "山东省推动智能传感器产业发展行动计划（2021-2023年）", "行动计划"),
    # pool 0075 flattened: …发展规划“十四五”时期是… — the quote opens the first sentence
    ("山东省“十四五”教育事业发展规划“十四五”时期是山东开启新时代现代化强省建设新征程的关键时期，教育是实现现代化的基础。"
     + "为加快推进教育高质量发展，根据有关规划，制定本规划。一、发展基础教育事业取得显著成就，各级各类教育协调发展。" * 12,
     "山东省“十四五”教育事业发展规划", "规划"),
    # pool 0100, 0101 flattened: a 考核细则 that is one table — its column header follows the title
    ("宁都县2020年度安全生产工作目标管理考核细则序号考核项目分值考核内容评分标准总分100"
     + "一、组织领导20成立安全生产工作领导小组，明确分管领导和工作人员，未成立的扣5分。" * 14,
     "宁都县2020年度安全生产工作目标管理考核细则", "细则"),
    # pool 0160 flattened: a newspaper archive's record before the title, which ends at its second genre word
    ("分类号:BH6 6四川日报 / 2 0 0 1年 / 0 2月 / 2 0日 / 第 A0 1版 /四川省国民经济和社会发展第十个五年计划纲要"
     "(2 0 0 1年2月1 6日四川省第九届人民代表大会第四次会议通过)目录序言第一篇指导思想和发展目标"
     + "第一章发展基础全省经济保持较快增长，结构调整取得成效，各项事业全面进步，人民生活明显改善。" * 12,
     "四川省国民经济和社会发展第十个五年计划纲要", "纲要"),
], ids=["period-bracket", "quoted-opening", "table-header", "newspaper-record"])
def test_one_line_plan_title_ends_before_its_first_sentence(text, title, genre):
    meta = front(text).meta
    assert meta.title == title and meta.doc_type == genre


def test_a_speech_opening_sentence_is_no_title():
    # pool 0157: the line ends in 意见 (a genre word), but its commas make it a sentence
    text = ("各位代表：\n\n　　现在，我代表国务院，向大会报告政府工作，请各位代表审议，并请全国政协委员提出意见\n\n"
            "一、2011年工作回顾\n\n　　过去的一年，全国各族人民同心同德，团结奋进。\n")
    meta = front(text).meta
    assert meta.title is None and meta.doc_type is None


def test_one_line_notice_signed_before_the_document_it_issues():
    # pool 0020, 0021 flattened: the date follows the notice's last sentence, not the text's end
    text = ("包头市人民政府办公室关于印发《包头市2022年数字政府建设考评办法》的通知各旗、县、区人民政府，市直有关部门、单位："
            "经市人民政府同意，将《包头市2022年数字政府建设考评办法》印发给你们，请认真抓好落实。2022年4月14日"
            "包头市2022年数字政府建设考评办法一、考评对象各旗县区人民政府。"
            + "二、考评内容数字政府建设重点任务完成情况，重点项目推进情况，按时限高质量完成。" * 12 + "自2023年1月1日起施行。")
    assert front(text).meta.signed_date == "2022-04-14"


@pytest.mark.parametrize(("text", "title"), [
    # a title wrapped after its 关于 line: the second half alone looks like a title too
    ("关于印发某某市数字政府建设\n实施方案的通知\n各区人民政府：\n现将实施方案印发给你们，请认真贯彻执行。\n",
     "关于印发某某市数字政府建设实施方案的通知"),
    # a letterhead line above a whole title is not its first half
    ("某某市人民政府办公室\n关于开展安全检查的通知\n各区人民政府：\n请认真组织开展检查。\n", "关于开展安全检查的通知"),
    # pool 0100 hard-wrapped: no title opens with a closing bracket
    ("石城县2018年度河长制湖长制工作责任单位目标管理（绩效\n）考核细则\n\n序号\n考核项目\n",
     "石城县2018年度河长制湖长制工作责任单位目标管理（绩效）考核细则"),
    # pool 0019 hard-wrapped: a database export's title printed twice, its lines rejoined
    ("新疆维吾尔自治区质监局关于进一步加强新闻宣传工作的通知新疆维吾尔自治区质监局关于进一步加强新闻宣传工作的通知\n"
     "各地、州、市质监局：\n请认真做好新闻宣传工作。\n", "新疆维吾尔自治区质监局关于进一步加强新闻宣传工作的通知"),
    # formats F013 (a PDF): a plan's title broken before its ordinal
    ("某某省国民经济和社会发展\n第十四个五年规划纲要\n目录\n第一章 发展基础\n", "某某省国民经济和社会发展第十四个五年规划纲要"),
    ("某某市国民经济和社会发展\n“十四五”规划纲要\n目录\n第一章 发展基础\n", "某某市国民经济和社会发展“十四五”规划纲要"),
    # an organ's letterhead above such a title is not its first half
    ("某某市人民政府\n第十四个五年规划纲要\n目录\n第一章 发展基础\n", "第十四个五年规划纲要"),
], ids=["after-guanyu", "letterhead", "closing-bracket", "printed-twice", "plan-ordinal", "plan-quoted",
        "plan-letterhead"])
def test_title_over_two_lines(text, title):
    doc = front(text)
    assert doc.meta.title == title
    assert doc.src_text(doc.meta_spans["title"]).replace("\n", "") == title


def test_one_line_opening_sentence_before_a_colon_is_no_recipient():
    # pool 0059 flattened: an untitled plan opens with a sentence whose colon is a typo for a comma
    text = ("场景创新是以新技术、新产品的创造性应用为导向:以促进供需有效链接为路径，实现产业蝶变升级。" + _ONE_LINE_PAD
            + "一、总体要求坚持以习近平新时代中国特色社会主义思想为指导。")
    assert front(text).meta.recipients == []


@pytest.mark.parametrize("marker", ["1.", "1、", "（1）", "1．"])
def test_a_short_notice_of_short_numbered_lines_has_a_body(marker):
    """The header zone ends at the first numbered item, not at the first long sentence: a notice whose
    items are all short lines would otherwise have its whole text taken as header and no tasks."""
    import policytext

    items = [f"{marker.replace('1', str(n))}{title}。" for n, title in enumerate(["加强值班值守", "开展安全检查", "做好应急准备"], 1)]
    text = "\n".join(["关于做好2024年春节期间安全工作的通知", "各区县人民政府：", "现就有关事项通知如下：", *items,
                      "市应急管理局", "2024年1月20日"]) + "\n"
    doc = policytext.parse(text, "notice")
    assert [t.title for t in doc.tasks] == ["加强值班值守", "开展安全检查", "做好应急准备"]
    assert doc.meta.recipients == ["各区县人民政府"] and doc.meta.signed_date == "2024-01-20"
    assert doc.meta.title == "关于做好2024年春节期间安全工作的通知"


def test_adoption_line_broken_in_two():
    # formats F013 (a PDF): the adoption bracket under the title, broken inside the adopting body's term
    text = ("某某省国民经济和社会发展\n第十个五年计划纲要\n(2 0 0 1年2月1 6日某某省第九\n届人民代表大会第四次会议通过)\n"
            "目录\n序言\n世纪之交，我省基本实现了第二步战略目标。\n")
    doc = front(text)
    assert doc.meta.issuers == ["某某省人民代表大会"] and doc.meta.signed_date == "2001-02-16"
    assert "".join(doc.src_text(doc.meta_spans["issuers"]).split()) == "某某省第九届人民代表大会"


_SIGNED_BODY = ("各设区市市场监管局：\n为做好复工复产期间食品安全工作，现将有关事项通知如下：\n"
                "一、开展线上培训。各地要组织餐饮服务单位从业人员参加线上培训。\n")


@pytest.mark.parametrize(("closing", "issuers"), [
    # pool 0014: a long organ name wrapped after 的
    ("省市场监管局新型冠状病毒感染的\n肺炎疫情防控工作领导小组\n", ["省市场监管局新型冠状病毒感染的肺炎疫情防控工作领导小组"]),
    ("省卫生健康委员会和\n省医疗保障局联合工作领导小组\n", ["省卫生健康委员会和省医疗保障局联合工作领导小组"]),
    # an attachment's title or a closing phrase above the signature is no part of it
    ("附件\n项目推荐汇总表\n市场监管总局办公厅\n", ["市场监管总局办公厅"]),
    ("特此通知\n江西省市场监管局\n", ["江西省市场监管局"]),
], ids=["after-de", "after-he", "attachment-title", "closing-phrase"])
def test_signature_wrapped_over_two_lines(closing, issuers):
    doc = front(_SIGNED_BODY + closing + "2020年3月9日\n")
    assert doc.meta.issuers == issuers and doc.meta.signed_date == "2020-03-09"
    assert "".join(doc.src_text(doc.meta_spans["issuers"]).split()) == "".join(issuers)
