"""Batch parsing of a folder tree: every input ends as an output or an error record, exactly once.

``run_batch`` walks the tree, hands the inputs to worker processes a few at a
time (``batch_pool``), and writes results in input order, so the output is the
same bytes whatever the number of workers. Progress is reported through a
callback; this module never prints.
"""
from __future__ import annotations

import os
import shutil
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .output import (
    ERRORS_NAME,
    FORMATS,
    WORK_DIR,
    AtomicLines,
    json_line,
    open_sink,
    part_path,
    write_atomic,
)
from .records import error_record, within

#: Extensions of the formats the readers support; every other file is skipped and counted.
SUPPORTED = (".txt", ".html", ".htm", ".docx", ".pdf")
#: Extensions of documents the readers refuse with a reason ("save it as .docx"): a batch takes them in
#: so each becomes an error record saying so, as ``parse`` does, instead of a silent skip.
REFUSED = (".doc",)

#: Default per-document time limit (seconds).
TIMEOUT = 60.0

#: Default resident-memory ceiling of each worker process (bytes).
MAX_MEMORY = 2 * 1024**3

__all__ = [
    "FORMATS", "MAX_MEMORY", "SUPPORTED", "TIMEOUT", "BatchSummary", "error_record", "find_inputs", "output_names",
    "run_batch", "write_atomic",
]


@dataclass
class BatchSummary:
    done: int = 0  # parsed and written by this run
    failed: int = 0  # error records (in errors.jsonl)
    skipped: Counter = field(default_factory=Counter)  # unsupported files, by extension
    resumed: int = 0  # finished by an earlier run and left as they were (--resume)
    total: int = 0  # supported inputs found
    seconds: float = 0.0
    bytes_read: int = 0  # input bytes parsed by this run (resumed inputs excluded)
    fmt: str = "json"
    errors_path: str = ""
    warned: list[tuple[str, str]] = field(default_factory=list)  # (path, warning) of documents parsed with one

    @property
    def processed(self) -> int:
        return self.done + self.failed

    @property
    def files_per_second(self) -> float:
        return self.processed / self.seconds if self.seconds > 0 else 0.0

    @property
    def mb_per_second(self) -> float:
        return self.bytes_read / 1e6 / self.seconds if self.seconds > 0 else 0.0


def find_inputs(root: str, exclude: str | None = None, follow_links: bool = False) -> tuple[list[str], Counter]:
    """Supported files (and ``REFUSED`` ones, to report) below root in a stable order, and counts of
    skipped extensions.

    ``exclude`` is a folder not to walk into (the output folder, when it sits inside root).
    Links to folders are walked into only with ``follow_links`` (each real folder once); without
    it a link to a folder outside root is counted as skipped. Links to files are listed either
    way: the worker refuses one that leaves root (``outside_root``) unless links are followed.
    """
    skip = os.path.realpath(exclude) if exclude else None
    found, skipped = [], Counter()
    seen: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=follow_links):
        real = os.path.realpath(dirpath)
        if real in seen:  # a link loop, or a folder reached twice through links
            dirnames[:] = []
            continue
        seen.add(real)
        keep = []
        for d in sorted(dirnames):
            full = os.path.join(dirpath, d)
            target = os.path.realpath(full)
            if target == skip:
                continue
            if os.path.islink(full) and not follow_links and not within(target, os.path.realpath(root)):
                skipped["(link outside root)"] += 1
                continue
            keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            ext = os.path.splitext(name)[1].lower()
            if ext in SUPPORTED or ext in REFUSED:
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


def _hang_limit(timeout: float | None) -> float | None:
    """How long the watchdog lets a worker run before killing it: SIGALRM gets its chance first."""
    return None if not timeout or timeout <= 0 else timeout + max(10.0, timeout)


def run_batch(
    root: str,
    out_dir: str,
    *,
    fmt: str = "json",
    jobs: int = 1,
    resume: bool = False,
    timeout: float | None = TIMEOUT,
    max_bytes: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    with_text: bool = False,
    max_memory: int | None = MAX_MEMORY,
    follow_links: bool = False,
    instruments_model: str | None = None,
) -> BatchSummary:
    """Parse every supported file below ``root`` into ``out_dir``.

    ``fmt`` is ``json`` (NAME.json per input), ``jsonl`` (documents.jsonl) or
    ``parquet`` (TABLE.parquet per entity table). ``jobs`` > 1 runs that many
    worker processes; 1 parses in this process. ``timeout`` (seconds, None for
    none) stops one pathological input; ``max_bytes`` refuses larger files.
    ``progress(finished, total)`` is called after every input. ``with_text`` keeps each
    document's source text in its output (a ``text`` field) so views need no source file.
    ``max_memory`` (bytes, None for none) is each worker's resident-memory ceiling: an input that
    drives a worker past it ends as a ``too_large`` record (a ceiling needs a worker, so one job
    then runs in one worker process). Links that lead out of ``root`` are ``outside_root``
    records unless ``follow_links``.
    ``instruments_model`` is a folder written by ``policytext train instruments --out`` (default:
    the package's model); resuming re-parses inputs an earlier run coded with another model.
    Failures go to ``out_dir/errors.jsonl``; see ``batch_resume`` for ``resume``.
    """
    from ..about import __version__
    from ..reading import MAX_INPUT_BYTES
    from .pool import can_watch_memory, ordered_map
    from .resume import Manifest, manifest_entry, restore_parts
    from .worker import Settings, Task, failed, work

    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    started = time.monotonic()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    inputs, skipped = find_inputs(root, exclude=str(out), follow_links=follow_links)
    names = output_names(inputs, root)
    # Outputs with and without the text differ: --resume must not mix them, so the manifest tells them apart.
    version = __version__ + ("+text" if with_text else "")
    if instruments_model is not None:
        from ..instruments.model import model_digest

        instruments_model = os.path.abspath(instruments_model)
        version = f"{version}+instruments.{model_digest(instruments_model)}"
    summary = BatchSummary(skipped=skipped, total=len(inputs), fmt=fmt, errors_path=str(out / ERRORS_NAME))
    settings = Settings(str(out), fmt, timeout if timeout and timeout > 0 else None, max_bytes or MAX_INPUT_BYTES,
                        with_text, None if follow_links else os.path.realpath(root), instruments_model)

    manifest = Manifest(out, resume)
    if resume and fmt != "json":
        restore_parts(out, fmt, manifest.previous)
    earlier: dict[int, dict] = {}

    def tasks() -> Iterator[Task]:
        for index, path in enumerate(inputs):
            entry = manifest.finished(path, names[path], fmt, version)
            if entry is not None:  # the worker checks the bytes' sha256 and that the part is still there
                earlier[index] = entry
            yield Task(index, path, names[path], entry["sha256"] if entry else None, settings)

    # Signals reach only the main thread: elsewhere even one job runs in a worker, or the time limit would not hold.
    # A memory ceiling needs a worker to kill, so it keeps even one job out of this process.
    ceiling = max_memory if max_memory and can_watch_memory() else None
    in_process = jobs == 1 and threading.current_thread() is threading.main_thread() and ceiling is None
    results = (map(work, tasks()) if in_process else
               ordered_map(work, tasks(), jobs, failed, hang_limit=_hang_limit(settings.timeout), max_memory=ceiling))
    errors = sink = None
    try:
        errors = AtomicLines(out / ERRORS_NAME)
        sink = open_sink(fmt, out)
        if progress:
            progress(0, len(inputs))
        for finished, outcome in enumerate(results, 1):
            name = names[outcome.path]
            if outcome.status == "failed":
                # An output left from an earlier run would contradict the error record.
                part_path(out, fmt, name).unlink(missing_ok=True)
                errors.write(json_line(outcome.error))
                manifest.record(manifest_entry(outcome.path, name, fmt, version, outcome.sha256, outcome.error))
                summary.failed += 1
                summary.bytes_read += outcome.size
            else:
                sink.add(outcome.payload)
                if outcome.status == "resumed":
                    manifest.record(earlier[outcome.index], new=False)
                    summary.resumed += 1
                else:
                    manifest.record(manifest_entry(outcome.path, name, fmt, version, outcome.sha256))
                    summary.done += 1
                    summary.bytes_read += outcome.size
                    summary.warned += [(outcome.path, w) for w in outcome.warnings]
            earlier.pop(outcome.index, None)
            if progress:
                progress(finished, len(inputs))
        sink.commit()
        errors.commit()
        manifest.commit()
        if fmt != "json":  # the parts served this run; --resume rebuilds them from the output if it must
            shutil.rmtree(out / WORK_DIR, ignore_errors=True)
    finally:
        close = getattr(results, "close", None)
        if close:  # stops the workers first when the run ends early
            close()
        for opened in (sink, errors, manifest):
            if opened is not None:
                opened.close()
    summary.seconds = time.monotonic() - started
    return summary
