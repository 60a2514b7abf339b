"""Drawing the tasks a model is least sure of, as a sheet a researcher codes by hand.

The sheet has one row per task: document, task index, title, section path, body, the model's
guess and its confidence, and empty ``primary`` / ``secondary`` columns to fill. ``policytext
train instruments --labels SHEET --out DIR`` reads it back (``dataset.read_examples``); rows left
without a primary code are skipped.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..errors import InputError
from .dataset import PATH_SEP, SHEET_COLUMNS
from .evaluate import sureness
from .features import section_path


def _confidence(ins) -> float:
    """How sure the coder was: what its abstention is judged on, else the lexicon's share of the score
    for its code."""
    return sureness(ins, ins.guess)


def sample(directory: str | Path, output: str | Path, n: int = 100, model: str | Path | None = None) -> dict:
    """Parse every document below directory, code its tasks, and write the n least certain tasks
    (ties: document and task order) to output (.csv, or .jsonl). Returns counts and parse errors."""
    from ..batch import error_record, find_inputs
    from ..pipeline import parse_file

    root = Path(directory)
    if not root.is_dir():
        raise InputError(str(root), "not_found", "not a folder")
    out = Path(output)
    if out.suffix.lower() not in (".csv", ".jsonl"):
        raise InputError(str(out), "unsupported", "the sheet must be .csv or .jsonl")
    inputs, _skipped = find_inputs(str(root))
    rows, errors, ndocs = [], [], 0
    for path in inputs:
        try:
            doc = parse_file(path, instruments_model=model)
        except Exception as exc:  # noqa: BLE001 - a bad file is reported, the others are sampled
            errors.append(error_record(path, exc))
            continue
        ndocs += 1
        name = str(Path(path).relative_to(root).with_suffix(""))
        by_id = {s.id: s for s in doc.sections}
        for i, t in enumerate(doc.tasks):
            ins = t.instrument
            guess = ins.guess or ""
            rows.append({
                "doc": name, "task": i, "title": t.title,
                "section_path": PATH_SEP.join(section_path(doc, t, by_id)), "body": t.text,
                "guess": guess, "guess_score": round(_confidence(ins), 4), "primary": "", "secondary": "",
            })
    order = sorted(range(len(rows)), key=lambda k: (rows[k]["guess_score"], k))
    chosen = [rows[k] for k in sorted(order[:n])]
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=SHEET_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(chosen)
        # utf-8-sig: spreadsheet programs read the sheet as UTF-8 only with the BOM.
        out.write_text(buf.getvalue(), encoding="utf-8-sig")
    else:
        out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chosen), encoding="utf-8")
    return {"documents": ndocs, "tasks": len(rows), "written": len(chosen), "errors": errors}
