"""Batch runs over folder trees: formats, workers, resume after a kill, time limits, bad files, scale."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DEV, dev_names, needs_corpora, pool_files
from typer.testing import CliRunner

from policytext import about
from policytext.batch import find_inputs, run_batch
from policytext.batch.pool import ordered_map
from policytext.batch.resume import MANIFEST_NAME, read_manifest
from policytext.batch.timelimit import DocumentTimeout, TimeLimit
from policytext.cli import app
from policytext.research.tables import COLUMNS, TABLES, rows

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "formats"
TITLE_0107 = "国务院关于加快推进农业机械化和农机装备产业转型升级的指导意见"


def slow_text() -> str:
    """A long but legal input: the pool documents end to end, near the 3 M character limit.
    It takes well over half a second to parse, where one dev document takes a few hundredths."""
    pool = "\n".join(p.read_text("utf-8") for p in pool_files())
    return (pool * 3)[:2_900_000]


def tree(root: Path) -> dict[str, bytes]:
    """Every file below root (hidden ones too) by relative path."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def visible(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if not p.name.startswith("."))


def error_lines(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]


def summary_counts(stderr: str) -> dict[str, int]:
    m = re.search(r"done (\d+), failed (\d+), skipped (\d+).*resumed (\d+)", stderr)
    assert m, stderr
    return dict(zip(("done", "failed", "skipped", "resumed"), map(int, m.groups()), strict=True))


# ---------------------------------------------------------------- the command line


@pytest.fixture
def batch_dir(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in ("0107", "0072"):
        shutil.copy(DEV / f"{name}.txt", src / f"{name}.txt")
    (src / "README.md").write_text("# notes\n", encoding="utf-8")
    (src / "list.jsonl").write_text('{"id": 1}\n', encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 16)
    return src


@needs_corpora
def test_batch(tmp_path, batch_dir):
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(batch_dir), "-o", str(out)])
    assert result.exit_code == 1  # some inputs failed
    assert visible(out) == ["0072.json", "0107.json", "errors.jsonl"]
    assert json.loads((out / "0107.json").read_text(encoding="utf-8"))["meta"]["title"] == TITLE_0107
    errors = error_lines(out)
    assert sorted((e["path"], e["kind"]) for e in errors) == [
        (str(batch_dir / "binary.txt"), "binary"), (str(batch_dir / "empty.txt"), "empty")]
    assert all(set(e) >= {"path", "kind", "message"} and e["message"] for e in errors)
    # skipped files are counted, not errors
    assert "done 2, failed 2, skipped 2" in result.stderr
    assert ".md" in result.stderr and ".jsonl" in result.stderr
    assert re.search(r"resumed 0; [\d.]+ s, [\d.]+ files/s, [\d.]+ MB/s", result.stderr)
    assert f"errors: {out / 'errors.jsonl'}" in result.stderr


@needs_corpora
def test_batch_all_good_exits_0(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(DEV / "0107.txt", src / "a.txt")
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "errors.jsonl").read_text(encoding="utf-8") == ""
    assert (out / "a.json").is_file()


@needs_corpora
def test_batch_same_stem_mirrors_folders(tmp_path):
    src = tmp_path / "in"
    (src / "sd").mkdir(parents=True)
    (src / "ah").mkdir()
    shutil.copy(DEV / "0107.txt", src / "sd" / "notice.txt")
    shutil.copy(DEV / "0022.txt", src / "ah" / "notice.txt")
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    # NAME.json would collide: each keeps its relative folder (and its extension, so notice.txt and
    # notice.html in one folder stay apart too)
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*.json"))
    assert written == ["ah/notice.txt.json", "sd/notice.txt.json"]
    a = json.loads((out / "sd" / "notice.txt.json").read_text(encoding="utf-8"))
    b = json.loads((out / "ah" / "notice.txt.json").read_text(encoding="utf-8"))
    assert a["meta"]["doc_number"]["text"] == "国发〔2018〕42号"
    assert b["meta"]["doc_number"]["text"] == "皖政办秘〔2021〕82号"


def test_batch_not_a_folder(tmp_path):
    result = runner.invoke(app, ["batch", str(tmp_path / "missing"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "not a folder" in result.stderr


def test_batch_unknown_format(tmp_path):
    result = runner.invoke(app, ["batch", str(tmp_path), "-o", str(tmp_path / "out"), "--format", "xml"])
    assert result.exit_code == 2  # a usage error: --format is a choice
    assert "'xml' is not one of 'json', 'jsonl', 'parquet'" in " ".join(result.stderr.split())


@needs_corpora
def test_progress_bar_only_when_asked(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in ("0012", "0107"):
        shutil.copy(DEV / f"{name}.txt", src / f"{name}.txt")
    quiet = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "a"), "-j", "1"])
    shown = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "b"), "-j", "1", "--progress"])
    assert quiet.exit_code == shown.exit_code == 0
    assert "file/s" not in quiet.stderr  # CliRunner's stderr is no terminal
    assert "2/2" in shown.stderr and "file/s" in shown.stderr


@needs_corpora
def test_output_folder_inside_input_is_not_walked(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(DEV / "0107.txt", src / "0107.txt")
    for _ in range(2):  # the second run would find documents.jsonl and the parts if it walked into out
        summary = run_batch(str(src), str(src / "out"), fmt="jsonl")
        assert (summary.done, summary.failed, dict(summary.skipped)) == (1, 0, {})


# ---------------------------------------------------------------- formats and workers


@pytest.fixture(scope="module")
def dev_runs(tmp_path_factory):
    """The dev corpus in every format, with one worker and with two."""
    base = tmp_path_factory.mktemp("dev-runs")
    runs = {}
    for fmt in ("json", "jsonl", "parquet"):
        for jobs in (1, 2):
            out = base / f"{fmt}-{jobs}"
            summary = run_batch(str(DEV), str(out), fmt=fmt, jobs=jobs)
            assert (summary.done, summary.failed, summary.resumed) == (len(list(DEV.glob("*.txt"))), 0, 0)
            runs[fmt, jobs] = out
    return runs


@needs_corpora
@pytest.mark.parametrize("fmt", ["json", "jsonl", "parquet"])
def test_jobs_do_not_change_a_byte(dev_runs, fmt):
    one, two = tree(dev_runs[fmt, 1]), tree(dev_runs[fmt, 2])
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []


@needs_corpora
def test_json_outputs_are_the_parse_output(dev_runs):
    import policytext

    out = dev_runs["json", 2]
    assert visible(out) == sorted([f"{p.stem}.json" for p in DEV.glob("*.txt")] + ["errors.jsonl"])
    assert len(dev_names()) >= 12
    path = str(DEV / "0107.txt")
    assert (out / "0107.json").read_text(encoding="utf-8") == policytext.parse_file(path).to_json()


def _json_docs(out: Path) -> list[dict]:
    """The json-format outputs in input order."""
    inputs, _ = find_inputs(str(DEV))
    return [json.loads((out / f"{Path(p).stem}.json").read_text(encoding="utf-8")) for p in inputs]


@needs_corpora
def test_jsonl_is_the_json_outputs_in_input_order(dev_runs):
    docs = _json_docs(dev_runs["json", 1])
    lines = (dev_runs["jsonl", 2] / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == docs
    assert visible(dev_runs["jsonl", 2]) == ["documents.jsonl", "errors.jsonl"]


@needs_corpora
def test_parquet_tables_hold_every_row_with_declared_columns(dev_runs):
    import pandas as pd

    from policytext.research.tables import frames

    docs = _json_docs(dev_runs["json", 1])
    expected = frames(docs)
    out = dev_runs["parquet", 2]
    assert visible(out) == sorted([f"{t}.parquet" for t in TABLES] + ["errors.jsonl"])
    for name in TABLES:
        got = pd.read_parquet(out / f"{name}.parquet")
        assert list(got.columns) == list(COLUMNS[name]), name
        assert [str(d) for d in got.dtypes] == list(COLUMNS[name].values()), name
        assert len(got) == sum(len(rows(d)[name]) for d in docs), name
        pd.testing.assert_frame_equal(got, expected[name], check_categorical=False, obj=name)
    assert len(pd.read_parquet(out / "sections.parquet")) > 100  # not vacuous: the dev corpus has sections


def test_empty_tables_still_have_their_columns(tmp_path):
    import pandas as pd

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("关于做好春节期间安全工作的通知\n请各单位注意安全。\n", encoding="utf-8")
    summary = run_batch(str(src), str(tmp_path / "out"), fmt="parquet")
    assert summary.done == 1
    for name in TABLES:
        got = pd.read_parquet(tmp_path / "out" / f"{name}.parquet")
        assert list(got.columns) == list(COLUMNS[name])
    assert len(pd.read_parquet(tmp_path / "out" / "targets.parquet")) == 0
    assert len(pd.read_parquet(tmp_path / "out" / "documents.parquet")) == 1


# ---------------------------------------------------------------- resume


@pytest.fixture(scope="module")
def resume_corpus(tmp_path_factory):
    """dev + 60 pool documents + one input that always fails."""
    if not pool_files():
        pytest.skip("pool corpus not found")
    src = tmp_path_factory.mktemp("resume") / "in"
    (src / "dev").mkdir(parents=True)
    (src / "pool").mkdir()
    for p in sorted(DEV.glob("*.txt")):
        shutil.copy(p, src / "dev" / p.name)
    for p in pool_files()[:60]:
        shutil.copy(p, src / "pool" / p.name)
    (src / "pool" / "empty.txt").write_bytes(b"")
    return src


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "policytext.cli", "batch", *args, "--no-progress"]


@needs_corpora
@pytest.mark.parametrize("fmt", ["json", "parquet"])
def test_resume_after_kill_ends_as_an_uninterrupted_run(tmp_path, resume_corpus, fmt):
    inputs, _ = find_inputs(str(resume_corpus))
    reference = tmp_path / "reference"  # a fresh process like the others, in case src changed since pytest began
    subprocess.run(_cli(str(resume_corpus), "-o", str(reference), "--format", fmt, "--jobs", "1"),
                   capture_output=True, timeout=300)

    out = tmp_path / "out"
    args = [str(resume_corpus), "-o", str(out), "--format", fmt, "--jobs", "2"]
    proc = subprocess.Popen(_cli(*args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while len(read_manifest(out / MANIFEST_NAME)) < 5 and proc.poll() is None:
            assert time.monotonic() < deadline, "the batch never got going"
            time.sleep(0.01)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers, mid-flight
        proc.wait()
    finished = [e for e in read_manifest(out / MANIFEST_NAME).values() if e["status"] == "done"]
    assert 0 < len(finished) < len(inputs) - 1, "the run was not interrupted halfway"

    resumed = subprocess.run(_cli(*args, "--resume"), capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 1, resumed.stderr  # empty.txt
    counts = summary_counts(resumed.stderr)
    assert counts["resumed"] == len(finished)  # nothing finished was parsed again
    assert counts["done"] + counts["resumed"] == len(inputs) - 1
    assert counts["failed"] == 1

    got, want = tree(out), tree(reference)
    assert sorted(got) == sorted(want)  # no output missing, none extra, no temporary file left
    assert [name for name in want if got[name] != want[name]] == []
    manifest = (out / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["path"] for line in manifest] == inputs  # each input once, in order


def _small_corpus(root: Path) -> Path:
    src = root / "in"
    src.mkdir()
    for name in ("0012", "0107", "0135"):
        shutil.copy(DEV / f"{name}.txt", src / f"{name}.txt")
    (src / "broken.txt").write_bytes(b"")
    return src


@needs_corpora
@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_resume_redoes_changed_failed_and_missing_inputs(tmp_path, fmt):
    src = _small_corpus(tmp_path)
    out = tmp_path / "out"
    first = run_batch(str(src), str(out), fmt=fmt)
    assert (first.done, first.failed, first.resumed) == (3, 1, 0)

    again = run_batch(str(src), str(out), fmt=fmt, resume=True)
    assert (again.done, again.failed, again.resumed) == (0, 1, 3)  # failures are always tried again
    assert [e["kind"] for e in error_lines(out)] == ["empty"]

    shutil.copy(DEV / "0072.txt", src / "broken.txt")  # fixed
    with open(src / "0107.txt", "a", encoding="utf-8") as fh:  # changed
        fh.write("\n四、其他\n本意见自印发之日起施行。\n")
    assert not (out / ".policytext-work").exists()  # a clean run leaves no per-document parts behind
    if fmt == "json":
        (out / "0012.json").unlink()  # a lost output is parsed again
    with open(out / MANIFEST_NAME, "a", encoding="utf-8") as fh:  # a run killed while writing a line
        fh.write('{"path": "' + str(src / "0135.txt") + '", "sta')
    third = run_batch(str(src), str(out), fmt=fmt, resume=True)
    # jsonl: the finished documents come back from documents.jsonl itself, not from a work folder.
    assert (third.done, third.failed, third.resumed) == ((3, 0, 1) if fmt == "json" else (2, 0, 2))
    assert not (out / ".policytext-work").exists()

    fresh = tmp_path / "fresh"
    run_batch(str(src), str(fresh), fmt=fmt)
    assert tree(out) == tree(fresh)


@needs_corpora
def test_resume_redoes_everything_after_an_upgrade(tmp_path, monkeypatch):
    src = _small_corpus(tmp_path)
    out = tmp_path / "out"
    run_batch(str(src), str(out))
    monkeypatch.setattr(about, "__version__", "99.0.0")
    summary = run_batch(str(src), str(out), resume=True)
    assert (summary.done, summary.resumed) == (3, 0)
    assert {e["version"] for e in read_manifest(out / MANIFEST_NAME).values()} == {"99.0.0"}


@needs_corpora
def test_a_run_without_resume_starts_over(tmp_path):
    src = _small_corpus(tmp_path)
    out = tmp_path / "out"
    run_batch(str(src), str(out))
    (src / "0107.txt").write_bytes(b"")
    summary = run_batch(str(src), str(out))
    assert (summary.done, summary.failed, summary.resumed) == (2, 2, 0)
    assert len((out / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()) == 4
    # the output of the input that now fails is gone: one input, one outcome
    assert visible(out) == ["0012.json", "0135.json", "errors.jsonl"]


def test_two_runs_into_one_folder_are_refused(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("关于做好春节期间安全工作的通知\n请各单位注意安全。\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, sys, time; f = open(sys.argv[1], 'a+b'); "
         "fcntl.lockf(f.fileno(), fcntl.LOCK_EX); print('held', flush=True); time.sleep(120)",
         str(out / MANIFEST_NAME)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        result = runner.invoke(app, ["batch", str(src), "-o", str(out)])
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 1
    assert "another policytext batch is writing to this folder" in result.stderr
    assert not (out / "a.json").exists()
    assert run_batch(str(src), str(out)).done == 1  # the lock died with its holder


# ---------------------------------------------------------------- time limits


@needs_corpora
@pytest.mark.parametrize("jobs", [1, 2])
def test_pathological_input_times_out_and_the_rest_finish(tmp_path, jobs):
    src = tmp_path / "in"
    src.mkdir()
    for name in ("0012", "0107"):
        shutil.copy(DEV / f"{name}.txt", src / f"{name}.txt")
    (src / "slow.txt").write_text(slow_text(), encoding="utf-8")
    os.mkfifo(src / "stuck.txt")  # nobody ever writes: it is refused unread rather than waited on

    def keep(signum, frame):
        raise AssertionError("the batch's alarm leaked into the caller")

    previous = signal.signal(signal.SIGALRM, keep)
    try:
        summary = run_batch(str(src), str(tmp_path / "out"), jobs=jobs, timeout=0.5)
        assert signal.getsignal(signal.SIGALRM) is keep
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert (summary.done, summary.failed) == (2, 2)
    assert [(Path(e["path"]).name, e["kind"]) for e in error_lines(tmp_path / "out")] == [
        ("slow.txt", "timeout"), ("stuck.txt", "unsupported")]
    assert "0.5 s limit" in error_lines(tmp_path / "out")[0]["message"]
    assert visible(tmp_path / "out") == ["0012.json", "0107.json", "errors.jsonl"]


def test_loading_happens_before_a_documents_time_limit_starts(tmp_path, monkeypatch):
    """--timeout bounds a document's parse: the rule data and the instrument model are loaded (by a
    warm-up parse) before the first document's clock starts, so a tight limit does not fail the
    first document of every worker for a few tenths of a second of loading."""
    from policytext.batch import worker
    from policytext.instruments import coder

    coder.cache_clear()
    worker.warm_up.cache_clear()
    models_loaded_at_start = []
    enter = TimeLimit.__enter__

    def spy(self):
        models_loaded_at_start.append(coder.cache_info().currsize)
        return enter(self)

    monkeypatch.setattr(TimeLimit, "__enter__", spy)
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("关于加强组织领导的通知\n一、加强组织领导\n建立联席会议制度。\n", encoding="utf-8")
    summary = run_batch(str(src), str(tmp_path / "out"), jobs=1, timeout=60, max_memory=None)  # in this process
    assert summary.done == 1
    assert models_loaded_at_start == [1]
    # without a limit nothing is warmed up: a one-file run pays for nothing it does not need
    coder.cache_clear()
    worker.warm_up.cache_clear()
    models_loaded_at_start.clear()
    run_batch(str(src), str(tmp_path / "out2"), jobs=1, timeout=None, max_memory=None)
    assert models_loaded_at_start == [0]


def test_time_limit_gives_the_caller_its_timer_back():
    def keep(signum, frame):
        pass

    previous = signal.signal(signal.SIGALRM, keep)
    signal.setitimer(signal.ITIMER_REAL, 100.0)
    try:
        with pytest.raises(DocumentTimeout) as err, TimeLimit(0.05, "x.txt"):
            while True:
                pass
        assert err.value.kind == "timeout" and err.value.path == "x.txt"
        assert signal.getsignal(signal.SIGALRM) is keep
        assert 90 < signal.getitimer(signal.ITIMER_REAL)[0] <= 100
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_time_limit_notices_a_swallowed_timeout():
    with TimeLimit(0.05) as limit:
        try:
            while True:
                pass
        except Exception:  # noqa: BLE001 - what a careless reader might do
            pass
    assert limit.fired
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


def test_time_limit_off():
    with TimeLimit(None) as limit:
        assert not limit.enforced
    with TimeLimit(0) as limit:
        assert not limit.enforced


# ---------------------------------------------------------------- bad files


def test_bad_files_each_get_a_clear_error_record(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    docx = (FIXTURES / "numbered.docx").read_bytes()
    (src / "good.docx").write_bytes(docx)
    (src / "cut.docx").write_bytes(docx[: len(docx) // 2])
    (src / "random.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(5000))
    (src / "nobody.html").write_bytes(
        b"<html><head><title>x</title><script>var a = 1;</script></head>"
        b"<body><div class='nav'><a href='/'>\xe9\xa6\x96\xe9\xa1\xb5</a></div><img src='a.png'></body></html>")
    with open(src / "huge.txt", "wb") as fh:  # 50 MB, sparse: refused before a byte is read
        fh.truncate(50 * 1024 * 1024)
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(src), "-o", str(out), "-j", "2"])
    assert result.exit_code == 1
    errors = {Path(e["path"]).name: e for e in error_lines(out)}
    assert {name: e["kind"] for name, e in errors.items()} == {
        "cut.docx": "corrupt", "random.pdf": "corrupt", "nobody.html": "empty", "huge.txt": "too_large"}
    assert all(e["message"] and e["path"] == str(src / name) for name, e in errors.items())
    assert "52,428,800 bytes" in errors["huge.txt"]["message"]
    assert visible(out) == ["errors.jsonl", "good.json"]
    assert "done 1, failed 4" in result.stderr


@needs_corpora
def test_max_bytes_option(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(DEV / "0012.txt", src / "small.txt")
    shutil.copy(DEV / "0022.txt", src / "large.txt")
    limit = (src / "small.txt").stat().st_size
    result = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "out"), "--max-bytes", str(limit)])
    assert result.exit_code == 1
    assert [(Path(e["path"]).name, e["kind"]) for e in error_lines(tmp_path / "out")] == [("large.txt", "too_large")]


# ---------------------------------------------------------------- the worker pool


def _square(x: int) -> int:
    return x * x


def _die_on_3(x: int) -> int:
    if x == 3:
        os._exit(9)  # as a segfault or the OOM killer would
    return x


def _hang_on_2(x: int) -> int:
    if x == 2:
        time.sleep(600)  # stuck where no signal handler runs
    return x


def _lost(task, kind, message):
    return (task, kind)


def test_pool_keeps_input_order_and_a_bounded_window():
    pulled = []

    def tasks():
        for i in range(200):
            pulled.append(i)
            yield i

    results = ordered_map(_square, tasks(), 2, _lost, window=6)
    assert next(results) == 0
    assert len(pulled) <= 7  # not the whole stream up front
    assert [0, *results] == [i * i for i in range(200)]


def test_pool_survives_a_worker_that_dies():
    assert list(ordered_map(_die_on_3, range(8), 2, _lost)) == [0, 1, 2, (3, "crash"), 4, 5, 6, 7]


def test_pool_kills_a_worker_stuck_in_c_code():
    assert list(ordered_map(_hang_on_2, range(6), 2, _lost, hang_limit=1.0)) == [0, 1, (2, "timeout"), 3, 4, 5]


# ---------------------------------------------------------------- scale

TOPICS = ("数字政府建设", "农村人居环境整治", "中小企业发展", "生态环境保护", "公共文化服务", "养老服务体系",
          "智慧交通", "职业技能培训", "高标准农田建设", "城市更新")
CITIES = ("绍兴市", "湖州市", "芜湖市", "济南市", "遵义市", "赣州市", "柳州市")
UNITS = ("市发展改革委", "市财政局", "市教育局", "市科技局", "市民政局", "市生态环境局", "市农业农村局")


def notice(i: int) -> str:
    """A short, well-formed notice; the index varies city, topic, dates, numbers and structure."""
    city, topic, year = CITIES[i % 7], TOPICS[i % 10], 2016 + i % 9
    lead, helper = UNITS[i % 7], UNITS[(i + 3) % 7]
    tasks = "".join(f"（{'一二三四'[k]}）推进{TOPICS[(i + k) % 10]}。完善工作机制，{year + 1}年底前完成。"
                    f"（责任单位：{UNITS[(i + k) % 7]}）\n" for k in range(1 + i % 4))
    return (f"{city}人民政府办公室关于印发{topic}实施方案的通知\n{city[:2]}政办发〔{year}〕{i % 97 + 1}号\n\n"
            f"各区、县（市）人民政府，市政府各部门：\n　　《{topic}实施方案》已经市政府同意，现印发给你们，请认真贯彻执行。\n\n"
            f"一、总体目标\n到{year + 3}年，{topic}覆盖率达到{50 + i % 50}%，累计投入{i % 40 + 1}亿元。\n"
            f"二、主要任务\n{tasks}"
            f"三、保障措施\n由{lead}牵头，{helper}配合，每年安排专项资金{i % 9 + 1}00万元。\n\n"
            f"{city}人民政府办公室\n{year}年{i % 12 + 1}月{i % 28 + 1}日\n")


def test_two_thousand_small_files(tmp_path):
    src = tmp_path / "in"
    names = []
    for i in range(2000):
        folder = src / f"d{i % 25:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"n{i:04d}.txt").write_text(notice(i), encoding="utf-8")
        names.append(f"n{i:04d}.json")
    out = tmp_path / "out"
    summary = run_batch(str(src), str(out), jobs=2)
    assert (summary.done, summary.failed, summary.total) == (2000, 0, 2000)
    assert (out / "errors.jsonl").read_text(encoding="utf-8") == ""
    assert visible(out) == sorted([*names, "errors.jsonl"])
    sample = json.loads((out / "n0007.json").read_text(encoding="utf-8"))
    assert sample["meta"]["doc_number"]["text"] == "绍兴政办发〔2023〕8号"
    assert len(sample["tasks"]) >= 4


@needs_corpora
@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_finished_run_cleans_up_and_resumes_when_inputs_are_added(tmp_path, fmt):
    src = _small_corpus(tmp_path)
    out = tmp_path / "out"
    run_batch(str(src), str(out), fmt=fmt)
    assert not (out / ".policytext-work").exists()
    shutil.copy(DEV / "0072.txt", src / "0072.txt")  # a new input arrives
    again = run_batch(str(src), str(out), fmt=fmt, resume=True)
    assert (again.done, again.failed, again.resumed) == (1, 1, 3)  # only the new one is parsed
    assert not (out / ".policytext-work").exists()
    fresh = tmp_path / "fresh"
    run_batch(str(src), str(fresh), fmt=fmt)
    assert tree(out) == tree(fresh)
