"""How long the HTML views take next to parsing, and how big they get.

    .venv/bin/python benchmarks/bench_view.py            # dev + pool (146 documents)
    .venv/bin/python benchmarks/bench_view.py --repeat 3

1. Parse: ``policytext.parse_file`` on every .txt of ../shared/corpora/dev and pool
   (one process, after a warm-up parse), best of ``--repeat``.
2. Views from the parsed documents: ``policytext.view.render(doc)`` per document.
3. Views from batch output: ``write_report`` over a ``--format json`` batch of the same
   files without its charts, i.e. reading each JSON, reading the source again, checking
   its sha256 and rendering; then the corpus charts alone.
4. A ~300,000-character document (the Shaoxing plan's body repeated): parse, render,
   HTML size.

Times are wall-clock (best of ``--repeat``) and CPU time of this process.
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import policytext
from policytext.batch import run_batch
from policytext.view import render
from policytext.view.report import charts, write_report

HERE = Path(__file__).resolve().parent
CORPORA = HERE.parent.parent / "shared" / "corpora"
SHAOXING = HERE.parent / "corpora" / "seed-shaoxing.txt"


def best(fn, repeat: int) -> tuple[float, float, object]:
    walls, cpus, out = [], [], None
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        out = fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return min(walls), min(cpus), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    paths = sorted(p for sub in ("dev", "pool") for p in (CORPORA / sub).glob("*.txt"))
    if not paths:
        raise SystemExit(f"no corpora at {CORPORA}")
    policytext.parse_file(str(SHAOXING))  # warm-up: rule data, patterns, model
    parse_wall, parse_cpu, docs = best(lambda: [policytext.parse_file(str(p)) for p in paths], args.repeat)
    render_wall, render_cpu, pages = best(lambda: [render(d) for d in docs], args.repeat)
    size = sum(len(p.encode("utf-8")) for p in pages)
    print(f"{len(paths)} documents, {sum(len(d.text) for d in docs):,} characters")
    print(f"parse            {parse_wall:7.2f} s wall  {parse_cpu:7.2f} s CPU")
    print(f"render(doc)      {render_wall:7.2f} s wall  {render_cpu:7.2f} s CPU   "
          f"ratio render/parse {render_wall / parse_wall:.3f}; HTML {size / 1e6:.1f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for p in paths:
            shutil.copy(p, src / f"{p.parent.name}-{p.name}")
        run_batch(str(src), str(Path(tmp) / "out"), jobs=1)
        w, c, summary = best(lambda: write_report(Path(tmp) / "out", with_charts=False), args.repeat)
        print(f"report views     {w:7.2f} s wall  {c:7.2f} s CPU   ratio to parse {w / parse_wall:.3f}; "
              f"{summary.documents} views, {summary.missing_text} without text, {summary.html_bytes / 1e6:.1f} MB")
    dicts = [d.to_dict() for d in docs]
    w, c, _ = best(lambda: charts(dicts), 1)
    print(f"corpus charts    {w:7.2f} s wall  {c:7.2f} s CPU   (first call: loads pandas, jieba, the indicator model)")
    base = SHAOXING.read_text(encoding="utf-8")
    body = base[base.index("一、总体要求"):]
    text = base + "\n" + "\n".join([body] * 38)
    w, c, long = best(lambda: policytext.parse(text, "long"), 1)
    rw, rc, page = best(lambda: render(long), max(1, args.repeat))
    print(f"long document    {len(text):,} characters: parse {w:.2f} s, render {rw:.3f} s, "
          f"HTML {len(page.encode('utf-8')) / 1e6:.2f} MB, {page.count('<mark')} highlights")
    in_browser(page)


def in_browser(page: str) -> None:
    """Load time and first paint of the long page in headless Chromium, when it is installed."""
    import sys

    sys.path.insert(0, str(HERE.parent / "tests"))
    from browser import Browser, unavailable

    if unavailable():
        print(f"browser          skipped: {unavailable()}")
        return
    with tempfile.TemporaryDirectory() as tmp, Browser() as driver:
        path = Path(tmp) / "long.html"
        path.write_text(page, encoding="utf-8")
        driver.get(path.as_uri())
        nav = driver.execute_script(
            "const n = performance.getEntriesByType('navigation')[0];"
            "const p = performance.getEntriesByType('paint').map(e => [e.name, e.startTime]);"
            "return [n.domContentLoadedEventEnd, n.loadEventEnd, p];")
        jump = driver.execute_script(
            "const rows = document.querySelectorAll('#p-tasks tr[data-j]'); const t = performance.now();"
            "rows[rows.length - 1].click(); return performance.now() - t;")
        paints = ", ".join(f"{name} {ms:.0f} ms" for name, ms in nav[2])
        print(f"browser          DOMContentLoaded {nav[0]:.0f} ms, load {nav[1]:.0f} ms ({paints}); "
              f"click on the last task row → scrolled in {jump:.0f} ms")


if __name__ == "__main__":
    main()
