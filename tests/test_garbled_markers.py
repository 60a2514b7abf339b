"""A heading whose number OCR garbled and wrote after its title (总体要求-、 for 一、总体要求): ANNOTATION.md
counts it, as a marker that still stands in its place."""
from __future__ import annotations

import pytest
from conftest import front, outline

_BODY = "坚持系统观念，统筹推进各项工作，确保各项任务落到实处。"
# A preamble long enough to end the header zone (a short first line may be the title's).
_INTRO = "为深入贯彻落实国家关于加快数字经济发展的决策部署，推动全市数字经济高质量发展，结合本市实际，制定本方案。"


@pytest.mark.parametrize("text,expected", [
    # the first heading's number garbled, in lined text
    (_INTRO + "\n指导思想-、\n" + _BODY + "\n二、重点任务\n" + _BODY + "\n三、保障措施\n" + _BODY + "\n",
     [(1, "-、", "指导思想"), (1, "二、", "重点任务"), (1, "三、", "保障措施")]),
    # a middle one (一、 … 保障措施—、 … 三、), with a full-width dash
    ("一、总体要求\n" + _BODY + "\n重点任务—、\n" + _BODY + "\n三、保障措施\n" + _BODY + "\n",
     [(1, "一、", "总体要求"), (1, "—、", "重点任务"), (1, "三、", "保障措施")]),
    # in one-line text, after a sentence end
    ((_INTRO + "指导思想-、" + _BODY + "二、重点任务" + _BODY + "三、保障措施" + _BODY) * 1
     + _BODY * 12,
     [(1, "-、", "指导思想"), (1, "二、", "重点任务"), (1, "三、", "保障措施")]),
])
def test_a_garbled_marker_after_its_title_is_a_heading(text, expected):
    doc = front(text)
    assert [(level, marker, title[:4]) for level, marker, title in outline(doc)] == [
        (level, marker, title[:4]) for level, marker, title in expected]
    garbled = next(s for s in doc.sections if s.marker[0] in "-—")
    assert doc.text[garbled.span[0]:garbled.span[1]] == garbled.title + garbled.marker


@pytest.mark.parametrize("text", [
    # the list has its 1 already: a dash after a word is no second 1
    "一、总体要求\n" + _BODY + "\n重点任务-、\n" + _BODY + "\n二、保障措施\n" + _BODY + "\n",
    # the marker is not the line's end in lined text: a sentence's dash
    _INTRO + "\n指导思想-、坚持系统观念\n二、重点任务\n" + _BODY + "\n三、保障措施\n",
    # the stop differs from the next heading's (1. follows, not 二、)
    _INTRO + "\n指导思想-、\n" + _BODY + "\n2.重点任务\n" + _BODY + "\n3.保障措施\n",
])
def test_what_is_no_garbled_heading(text):
    assert not any(s.marker.startswith(("-", "—")) for s in front(text).sections)
