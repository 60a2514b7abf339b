"""Batch parsing of a folder tree: one JSON per input, errors recorded, never a lost input."""
from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .errors import PolicyTextError

#: Extensions of the formats the readers support; every other file is skipped and counted.
SUPPORTED = (".txt", ".html", ".htm", ".docx", ".pdf")


@dataclass
class BatchSummary:
    done: int = 0
    failed: int = 0
    skipped: Counter = field(default_factory=Counter)  # by extension


def find_inputs(root: str) -> tuple[list[str], Counter]:
    """Supported files below root in a stable order, and counts of skipped extensions."""
    found, skipped = [], Counter()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            ext = os.path.splitext(name)[1].lower()
            if ext in SUPPORTED:
                found.append(path)
            else:
                skipped[ext or "(none)"] += 1
    return found, skipped


def output_names(inputs: list[str], root: str) -> dict[str, str]:
    """NAME.json by file stem; inputs that share a stem keep their relative folder."""
    stems = Counter(Path(p).stem for p in inputs)
    out = {}
    for p in inputs:
        stem = Path(p).stem
        if stems[stem] == 1:
            out[p] = stem + ".json"
        else:
            rel = Path(os.path.relpath(p, root))
            out[p] = str(rel.with_name(rel.name + ".json"))
    return out


def write_atomic(path: Path, data: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(data, encoding="utf-8")
    os.replace(tmp, path)


def error_record(path: str, exc: BaseException) -> dict:
    if isinstance(exc, PolicyTextError):
        kind = getattr(exc, "kind", "error")
        message = getattr(exc, "message", str(exc))
    elif isinstance(exc, TimeoutError):
        kind, message = "timeout", "a rule ran past its time limit on this input"
    else:  # a bug in policytext: keep the batch going and say so
        kind, message = "internal", f"{type(exc).__name__}: {exc}"
    return {"path": path, "kind": kind, "message": message}


def run_batch(root: str, out_dir: str) -> BatchSummary:
    from .pipeline import parse_file

    inputs, skipped = find_inputs(root)
    names = output_names(inputs, root)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    summary = BatchSummary(skipped=skipped)
    errors_path = out / "errors.jsonl"
    errors: list[dict] = []
    for path in inputs:
        try:
            doc = parse_file(path)
            write_atomic(out / names[path], doc.to_json())
            summary.done += 1
        except Exception as exc:  # noqa: BLE001 - every input ends as an output or an error record
            errors.append(error_record(path, exc))
            summary.failed += 1
    write_atomic(errors_path, "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errors))
    return summary
