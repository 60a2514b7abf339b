"""The command line: thin wrappers over library functions."""
from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

# Plain help: rich markup would eat every "[default: …]" written in a help string.
app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Chinese policy documents to structured JSON.",
)


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=1)


def _need(extra: str, feature: str) -> None:
    """Stop with the one line naming the ``pip install`` when an extra's libraries are missing."""
    from .errors import MissingExtra, require_extra

    try:
        require_extra(extra, feature)
    except MissingExtra as exc:
        _fail(str(exc))


def _version(value: bool) -> None:
    if value:
        from .about import OUTPUT_SCHEMA_VERSION, __version__

        typer.echo(f"policytext {__version__} (output schema {OUTPUT_SCHEMA_VERSION})")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit")] = False,
) -> None:
    """Chinese policy documents to structured JSON."""


class BatchFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    parquet = "parquet"


class CompareFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    parquet = "parquet"


class UnitsFormat(StrEnum):
    table = "table"
    csv = "csv"


_MODEL = typer.Option("--instruments-model", help="Instrument model folder (from train instruments --out)")


def _parse(path: Path, instruments_model: Path | None = None):
    from .batch import error_record
    from .pipeline import parse_file

    try:
        return parse_file(str(path), instruments_model=instruments_model)
    except Exception as exc:  # noqa: BLE001 - a clear message, never a traceback
        record = error_record(str(path), exc)
        _fail(f"{record['path']}: {record['message']} ({record['kind']})")


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(help="A document: .txt, .html, .docx or .pdf")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write JSON here instead of stdout")] = None,
    emit_text: Annotated[bool, typer.Option(
        "--emit-text", help="Also write the source text the spans point into, beside the JSON as "
                            "OUT.source.txt (needs -o; `policytext view OUT.json` finds it there)")] = False,
    instruments_model: Annotated[Path | None, _MODEL] = None,
) -> None:
    """Parse one document and print (or write) its JSON."""
    if emit_text and output is None:
        # The text belongs beside its JSON (the viewer pairs them by name); never litter the current folder.
        _fail("--emit-text needs -o OUT.json: the text is written beside it as OUT.source.txt")
    doc = _parse(file, instruments_model)
    data = doc.to_json() + "\n"
    if output is None:
        sys.stdout.write(data)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(data, encoding="utf-8")
    if emit_text and output is not None:
        target = output.with_suffix(".source.txt")
        target.write_text(doc.text, encoding="utf-8")
        typer.echo(f"source text: {target}", err=True)


def _bytes(size: str) -> int | None:
    """'2G', '512M', '1.5GiB', '1073741824' → bytes (powers of 1024); None if it is not a size."""
    import re

    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*", size, re.IGNORECASE)
    if not m:
        return None
    return int(float(m.group(1)) * 1024 ** " kmgt".index(m.group(2).lower() or " "))


@app.command()
def batch(
    directory: Annotated[Path, typer.Argument(help="A folder of documents (walked recursively)")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output folder (also holds errors.jsonl)")],
    fmt: Annotated[BatchFormat, typer.Option(
        "--format", "-f", help="json: NAME.json per document; jsonl: one documents.jsonl; "
                               "parquet: one TABLE.parquet per entity table (needs policytext[parquet])"
    )] = BatchFormat.json,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, help="Worker processes [default: all cores]")] = None,
    resume: Annotated[bool, typer.Option(
        "--resume", help="Skip inputs an earlier run into OUTPUT finished (same bytes, same version)")] = False,
    timeout: Annotated[float, typer.Option(
        "--timeout", min=0, help="Seconds one document may take; 0 for no limit")] = 60.0,
    max_bytes: Annotated[int | None, typer.Option(
        "--max-bytes", min=1, help="Refuse larger files [default: 20 MiB]")] = None,
    progress: Annotated[bool | None, typer.Option(
        "--progress/--no-progress", help="Progress bar [default: when stderr is a terminal]")] = None,
    report: Annotated[bool, typer.Option(
        "--report", help="Also write an HTML report into OUTPUT/report (see `policytext report`)")] = False,
    with_text: Annotated[bool, typer.Option(
        "--with-text", help="Keep each source text in its output (a 'text' field) for views")] = False,
    max_memory: Annotated[str, typer.Option(
        "--max-memory", help="Resident-memory ceiling per worker, e.g. 2G, 512M or bytes; 0 for none")] = "2G",
    follow_links: Annotated[bool, typer.Option(
        "--follow-links", help="Follow links that lead out of DIRECTORY (refused by default)")] = False,
    instruments_model: Annotated[Path | None, _MODEL] = None,
) -> None:
    """Parse every supported document below DIRECTORY; failures go to errors.jsonl."""
    import os

    from .batch import run_batch
    from .errors import PolicyTextError

    fmt = fmt.value
    if not directory.is_dir():
        _fail(f"{directory}: not a folder")
    if fmt == "parquet":
        _need("parquet", "batch --format parquet")
    if report and fmt == "parquet":
        _fail("--report needs --format json or jsonl: parquet output keeps no document JSON to view")
    ceiling = _bytes(max_memory)
    if ceiling is None:
        _fail(f"--max-memory must be a size such as 2G, 512M or 1073741824, not {max_memory!r}")
    bar = None

    def advance(finished: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            from tqdm import tqdm

            bar = tqdm(total=total, unit="file", dynamic_ncols=True, file=sys.stderr)
        bar.update(finished - bar.n)

    show = sys.stderr.isatty() if progress is None else progress
    try:
        summary = run_batch(str(directory), str(output), fmt=fmt, jobs=jobs or os.cpu_count() or 1,
                            resume=resume, timeout=timeout or None, max_bytes=max_bytes,
                            progress=advance if show else None, with_text=with_text,
                            max_memory=ceiling or None, follow_links=follow_links,
                            instruments_model=str(instruments_model) if instruments_model else None)
    except KeyboardInterrupt:
        typer.echo("interrupted: run again with --resume to finish what is left", err=True)
        raise typer.Exit(code=130) from None
    except OSError as exc:
        _fail(f"{exc.filename or output}: {exc.strerror or exc}")
    except PolicyTextError as exc:
        _fail(str(exc))
    finally:
        if bar is not None:
            bar.close()
    skipped = sum(summary.skipped.values())
    detail = ", ".join(f"{n} {ext}" for ext, n in sorted(summary.skipped.items()))
    typer.echo(
        f"done {summary.done}, failed {summary.failed}, skipped {skipped}" + (f" ({detail})" if detail else "")
        + f", resumed {summary.resumed}; {summary.seconds:.1f} s, {summary.files_per_second:.1f} files/s, "
          f"{summary.mb_per_second:.2f} MB/s",
        err=True,
    )
    for path, warning in summary.warned[:_SHOWN_WARNINGS]:
        typer.echo(f"warning: {path}: {warning}", err=True)
    if len(summary.warned) > _SHOWN_WARNINGS:
        typer.echo(f"… and {len(summary.warned) - _SHOWN_WARNINGS} more warnings (each output's 'warnings' "
                   "field)", err=True)
    if report:
        _report(output, None)
    if summary.failed:
        typer.echo(f"errors: {summary.errors_path}", err=True)
        raise typer.Exit(code=1)


#: Warnings the batch log shows before it points to the outputs for the rest.
_SHOWN_WARNINGS = 20


def _report(out_dir: Path, dest: Path | None) -> None:
    from .errors import PolicyTextError
    from .view.report import write_report

    try:
        r = write_report(out_dir, dest)
    except PolicyTextError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{exc.filename or out_dir}: {exc.strerror or exc}")
    typer.echo(f"report: {r.index} ({r.documents} documents, {r.failed} failed, {r.missing_text} without "
               f"source text; views {r.view_seconds:.1f} s, charts {r.chart_seconds:.1f} s)", err=True)


@app.command()
def view(
    file: Annotated[Path, typer.Argument(help="A document (.txt, .html, .docx, .pdf) or its policytext JSON")],
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="Write the HTML here [default: NAME.view.html in the current folder]")] = None,
) -> None:
    """Write one self-contained HTML page showing every extracted item at its span in the text."""
    from .view import render_data
    from .view.sources import recover

    if file.suffix.lower() == ".json":
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            _fail(f"{file}: not a policytext JSON output ({exc})")
        if not isinstance(data, dict) or "source" not in data:
            _fail(f"{file}: not a policytext JSON output (no source field)")
        got = recover(data, file)
        html = render_data(data, got.text, note=got.note)
    else:
        doc = _parse(file)
        html = render_data(doc.to_dict(), doc.text)
    target = output or Path(file.stem + ".view.html")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    except OSError as exc:
        _fail(f"{target}: {exc.strerror or exc}")
    typer.echo(f"view: {target}", err=True)


@app.command("report")
def report_cmd(
    out_dir: Annotated[Path, typer.Argument(help="The output folder of `policytext batch` (json or jsonl)")],
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="Folder for index.html and docs/ [default: OUT_DIR/report]")] = None,
) -> None:
    """Write an HTML index of a batch output (sortable, filterable, corpus charts) and a view per document."""
    _report(out_dir, output)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the output."""
    from .schema import output_schema

    sys.stdout.write(json.dumps(output_schema(), ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def _instrument_counts(doc) -> str:
    from collections import Counter

    counts = Counter(t.instrument.primary or "abstain" for t in doc.tasks if t.instrument)
    return " ".join(f"{code} {n}" for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


@app.command()
def summary(file: Annotated[Path, typer.Argument(help="A document to summarise")]) -> None:
    """Print a short human-readable summary of one document."""
    doc = _parse(file)
    m = doc.meta
    units = {u.name for t in doc.tasks for u in t.units}
    rows = [
        ("title", m.title or "-"),
        ("type", m.doc_type or "-"),
        ("enclosed", "; ".join(e.title for e in m.enclosed) or "-"),
        ("doc number", m.doc_number.text if m.doc_number else "-"),
        ("issuers", "、".join(m.issuers) or "-"),
        ("signed", m.signed_date or "-"),
        ("published", m.published_date or "-"),
        ("sections", str(len(doc.sections))),
        ("tasks", str(len(doc.tasks))),
        ("units", str(len(units))),
        ("targets", str(len(doc.targets))),
        ("amounts", str(len(doc.amounts))),
        ("references", str(len(doc.references))),
        ("instruments", _instrument_counts(doc) or "-"),
    ]
    for label, value in rows:
        typer.echo(f"{label:>11}: {value}")
    for g in doc.targets[:5]:
        typer.echo(f"{'target':>11}: {g.indicator} {g.comparator} {g.value:g} {g.unit} by {g.deadline or '-'}")


@app.command()
def compare(
    inputs: Annotated[list[Path], typer.Argument(help="Documents, folders of them, or batch outputs")],
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="Write the comparison tables into this folder: targets (indicator x document), "
                               "targets_long, workload (per canonical unit), citations, documents")] = None,
    indicator: Annotated[str | None, typer.Option(
        "--indicator", help="Only indicators containing this text (and only the documents stating one)")] = None,
    fmt: Annotated[CompareFormat | None, typer.Option(
        "--format", "-f", help="table, csv or json on stdout; csv or parquet with -o "
                               "[default: table, or csv with -o]", show_default=False)] = None,
    mapping: Annotated[Path | None, typer.Option("--mapping", help="TSV/CSV of indicator, canonical")] = None,
) -> None:
    """Compare the targets of several documents, one row per canonical indicator; with -o, also
    write the unit workload and citation tables."""
    from .errors import PolicyTextError

    _need("research", "policytext compare")
    from .research.compare import compare_targets, comparison_tables, gather, render, write_tables

    chosen = fmt.value if fmt else ("csv" if output else "table")
    if output is not None and chosen not in ("csv", "parquet"):
        _fail(f"-o writes csv or parquet tables, not {chosen}")
    if output is None and chosen == "parquet":
        _fail("--format parquet needs -o OUT_DIR: Parquet tables are files")
    if chosen == "parquet":
        _need("parquet", "policytext compare --format parquet")
    corpus = gather(inputs)
    for e in corpus.errors:
        typer.echo(f"error: {e['path']}: {e['message']} ({e['kind']})", err=True)
    if not len(corpus):
        _fail("no documents to compare")
    mapped = str(mapping) if mapping else None
    try:
        if output is not None:
            tables = comparison_tables(corpus, mapping=mapped, indicator=indicator)
            written = write_tables(tables, output, chosen)
        else:
            long = compare_targets(corpus, mapping=mapped, indicator=indicator)
    except PolicyTextError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{exc.filename or output}: {exc.strerror or exc}")
    if output is not None:
        shape = tables["targets"].shape
        typer.echo(f"{len(written)} tables in {output}: targets {shape[0]} indicators x {shape[1] - 2} "
                   f"documents, workload {len(tables['workload'])} units, citations "
                   f"{len(tables['citations'])} references", err=True)
    else:
        from .research.labels import doc_labels

        docs = corpus.doc_ids
        if indicator:
            docs = [d for d in docs if d in set(long["doc_id"].tolist())]
        sys.stdout.write(render(long, chosen, docs, doc_labels(corpus.documents, corpus.regions)))
    if corpus.errors:
        raise typer.Exit(code=1)


@app.command()
def units(
    source: Annotated[Path, typer.Argument(help="A folder of documents or of batch output, or one file")],
    per_document: Annotated[bool, typer.Option("--per-document", help="One row per document and unit")] = False,
    jurisdiction: Annotated[bool, typer.Option("--jurisdiction", help="Keep places apart (绍兴市, 济南市)")] = False,
    unmapped: Annotated[bool, typer.Option("--unmapped", help="List the names no data row matched instead")] = False,
    regions: Annotated[Path | None, typer.Option("--regions", help="JSONL manifest with id and region")] = None,
    fmt: Annotated[UnitsFormat, typer.Option("--format", "-f", help="table or csv")] = UnitsFormat.table,
) -> None:
    """Print the workload of each canonical unit: tasks led, co, responsible."""
    _need("research", "policytext units")
    from .errors import PolicyTextError
    from .research.corpus import DEFAULT_BY, load, mapped_share

    try:
        corpus = load(source, regions=regions)
    except PolicyTextError as exc:
        _fail(str(exc))
    for e in corpus.errors:
        typer.echo(f"error: {e['path']}: {e['message']} ({e['kind']})", err=True)
    by = (*DEFAULT_BY, "jurisdiction") if jurisdiction else DEFAULT_BY
    table = corpus.unmapped_units() if unmapped else corpus.unit_workload(by=by, per_document=per_document)
    if table.empty and fmt == "table":
        # A frame with no rows prints as "Empty DataFrame"; say what it means instead.
        typer.echo("every unit name matched a data row: nothing is unmapped" if unmapped
                   else "no units in these documents")
    else:
        sys.stdout.write(table.to_csv(index=False) if fmt == "csv" else table.to_string(index=False) + "\n")
    typer.echo(f"{len(corpus)} documents, {len(corpus.units)} unit mentions, "
               f"{mapped_share(corpus.canonical_units()):.1%} mapped to a canonical unit", err=True)
    if corpus.errors:
        raise typer.Exit(code=1)


train_app = typer.Typer(no_args_is_help=True, help="Train the models the package ships.")
eval_app = typer.Typer(no_args_is_help=True, help="Cross-validate the models the package ships.")
app.add_typer(train_app, name="train")
app.add_typer(eval_app, name="eval")
_CONFIG = typer.Option("--config", help="Training configuration (default: the package's config.toml)")


@train_app.command("instruments")
def train_instruments(
    out: Annotated[Path | None, typer.Option("--out", help="Folder for the model (instruments.npz, meta.json, "
                                                           "metrics.json)")] = None,
    into_package: Annotated[bool, typer.Option(
        "--into-package", help="Overwrite the model (and, with --corpora, the examples) the package ships; "
                               "for maintainers updating the release")] = False,
    labels: Annotated[Path | None, typer.Option(
        "--labels", help="Your coded sheet (CSV from sample instruments, or JSONL), added to the shipped examples")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed")] = 0,
    corpora: Annotated[Path | None, typer.Option(
        "--corpora", help="Rebuild the shipped examples from this corpora folder (dev/, pool/) first")] = None,
    config: Annotated[Path | None, _CONFIG] = None,
) -> None:
    """Train the policy-instrument coder; writes instruments.npz, meta.json and metrics.json."""
    from .errors import PolicyTextError

    if labels is not None and out is None:
        _fail("--labels needs --out: a model trained on your labels goes to a folder of your choosing")
    if out is not None and into_package:
        _fail("choose one of --out DIR and --into-package")
    if corpora is not None and not into_package:
        _fail("--corpora rewrites the examples the package ships: add --into-package to mean it")
    if out is None and not into_package:
        _fail("say where the model goes: --out DIR (then use it with --instruments-model DIR), or "
              "--into-package to overwrite the model the package ships")
    _need("train", "policytext train instruments")
    from .instruments.model import package_model_dir
    from .instruments.train import format_report, recipe_dir, shipped_examples_path, train

    try:
        metrics = train(corpora, out, config, seed, labels=labels)
    except PolicyTextError as exc:
        _fail(str(exc))
    typer.echo(format_report(metrics))
    if out is not None:
        typer.echo(f"\nmodel written to {out}; use it with --instruments-model {out}", err=True)
    else:
        typer.echo(f"\nthe package's model rewritten in {package_model_dir()} (metrics: {recipe_dir()})", err=True)
        if corpora is not None:
            typer.echo(f"the package's examples rewritten in {shipped_examples_path()}", err=True)


@eval_app.command("instruments")
def eval_instruments(
    labels: Annotated[Path | None, typer.Option(
        "--labels", help="Labels to score a model on: a coded sheet (CSV/JSONL with task text), or a gold "
                         "label file (doc, task index) with --docs")] = None,
    docs: Annotated[Path | None, typer.Option(
        "--docs", help="Folder of the labelled documents and their gold/ files (for gold label files)")] = None,
    model: Annotated[Path | None, typer.Option("--model", help="Model folder (default: the package's)")] = None,
    lexicon: Annotated[bool, typer.Option("--lexicon", help="Score the lexicon alone instead of a model")] = False,
    seed: Annotated[int, typer.Option("--seed", help="Random seed")] = 0,
    config: Annotated[Path | None, _CONFIG] = None,
    with_alternatives: Annotated[bool, typer.Option(
        "--compare", help="Also score the alternative models (on --labels too, each trained on the shipped examples)")] = False,
) -> None:
    """Score the instrument coder grouped by document: on --labels, or cross-validated on the
    shipped examples (per-code precision/recall, confusion matrix)."""
    from .errors import PolicyTextError
    from .instruments import train

    try:
        if labels is not None and not with_alternatives:
            from .instruments.evaluate import score_labels

            typer.echo(score_labels(labels, docs=docs, model=model, lexicon=lexicon))
            return
        _need("train", "policytext eval instruments")
        cfg = train.load_config(config)
        data = train.shipped_data(cfg=cfg)
        typer.echo(train.format_report(train.evaluate_config(data, cfg, seed)))
        if with_alternatives:
            typer.echo("\n" + train.format_comparison(train.compare(data, cfg, seed, labels, docs)))
    except PolicyTextError as exc:
        _fail(str(exc))


sample_app = typer.Typer(no_args_is_help=True, help="Draw tasks to code by hand.")
app.add_typer(sample_app, name="sample")


@sample_app.command("instruments")
def sample_instruments(
    directory: Annotated[Path, typer.Argument(help="A folder of documents (walked recursively)")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The sheet to write (.csv or .jsonl)")],
    n: Annotated[int, typer.Option("-n", min=1, help="How many tasks")] = 100,
    model: Annotated[Path | None, typer.Option("--model", help="Model folder (default: the package's)")] = None,
) -> None:
    """Write the N tasks the model is least sure of as a sheet to code by hand (fill primary and
    secondary), then: policytext train instruments --labels SHEET --out DIR."""
    from .errors import PolicyTextError
    from .instruments.sample import sample

    try:
        summary = sample(directory, output, n=n, model=model)
    except PolicyTextError as exc:
        _fail(str(exc))
    for e in summary["errors"]:
        typer.echo(f"error: {e['path']}: {e['message']} ({e['kind']})", err=True)
    typer.echo(f"{summary['written']} tasks of {summary['tasks']} in {summary['documents']} documents "
               f"written to {output}; fill the primary column, then "
               f"policytext train instruments --labels {output} --out MODEL_DIR", err=True)


if __name__ == "__main__":
    app()
