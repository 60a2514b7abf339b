"""References: sentences from the pool documents, parsed under a heading (a lone first line is a title)."""
import pytest

from policytext import parse


def _refs(body, title="关于推进数字经济发展的通知"):
    doc = parse(f"{title}\n{body}\n")
    return [(r.title, r.doc_number.text if r.doc_number else None) for r in doc.references]


REFERENCES = [
    # pool 0034: the number before an alias, in one bracket; the alias is no reference
    ("近日，农业农村部、国家乡村振兴局等12个部门联合印发《关于支持国家乡村振兴重点帮扶县的实施意见》"
     "(国乡振发[2021]5号，以下简称《实施意见》)。根据《实施意见》要求，现就有关事项函告如下。",
     [("关于支持国家乡村振兴重点帮扶县的实施意见", "国乡振发[2021]5号")]),
    # pool 0029: an alias after the title, then the alias used on its own
    ("为贯彻落实《山东省煤炭储备能力建设工作方案(2021-2025年)》(以下简称《工作方案》)，对《工作方案》作了修改。",
     [("山东省煤炭储备能力建设工作方案(2021-2025年)", None)]),
    # pool 0044: a regulation's decree number in the bracket after its title is its number (an order
    # is numbered in one series, no year), as a promulgation line numbers the document itself
    ("根据《专业技术人员继续教育规定》(人力资源社会保障部令第25号)，结合实际，制定本办法。",
     [("专业技术人员继续教育规定", "人力资源社会保障部令第25号")]),
    ("依照《政府信息公开条例》（国令第711号，以下简称《条例》）的规定执行。", [("政府信息公开条例", "国令第711号")]),
    # a bare number right after a title is that title's number
    ("根据《关于加快推进数字政府建设的实施意见》(〔2020〕8号)要求，制定本方案。",
     [("关于加快推进数字政府建设的实施意见", "〔2020〕8号")]),
    # pool 0158: a title broken over lines, then a short name for it used without 以下简称
    ("国务院编制了《\n国民经济和社会发展第十四个五年规划和2035年远景目标纲要（草案）\n》。《纲要草案》坚持以人民为中心。",
     [("国民经济和社会发展第十四个五年规划和2035年远景目标纲要（草案）", None)]),
    # pool 0029: cited first by title alone, then with its number: one reference
    ("落实《关于支持国家乡村振兴重点帮扶县的实施意见》。认真落实《关于支持国家乡村振兴重点帮扶县的实施意见》"
     "(国乡振发〔2021〕5号)。",
     [("关于支持国家乡村振兴重点帮扶县的实施意见", "国乡振发〔2021〕5号")]),
    # pool 0073: a year OCR garbled is still the number of the title before it
    ("对照《济南-青岛人工智能创新应用先导区融合发展实施方案》（鲁工信技〔2121〕01号），推动落实。",
     [("济南-青岛人工智能创新应用先导区融合发展实施方案", "鲁工信技〔2121〕01号")]),
    # pool 0052: platforms and forms are named in 《》 too
    ("登录《福建省电力设施保护监管平台》填写《高压用户侧电力设施专项检查表》，依照《电力设施保护条例》处理。",
     [("电力设施保护条例", None)]),
    # pool 0155: songs, plays and films are named in 《》 too; what follows the title says so
    ("《红色记忆》情景剧荣获省文华奖，《雪域之歌》民歌入选全国展演，依照《出版管理条例》对图书市场开展检查。",
     [("出版管理条例", None)]),
    ("推出《大河奔流》民族歌剧、《山乡巨变》纪录片和《乡村振兴读本》一书，落实《公共文化服务保障法》。",
     [("公共文化服务保障法", None)]),
    # pool 0154: a play named after what it is
    ("原创舞剧《大湾之歌》广受好评，话剧《海上灯塔》巡演，依照《演出管理条例》开展审批。", [("演出管理条例", None)]),
    # pool 0153, 0156: a book being compiled, a textbook
    ("完成《某县文化志》编纂，把先进事迹写进教科书《道德与法治》，依照《地方志工作条例》开展工作。",
     [("地方志工作条例", None)]),
    # pool 0156: a novel named after what it is
    ("本地作家作品《青山谣》荣获省文学奖，长篇小说《江岸》出版，依照《文化产业促进条例》给予扶持。",
     [("文化产业促进条例", None)]),
    # pool 0103, 0043: every 《…表》 is a form to fill
    ("指导双方填写《诉讼要素表》，报送《重点任务完成计划表》，依照《民事诉讼法》审理。", [("民事诉讼法", None)]),
    # pool 0010 (audit seed 1705): a card or certificate a person holds
    ("凭《广东省居住证》享受基本公共服务，持《食品经营许可证》和《营业执照》经营，依照《居住证暂行条例》办理。",
     [("居住证暂行条例", None)]),
    # pool 0046: an annex pointed at once is the annex wherever it is named again
    ("填写《项目内容摘要》(见附件3)。纸质版《项目内容摘要》一式2份，按照《科技项目管理办法》报送。",
     [("科技项目管理办法", None)]),
]


@pytest.mark.parametrize(("body", "expected"), REFERENCES)
def test_references(body, expected):
    assert _refs(body) == expected


def test_the_documents_own_subject_is_no_reference():
    # pool 0029 and 0027: the title names the document it asks others to co-sign or comment on
    title = "山东省乡村振兴局关于商请会签《关于支持省乡村振兴重点帮扶县的若干措施》的函"
    body = "我局起草了《关于支持省乡村振兴重点帮扶县的若干措施》，现送贵单位会签。"
    assert _refs(body, title) == []
    # pool 0026: the body names it with the draft's note
    title = "某省应急管理厅关于商请会签《领导小组工作规则》的函"
    body = "我厅起草了《领导小组工作规则(会签稿)》，依照《突发事件应对法》，现送贵单位会签。"
    assert _refs(body, title) == [("突发事件应对法", None)]
    title = "山东省住房和城乡建设厅关于征求《中共山东省委办公厅山东省人民政府办公厅<关于推动城乡建设绿色发展的若干措施>》意见建议的函"
    body = "由我厅牵头代拟《关于推动城乡建设绿色发展的若干措施》。为贯彻落实《关于推动城乡建设绿色发展的意见》，提出以下意见。"
    assert _refs(body, title) == [("关于推动城乡建设绿色发展的意见", None)]


@pytest.mark.parametrize(("title", "body", "expected"), [
    # pool 0017: a 解读 appended to the text names the document by its title less the issuer
    ("某省人民政府办公厅关于加快发展托育服务的实施意见",
     "解读《关于加快发展托育服务的实施意见》。根据《关于加快发展托育服务的指导意见》，制定本意见。",
     [("关于加快发展托育服务的指导意见", None)]),
    # pool 0160: a plan calls itself by its genre word in 《》 (OCR spaces inside the marks)
    ("某省国民经济和社会发展第十个五年计划纲要",
     "《 纲要 》是全省今后五年的行动指南，各地要依照《农业法》的要求，把《 纲要 》作为本地区发展的依据。",
     [("农业法", None)]),
])
def test_the_documents_own_name_is_no_reference(title, body, expected):
    assert _refs(body, title) == expected


@pytest.mark.parametrize("title", [
    "国务院办公厅关于印发文化事业单位转制和支持文化企业发展两个规定的通知",  # the title only counts them
    "关于印发文化事业单位转制规定的通知",  # the title names one of them short
])
def test_what_the_notice_sentence_issues_is_no_reference(title):
    # pool 0109, 0050, 0123: the documents a notice issues are named again in its 现印发给你们 sentence
    body = ("文化部等部门拟定的《文化事业单位转制为企业的规定》和《进一步支持文化企业发展的规定》已经国务院同意，"
            "现印发给你们，请认真贯彻执行。转制后财务制度应执行《企业财务通则》。")
    assert _refs(body, title) == [("企业财务通则", None)]


def test_a_licence_footer_after_the_text_is_not_the_documents():
    # pool 0157, 0158 (Wikisource copies): the licence notice cites a law the report does not
    from policytext import parse

    text = ("关于加强数据共享的通知\n一、主要任务\n（一）推进数据共享。根据《数据安全法》，建设共享平台。\n\n\n"
            "本作品是中华人民共和国的\n法律\n、\n法规\n，国家机关的决议、决定、命令和其他具有立法、行政、司法性质的文件。根据《\n"
            "中华人民共和国著作权法\n》第五条第一项，本作品不适用于该法，属于\n公有领域\n。\nPublic domain\n")
    doc = parse(text)
    assert [r.title for r in doc.references] == ["数据安全法"]
    assert "本作品" not in doc.tasks[-1].text
    # pool 0158 flattened: the notice runs on after the report's last sentence
    flat = "".join(text.split())
    flat = flat.replace("建设共享平台。", "建设共享平台。" + "各地要加强组织领导，落实工作责任，确保取得实效。" * 14)
    doc = parse(flat)
    assert [r.title for r in doc.references] == ["数据安全法"]


def test_a_title_followed_by_see_annex_is_the_documents_own_annex():
    # dev 0118 (any dress), pool 0043, 0046: 《…指标》（见附件） names the annex, not another document
    from policytext import parse

    doc = parse("关于加强绩效考核的意见\n国家制定《三级公立医院绩效考核指标》（见附件）供各地使用，依据《数据安全法》实施。"
                "请填写《项目内容摘要》(见附件3,1000字以内)。\n")
    assert [r.title for r in doc.references] == ["数据安全法"]
    # pool 0025, 0062, 0082: 《申报书》（附件2） without 见 names the annex too
    doc = parse("关于开展试点申报的通知\n申报主体可参照《试点项目申报书》（附件2）编写，按时报送《费用申报表》(附件3)，"
                "依据《标准化法》实施。\n")
    assert [r.title for r in doc.references] == ["标准化法"]
