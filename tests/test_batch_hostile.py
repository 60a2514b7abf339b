"""Batch runs over hostile folders: odd file names, links out of the tree, memory hogs, a killed parent."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DEV, needs_corpora
from typer.testing import CliRunner

from policytext.batch import run_batch
from policytext.batch.pool import can_watch_memory, ordered_map
from policytext.cli import app

runner = CliRunner()


def errors(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]


@needs_corpora
@pytest.mark.parametrize("fmt", ["json", "jsonl", "parquet"])
def test_file_name_that_is_not_utf8_does_not_stop_the_batch(tmp_path, fmt):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(DEV / "0107.txt", src / "0107.txt")
    odd = os.fsdecode(b"\xff\xfe.txt")
    shutil.copy(DEV / "0012.txt", src / odd)
    (src / os.fsdecode(b"bad\xff.txt")).write_bytes(b"")  # fails: its error record must name it
    out = tmp_path / "out"
    summary = run_batch(str(src), str(out), fmt=fmt, jobs=2)
    assert (summary.done, summary.failed) == (2, 1)
    [record] = errors(out)
    assert record["path"].endswith("bad\\xff.txt") and record["kind"] == "empty"
    for path in out.rglob("*.json*"):  # every file we wrote is valid UTF-8 JSON
        text = path.read_text(encoding="utf-8")
        docs = [json.loads(line) for line in text.splitlines()] if path.suffix == ".jsonl" else [json.loads(text)]
        assert docs
    again = run_batch(str(src), str(out), fmt=fmt, jobs=2, resume=True)  # the manifest reads back
    assert (again.done, again.resumed) == (0, 2)


@needs_corpora
def test_links_leaving_the_input_root_are_records_not_content(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text("机密：不应出现在输出中。\n" * 20, encoding="utf-8")
    shutil.copy(DEV / "0107.txt", outside / "far.txt")
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(DEV / "0012.txt", src / "0012.txt")
    (src / "passwd.txt").symlink_to(secret)
    (src / "inner.txt").symlink_to(src / "0012.txt")  # stays inside: fine
    (src / "folder").symlink_to(outside, target_is_directory=True)
    out = tmp_path / "out"
    summary = run_batch(str(src), str(out), jobs=1)
    assert (summary.done, summary.failed) == (2, 1)
    assert [(Path(e["path"]).name, e["kind"]) for e in errors(out)] == [("passwd.txt", "outside_root")]
    assert summary.skipped["(link outside root)"] == 1
    assert not any("机密" in p.read_text(encoding="utf-8") for p in out.glob("*.json"))

    followed = tmp_path / "followed"
    result = runner.invoke(app, ["batch", str(src), "-o", str(followed), "--follow-links", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in followed.glob("*.json")) == ["0012.json", "far.json", "inner.json", "passwd.json", "secret.json"]


def test_link_loop_is_walked_once(tmp_path):
    from policytext.batch import find_inputs

    src = tmp_path / "in"
    (src / "a").mkdir(parents=True)
    (src / "a" / "doc.txt").write_text("一、总体要求\n", encoding="utf-8")
    (src / "a" / "loop").symlink_to(src, target_is_directory=True)
    found, _ = find_inputs(str(src), follow_links=True)
    assert [os.path.basename(p) for p in found] == ["doc.txt"]


# ---------------------------------------------------------------- the memory ceiling


def hog(task):
    """A task that touches ``task`` MB, the way a parser blowing up would (numpy, like the model code)."""
    import numpy as np

    if task:
        block = np.ones(task * 1024 * 1024 // 8)
        time.sleep(2)  # hold it while the watcher looks
        return float(block[-1])
    return 0.0


def lost(task, kind, message):
    return (task, kind, message)


@pytest.mark.skipif(not can_watch_memory(), reason="the ceiling reads /proc/PID/statm (Linux)")
def test_worker_passing_the_memory_ceiling_ends_as_too_large():
    # The hog wants 600 MB under a 300 MB ceiling; the harmless tasks around it still finish.
    results = list(ordered_map(hog, [0, 600, 0, 0], 2, lost, max_memory=300 * 1024 * 1024, hang_limit=120))
    assert results[0] == 0.0 and results[2:] == [0.0, 0.0]
    task, kind, message = results[1]
    assert (task, kind) == (600, "too_large") and "memory ceiling" in message


@needs_corpora
def test_cli_takes_a_memory_ceiling(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(DEV / "0012.txt", src / "0012.txt")
    ok = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "out"), "--max-memory", "1G", "--jobs", "1"])
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "out2"), "--max-memory", "lots"])
    assert bad.exit_code != 0 and "--max-memory" in bad.output


# ---------------------------------------------------------------- workers die with their parent

_ORPHAN_SCRIPT = """
import os, sys, time
from policytext.batch.pool import ordered_map

def nap(task):
    os.write(1, f"{os.getpid()}\\n".encode())  # one write: two workers' lines never interleave
    time.sleep(60)
    return task

def lost(task, kind, message):
    return task

for _ in ordered_map(nap, range(4), 2, lost):
    pass
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split()[2] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux")
def test_workers_die_when_the_parent_is_killed(tmp_path):
    script = tmp_path / "orphans.py"
    script.write_text(_ORPHAN_SCRIPT, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(parent.stdout.readline()) for _ in range(2)]
        assert all(_alive(pid) for pid in workers)
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    for _ in range(100):  # the kernel delivers SIGKILL to them; give it a moment
        if not any(_alive(pid) for pid in workers):
            break
        time.sleep(0.1)
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:  # never leave them behind on a failure
        os.kill(pid, signal.SIGKILL)
    assert left == []


# ---------------------------------------------------------------- the whole hostile folder, as a user runs it


def _hostile_folder(root: Path) -> int:
    """A folder of the hostile inputs of issue 14; returns how many have a supported extension."""
    import test_hostile as h

    root.mkdir()
    shutil.copy(DEV / "0107.txt", root / "0107.txt")
    shutil.copy(DEV / "0012.txt", root / os.fsdecode(b"\xff.txt"))
    (root / "rot13.html").write_bytes(f'<html><head><meta charset="rot13"></head><body>{h.BODY}</body></html>'.encode())
    (root / "latin1.html").write_bytes(f'<html><head><meta charset="latin1"></head><body>{h.BODY}</body></html>'.encode())
    (root / "deep.html").write_bytes(h._deep_divs(3000))
    (root / "rowspan.html").write_bytes(h._html_rowspan_bomb(1000))
    body = "".join(h.mf._p(t, num=(1, 0)) for t in ("总体要求", "主要任务"))
    (root / "letters.docx").write_bytes(h._docx(body, h._numbering("100000000000", "lowerLetter")))
    (root / "roman.docx").write_bytes(h._docx(body, h._numbering("1000000000000", "upperRoman")))
    (root / "bomb.pdf").write_bytes(h._pdf_bomb(1 << 30))
    (root / "nines.txt").write_text("一、总体要求\n达到" + "9" * 8000 + "\n", encoding="utf-8")
    (root / "surrogate.txt").write_bytes("一、总体要求\n".encode() + b"\xed\xb2\x80\n")  # a lone surrogate, UTF-8 encoded
    (root / "zero.txt").symlink_to("/dev/zero")
    (root / "proc.txt").symlink_to("/proc/self/status")
    os.mkfifo(root / "fifo.txt")
    (root / "notes.md").write_text("skipped\n", encoding="utf-8")
    return 14


_MEASURE = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, errors="replace")
sys.stdout.write(done.stderr)
print("RC", done.returncode)
print("MAXRSS", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


@needs_corpora
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="FIFOs, /proc and /dev/zero")
def test_hostile_folder_every_input_one_record_no_traceback_small_workers(tmp_path):
    src = tmp_path / "in"
    expected = _hostile_folder(src)
    out = tmp_path / "out"
    cli = [sys.executable, "-c", "from policytext.cli import app; app()", "batch", str(src), "-o", str(out),
           "--jobs", "2", "--timeout", "30", "--no-progress"]
    # The run itself is capped (the --max-memory ceiling) and measured: its largest process in kB.
    done = subprocess.run([sys.executable, "-c", _MEASURE, *cli, "--max-memory", "1G"],
                          capture_output=True, text=True, timeout=600)
    report = done.stdout
    assert "Traceback" not in report, report
    assert "RC 1" in report, report  # some inputs failed, as they should
    maxrss_kb = int(report.rsplit("MAXRSS", 1)[1])
    assert maxrss_kb < 1024 * 1024, f"a process of the run reached {maxrss_kb / 1024:.0f} MB"
    records = errors(out)
    outputs = sorted(p.name for p in out.glob("*.json"))
    assert len(records) + len(outputs) == expected
    kinds = {Path(r["path"]).name: r["kind"] for r in records}
    assert kinds == {"bomb.pdf": "too_large", "zero.txt": "outside_root", "proc.txt": "outside_root",
                     "fifo.txt": "unsupported", "surrogate.txt": "undecodable"}
    for name in outputs:
        doc = json.loads((out / name).read_text(encoding="utf-8"))
        assert doc["source"]["chars"] > 0
    warned = {n: json.loads((out / n).read_text(encoding="utf-8"))["warnings"] for n in outputs}
    assert warned["rot13.json"] and warned["latin1.json"] and warned["deep.json"] and warned["rowspan.json"]
