"""A batch output folder as HTML: an index of its documents, corpus charts, and a view per document.

``write_report(out_dir)`` reads the batch output (json or jsonl format), finds
each document's source text again (``sources``), and writes ``index.html`` and
``docs/NAME.html`` into ``out_dir/report`` unless told otherwise. Rendering the
views needs nothing beyond the base install; the charts use the research layer
(pandas) and the page says so when it cannot be loaded.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ..batch.output import ERRORS_NAME, JSONL_NAME, write_atomic
from ..batch.resume import MANIFEST_NAME, read_manifest
from ..errors import PolicyTextError
from .charts import bars
from .page import asset, e, head, render_data
from .sources import recover

REPORT_DIR = "report"
TOP = 15


class ReportError(PolicyTextError):
    """A path that cannot be made into a report: not a folder, no batch output in it, or an
    output written as Parquet only (it keeps no document JSON to view)."""

    kind = "report"


@dataclass
class ReportSummary:
    """What ``write_report`` did: the index page's path, documents viewed and failed, sources not
    found, time spent, bytes written and notes for the user.
    """
    index: str = ""
    documents: int = 0
    failed: int = 0  # error records of the batch, listed in the index
    missing_text: int = 0  # documents whose source could not be found or has changed
    view_seconds: float = 0.0  # reading sources and rendering the views
    chart_seconds: float = 0.0
    html_bytes: int = 0
    notes: list[str] = field(default_factory=list)


def _jsonl(path: Path) -> list[dict]:
    """The JSON objects of a JSONL file, skipping blank and unreadable lines."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            try:
                out.append(json.loads(line))
            except ValueError:
                continue
    return out


def _documents(base: Path, dest: Path) -> list[tuple[dict, Path | None, str]]:
    """(document, its output file or None, the view's name) for every document of the output."""
    if (base / JSONL_NAME).is_file():
        docs = [d for d in _jsonl(base / JSONL_NAME) if isinstance(d, dict) and "doc_id" in d]
        seen: dict[str, int] = {}
        out = []
        for d in docs:
            name = "".join(c if c.isalnum() or c in "-_." else "_" for c in str(d["doc_id"])) or "doc"
            seen[name] = seen.get(name, 0) + 1
            out.append((d, None, name if seen[name] == 1 else f"{name}-{seen[name]}"))
        return out
    if (base / "documents.parquet").is_file():
        raise ReportError(f"{base}: a parquet batch output keeps no document JSON to view; "
                          "run the batch with --format json or jsonl for a report")
    dest_real = os.path.realpath(dest)
    out = []
    for p in sorted(base.rglob("*.json")):
        rel = p.relative_to(base)
        if any(part.startswith(".") for part in rel.parts) or os.path.realpath(p).startswith(dest_real + os.sep):
            continue
        try:
            d = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(d, dict) and "doc_id" in d and "source" in d:
            out.append((d, p, str(rel.with_suffix(""))))
    return out


def _count_units(d: dict) -> int:
    """How many units the document's tasks name in all."""
    return sum(len(t.get("units") or []) for t in d.get("tasks") or [])


def _row(d: dict, href: str, note: str | None) -> str:
    """The index table row of one document: title linking to its view, issuers, date and counts."""
    m = d.get("meta") or {}
    date = m.get("signed_date") or m.get("published_date") or ""
    cells = [
        f'<td><span class="id">{e(d.get("doc_id"))}</span> <a href="{e(href)}">{e(m.get("title") or d.get("doc_id"))}</a>'
        + (f' <span class="moved" title="{e(note)}">source missing</span>' if note else "") + "</td>",
        f"<td>{e('、'.join(m.get('issuers') or []))}</td>",
        f"<td>{e(date)}</td>",
    ]
    counts = (len(d.get("sections") or []), len(d.get("tasks") or []), _count_units(d),
              len(d.get("targets") or []), len(d.get("warnings") or []), 0)
    cells += [f'<td class="num">{n}</td>' for n in counts]
    return f'<tr data-doc="{e(d.get("doc_id"))}">' + "".join(cells) + "</tr>"


def _error_row(err: dict) -> str:
    """The index table row of a batch error record: path, kind and message."""
    return (f'<tr class="failed"><td>{e(err.get("path"))} <span class="moved">{e(err.get("kind"))}</span>'
            f'<div class="msg">{e(err.get("message"))}</div></td><td></td><td></td>'
            + '<td class="num">0</td>' * 5 + '<td class="num">1</td></tr>')


def charts(docs: list[dict]) -> tuple[str, str | None]:
    """The corpus charts as HTML, and a note when the research layer is missing."""
    from ..errors import MissingExtra, require_extra

    try:
        require_extra("research", "the corpus charts")
        from ..instruments.codes import CODES, INSTRUMENTS
        from ..instruments.profile import instrument_profile
        from ..research.corpus import Corpus
        from ..research.indicators import canonical_targets
    except MissingExtra as exc:
        return "", f"{exc}."
    if not docs:
        return "", None
    corpus = Corpus.from_docs(docs)
    out = []
    load = corpus.unit_workload()
    if len(load):
        name = "canonical" if "canonical" in load.columns else load.columns[0]
        led = load[load["lead"] > 0].sort_values(["lead", name], ascending=[False, True], kind="stable")
        rows = [(str(r[name]), int(r["lead"])) for _, r in led.head(TOP).iterrows()]
        out.append(bars(f"Tasks led per canonical unit (top {TOP})", rows, colour="#d9695f",
                        note=f"{len(load)} canonical units in all"))
    targets = canonical_targets(corpus)
    if len(targets):
        groups = targets[targets["label"].notna()].groupby("label", observed=True).size()
        top = sorted(groups.items(), key=lambda kv: (-kv[1], str(kv[0])))[:TOP]
        out.append(bars(f"Targets by canonical indicator (top {TOP})", [(str(k), int(v)) for k, v in top],
                        colour="#54a24b", note=f"{len(targets)} targets, {len(groups)} indicators"))
    if len(corpus.tasks) and corpus.tasks["instrument"].notna().any():
        profile = instrument_profile(corpus)
        counts = profile["count"].sum(axis=0)
        rows = [(f"{code} {INSTRUMENTS[code][1]}", int(counts[code]))
                for code in CODES if code in counts.index]
        out.append(bars("Policy-instrument profile (primary code of each task)", rows, colour="#4c78a8",
                        note=f"{int(counts['total'])} coded tasks"))
    return "".join(out), None


def write_report(out_dir: str | os.PathLike, dest: str | os.PathLike | None = None, *,
                 with_charts: bool = True) -> ReportSummary:
    """Write ``index.html`` and one view per document for a batch output folder."""
    base = Path(out_dir)
    if not base.is_dir():
        raise ReportError(f"{base}: not a folder")
    target = Path(dest) if dest is not None else base / REPORT_DIR
    docs = _documents(base, target)
    errors = _jsonl(base / ERRORS_NAME) if (base / ERRORS_NAME).is_file() else []
    if not docs and not errors:
        raise ReportError(f"{base}: no policytext batch output here (no NAME.json, {JSONL_NAME} or {ERRORS_NAME})")
    manifest = read_manifest(base / MANIFEST_NAME)
    summary = ReportSummary(documents=len(docs), failed=len(errors))
    started = time.perf_counter()
    rows = []
    for d, output, name in docs:
        got = recover(d, output, manifest)
        if got.text is None:
            summary.missing_text += 1
        view = target / "docs" / f"{name}.html"
        back = os.path.relpath(target / "index.html", view.parent)
        html = render_data(d, got.text, note=got.note, back=back)
        write_atomic(view, html)
        summary.html_bytes += len(html.encode("utf-8"))
        # Quoted: an output named a#b or 50%.json must still link to its own page.
        rows.append(_row(d, quote(Path(os.path.relpath(view, target)).as_posix()), got.note))
    summary.view_seconds = time.perf_counter() - started
    started = time.perf_counter()
    chart_html, chart_note = charts([d for d, _, _ in docs]) if with_charts else ("", None)
    summary.chart_seconds = time.perf_counter() - started
    rows += [_error_row(err) for err in errors]
    page = _index(base, rows, summary, chart_html, chart_note)
    write_atomic(target / "index.html", page)
    summary.index = str(target / "index.html")
    return summary


COLUMNS = (("title", "text"), ("issuer", "text"), ("date", "text"), ("sections", "num"), ("tasks", "num"),
           ("units", "num"), ("targets", "num"), ("warnings", "num"), ("errors", "num"))


def _index(base: Path, rows: list[str], s: ReportSummary, chart_html: str, chart_note: str | None) -> str:
    """The report's index page: summary, charts and the table of documents."""
    css, js = asset("view.css") + asset("report.css"), asset("report.js")
    ths = "".join(f'<th data-type="{t}" tabindex="0">{e(c)}</th>' for c, t in COLUMNS)
    notes = []
    if s.missing_text:
        notes.append(f'<p class="note">{s.missing_text} document(s) have no source text any more (moved or '
                     'changed since the batch run): their views show the tables without highlights.</p>')
    if chart_note:
        notes.append(f'<p class="note">{e(chart_note)}</p>')
    return (head(f"policytext report · {base.name}", css, [js]) + '<body class="report">\n<header>\n'
            f"<h1>policytext report: {e(base.name)}</h1>\n"
            f'<p class="src">{s.documents} documents, {s.failed} failed</p>\n' + "".join(notes)
            + "</header>\n<div class=\"page\">\n"
            + (f'<section class="charts">{chart_html}</section>\n' if chart_html else "")
            + '<p><input id="filter" type="search" placeholder="filter: title, issuer, date …" size="40"> '
              '<span id="shown"></span></p>\n'
            f'<table id="docs" class="rows"><thead><tr>{ths}</tr></thead><tbody>\n'
            + "\n".join(rows) + "\n</tbody></table>\n</div>\n"
            f"<script>{js}</script>\n</body>\n</html>\n")


__all__ = ["REPORT_DIR", "ReportError", "ReportSummary", "charts", "write_report"]
