"""One-line 函 whose title leaves out its organ (关于…的函): the letterhead before the 发文字号
names the organ, which signs before the attachments; a long list of recipients still ends at the
colon. Shaped like pool 0035, with another organ, list and date."""
from policytext import parse

LETTER = (
    "江西省水利厅赣水建管函〔2022〕17号关于征求《江西省水库大坝安全管理办法（征求意见稿）》意见的函"
    "省委宣传部(省政府新闻办)，省发展改革委、省工业和信息化厅、省公安厅、省民政厅、省财政厅、省自然资源厅、"
    "省生态环境厅、省住房城乡建设厅、省交通运输厅、省农业农村厅、省应急厅、省林业局、省气象局、省能源局，"
    "省军区，武警江西省总队，省消防救援总队，国网江西省电力公司:为进一步加强水库大坝安全管理，我厅起草了"
    "《江西省水库大坝安全管理办法（征求意见稿）》，现征求你们的意见。请于9月30日前反馈我厅。"
    "附件:江西省水库大坝安全管理办法（征求意见稿）江西省水利厅2022年9月16日江西省水库大坝安全管理办法"
    "（征求意见稿）第一条为了加强水库大坝安全管理，保障人民生命财产安全，制定本办法。"
    "第二条本办法适用于本省行政区域内坝高15米以上或者库容10万立方米以上的水库大坝的安全管理。"
    "第三条水库大坝安全管理实行政府负责、行业监管、主管部门和管理单位具体负责的原则。"
    "第四条县级以上人民政府水行政主管部门负责本行政区域内水库大坝安全的监督管理工作，"
    "其他有关部门按照各自职责做好水库大坝安全管理的相关工作。第五条水库大坝管理单位应当建立健全安全管理制度，"
    "落实安全管理责任，定期开展安全检查和隐患排查治理，及时消除安全隐患，确保水库大坝安全运行。"
    "第六条水库大坝管理单位应当按照规定开展大坝安全监测，做好监测资料的整编分析，发现异常情况及时报告。"
    # (the enclosed draft runs on, so its end is far from the letter's date)
    + "第七条水库大坝管理单位应当制定大坝安全应急预案，报有关部门备案，并定期组织演练。" * 8
)


def test_the_letter_is_one_line_text():
    assert "\n" not in LETTER and len(LETTER) > 600
    assert len(LETTER) - LETTER.index("2022年9月16日") > 400


def test_letterhead_organ_signs_a_title_without_its_organ():
    meta = parse(LETTER, "letter").meta
    assert meta.signed_date == "2022-09-16"
    assert meta.issuers == ["江西省水利厅"]


def test_long_recipient_list_of_one_line_text():
    meta = parse(LETTER, "letter").meta
    # the title ends before the list, however long the list runs to its colon
    assert meta.title == "关于征求《江西省水库大坝安全管理办法（征求意见稿）》意见的函"
    assert meta.recipients[0] == "省委宣传部(省政府新闻办)"
    assert meta.recipients[-1] == "国网江西省电力公司"
    assert len(meta.recipients) == 6


# Shaped like pool 0025: a one-line notice whose red header (…文件) runs into its number, with no
# signature but a closing printing note of a sub-office.
NOTICE = (
    "江西省社会保险事业管理局文件赣社保发〔2021〕7号关于做好省直养老保险待遇网上申领工作的通知"
    "各省直参保单位，各有关经办机构:为进一步优化养老保险待遇申领流程，实现待遇网上申领，现将有关事项通知如下。"
    + "一、参保单位应当及时核对参保人员信息，按时足额缴纳养老保险费，做好待遇申领的各项准备工作。" * 12
    + "江西省社会保险事业管理局综合科2021年5月20日印发"
)


def test_red_header_glued_to_its_number_names_the_issuer():
    assert "\n" not in NOTICE and len(NOTICE) > 600
    meta = parse(NOTICE, "notice").meta
    assert meta.issuers == ["江西省社会保险事业管理局"]
    assert meta.doc_number.text == "赣社保发〔2021〕7号"


def test_page_furniture_before_the_title_is_no_issuer():
    # pool 0036: a draft page's furniture (公文稿纸, the drafting office, a phone number) between the
    # organ and 关于 of a title the text prints without a signature
    text = ("江西省水利厅公文稿纸建设管理处0791-8888XXXX关于印发《江西省水库大坝安全管理办法》的通知各设区市人民政府，"
            "省政府有关部门:" + "各地要加强水库大坝安全管理，落实安全管理责任，确保水库安全度汛。" * 20)
    meta = parse(text, "draft").meta
    assert meta.issuers == ["江西省水利厅"]
    # the furniture is no part of the title; the title starts where the text's own words do
    assert meta.title == "关于印发《江西省水库大坝安全管理办法》的通知"


def test_draft_form_letterhead_repeated_before_the_title():
    # pool 0033: the form's organ, 公文稿纸, then the letterhead printed twice before 关于
    text = ("湖南省财政厅公文稿纸湖南省财政厅湖南省财政厅关于商请会签《湖南省政府采购管理办法》的函省发展改革委、省教育厅:"
            + "为规范政府采购行为，提高财政资金使用效益，我厅起草了管理办法，现送你们会签。" * 20)
    meta = parse(text, "draft").meta
    assert meta.title == "湖南省财政厅关于商请会签《湖南省政府采购管理办法》的函"
    assert meta.issuers == ["湖南省财政厅"]


def test_telegram_sending_unit_is_the_issuer():
    # pool 0050: a telegram form names its issuer only as the 发电单位; the title has no organ
    text = ("河南省发电发电单位河南省防汛抗旱指挥部办公室签批盖章等级特急·明电豫汛办明电〔2021〕12号"
            "关于做好汛期值班值守工作的通知各市防指:" + "各地要严格落实24小时值班制度，确保信息畅通。" * 40)
    doc = parse(text, "telegram")
    assert doc.meta.title == "关于做好汛期值班值守工作的通知"
    assert doc.meta.issuers == ["河南省防汛抗旱指挥部办公室"]
    assert text[slice(*doc.meta_spans["issuers"])] == "河南省防汛抗旱指挥部办公室"


def test_telegram_class_mark_is_not_part_of_the_number():
    # pool 0038, 0039, 0048: 明电 (a plain telegram) is printed right before the 发文字号
    from policytext.textutil import DOC_NUMBER, number_parts
    m = DOC_NUMBER.search("等级特提·明电赣府厅明电〔2022〕12号江西省人民政府办公厅关于…")
    assert number_parts(m)[:2] == ("赣府厅明电〔2022〕12号", "赣府厅明电")
    # a number whose prefix is only 明电 keeps it
    assert number_parts(DOC_NUMBER.search("明电〔2020〕5号"))[1] == "明电"


def test_minutes_title_runs_past_a_plan_word_to_its_genre():
    # pool 0037: one-line minutes whose title holds 方案 (a plan being discussed) before 纪要, and whose
    # text opens on the meeting's date
    text = ("南昌市交通运输局会议纪要洪交纪〔2023〕12号关于昌北大道快速化改造工程方案论证会纪要2023年03月15日，"
            "南昌市交通运输局在本局会议室召开昌北大道快速化改造工程方案论证会。"
            + "会议听取了设计单位的汇报，与会单位和专家对方案进行了认真讨论，形成如下意见。" * 16)
    meta = parse(text, "minutes").meta
    assert meta.title == "关于昌北大道快速化改造工程方案论证会纪要"
    assert meta.doc_type == "纪要"


#: A letter whose title names its organ before the act, with no 关于 (shaped like pool 0031, with
#: another organ, draft and date): it signs after a contact line, before the draft it encloses.
LETTER_WITHOUT_GUANYU = (
    "河北省农业农村厅征求《关于加快发展设施农业的若干措施(征求意见稿)》意见的函各市农业农村局:"
    "为加快发展设施农业，我厅起草了《关于加快发展设施农业的若干措施(征求意见稿)》，现征求你们的意见，"
    "请于8月6日前将修改意见反馈我厅。联系人:XXX联系电话:3188XXXX邮箱:XXX@hebei.cn"
    "省农业农村厅2021年8月3日关于加快发展设施农业的若干措施(征求意见稿)为加快发展设施农业，提出以下措施。"
    + "一、加强规划引导。各地要将设施农业纳入国土空间规划，合理安排设施农业用地，保障设施农业发展需要。" * 10
)


def test_a_title_without_guanyu_names_the_organ_that_signs_after_the_contact_line():
    doc = parse(LETTER_WITHOUT_GUANYU, "letter")
    assert "\n" not in LETTER_WITHOUT_GUANYU and len(LETTER_WITHOUT_GUANYU) - LETTER_WITHOUT_GUANYU.index("2021年8月3日") > 400
    assert doc.meta.signed_date == "2021-08-03"
    assert doc.meta.issuers == ["省农业农村厅"]
    # the reply date is read against the letter's own year
    assert any(t.value == "2021-08-06" for t in doc.times if t.text.startswith("于8月6日"))
