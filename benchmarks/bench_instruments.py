"""Cost of instrument coding: loading the model, and coding 50 tasks.

    .venv/bin/python benchmarks/bench_instruments.py            # best of 7
    .venv/bin/python benchmarks/bench_instruments.py --repeat 21

- load (cold): a fresh interpreter imports numpy, then policytext, then loads the model (module
  imports, hash check, arrays, vocabulary index, lexicon compile), each timed apart inside that
  process: numpy is a core dependency the first coded document pays for once;
- load (warm): ``load_model`` again in this process (file cache warm, patterns cached by ``re``);
- code 50: ``ModelCoder.code`` on 50 real tasks of the dev corpus, already parsed;
- lexicon 50: the fallback coder on the same tasks;
- code_doc dev+pool: ``policytext.instruments.code_doc`` (features, both heads, evidence spans) on
  every parsed document of dev and pool, process CPU time (the instruments stage without the rest
  of the parse; ``bench.py --stages`` gives its share inside the pipeline);
- jieba: the first ``jieba.lcut`` of a process (dictionary load), for the record: the model
  uses character n-grams only and never loads jieba.

Targets (issue 7): load < 100 ms, 50 tasks < 20 ms. Best and median of the repeats are shown.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import policytext
from policytext.instruments.features import section_path, task_text
from policytext.instruments.lexicon import LexiconCoder
from policytext.instruments.model import load_model, package_model_dir

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "dev"
POOL = DEV.parent / "pool"

_COLD = """
import time
t0 = time.perf_counter(); import numpy; t1 = time.perf_counter()
import policytext; t2 = time.perf_counter()
from policytext.instruments.model import load_model, package_model_dir
load_model(package_model_dir()); t3 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2)
"""
_JIEBA = "import time, jieba; jieba.setLogLevel(60); t = time.perf_counter(); jieba.lcut('加强组织领导'); print(time.perf_counter() - t)"


def timed(fn, repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return min(runs), statistics.median(runs)


def cpu_timed(fn, repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        runs.append(time.process_time() - t)
    return min(runs), statistics.median(runs)


def fresh(code: str, repeat: int) -> list[list[float]]:
    return [[float(v) for v in subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                             check=True).stdout.split()] for _ in range(repeat)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    texts = []
    for path in sorted(DEV.glob("*.txt")):
        doc = policytext.parse_file(path)
        texts += [task_text(t.title, t.text, section_path(doc, t)) for t in doc.tasks]
    texts = texts[:50]
    model = load_model(package_model_dir())
    lexicon = LexiconCoder()
    cold = fresh(_COLD, args.repeat)
    from policytext.instruments import code_doc

    parsed = [policytext.parse_file(p) for folder in (DEV, POOL) for p in sorted(folder.glob("*.txt"))]
    n_tasks = sum(len(d.tasks) for d in parsed)
    rows = [
        ("numpy import (fresh process)", min(c[0] for c in cold), statistics.median(c[0] for c in cold)),
        ("import policytext (fresh process)", min(c[1] for c in cold), statistics.median(c[1] for c in cold)),
        ("load model (fresh process)", min(c[2] for c in cold), statistics.median(c[2] for c in cold)),
        ("load model (warm)", *timed(lambda: load_model(package_model_dir()), args.repeat)),
        (f"code {len(texts)} tasks (model)", *timed(lambda: model.code(texts), args.repeat)),
        (f"code {len(texts)} tasks (lexicon)", *timed(lambda: lexicon.code(texts), args.repeat)),
        (f"code_doc dev+pool ({n_tasks} tasks)",
         *cpu_timed(lambda: [code_doc(d, model) for d in parsed if d.tasks], args.repeat)),
    ]
    jieba_runs = [r[0] for r in fresh(_JIEBA, min(args.repeat, 3))]
    rows.append(("jieba first lcut (not used)", min(jieba_runs), statistics.median(jieba_runs)))
    print(f"model: {model.n_sparse} n-grams (title and body), {len(model.primary_classes)} primary classes; repeats {args.repeat}")
    print(f"{'':34}{'best ms':>9}{'median ms':>11}")
    for name, best, med in rows:
        print(f"{name:34}{best * 1000:>9.1f}{med * 1000:>11.1f}")


if __name__ == "__main__":
    main()
