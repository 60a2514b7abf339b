"""Scoring a coder against gold labels of whole documents, grouped by document.

Gold label files (``{"doc", "task", "primary", ...}``, ``task`` the index into the document's gold
``tasks``) carry no task text. Each document is parsed, its gold tasks are paired with the parsed
ones by title the way ../shared/eval/score.py pairs them, and the coder codes the parsed document;
a gold task without a parsed partner counts as wrong, as does an abstention.
"""
from __future__ import annotations

import difflib
import json
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .codes import type_of

_QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"', "‘": "'", "’": "'",
                         "〔": "(", "〕": ")", "［": "(", "］": ")", "[": "(", "]": ")", "【": "(", "】": ")",
                         "—": "-", "–": "-", "《": None, "》": None, "〈": None, "〉": None})
#: score.py's title similarity for tasks.
TITLE_SIMILARITY = 0.85
DOC_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")


def _norm(s: str | None) -> str:
    """Text compared as score.py compares it: NFKC, quotes unified, no whitespace, no final stop, lower case."""
    s = unicodedata.normalize("NFKC", str(s or "")).translate(_QUOTES)
    return "".join(s.split()).rstrip("。.;;,,").lower()  # noqa: B005 - a set of stops, as score.py


def _bare(s: str) -> str:
    """``_norm`` with letters and digits only."""
    return "".join(ch for ch in _norm(s) if ch.isalnum())


def similar_title(a: str | None, b: str | None, threshold: float = TITLE_SIMILARITY) -> bool:
    """score.py's test: equal, one bare title inside the other (4+ characters), or close enough."""
    a, b = _norm(a), _norm(b)
    if not a or not b:
        return False
    if a == b:
        return True
    ba, bb = _bare(a), _bare(b)
    if (len(ba) >= 4 and ba in bb) or (len(bb) >= 4 and bb in ba):
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= threshold


def pair_tasks(gold_titles: Sequence[str], parsed_titles: Sequence[str]) -> dict[int, int]:
    """Greedy one-to-one pairing, gold index → parsed index, in gold order (as score.py does)."""
    used: set[int] = set()
    out: dict[int, int] = {}
    for gi, g in enumerate(gold_titles):
        for pi, p in enumerate(parsed_titles):
            if pi not in used and similar_title(g, p):
                used.add(pi)
                out[gi] = pi
                break
    return out


def find_document(docs_dir: Path, name: str) -> Path:
    """The file of labelled document ``name`` in ``docs_dir`` under any supported suffix; InputError if none."""
    for suffix in DOC_SUFFIXES:
        p = docs_dir / f"{name}{suffix}"
        if p.is_file():
            return p
    raise InputError(str(docs_dir / name), "not_found", f"labelled document {name} not found")


@dataclass
class Outcome:
    """One gold task coded: its gold code, the code given (None if the task was not found or the coder
    abstained), the top guess even when abstaining, and how sure the coder was: the confidence its
    abstention was judged on, else (the lexicon) the guess's score.
    """
    doc: str
    task: int
    gold: str
    predicted: str | None  # None: not found, or abstained
    guess: str | None  # the top code even when abstaining
    found: bool
    source: str | None
    confidence: float = 0.0  # the score of the guess


def sureness(ins, guess: str | None) -> float:
    """How sure the coder was of a task: its confidence (what a model's abstention is judged on), else
    the score of its guess (the lexicon), 0 without either."""
    if ins is None:
        return 0.0
    if ins.confidence is not None:
        return float(ins.confidence)
    return float(ins.scores.get(guess, 0.0)) if guess else 0.0


def gold_outcomes(labels: list[dict], docs_dir: Path, parse: Callable[[Path], object]) -> list[Outcome]:
    """Code every labelled gold task: ``parse(path)`` returns a coded PolicyDoc."""
    by_doc: dict[str, list[dict]] = {}
    for row in labels:
        by_doc.setdefault(row["doc"], []).append(row)
    out = []
    for name, rows in by_doc.items():
        gold_path = docs_dir / "gold" / f"{name}.json"
        if not gold_path.is_file():
            raise InputError(str(gold_path), "not_found", f"gold file of labelled document {name} not found")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        doc = parse(find_document(docs_dir, name))
        pairs = pair_tasks([t["title"] for t in gold["tasks"]], [t.title for t in doc.tasks])
        for row in rows:
            pi = pairs.get(row["task"])
            ins = doc.tasks[pi].instrument if pi is not None else None
            # (not the largest score: with secondary codes in them that can be a presence probability)
            guess = ins.guess if ins is not None else None
            out.append(Outcome(name, row["task"], row["primary"], ins.primary if ins else None, guess,
                               pi is not None, ins.source if ins else None, sureness(ins, guess)))
    return out


def summarise(outcomes: list[Outcome]) -> dict:
    """Accuracy counting every task (not found or abstained = wrong), on found tasks only, coverage
    and accuracy on the coded tasks; per document and in total."""
    def block(rows: list[Outcome]) -> dict:
        """The accuracy figures of one group of outcomes (a document, or all)."""
        n = len(rows)
        found = [o for o in rows if o.found]
        coded = [o for o in found if o.predicted]

        def acc(sel, key):
            return round(sum(key(o) for o in sel) / len(sel), 4) if sel else None

        code_ok = lambda o: o.predicted == o.gold  # noqa: E731
        type_ok = lambda o: o.predicted is not None and type_of(o.predicted) == type_of(o.gold)  # noqa: E731
        guess_code = lambda o: o.guess == o.gold  # noqa: E731
        guess_type = lambda o: o.guess is not None and type_of(o.guess) == type_of(o.gold)  # noqa: E731
        return {
            "n": n, "found": len(found), "coded": len(coded),
            "code": acc(rows, code_ok), "type": acc(rows, type_ok),
            "code_found": acc(found, guess_code), "type_found": acc(found, guess_type),
            "coverage": round(len(coded) / len(found), 4) if found else None,
            "code_coded": acc(coded, code_ok), "type_coded": acc(coded, type_ok),
        }

    docs = sorted({o.doc for o in outcomes})
    found = sorted((o for o in outcomes if o.found and o.guess), key=lambda o: -o.confidence)
    curve = []
    for level in (1.0, 0.9, 0.8, 0.7, 0.6, 0.5):
        keep = found[: max(1, round(level * len(found)))] if found else []
        if keep:
            curve.append({"coverage": level, "min_score": round(keep[-1].confidence, 4),
                          "code": round(sum(o.guess == o.gold for o in keep) / len(keep), 4),
                          "type": round(sum(type_of(o.guess) == type_of(o.gold) for o in keep) / len(keep), 4)})
    return {"documents": {d: block([o for o in outcomes if o.doc == d]) for d in docs},
            "total": block(outcomes), "coverage_curve": curve}


def format_summary(summary: dict) -> str:
    """The evaluation summary as a text table, one row per document and a total, then the
    coverage-accuracy curve when there is one.
    """
    cols = ("n", "found", "code", "type", "code_found", "type_found", "coverage", "type_coded")
    head = f"{'document':<14}" + "".join(f"{c:>11}" for c in cols)

    def fmt(v):
        return "-" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))

    lines = [head]
    for name, b in [*summary["documents"].items(), ("TOTAL", summary["total"])]:
        lines.append(f"{name:<14}" + "".join(f"{fmt(b[c]):>11}" for c in cols))
    if summary.get("coverage_curve"):
        lines.append("coverage-accuracy on found tasks, most confident first (the coder's confidence):")
        lines += [f"  coverage {r['coverage']:.0%}  score >= {r['min_score']:.3f}  code {r['code']:.3f}  "
                  f"type {r['type']:.3f}" for r in summary["coverage_curve"]]
    lines.append("code/type: every labelled task (not found or abstained = wrong); *_found: the top code "
                 "of found tasks, abstentions included; coverage: share of found tasks given a code; "
                 "type_coded: type accuracy on those")
    return "\n".join(lines)


def label_outcomes(labels: str | Path, docs: str | Path | None, using, parsed: dict | None = None) -> list[Outcome]:
    """The outcomes of coder ``using`` on a label file: a coded sheet (rows with task text) is coded
    directly; a gold label file (doc, task index) needs ``docs``, the folder of its documents and
    their gold/ files. ``parsed`` ({path: PolicyDoc}) keeps parsed documents for the next coder."""
    from ..pipeline import parse_file
    from . import code_doc, code_texts
    from .dataset import read_examples, read_labels

    labels = Path(labels)
    first = next((ln for ln in labels.read_text(encoding="utf-8-sig").splitlines() if ln.strip()), "") \
        if labels.is_file() else ""
    gold_style = labels.suffix.lower() == ".jsonl" and '"task"' in first and '"text"' not in first \
        and '"body"' not in first
    if gold_style:
        if docs is None:
            raise InputError(str(labels), "corrupt", "these labels have no task text: give --docs, the folder "
                             "of the labelled documents and their gold/ files")
        rows = read_labels(labels)
        cache = parsed if parsed is not None else {}

        def parse(path: Path):
            if path not in cache:
                cache[path] = parse_file(path)
            doc = cache[path]
            code_doc(doc, using)
            return doc

        return gold_outcomes(rows, Path(docs), parse)
    examples = read_examples(labels)
    coded = code_texts([(e.title, e.text, e.section_path) for e in examples], using)
    outcomes = []
    for i, (e, ins) in enumerate(zip(examples, coded, strict=True)):
        guess = ins.guess
        outcomes.append(Outcome(e.doc, i, e.primary, ins.primary, guess, True, ins.source, sureness(ins, guess)))
    return outcomes


def score_labels(labels: str | Path, docs: str | Path | None = None, model: str | Path | None = None,
                 lexicon: bool = False) -> str:
    """The report of ``policytext eval instruments --labels``: a coded sheet (rows with task text) is
    coded directly; a gold label file (doc, task index) needs ``docs``, the folder of its documents
    and their gold/ files."""
    from . import load_coder
    from .lexicon import LexiconCoder

    using = LexiconCoder() if lexicon else load_coder(model)
    head = f"coder: {'lexicon' if lexicon else (model or 'the package model')}"
    if getattr(using, "refused", None):
        head += f" (model not loaded, lexicon used: {using.refused})"
    return head + "\n" + format_summary(summarise(label_outcomes(labels, docs, using)))
