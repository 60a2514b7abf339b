"""One batch input, start to finish, in a worker process (or in the caller for one job).

The worker reads the file once, hashes its bytes, and either replays the
finished part of an earlier run (``--resume``) or parses it under the time
limit. It writes the per-document file atomically itself and hands the parent
only what the parent must assemble in input order: the JSON line for jsonl,
the table rows for parquet, nothing for json. It never raises: every failure
comes back as an error record.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import printable
from .output import part_path, write_atomic


@dataclass(frozen=True)
class Settings:
    out_dir: str
    fmt: str
    timeout: float | None
    max_bytes: int
    with_text: bool = False  # keep the source text in the output (its "text" field) for views
    root: str | None = None  # the input root, resolved; inputs whose real path leaves it are refused
    instruments_model: str | None = None  # folder of the instrument model (None: the package's)


@dataclass(frozen=True)
class Task:
    index: int
    path: str
    name: str  # output name, relative to the output folder
    known_sha256: str | None  # set when an earlier run finished this input
    settings: Settings


@dataclass
class Outcome:
    index: int
    path: str
    status: str  # done | resumed | failed
    sha256: str | None = None
    size: int = 0
    error: dict | None = None
    payload: Any = None
    warnings: tuple[str, ...] = ()  # the document's own warnings, for the batch's log


def failed(task: Task, kind: str, message: str, sha256: str | None = None, size: int = 0) -> Outcome:
    return Outcome(task.index, task.path, "failed", sha256, size,
                   {"path": printable(task.path), "kind": kind, "message": message})


def _payload(line: str, fmt: str) -> Any:
    if fmt == "jsonl":
        return line
    if fmt == "parquet":
        from ..research.tables import rows
        from .resume import ROWS_KEY

        # Rows always come from the stored JSON (or, once the work folder was cleaned up, from the
        # Parquet rows themselves), so a resumed run assembles exactly what a fresh one does.
        stored = json.loads(line)
        return stored[ROWS_KEY] if ROWS_KEY in stored else rows(stored)
    return None


def _replay(task: Task, sha256: str, size: int) -> Outcome | None:
    """The outcome of an input finished by an earlier run; None if its part has gone meanwhile."""
    fmt = task.settings.fmt
    part = part_path(task.settings.out_dir, fmt, task.name)
    if fmt == "json":
        return Outcome(task.index, task.path, "resumed", sha256, size) if part.is_file() else None
    try:
        line = part.read_text(encoding="utf-8")
    except OSError:
        return None
    return Outcome(task.index, task.path, "resumed", sha256, size, payload=_payload(line, fmt))


def _output_json(doc: Any, settings: Settings) -> str:
    indent = 1 if settings.fmt == "json" else None
    if not settings.with_text:
        return doc.to_json(indent=indent)
    data = doc.to_dict()
    data["text"] = doc.text
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=indent)


@functools.cache
def warm_up(instruments_model: str | None) -> None:
    """Parse a small made-up document (data/samples/warmup.txt) once per process and instrument
    model, so that loading rule data, compiling patterns and loading the model happen here, outside
    every document's time limit: ``--timeout`` bounds the parse of a document, and the first
    document of each worker would otherwise also pay for a few tenths of a second of loading."""
    from importlib import resources

    from ..pipeline import parse

    try:
        text = resources.files("policytext").joinpath("data/samples/warmup.txt").read_text(encoding="utf-8")
        parse(text, "warm-up", instruments_model=instruments_model)
    except Exception:  # noqa: BLE001 - whatever fails here fails again, reported, on the real input
        pass


def work(task: Task) -> Outcome:
    from ..pipeline import parse_bytes
    from ..reading import read_bytes
    from .records import error_record, within
    from .timelimit import TimeLimit

    settings = task.settings
    sha256, size = None, 0
    if settings.root is not None and not within(os.path.realpath(task.path), settings.root):
        return failed(task, "outside_root", "a link to a file outside the input folder; not followed "
                                            "(use --follow-links to read it)")
    if settings.timeout:
        warm_up(settings.instruments_model)
    limit = TimeLimit(settings.timeout, task.path)
    try:
        with limit:
            data = read_bytes(task.path, settings.max_bytes)
            sha256, size = hashlib.sha256(data).hexdigest(), len(data)
            if sha256 == task.known_sha256 and (done := _replay(task, sha256, size)) is not None:
                return done
            doc = parse_bytes(data, path=printable(task.path), instruments_model=settings.instruments_model)
            del data
            text = _output_json(doc, settings)
            warned = tuple(doc.warnings)
            del doc
            payload = _payload(text, settings.fmt)
        if limit.fired:  # the timeout was swallowed somewhere inside: never keep a half-done result
            raise limit.error()
    except Exception as exc:  # noqa: BLE001 - every input ends as an output or an error record
        record = error_record(task.path, limit.error() if limit.fired else exc)
        Path(str(part_path(settings.out_dir, settings.fmt, task.name)) + ".part").unlink(missing_ok=True)
        return Outcome(task.index, task.path, "failed", sha256, size, record)
    finally:
        limit.restore()
    try:
        write_atomic(part_path(settings.out_dir, settings.fmt, task.name), text)
    except OSError as exc:  # a full disk or a read-only folder: say so for this input and go on
        return failed(task, "unwritable", f"cannot write the output ({exc.strerror or exc})", sha256, size)
    return Outcome(task.index, task.path, "done", sha256, size, payload=payload, warnings=warned)
