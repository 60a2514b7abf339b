"""The views in a real browser: clicks land on their evidence, highlights are their spans,
hostile documents run nothing, the report index sorts and filters.

Headless Chromium through Selenium (see tests/browser.py); skipped, with the
reason, where chromium, chromium-driver or selenium are missing.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import Browser, unavailable  # noqa: E402
from conftest import DEV, HOSTILE, SHAOXING  # noqa: E402

import policytext  # noqa: E402
from policytext.view import render  # noqa: E402
from policytext.view.items import Items  # noqa: E402

pytestmark = pytest.mark.skipif(unavailable() is not None, reason=f"browser tests: {unavailable()}")


@pytest.fixture(scope="module")
def browser():
    b = Browser()
    yield b.driver
    b.close()


def open_view(browser, tmp_path: Path, doc, name: str = "view.html") -> Path:
    page = tmp_path / name
    page.write_text(render(doc), encoding="utf-8")
    browser.get(page.as_uri())
    return page


def in_view(browser, index: int) -> bool:
    """The first line of item ``index`` lies inside both the text pane and the window."""
    return browser.execute_script("""
        const f = document.querySelector('#text mark[data-i="' + arguments[0] + '"]');
        const pane = document.getElementById('text').getBoundingClientRect();
        const r = f.getClientRects()[0];
        return r.top >= pane.top && r.bottom <= pane.bottom && r.top >= 0 && r.bottom <= window.innerHeight;
    """, index)


FRAGMENTS = """
    const out = {};
    for (const m of document.querySelectorAll('#text mark[data-i]')) {
        const i = m.getAttribute('data-i');
        // Only the text of this item's own fragment, children included: nested marks are inside it.
        out[i] = (out[i] || '') + m.textContent;
    }
    return [out, document.getElementById('text').textContent];
"""


def check_fragments(browser, doc) -> int:
    """Every highlight's text is text[span] of its item, and the pane's text is the source."""
    fragments, whole = browser.execute_script(FRAGMENTS)
    assert whole == doc.text
    items = Items(doc.to_dict()).items
    spanned = [it for it in items if it.span is not None]
    assert sorted(int(i) for i in fragments) == [it.index for it in spanned]
    for it in spanned:
        assert fragments[str(it.index)] == doc.text[it.span[0]:it.span[1]], it.label
    return len(spanned)


def test_clicking_a_task_row_brings_its_highlight_into_view(browser, tmp_path):
    doc = policytext.parse_file(str(SHAOXING))
    open_view(browser, tmp_path, doc)
    items = Items(doc.to_dict())
    last = items.tasks[-1]
    assert not in_view(browser, last)  # the last task starts far below the first screen
    row = browser.find_element("css selector", f'#p-tasks tr[data-j="{last}"] td:nth-child(3)')  # the title
    row.click()
    assert browser.find_element("id", "text").get_attribute("data-current") == str(last)
    assert in_view(browser, last)
    flashed = browser.execute_script("return [...document.querySelectorAll('mark.flash')].map(m => m.dataset.i)")
    assert set(flashed) == {str(last)}
    # A unit badge in the same table jumps to the unit, not to its task.
    ti = max(n for n, t in enumerate(doc.tasks) if t.units and t.units[0].span)
    unit = items.units[(ti, 0)]
    browser.find_element("css selector", f'#p-tasks .u[data-j="{unit}"]').click()
    assert browser.find_element("id", "text").get_attribute("data-current") == str(unit)
    assert in_view(browser, unit)
    # The keyboard reaches the rows too: Enter on a focused row jumps like a click.
    from selenium.webdriver.common.keys import Keys

    first = items.tasks[0]
    browser.find_element("css selector", f'#p-tasks tr[data-j="{first}"]').send_keys(Keys.ENTER)
    assert browser.find_element("id", "text").get_attribute("data-current") == str(first)
    assert in_view(browser, first)


def test_hovering_a_highlight_says_what_it_is(browser, tmp_path):
    from selenium.webdriver import ActionChains

    doc = policytext.parse_file(str(SHAOXING))
    open_view(browser, tmp_path, doc)
    items = Items(doc.to_dict())
    unit = items.units[(0, 0)]
    browser.find_element("css selector", f'#p-tasks .u[data-j="{unit}"]').click()
    mark = browser.find_element("css selector", f'#text mark[data-i="{unit}"]')
    ActionChains(browser).move_to_element(mark).perform()
    tip = browser.find_element("id", "tip")
    assert tip.is_displayed()
    name = doc.tasks[0].units[0].name
    lines = tip.text.splitlines()
    assert lines[0] == items.items[unit].label and name in lines[0]
    assert any(line.startswith(f"task {doc.tasks[0].id} ") for line in lines[1:])  # the enclosing task


def test_every_highlight_is_the_text_of_its_span(browser, tmp_path):
    doc = policytext.parse_file(str(SHAOXING))
    open_view(browser, tmp_path, doc)
    assert check_fragments(browser, doc) > 200


@pytest.mark.skipif(not DEV.is_dir(), reason=f"corpora not found at {DEV}")
@pytest.mark.parametrize("n", [0, 7, 14])
def test_every_highlight_is_the_text_of_its_span_in_dev_documents(browser, tmp_path, n):
    paths = sorted(DEV.glob("*.txt"))
    doc = policytext.parse_file(str(paths[n % len(paths)]))
    open_view(browser, tmp_path, doc)
    check_fragments(browser, doc)


FORMATS = DEV.parent / "formats"


@pytest.mark.skipif(not FORMATS.is_dir(), reason=f"corpora not found at {FORMATS}")
@pytest.mark.parametrize("name", ["F001.docx", "F003.html", "F011.pdf"])
def test_converted_formats_show_their_extracted_text(browser, tmp_path, name):
    doc = policytext.parse_file(str(FORMATS / name))
    assert doc.source.format in ("docx", "html", "pdf")
    open_view(browser, tmp_path, doc)
    assert check_fragments(browser, doc) > 10


def test_a_hostile_document_runs_no_script(browser, tmp_path):
    doc = policytext.parse(HOSTILE, "hostile")
    assert doc.meta.title.startswith("<script>alert(1)</script>")
    assert doc.src_text(doc.tasks[0].units[0].span).startswith("<img src=x onerror=")  # the name drops its spaces
    open_view(browser, tmp_path, doc)
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 - an alert() would be open now
    assert "PWNED" not in browser.title
    assert browser.execute_script("return document.images.length") == 0
    assert browser.execute_script("return document.scripts.length") == 2  # the labels and the page's own
    assert browser.find_element("tag name", "h1").text == doc.meta.title
    units = [u.text for u in browser.find_elements("css selector", "#p-tasks .u")]
    assert doc.tasks[0].units[0].name in units
    check_fragments(browser, doc)


def test_a_long_document_renders_and_scrolls(browser, tmp_path):
    """About 300,000 characters: the last task is reachable with one click."""
    base = SHAOXING.read_text(encoding="utf-8")
    body = base[base.index("一、总体要求"):]
    text = base + "\n" + "\n".join([body] * 38)
    assert len(text) > 300_000
    doc = policytext.parse(text, "long")
    open_view(browser, tmp_path, doc)
    last = Items(doc.to_dict()).tasks[-1]
    assert not in_view(browser, last)
    browser.find_element("css selector", f'#p-tasks tr[data-j="{last}"] td:nth-child(3)').click()
    assert in_view(browser, last)


def test_the_report_index_sorts_filters_and_links(browser, tmp_path):
    from policytext.batch import run_batch
    from policytext.view.report import write_report

    src = tmp_path / "src"
    src.mkdir()
    (src / "shaoxing.txt").write_text(SHAOXING.read_text(encoding="utf-8"), encoding="utf-8")
    (src / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (src / "broken.txt").write_bytes(b"")
    out = tmp_path / "out"
    run_batch(str(src), str(out), jobs=1)
    report = write_report(out)
    browser.get(Path(report.index).as_uri())
    titles = lambda: [r.text for r in browser.find_elements("css selector", "#docs tbody tr:not([hidden]) td:first-child")]  # noqa: E731
    assert len(titles()) == 3  # two documents and the failed input
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 - the hostile title is in the index too
    assert any(t.startswith("hostile <script>alert(1)</script>") for t in titles())
    browser.find_element("id", "filter").send_keys("绍兴")
    assert len(titles()) == 1 and "绍兴" in titles()[0]
    browser.find_element("id", "filter").clear()
    browser.execute_script("document.getElementById('filter').dispatchEvent(new Event('input'))")
    tasks_header = browser.find_elements("css selector", "#docs thead th")[4]
    tasks_header.click()
    counts = [int(r.text) for r in browser.find_elements("css selector", "#docs tbody tr td:nth-child(5)")]
    assert counts == sorted(counts) and counts[-1] == 35
    tasks_header.click()
    counts = [int(r.text) for r in browser.find_elements("css selector", "#docs tbody tr td:nth-child(5)")]
    assert counts == sorted(counts, reverse=True)
    assert browser.execute_script("return document.querySelectorAll('svg rect').length") > 0
    browser.find_element("partial link text", "绍兴市人民政府关于印发").click()
    assert "绍兴市加快推进数字政府建设实施方案" in browser.find_element("tag name", "h1").text
    assert browser.execute_script("return document.querySelectorAll('#text mark').length") > 200
    json.dumps(report.__dict__)  # the summary is plain data
