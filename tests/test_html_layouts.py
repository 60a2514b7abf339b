"""Main-text detection on portal templates it was not built from.

The article is found by text density, sentence punctuation and link density, not by a
portal's class names. Each page below is written in a different common layout (form-wrapped
ASP.NET, nested layout tables, HTML5 landmarks, content hidden until a script shows it, a gov.cn
公开 page with its metadata table, a TRS editor page with a side menu); the ../shared/corpora/formats
pages are checked in test_formats.py.
"""
from __future__ import annotations

import pytest

from policytext.reading.formats import extract

PARAS = [
    "为深入贯彻落实党中央、国务院关于数字政府建设的决策部署，进一步提升政务服务效能，结合本市实际，制定本方案。",
    "一、总体要求",
    "坚持以人民为中心的发展思想，以数字化改革为引领，推动政府治理流程再造和模式优化，不断提高决策科学性和服务效率。",
    "二、主要任务",
    "（一）推进政务服务一网通办。加快建设一体化政务服务平台，推动高频事项全程网办，到2025年网上可办率达到95%以上。",
    "（二）强化数据共享。完善公共数据平台，健全数据目录和共享机制，打通部门间数据壁垒。（责任单位：市大数据局）",
    "三、保障措施",
    "各地各部门要加强组织领导，明确责任分工，确保各项任务落到实处。",
]
TITLE = "某市人民政府办公室关于印发某市数字政府建设实施方案的通知"
NAV = ["首页", "政务公开", "政务服务", "互动交流", "走进某市", "专题专栏"]
FOOTER = "主办：某市人民政府办公室 承办：某市大数据发展管理局 网站标识码：3306000001 浙ICP备05000001号"
RELATED = ["关于开展2023年度政务公开工作考核的通知", "某市2023年政府工作报告", "关于进一步优化营商环境的若干意见"]


def _nav() -> str:
    return "".join(f'<li><a href="/c{i}.html">{w}</a></li>' for i, w in enumerate(NAV))


def _paras() -> str:
    return "".join(f"<p>{p}</p>" for p in PARAS)


def _related() -> str:
    return "".join(f'<li><a href="/r{i}.html">{t}</a><span>2023-0{i + 1}-01</span></li>' for i, t in enumerate(RELATED))


SCRIPT = "<script>var menu = " + repr(["政务公开" + str(i) for i in range(20000)]) + ";</script>"

LAYOUTS = {
    "aspnet-form": (
        f"<html><head><title>{TITLE}</title>{SCRIPT}</head><body><form id='form1' method='post'>"
        f"<div class='top'><div class='logo'>某市人民政府</div><div class='search-box'><input name='q'>"
        f"<button>搜索</button></div></div><ul class='menu'>{_nav()}</ul>"
        f"<div class='wrap'><div class='w1200'><div class='left-col'><ul>{_nav()}</ul></div>"
        f"<div class='right-col'><div class='con-box'><div class='con-title'><h2>{TITLE}</h2></div>"
        f"<div class='con-text'>{_paras()}</div></div></div></div></div>"
        f"<div class='foot'>{FOOTER}</div>{SCRIPT}</form></body></html>"),
    "layout-tables": (
        f"<html><body><table width='1000'><tr><td colspan='2'><img src='banner.jpg'></td></tr>"
        f"<tr><td width='200' valign='top'><table>{''.join(f'<tr><td><a href=x>{w}</a></td></tr>' for w in NAV)}"
        f"</table></td><td valign='top'><table width='100%'><tr><td align='center'><b>{TITLE}</b></td></tr>"
        f"<tr><td>{_paras()}</td></tr></table></td></tr><tr><td colspan='2'>{FOOTER}</td></tr></table></body></html>"),
    "html5": (
        f"<html><body><header><div>某市人民政府门户网站</div><nav><ul>{_nav()}</ul></nav></header>"
        f"<main><article><h1>{TITLE}</h1><section>{_paras()}</section></article>"
        f"<aside><h3>相关文章</h3><ul>{_related()}</ul></aside></main><footer>{FOOTER}</footer></body></html>"),
    "hidden-until-script": (
        f"<html><body><div class='header'><ul>{_nav()}</ul></div>"
        f"<div id='main-nav-content' style='display:none'><h1>{TITLE}</h1>{_paras()}</div>"
        f"<div class='bottom'>{FOOTER}</div>"
        "<script>document.getElementById('main-nav-content').style.display='block';</script></body></html>"),
    "gov-xxgk": (
        f"<html><body><div class='breadcrumb'>当前位置：<a href='/'>首页</a> &gt; <a>政府文件</a></div>"
        "<table class='xxgk-meta'><tr><td>索 引 号：</td><td>11330600002583346M/2023-00123</td>"
        "<td>发文机关：</td><td>某市人民政府办公室</td></tr><tr><td>成文日期：</td><td>2023年03月05日</td>"
        "<td>发文字号：</td><td>某政办发〔2023〕12号</td></tr>"
        f"<tr><td>标　　题：</td><td colspan='3'>{TITLE}</td></tr></table>"
        f"<div class='article'><div id='zoom'><h1>{TITLE}</h1>{_paras()}</div>"
        "<div class='share'>分享到：微信 微博</div><div class='print'>【打印本页】【关闭窗口】</div></div>"
        f"<div class='xgwj'><h3>相关文件</h3><ul>{_related()}</ul></div><div class='footer'>{FOOTER}</div></body></html>"),
    "trs-editor": (
        f"<html><body><div id='top'><ul>{_nav()}</ul></div><div class='container'><div class='sidebar'>"
        f"<h3>政府信息公开</h3><ul>{_related()}</ul></div><div class='content-main'><div class='article-title'>"
        f"{TITLE}</div><div class='article-info'>发布时间：2023-03-06 来源：市政府办公室 字号：[大 中 小]</div>"
        f"<div class='article-content'><div class='TRS_Editor'><div class='Custom_UnionStyle'>{_paras()}"
        f"</div></div></div></div></div><div id='bottom'>{FOOTER}</div></body></html>"),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_main_text_found_on_unseen_portal_layouts(layout):
    result = extract(LAYOUTS[layout].encode("utf-8"), "html", f"{layout}.html")
    lines = result.text.splitlines()
    assert [line for line in lines if line in PARAS] == PARAS  # every paragraph, in order
    assert TITLE in lines[0] or TITLE in lines[1]
    for furniture in (*NAV[1:], FOOTER, *RELATED, "搜索", "政务公开1"):
        assert all(furniture not in line for line in lines if line not in PARAS and line != TITLE), furniture


def test_gov_metadata_table_stays_metadata():
    result = extract(LAYOUTS["gov-xxgk"].encode("utf-8"), "html", "gov-xxgk.html")
    assert result.meta["doc_number"] == "某政办发〔2023〕12号"
    assert result.meta["signed_date"] == "2023-03-05"
    assert result.meta["issuers"] == ["某市人民政府办公室"]
    assert "索" not in result.text and "11330600002583346M" not in result.text


def test_hidden_article_is_read_with_a_warning():
    result = extract(LAYOUTS["hidden-until-script"].encode("utf-8"), "html", "hidden.html")
    assert any("hidden" in w for w in result.meta["warnings"])


# A one-paragraph notice: its one paragraph is nearly all of the page's prose, yet the recipients,
# signature and date around it are the notice's own, and the page's date bar and share widget are not.
NOTICE = (
    "<html><head><title>关于做好2023年安全生产工作的通知</title></head><body>"
    f"<div class='top'>2023年5月1日 星期一</div><ul class='nav'>{_nav()}</ul><div class='main'>"
    "<h1>关于做好2023年安全生产工作的通知</h1><div class='content'>"
    "<p>各区人民政府，市政府各部门：</p>"
    "<p>为深入贯彻落实党中央、国务院关于安全生产工作的决策部署，切实做好今年全市安全生产工作，有效防范化解重大安全风险，"
    "坚决遏制重特大事故发生，经市政府同意，现就有关事项通知如下：各地各部门要压实安全生产责任，深入开展隐患排查治理，"
    "强化重点行业领域监管执法，确保全年生产安全事故起数和死亡人数实现双下降。</p>"
    "<p>某市人民政府办公室</p><p>2023年5月1日</p></div><div class='share'>分享到：</div></div>"
    f"<div id='bottom'>{FOOTER}</div></body></html>"
)


def test_one_paragraph_notice_keeps_its_recipients_signature_and_date():
    from policytext.pipeline import parse_bytes

    doc = parse_bytes(NOTICE.encode("utf-8"), "notice.html")
    assert doc.meta.recipients == ["各区人民政府", "市政府各部门"]
    assert doc.meta.issuers == ["某市人民政府办公室"]
    assert doc.meta.signed_date == "2023-05-01"
    assert "星期一" not in doc.text and "分享到" not in doc.text and NAV[1] not in doc.text
