"""Training examples: the labelled dev tasks of ``dev/instruments.jsonl``, weak lexicon labels on
the tasks of unlabelled documents, and the labels researchers add.

The gold files hold task titles but not task text, so each labelled task is found among the tasks
policytext parses from its document (by title) and takes that task's text and section path: the
model learns from exactly what it will see at inference. Those examples ship with the package as
``data/instruments_train.jsonl`` (title, text, section path, codes, weight), so an installed package
can retrain without the corpora; a researcher's sheet (``policytext sample instruments``, CSV or
JSONL) carries its own task text and is read by ``read_examples``.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..errors import InputError
from ..textutil import bare
from .codes import CODES, MAX_SECONDARY
from .features import TaskText, section_path, task_text


@dataclass
class Example:
    """One training example: a task's title, text and section path with its primary and secondary codes,
    a weight (below 1 for weak lexicon labels) and whether it was found among the parsed tasks.
    """
    doc: str
    title: str
    text: str
    section_path: list[str]
    primary: str
    secondary: list[str] = field(default_factory=list)
    weight: float = 1.0
    matched: bool = True  # found among the parsed tasks (else the gold title stands for the text)

    @property
    def task_text(self) -> TaskText:
        """The normalised title, body and section path, as the coder sees the task."""
        return task_text(self.title, self.text, self.section_path)


def sha256_file(path: Path) -> str:
    """sha256 of a file's bytes, as the model's meta.json records its inputs."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def examples_digest(examples: list[Example]) -> str:
    """sha256 of what training read: titles, texts, section paths, labels and weights."""
    h = hashlib.sha256()
    for e in examples:
        row = [e.doc, e.title, e.text, e.section_path, e.primary, e.secondary, e.weight]
        h.update(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
    return h.hexdigest()


def read_labels(path: Path) -> list[dict]:
    """The rows of an instruments.jsonl label file, checked."""
    if not path.is_file():
        raise InputError(str(path), "not_found", "label file not found")
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            ok = (isinstance(row.get("doc"), str) and isinstance(row.get("task"), int)
                  and row.get("primary") in CODES and all(c in CODES for c in row.get("secondary", [])))
        except (json.JSONDecodeError, AttributeError):
            ok = False
        if not ok:
            raise InputError(str(path), "corrupt", f"line {lineno}: expected doc, task, primary, secondary codes")
        rows.append(row)
    return rows


def labelled_examples(labels: Path, docs_dir: Path) -> list[Example]:
    """One example per label row, in file order."""
    from ..pipeline import parse_file

    rows = read_labels(labels)
    parsed: dict[str, tuple[dict, object]] = {}
    used: dict[str, set[int]] = {}
    out = []
    for row in rows:
        name = row["doc"]
        if name not in parsed:
            gold_path = docs_dir / "gold" / f"{name}.json"
            if not gold_path.is_file():
                raise InputError(str(gold_path), "not_found", f"gold file of labelled document {name} not found")
            parsed[name] = (json.loads(gold_path.read_text(encoding="utf-8")), parse_file(docs_dir / f"{name}.txt"))
            used[name] = set()
        gold, doc = parsed[name]
        try:
            g = gold["tasks"][row["task"]]
        except (IndexError, KeyError):
            raise InputError(str(labels), "corrupt", f"{name} has no gold task {row['task']}") from None
        key = bare(g["title"])
        match = next((i for i, t in enumerate(doc.tasks) if i not in used[name] and bare(t.title) == key), None)
        if match is None:  # a title the parser cut differently: fall back on a shared prefix
            match = next((i for i, t in enumerate(doc.tasks) if i not in used[name] and key[:15]
                          and bare(t.title)[:15] == key[:15]), None)
        if match is None:
            ex = Example(name, g["title"], g["title"], list(g.get("section_path") or []),
                         row["primary"], list(row.get("secondary", [])), matched=False)
        else:
            used[name].add(match)
            t = doc.tasks[match]
            ex = Example(name, t.title, t.text, section_path(doc, t), row["primary"], list(row.get("secondary", [])))
        out.append(ex)
    return out


def weak_examples(docs_dir: Path, margin: float, weight: float) -> list[Example]:
    """Tasks of unlabelled documents whose lexicon winner beats the runner-up by ``margin`` times."""
    from ..pipeline import parse_file
    from .lexicon import load_lexicon

    lexicon = load_lexicon()
    out = []
    for path in sorted(docs_dir.glob("*.txt")):
        try:
            doc = parse_file(path)
        except InputError:
            continue
        for t in doc.tasks:
            path_titles = section_path(doc, t)
            s = lexicon.combined(task_text(t.title, t.text, path_titles))
            order = s.argsort()[::-1]
            top, second = float(s[order[0]]), float(s[order[1]])
            if top > 0 and top >= margin * second:
                out.append(Example(path.stem, t.title, t.text, path_titles, CODES[int(order[0])], weight=weight))
    return out


SHIPPED_EXAMPLES = "instruments_train.jsonl"
#: Columns of a labels sheet; ``body`` may be called ``text``.
SHEET_COLUMNS = ("doc", "task", "title", "section_path", "body", "guess", "guess_score", "primary", "secondary")
_SPLIT = re.compile(r"[\s,;、，；/|]+")
PATH_SEP = " > "


def example_row(e: Example) -> dict:
    """An example as a JSONL row; the weight is written only when it is not 1."""
    row = {"doc": e.doc, "title": e.title, "text": e.text, "section_path": e.section_path,
           "primary": e.primary, "secondary": e.secondary}
    if e.weight != 1.0:
        row["weight"] = e.weight
    return row


def write_examples(path: Path, examples: list[Example]) -> None:
    """Write examples as JSONL, keys sorted, so the same examples give the same bytes."""
    lines = [json.dumps(example_row(e), ensure_ascii=False, sort_keys=True) for e in examples]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def shipped_examples_path() -> Path:
    """Where the package's training examples (data/instruments_train.jsonl) are installed."""
    return Path(str(resources.files("policytext"))) / "data" / SHIPPED_EXAMPLES


def shipped_examples() -> list[Example]:
    """The training examples the package ships (labelled dev tasks, weak pool labels at weight < 1)."""
    return read_examples(shipped_examples_path())


def coded_examples(name: str, weight: float) -> list[Example]:
    """Tasks of unlabelled pool documents coded one by one after INSTRUMENTS.md, each with the coder's
    ``why`` (models/instruments/README.md says who coded them), from a file of the package's data
    folder in the JSONL form ``read_examples`` reads, at ``weight``: another coder than the dev
    labels', so they count for less."""
    rows = read_examples(Path(str(resources.files("policytext"))) / "data" / name)
    for e in rows:
        e.weight = weight
    return rows


def _codes(cell, where: str, path: Path) -> list[str]:
    """The instrument codes of a sheet cell (a list, or text split at spaces, commas, 、 or /),
    upper-cased; an unknown code is an InputError naming the file and row.
    """
    items = cell if isinstance(cell, list) else [c for c in _SPLIT.split(str(cell or "").strip()) if c]
    codes = [str(c).strip().upper() for c in items]
    bad = [c for c in codes if c not in CODES]
    if bad:
        raise InputError(str(path), "corrupt", f"{where}: unknown instrument code(s) {bad}; codes are {', '.join(CODES)}")
    return codes


def _example(row: dict, where: str, path: Path) -> Example | None:
    """One label row as an Example; None for a row not coded yet (empty primary)."""
    primary = _codes(row.get("primary"), where, path)
    if not primary:
        return None
    if len(primary) > 1:
        raise InputError(str(path), "corrupt", f"{where}: one primary code, got {primary}")
    title = str(row.get("title") or "").strip()
    text = row.get("text", row.get("body"))
    text = str(text or "").strip()
    if not title and not text:
        raise InputError(str(path), "corrupt", f"{where}: missing task text (give title and body/text)")
    secondary = [c for c in _codes(row.get("secondary"), where, path) if c != primary[0]]
    sp = row.get("section_path") or []
    if isinstance(sp, str):
        sp = [p for p in sp.split(PATH_SEP.strip()) if p.strip()]
    if not isinstance(sp, list):
        raise InputError(str(path), "corrupt", f"{where}: section_path must be a list or 'a > b'")
    try:
        weight = float(row.get("weight") or 1.0)
    except (TypeError, ValueError):
        weight = -1.0
    if not 0.0 < weight <= 1.0:
        raise InputError(str(path), "corrupt", f"{where}: weight must lie in (0, 1]")
    doc = str(row.get("doc") or "").strip() or path.stem
    return Example(doc, title, text or title, [str(p).strip() for p in sp], primary[0],
                   secondary[:MAX_SECONDARY], weight=weight)


def read_examples(path: Path) -> list[Example]:
    """Examples from a labels sheet: CSV (the columns ``policytext sample instruments`` writes) or
    JSONL (``title``, ``text`` or ``body``, ``primary``; optional ``doc``, ``section_path``,
    ``secondary``, ``weight``). Rows with an empty primary are not coded yet and are skipped; an
    unknown code or a row without task text is an InputError naming the file and line."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "not_found", "label file not found")
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(str(path), "encoding", "label file is not UTF-8") from None
    out: list[Example] = []
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(raw))
        missing = {"title", "primary"} - set(reader.fieldnames or [])
        if missing or not ({"body", "text"} & set(reader.fieldnames or [])):
            raise InputError(str(path), "corrupt",
                             f"a labels sheet needs the columns title, body (or text) and primary; has {reader.fieldnames}")
        rows = ((f"line {reader.line_num}", row) for row in reader)
    else:
        def jsonl():
            for lineno, line in enumerate(raw.splitlines(), 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(str(path), "corrupt", f"line {lineno}: not JSON ({exc.msg})") from None
                if not isinstance(row, dict):
                    raise InputError(str(path), "corrupt", f"line {lineno}: expected a JSON object")
                yield f"line {lineno}", row
        rows = jsonl()
    for where, row in rows:
        ex = _example(row, where, path)
        if ex is not None:
            out.append(ex)
    if not out:
        raise InputError(str(path), "corrupt", "no coded rows (fill the primary column)")
    return out
