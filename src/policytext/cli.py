"""The command line: thin wrappers over library functions."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Chinese policy documents to structured JSON.",
)


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=1)


def _parse(path: Path):
    from .batch import error_record
    from .pipeline import parse_file

    try:
        return parse_file(str(path))
    except Exception as exc:  # noqa: BLE001 - a clear message, never a traceback
        record = error_record(str(path), exc)
        _fail(f"{record['path']}: {record['message']} ({record['kind']})")


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(help="A document: .txt, .html, .docx or .pdf")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write JSON here instead of stdout")] = None,
    emit_text: Annotated[bool, typer.Option("--emit-text", help="Also write the source text spans point into")] = False,
) -> None:
    """Parse one document and print (or write) its JSON."""
    doc = _parse(file)
    data = doc.to_json() + "\n"
    if output is None:
        sys.stdout.write(data)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(data, encoding="utf-8")
    if emit_text:
        target = (output or Path(file.name)).with_suffix(".source.txt")
        target.write_text(doc.text, encoding="utf-8")
        typer.echo(f"source text: {target}", err=True)


@app.command()
def batch(
    directory: Annotated[Path, typer.Argument(help="A folder of documents (walked recursively)")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for NAME.json files and errors.jsonl")],
) -> None:
    """Parse every supported document below DIRECTORY; failures go to errors.jsonl."""
    from .batch import run_batch

    if not directory.is_dir():
        _fail(f"{directory}: not a folder")
    summary = run_batch(str(directory), str(output))
    skipped = sum(summary.skipped.values())
    detail = ", ".join(f"{n} {ext}" for ext, n in sorted(summary.skipped.items()))
    typer.echo(
        f"done {summary.done}, failed {summary.failed}, skipped {skipped}" + (f" ({detail})" if detail else ""),
        err=True,
    )
    if summary.failed:
        typer.echo(f"errors: {output / 'errors.jsonl'}", err=True)
        raise typer.Exit(code=1)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the output."""
    from .schema import output_schema

    sys.stdout.write(json.dumps(output_schema(), ensure_ascii=False, indent=1, sort_keys=True) + "\n")


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
    ]
    for label, value in rows:
        typer.echo(f"{label:>11}: {value}")
    for g in doc.targets[:5]:
        typer.echo(f"{'target':>11}: {g.indicator} {g.comparator} {g.value:g} {g.unit} by {g.deadline or '-'}")


if __name__ == "__main__":
    app()
