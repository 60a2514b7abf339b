"""A decision that amends a regulation numbers amendments to its articles, not work: no tasks
(ANNOTATION.md: documents of 第X条 articles have no tasks). Found by the task audit of seed 1501 on
pool 0010, whose re-published 办法 also lost its article labels; the synthetic decisions below word
their amendments as other decisions do."""
import pytest
from conftest import POOL

from policytext import parse, parse_file

AMENDING = """江西省人民政府关于修改《某某省房屋租赁管理办法》的决定
省人民政府决定对《某某省房屋租赁管理办法》作如下修改：
一、将第六条修改为：“住房城乡建设部门负责房屋租赁的监督管理工作。”
二、删去第七条。
三、在第八条后增加一条，作为第九条：“房屋出租人应当申报租赁信息。”
四、将第十条第二款修改为：“有关部门按照各自职责做好相关工作。”
本决定自公布之日起施行。
"""

# The State Council amends several regulations at once, naming each.
AMENDING_SEVERAL = """国务院关于修改部分行政法规的决定
国务院决定对下列行政法规的部分条款予以修改：
一、将《某某条例》第五条修改为：“国务院有关部门负责全国的监督管理工作。”
二、删除《某某办法》第十二条。
三、将《某某规定》第三条第一款中的“审批”修改为“备案”。
本决定自公布之日起施行。
"""

ASSIGNING = """关于推进政务服务改革的通知
一、将数字化改造作为重点。推进企业上云。（责任单位：市经信局）
二、加强组织领导。（责任单位：市政府办）
三、删除冗余审批环节。（责任单位：市政务办）
"""


@pytest.mark.parametrize("text", [AMENDING, AMENDING_SEVERAL])
def test_an_amendment_decision_has_no_tasks(text):
    doc = parse(text)
    assert len([s for s in doc.sections if not s.parent]) >= 3  # its items are still its sections
    assert doc.tasks == []


def test_items_that_merely_open_like_an_amendment_are_tasks():
    assert [t.title for t in parse(ASSIGNING).tasks] == ["将数字化改造作为重点", "加强组织领导", "删除冗余审批环节"]


@pytest.mark.skipif(not (POOL / "0010.txt").is_file(), reason="corpora not found")
def test_the_pool_amendment_decision_has_no_tasks():
    doc = parse_file(POOL / "0010.txt")
    assert len(doc.sections) > 19 and doc.tasks == []
