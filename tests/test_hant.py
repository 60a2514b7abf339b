"""Traditional characters read through a simplified view of the same length."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from policytext.reading.hant import simplified
from policytext.reading.normalize import TextView


@pytest.mark.parametrize("written,read", [
    ("到2025年，數位服務覆蓋率達到90%以上。", "到2025年，数位服务覆盖率达到90%以上。"),
    ("各區、縣（市）人民政府，市政府各部門、各單位：", "各区、县（市）人民政府，市政府各部门、各单位："),
    # simplified text is left alone, even where a character has a traditional reading elsewhere
    ("依照《中华人民共和国著作权法》，乾隆年间的档案", "依照《中华人民共和国著作权法》，乾隆年间的档案"),
    ("2025年", "2025年"),
])
def test_simplified(written, read):
    assert simplified(written) == read


def test_view_spans_stay_in_the_source():
    source = "一、目標\n到2025年，數位服務覆蓋率達到90%以上。\n"
    view = TextView(source)
    i = view.text.index("数位服务")
    a, b = view.src_span(i, i + 4)
    assert source[a:b] == "數位服務"


@given(st.text())
def test_same_length(text):
    assert len(simplified(text)) == len(text)
