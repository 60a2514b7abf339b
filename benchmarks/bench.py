"""Throughput of policytext against two baselines, in one process over the same files.

    .venv/bin/python benchmarks/bench.py                      # dev + pool, best of 3
    .venv/bin/python benchmarks/bench.py --corpus pool --repeat 5
    .venv/bin/python benchmarks/bench.py --stages             # + time per pipeline stage
    .venv/bin/python benchmarks/bench.py --batch-scaling      # + batch jobs=1 vs jobs=2

Each measurement reads and decodes every file (``policytext.reading.decode_text``),
then does its work on the text:

- regex floor: find every digit run with one precompiled ``regex`` pattern;
- jieba: ``jieba.lcut`` (dictionary loaded before timing);
- policytext: ``policytext.parse_file`` (reads, decodes and runs every stage).

MB/s are of input bytes (1 MB = 10^6 bytes). Every measurement is repeated and the
best (fastest) run is reported, with the median beside it, in wall-clock time and in
CPU time of this process (steadier when other programs share the machine); ratios are
of best times. All rule data is loaded and all patterns compiled by a warm-up parse
before timing.
"""
from __future__ import annotations

import argparse
import contextlib
import inspect
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import regex

import policytext
from policytext.reading import decode_text

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "corpora"

#: Targets from issue #5.
TARGET_FULL_OVER_JIEBA = 1.0  # full parse faster than jieba.lcut
TARGET_FULL_OVER_REGEX = 30.0
TARGET_JOBS2_OVER_JOBS1 = 1.6

_DIGITS = regex.compile(r"\d+")


def corpus_files(names: list[str]) -> list[Path]:
    files: list[Path] = []
    for name in names:
        folder = Path(name) if os.sep in name else CORPORA / name
        found = sorted(folder.glob("*.txt"))
        if not found:
            sys.exit(f"bench: no .txt files in {folder}")
        files += found
    return files


def _read_text(path: Path) -> str:
    return decode_text(path.read_bytes(), str(path))[0]


def run_regex(files: list[Path]) -> int:
    return sum(sum(1 for _ in _DIGITS.finditer(_read_text(p))) for p in files)


def run_jieba(files: list[Path]) -> int:
    import jieba

    return sum(len(jieba.lcut(_read_text(p))) for p in files)


def run_full(files: list[Path]) -> int:
    return sum(len(policytext.parse_file(p).tasks) for p in files)


def timed(fn: Callable[[list[Path]], int], files: list[Path], repeat: int) -> dict[str, float]:
    """Best and median wall and CPU seconds of ``fn(files)`` over ``repeat`` runs."""
    wall, cpu = [], []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        fn(files)
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return {"wall": min(wall), "wall_median": statistics.median(wall), "cpu": min(cpu),
            "cpu_median": statistics.median(cpu)}


def stage_times(files: list[Path], clock: Callable[[], float] = time.perf_counter) -> dict[str, float]:
    """Seconds spent in each pipeline stage (and in reading + view building) over files, by ``clock``
    (``time.perf_counter`` for wall time, ``time.process_time`` for this process's CPU time)."""
    from policytext import pipeline

    stages = pipeline._stages()
    spent = dict.fromkeys([name for name, _ in stages], 0.0)

    def wrap(name: str, run: Callable) -> Callable:
        def timed_run(doc) -> None:
            t0 = clock()
            run(doc)
            spent[name] += clock() - t0
        return timed_run

    pipeline._loaded = [(name, wrap(name, run)) for name, run in stages]
    try:
        t0 = clock()
        run_full(files)
        total = clock() - t0
    finally:
        pipeline._loaded = stages
    spent["(read, decode, text view)"] = total - sum(spent.values())
    return spent


def stage_shares(files: list[Path], repeat: int) -> None:
    """Print each stage's time and share of the parse: the median over ``repeat`` runs of each, in wall
    and in CPU time (a single run swings by a point or two on a shared machine)."""
    runs = {"wall": [], "CPU": []}
    for _ in range(repeat):
        runs["wall"].append(stage_times(files, time.perf_counter))
        runs["CPU"].append(stage_times(files, time.process_time))
    print(f"time per stage (median of {repeat} runs each; share of the parse, min–max over the runs):")
    print(f"  {'':<32} {'wall s':>7} {'share':>6} {'range':>13}   {'CPU s':>6} {'share':>6} {'range':>13}")
    for name in runs["wall"][0]:
        cells = []
        for kind in ("wall", "CPU"):
            secs = [r[name] for r in runs[kind]]
            shares = [100 * r[name] / sum(r.values()) for r in runs[kind]]
            cells.append(f"{statistics.median(secs):6.2f}  {statistics.median(shares):5.1f}% "
                         f"{min(shares):5.1f}–{max(shares):4.1f}%")
        print(f"  {name:<32} {cells[0]}   {cells[1]}")


# ---------------------------------------------------------------- batch scaling

def _scaling_tree(files: list[Path], copies: int, root: Path) -> int:
    """copies × files under root/copyNN/; returns total input bytes. Copies, not links: batch refuses
    links that lead out of its input folder (each would be an outside_root error record)."""
    total = 0
    for c in range(copies):
        folder = root / f"copy{c:02d}"
        folder.mkdir(parents=True)
        for p in files:
            shutil.copyfile(p, folder / p.name)
            total += p.stat().st_size
    return total


def _batch_runner() -> tuple[str, Callable[[Path, Path, int], None]]:
    """How to run the real batch with a number of jobs: run_batch(jobs=…) or the CLI's --jobs."""
    from policytext import batch

    if "jobs" in inspect.signature(batch.run_batch).parameters:
        def in_process(src: Path, out: Path, jobs: int) -> None:
            batch.run_batch(str(src), str(out), jobs=jobs)
        return "policytext.batch.run_batch(jobs=N)", in_process

    cli = [sys.executable, "-m", "policytext.cli", "batch"]

    def subprocess_cli(src: Path, out: Path, jobs: int) -> None:
        res = subprocess.run([*cli, str(src), "-o", str(out), "--jobs", str(jobs)],
                             capture_output=True, text=True, check=False)
        if res.returncode not in (0, 1) or "No such option" in res.stderr:
            raise RuntimeError(f"policytext batch --jobs failed: {res.stderr.strip()[-400:]}")
    return "policytext batch --jobs N (subprocess)", subprocess_cli


def _cpu_seconds() -> float:
    """CPU seconds of this process and its finished children (batch workers, a CLI subprocess)."""
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _idle_ticks() -> tuple[int, int] | None:
    """(idle, total) jiffies of the whole machine, from /proc/stat (Linux); None elsewhere."""
    try:
        with open("/proc/stat") as fh:
            fields = [int(x) for x in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    return fields[3] + fields[4], sum(fields)


def batch_scaling(files: list[Path], copies: int, repeat: int) -> tuple[str, dict[int, dict], int]:
    """Best run per jobs setting: wall seconds, cores this batch used, and the machine's idle share."""
    how, run = _batch_runner()
    best: dict[int, dict] = {}
    with tempfile.TemporaryDirectory(prefix="policytext-bench-") as tmp:
        src = Path(tmp) / "in"
        nbytes = _scaling_tree(files, copies, src)
        for _ in range(repeat):
            for jobs in (1, 2):
                out = Path(tmp) / f"out{jobs}"
                shutil.rmtree(out, ignore_errors=True)
                idle0, c0, t0 = _idle_ticks(), _cpu_seconds(), time.perf_counter()
                run(src, out, jobs)
                elapsed = time.perf_counter() - t0
                idle1, cpu = _idle_ticks(), _cpu_seconds() - c0
                idle = (idle1[0] - idle0[0]) / max(1, idle1[1] - idle0[1]) if idle0 and idle1 else None
                if jobs not in best or elapsed < best[jobs]["wall"]:
                    best[jobs] = {"wall": elapsed, "cores": cpu / elapsed, "idle": idle}
        n_out = sum(1 for _ in (Path(tmp) / "out2").rglob("*.json"))
    if n_out != copies * len(files):
        raise RuntimeError(f"batch wrote {n_out} JSON files for {copies * len(files)} inputs")
    return how, best, nbytes


# ---------------------------------------------------------------- report

def _mark(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default="dev,pool",
                    help="comma-separated corpus names under ../shared/corpora, or folders (default dev,pool)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is reported")
    ap.add_argument("--stages", action="store_true", help="also time each pipeline stage")
    ap.add_argument("--batch-scaling", action="store_true",
                    help="also run the real batch on dev+pool ×10 with jobs=1 and jobs=2")
    ap.add_argument("--copies", type=int, default=10, help="copies of the corpus for --batch-scaling")
    ap.add_argument("--batch-repeat", type=int, default=1, help="runs per jobs setting for --batch-scaling")
    args = ap.parse_args(argv)

    files = corpus_files([c.strip() for c in args.corpus.split(",") if c.strip()])
    nbytes = sum(p.stat().st_size for p in files)
    mb = nbytes / 1e6

    import jieba

    jieba.setLogLevel(60)  # jieba prints its dictionary loading otherwise
    jieba.initialize()
    run_full(files[:5])  # rule data, compiled patterns, stage modules
    run_regex(files[:5])
    run_jieba(files[:5])

    print(f"policytext {policytext.__version__}, Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    print(f"corpus {args.corpus}: {len(files)} files, {mb:.2f} MB; best of {args.repeat} runs [median]")
    print(f"  {'':<16} {'wall MB/s':>18}  {'CPU MB/s':>18}  {'wall s':>7}")
    results = {}
    for label, fn in (("regex floor", run_regex), ("jieba.lcut", run_jieba), ("policytext full", run_full)):
        t = results[label] = timed(fn, files, args.repeat)
        print(f"  {label:<16} {mb / t['wall']:8.2f} [{mb / t['wall_median']:7.2f}]  "
              f"{mb / t['cpu']:8.2f} [{mb / t['cpu_median']:7.2f}]  {t['wall']:7.3f}")
    full, jieba_, floor = results["policytext full"], results["jieba.lcut"], results["regex floor"]
    full_jieba = full["wall"] / jieba_["wall"]
    full_regex = full["wall"] / floor["wall"]
    print(f"  full/jieba time ratio {full_jieba:5.2f} wall, {full['cpu'] / jieba_['cpu']:5.2f} CPU  "
          f"(target < {TARGET_FULL_OVER_JIEBA:g}: {_mark(full_jieba < TARGET_FULL_OVER_JIEBA)})")
    print(f"  full/regex time ratio {full_regex:5.1f} wall, {full['cpu'] / floor['cpu']:5.1f} CPU  "
          f"(target <= {TARGET_FULL_OVER_REGEX:g}: {_mark(full_regex <= TARGET_FULL_OVER_REGEX)})")

    if args.stages:
        stage_shares(files, args.repeat)

    if args.batch_scaling:
        with contextlib.suppress(KeyboardInterrupt):
            how, best, batch_bytes = batch_scaling(files, args.copies, args.batch_repeat)
            bmb = batch_bytes / 1e6
            print(f"batch scaling: {how}, {args.copies} × corpus = {bmb:.1f} MB, best of {args.batch_repeat}")
            for jobs, r in sorted(best.items()):
                idle = "" if r["idle"] is None else f", machine idle {100 * r['idle']:3.0f}%"
                print(f"  jobs={jobs}  {bmb / r['wall']:7.2f} MB/s  {r['wall']:6.2f} s  "
                      f"(this batch used {r['cores']:.2f} cores{idle})")
            ratio = best[1]["wall"] / best[2]["wall"]
            print(f"  jobs2/jobs1 throughput ratio {ratio:4.2f}  (target >= {TARGET_JOBS2_OVER_JOBS1:g}: "
                  f"{_mark(ratio >= TARGET_JOBS2_OVER_JOBS1)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
