"""The batch manifest: which inputs a run already finished, so ``--resume`` can skip them.

``OUT/.policytext-manifest.jsonl`` gets one line per finished input, appended
and flushed right after its output is in place. A run killed mid-line leaves a
torn last line, which is ignored (and cut off before appending again). When a
run completes, the log is replaced by one line per input in input order, so an
interrupted-then-resumed run ends with the same manifest as an uninterrupted one.

An input is skipped on resume only if its entry says ``done`` for the same
path, output name, output format and policytext version, the file's bytes
still have the recorded sha256, and its per-document file still exists.
Inputs that failed are always tried again.
"""
from __future__ import annotations

import errno
import json
import os
from pathlib import Path

from ..errors import PolicyTextError, printable, require_extra
from .output import AtomicLines, json_line

MANIFEST_NAME = ".policytext-manifest.jsonl"


class OutputBusy(PolicyTextError):
    """Another batch run is writing to the same output folder."""

    kind = "busy"


def _lock(fh, folder: Path) -> None:
    """Hold the manifest for this run: two runs into one folder would interleave their records.

    A POSIX record lock, not flock(): forked workers do not inherit it, so it dies with this process.
    """
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks here; one run per folder is up to the user
        return
    try:
        fcntl.lockf(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno not in (errno.EACCES, errno.EAGAIN):
            raise
        fh.close()
        raise OutputBusy(f"{folder}: another policytext batch is writing to this folder") from None


def _entries(data: bytes) -> dict[str, dict]:
    entries: dict[str, dict] = {}
    for line in data.split(b"\n")[:-1]:  # whatever follows the last newline is a torn write
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            entries[entry["path"]] = entry
    return entries


def read_manifest(path: Path) -> dict[str, dict]:
    """Entries by input path, the last one winning; torn or foreign lines are skipped."""
    try:
        return _entries(path.read_bytes())
    except FileNotFoundError:
        return {}


class Manifest:
    def __init__(self, out_dir: Path, resume: bool):
        self.path = out_dir / MANIFEST_NAME
        # Everything goes through this one handle: closing any other handle on the file would drop the lock.
        self._log = open(self.path, "a+b")  # noqa: SIM115 - held for the whole run
        _lock(self._log, out_dir)
        self.previous: dict[str, dict] = {}
        if resume:
            self._log.seek(0)
            data = self._log.read()
            self.previous = _entries(data)
            self._log.truncate(data.rfind(b"\n") + 1)  # a torn last line must not prefix the next record
        else:
            self._log.truncate(0)
        self._ordered = AtomicLines(self.path)

    def finished(self, path: str, output: str, fmt: str, version: str) -> dict | None:
        """The earlier entry of an input that need not be parsed again (pending the sha256 check)."""
        entry = self.previous.get(path)
        if (entry and entry.get("status") == "done" and entry.get("output") == output
                and entry.get("format") == fmt and entry.get("version") == version
                and isinstance(entry.get("sha256"), str)):
            return entry
        return None

    def record(self, entry: dict, new: bool = True) -> None:
        line = json_line(entry, sort_keys=True)
        if new:  # a resumed input is in the log already
            self._log.write(line.encode("utf-8") + b"\n")
            self._log.flush()
        self._ordered.write(line)

    def commit(self) -> None:
        self._ordered.commit()
        self._log.close()

    def close(self) -> None:
        self._ordered.close()
        self._log.close()


def manifest_entry(path: str, output: str, fmt: str, version: str, sha256: str | None,
                   error: dict | None = None) -> dict:
    # abspath lets a report find the source again whatever folder it is opened from.
    entry = {"path": path, "abspath": os.path.abspath(path), "output": output, "format": fmt,
             "version": version, "sha256": sha256, "status": "failed" if error else "done"}
    if error:
        entry["kind"] = error["kind"]
    return entry



#: Key of a parquet part rebuilt from the Parquet files themselves: it holds table rows, not a document.
ROWS_KEY = "__policytext_rows__"


def restore_parts(out_dir: Path, fmt: str, previous: dict[str, dict]) -> int:
    """Put back the per-document parts of a finished jsonl/parquet run, from its own output.

    A clean run removes its hidden work folder; when ``--resume`` later finds new inputs, the
    documents finished before are taken from documents.jsonl (or the Parquet tables) instead of
    being parsed again. Anything that does not line up exactly is left out, and simply parsed
    again. Returns how many parts were restored.
    """
    from .output import JSONL_NAME, part_path

    done = [e for e in previous.values() if e.get("status") == "done" and e.get("format") == fmt
            and isinstance(e.get("output"), str)]
    missing = {i for i, e in enumerate(done) if not part_path(out_dir, fmt, e["output"]).exists()}
    if not missing:
        return 0
    stems = [printable(Path(e["path"]).stem) for e in done]
    if fmt == "jsonl":
        return _restore_jsonl(out_dir / JSONL_NAME, done, stems, missing)
    if fmt == "parquet" and len(set(stems)) == len(stems):
        return _restore_parquet(out_dir, done, stems, missing)
    return 0


def _restore_jsonl(path: Path, done: list[dict], stems: list[str], missing: set[int]) -> int:
    from .output import part_path, write_atomic

    try:
        with open(path, encoding="utf-8") as fh:
            lines = [line.rstrip("\n") for line in fh]
    except (OSError, UnicodeDecodeError):
        return 0
    if len(lines) != len(done):
        return 0
    restored = 0
    for i in sorted(missing):
        try:
            if json.loads(lines[i]).get("doc_id") != stems[i]:
                return restored
        except ValueError:
            return restored
        write_atomic(part_path(path.parent, "jsonl", done[i]["output"]), lines[i])
        restored += 1
    return restored


def _restore_parquet(out_dir: Path, done: list[dict], stems: list[str], missing: set[int]) -> int:
    require_extra("parquet", "resuming a Parquet batch")
    import pyarrow.parquet as pq

    from ..research.tables import TABLES
    from .output import part_path, write_atomic

    per_doc: dict[str, dict[str, list[dict]]] = {stems[i]: {name: [] for name in TABLES} for i in missing}
    try:
        for name in TABLES:
            table = pq.read_table(out_dir / f"{name}.parquet")
            if name == "documents" and table.column("doc_id").to_pylist() != stems:
                return 0
            ids = table.column("doc_id").to_pylist()
            start = 0
            for k in range(1, len(ids) + 1):  # a document's rows are contiguous, in input order
                if k == len(ids) or ids[k] != ids[start]:
                    if ids[start] in per_doc:
                        per_doc[ids[start]][name] = table.slice(start, k - start).to_pylist()
                    start = k
    except (OSError, KeyError, ValueError):
        return 0
    for i in sorted(missing):
        write_atomic(part_path(out_dir, "parquet", done[i]["output"]),
                     json.dumps({ROWS_KEY: per_doc[stems[i]]}, ensure_ascii=False))
    return len(missing)
