"""The HTML views without a browser: markup of nested and crossing spans, escaping,
finding the source text of a batch output again, the view and report commands."""
from __future__ import annotations

import json
import os
import re
import shutil
from html.parser import HTMLParser

import pytest
from conftest import HOSTILE, SHAOXING
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import policytext
from policytext.cli import app
from policytext.view import render, render_data
from policytext.view.items import Items
from policytext.view.marks import Mark, mark_up
from policytext.view.sources import recover


class Fragments(HTMLParser):
    """Text under each data-i, joined over its fragments, the way a browser's textContent would."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[str | None] = []
        self.parts: dict[str, str] = {}
        self.text = ""
        self.depth_ok = True

    def handle_starttag(self, tag, attrs):
        assert tag == "mark", tag
        self.open.append(dict(attrs).get("data-i"))

    def handle_endtag(self, tag):
        assert tag == "mark" and self.open, "unbalanced markup"
        self.open.pop()

    def handle_data(self, data):
        self.text += data
        for i in set(self.open):
            self.parts[i] = self.parts.get(i, "") + data


def fragments(html: str) -> Fragments:
    f = Fragments()
    f.feed(html)
    f.close()
    assert f.open == []
    return f


CASES = [
    # (text, spans, why)
    ("责任单位：市发改委、市经信局", [(5, 9), (10, 14)], "side by side"),
    ("一、推进数据共享。到2025年达到95%。", [(0, 21), (9, 14), (9, 20)], "nested, sharing a start"),
    ("ABCDEFGHIJ", [(0, 6), (3, 9)], "crossing: the second is split at the first's end"),
    ("ABCDEFGHIJ", [(2, 5), (2, 5)], "identical spans"),
    ("ABCDEFGHIJ", [(0, 4), (4, 8), (1, 7), (3, 5)], "a chain of crossings"),
    ("A<b>&\"C'\r\nD", [(0, 3), (2, 9)], "markup characters and CR stay text"),
]


@pytest.mark.parametrize(("text", "spans", "why"), CASES, ids=[c[2] for c in CASES])
def test_every_mark_holds_exactly_its_span(text, spans, why):
    marks = [Mark(s, e, i, "target") for i, (s, e) in enumerate(spans)]
    f = fragments(mark_up(text, marks))
    assert f.text == text
    assert f.parts == {str(i): text[s:e] for i, (s, e) in enumerate(spans)}


def test_crossing_spans_become_fragments_and_only_the_first_has_a_badge():
    html = mark_up("ABCDEFGHIJ", [Mark(0, 6, 0, "task", "t1"), Mark(3, 9, 1, "task", "t2")])
    assert html.count('data-i="1"') == 2 and html.count('data-b="t2"') == 1


def test_invalid_spans_are_left_out():
    html = mark_up("ABC", [Mark(2, 1, 0, "time"), Mark(0, 9, 1, "time"), Mark(1, 1, 2, "time"), Mark(0, 1, 3, "time")])
    assert fragments(html).parts == {"3": "A"}


@given(st.text(alphabet="ab<&\r\n中", min_size=1, max_size=40),
       st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=12))
def test_any_spans_give_balanced_markup_that_slices_the_text(text, raw):
    spans = [(s, e) for s, e in raw if 0 <= s < e <= len(text)]
    f = fragments(mark_up(text, [Mark(s, e, i, "unit-lead") for i, (s, e) in enumerate(spans)]))
    assert f.text == text
    assert f.parts == {str(i): text[s:e] for i, (s, e) in enumerate(spans)}


def test_hostile_fields_are_escaped_everywhere():
    doc = policytext.parse(HOSTILE, "hostile")
    assert doc.meta.title.startswith("<script>") and doc.tasks[0].units[0].name.startswith("<img")
    html = render(doc)
    assert "<script>alert" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("<script") == 2  # the labels and the page's own code
    csp = html.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
    assert "script-src 'sha256-" in csp and "unsafe-inline" not in csp.split("script-src", 1)[1]
    labels = html.split('<script type="application/json" id="labels">', 1)[1].split("</script>", 1)[0]
    assert "<" not in labels and "\\u003cimg" in labels
    assert any(label.startswith("unit <img") for label in json.loads(labels))


def test_the_page_is_self_contained_and_deterministic():
    doc = policytext.parse_file(str(SHAOXING))
    html = render(doc)
    assert html == render(policytext.parse_file(str(SHAOXING)))
    for needle in ("http://", "https://", "src=", "@import", "url("):
        assert needle not in html.replace("http://www.w3.org/2000/svg", ""), needle
    assert render_data(doc.to_dict(), doc.text) == html


def test_implicit_units_are_marked_in_the_task_table():
    doc = policytext.parse_file(str(SHAOXING))
    implicit = [(t, u) for t in doc.tasks for u in t.units if u.implicit]
    assert implicit and implicit[0][1].span is None
    html = render(doc)
    assert html.count('class="u r-responsible imp"') >= len(implicit)
    assert "implicit units: " + implicit[0][1].name in html


def test_without_text_the_tables_stay_and_the_page_says_why():
    doc = policytext.parse_file(str(SHAOXING))
    html = render_data(doc.to_dict(), None, note="the source has moved: /gone.txt is not there any more")
    assert "the source has moved: /gone.txt" in html
    assert not re.search(r'data-[ij]="\d', html) and doc.tasks[0].title in html


def test_items_follow_the_contract_order():
    doc = policytext.parse(HOSTILE, "hostile")
    items = Items(doc.to_dict())
    kinds = [it.kind for it in items.items]
    assert kinds.index("sec") < kinds.index("task") < kinds.index("target") < kinds.index("time")
    assert {it.kind for it in items.items} >= {"meta", "sec", "task", "unit-responsible", "unit-lead", "target", "time"}


# ------------------------------------------------------------ sources of batch output

@pytest.fixture()
def batch_out(tmp_path):
    from policytext.batch import run_batch

    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SHAOXING, src / "shaoxing.txt")
    (src / "gbk.txt").write_bytes(HOSTILE.encode("gb18030"))
    out = tmp_path / "out"
    cwd = os.getcwd()
    os.chdir(tmp_path)  # a relative input folder, as users type it
    try:
        run_batch("src", str(out), jobs=1)
    finally:
        os.chdir(cwd)
    return src, out


def test_a_relative_batch_finds_its_sources_from_anywhere(batch_out):
    from policytext.batch.resume import MANIFEST_NAME, read_manifest

    src, out = batch_out
    data = json.loads((out / "gbk.json").read_text(encoding="utf-8"))
    assert data["source"]["path"] == "src/gbk.txt"  # relative, and the cwd is elsewhere now
    got = recover(data, out / "gbk.json", read_manifest(out / MANIFEST_NAME))
    assert got.note is None and got.text == HOSTILE


def test_a_moved_or_changed_source_is_named_in_the_page(batch_out):
    from policytext.view.report import write_report

    src, out = batch_out
    (src / "shaoxing.txt").rename(src.parent / "elsewhere.txt")
    (src / "gbk.txt").write_bytes(HOSTILE.replace("95%", "96%").encode("gb18030"))
    summary = write_report(out)
    assert summary.missing_text == 2
    moved = (out / "report" / "docs" / "shaoxing.html").read_text(encoding="utf-8")
    assert "the source has moved" in moved and str(src / "shaoxing.txt") in moved
    changed = (out / "report" / "docs" / "gbk.html").read_text(encoding="utf-8")
    assert "has changed since it was parsed" in changed
    assert "2 document(s) have no source text any more" in (out / "report" / "index.html").read_text("utf-8")


def test_emitted_text_beside_the_output_is_used(tmp_path):
    runner = CliRunner()
    out = tmp_path / "x.json"
    assert runner.invoke(app, ["parse", str(SHAOXING), "-o", str(out), "--emit-text"]).exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    data["source"]["path"] = "/nowhere/x.txt"
    got = recover(data, out)
    assert got.note is None and got.text == SHAOXING.read_text(encoding="utf-8")


# ------------------------------------------------------------ commands

def test_view_command_writes_one_page(tmp_path):
    runner = CliRunner()
    target = tmp_path / "v" / "shaoxing.html"
    result = runner.invoke(app, ["view", str(SHAOXING), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == render(policytext.parse_file(str(SHAOXING)))


def test_view_command_on_a_bad_input_says_so(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    result = CliRunner().invoke(app, ["view", str(bad), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 1 and "empty.txt" in result.output and "Traceback" not in result.output
    junk = tmp_path / "junk.json"
    junk.write_text("[1, 2]", encoding="utf-8")
    result = CliRunner().invoke(app, ["view", str(junk)])
    assert result.exit_code == 1 and "not a policytext JSON output" in result.output


def test_batch_report_lists_documents_and_failures(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SHAOXING, src / "shaoxing.txt")
    shutil.copy(SHAOXING, src / "绍兴 #2 50%.txt")
    (src / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["batch", str(src), "-o", str(out), "--jobs", "1", "--report"])
    assert result.exit_code == 1  # one input failed; the report is written all the same
    index = (out / "report" / "index.html").read_text(encoding="utf-8")
    assert 'href="docs/shaoxing.html"' in index and "empty.txt" in index and "<svg" in index
    assert (out / "report" / "docs" / "shaoxing.html").is_file()
    assert 'href="docs/%E7%BB%8D%E5%85%B4%20%232%2050%25.html"' in index
    assert (out / "report" / "docs" / "绍兴 #2 50%.html").is_file()
    from policytext.research import corpus

    assert corpus.load(out).doc_ids == ["shaoxing", "绍兴 #2 50%"]  # the report's pages are not read as documents


def test_report_on_jsonl_output_and_refusals(tmp_path):
    from policytext.batch import run_batch

    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SHAOXING, src / "shaoxing.txt")
    run_batch(str(src), str(tmp_path / "jl"), fmt="jsonl", jobs=1)
    result = CliRunner().invoke(app, ["report", str(tmp_path / "jl"), "-o", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "r" / "docs" / "shaoxing.html").read_text(encoding="utf-8")
    assert page.count("<mark") > 200 and 'href="../index.html"' in page
    run_batch(str(src), str(tmp_path / "pq"), fmt="parquet", jobs=1)
    result = CliRunner().invoke(app, ["report", str(tmp_path / "pq")])
    assert result.exit_code == 1 and "--format json or jsonl" in result.output
    result = CliRunner().invoke(app, ["batch", str(src), "-o", str(tmp_path / "pq2"), "-f", "parquet", "--report"])
    assert result.exit_code == 1 and "--report needs --format json or jsonl" in result.output
    assert not (tmp_path / "pq2").exists()  # refused before any work
    result = CliRunner().invoke(app, ["report", str(tmp_path / "nothing")])
    assert result.exit_code == 1 and "not a folder" in result.output


def test_batch_with_text_needs_no_source_file(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SHAOXING, src / "shaoxing.txt")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["batch", str(src), "-o", str(out), "--jobs", "1", "--with-text",
                                      "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    shutil.rmtree(src)
    from policytext.view.report import write_report

    summary = write_report(out)
    assert summary.missing_text == 0
    assert (out / "report" / "docs" / "shaoxing.html").read_text("utf-8").count("<mark") > 200
    from policytext.research import corpus

    assert corpus.load(out).text("shaoxing") == SHAOXING.read_text(encoding="utf-8")


def test_without_pandas_the_report_says_the_charts_are_missing(tmp_path, monkeypatch):
    import sys

    from policytext.view.report import charts

    monkeypatch.setitem(sys.modules, "pandas", None)
    html, note = charts([policytext.parse_file(str(SHAOXING)).to_dict()])
    assert html == "" and "pip install 'policytext[research]'" in note and "\n" not in note


def test_rendering_needs_nothing_beyond_the_base_install(tmp_path):
    """A view is rendered from output JSON with the standard library alone: no pandas, jieba, numpy."""
    import subprocess
    import sys

    out = tmp_path / "x.json"
    out.write_text(policytext.parse_file(str(SHAOXING)).to_json(), encoding="utf-8")
    code = (f"import json, sys; from policytext.view import render_data; "
            f"d = json.load(open({str(out)!r}, encoding='utf-8')); "
            f"html = render_data(d, open({str(SHAOXING)!r}, encoding='utf-8').read()); "
            f"print(sorted(m for m in ('pandas', 'jieba', 'numpy', 'pyarrow', 'sklearn') if m in sys.modules), "
            f"html.count('<mark'))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    loaded, marks = result.stdout.rsplit("]", 1)
    assert loaded == "[" and int(marks) > 200


def test_spans_outside_the_text_are_counted_and_not_offered_as_jumps():
    doc = policytext.parse(HOSTILE, "hostile")
    data = doc.to_dict()
    data["targets"][0]["span"] = [len(doc.text) - 2, len(doc.text) + 40]
    html = render_data(data, doc.text)
    assert "1 item(s) have spans outside the text" in html
    index = Items(data).targets[0]
    assert f'data-j="{index}"' not in html and f'data-i="{index}"' not in html


def test_warnings_show_at_the_top_escaped():
    doc = policytext.parse(HOSTILE, "hostile")
    data = doc.to_dict()
    data["warnings"] = ["model file refused: <b>sha256</b> differs", "second"]
    html = render_data(data, doc.text)
    top = html.split("<main>", 1)[0]
    assert "2 warning(s)" in top and "&lt;b&gt;sha256&lt;/b&gt; differs" in top and "<b>sha256" not in html


@pytest.mark.parametrize("name", ["F002.docx", "F005.html", "F012.pdf"])
def test_the_extracted_text_of_a_converted_format_is_found_again(shared, name):
    path = shared / "formats" / name
    if not path.is_file():
        pytest.skip(f"{path} not found")
    doc = policytext.parse_file(str(path))
    got = recover(doc.to_dict())
    assert got.note is None and got.text == doc.text


def test_resume_with_text_does_not_keep_outputs_made_without_it(tmp_path):
    from policytext.batch import run_batch

    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SHAOXING, src / "shaoxing.txt")
    out = tmp_path / "out"
    run_batch(str(src), str(out), jobs=1)
    assert "text" not in json.loads((out / "shaoxing.json").read_text(encoding="utf-8"))
    summary = run_batch(str(src), str(out), jobs=1, resume=True, with_text=True)
    assert summary.resumed == 0 and summary.done == 1
    assert json.loads((out / "shaoxing.json").read_text(encoding="utf-8"))["text"] == SHAOXING.read_text("utf-8")
    assert run_batch(str(src), str(out), jobs=1, resume=True, with_text=True).resumed == 1
