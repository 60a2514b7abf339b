"""Training examples: the labelled dev tasks of ``dev/instruments.jsonl`` and, optionally, weak
lexicon labels on the tasks of unlabelled documents.

The gold files hold task titles but not task text, so each labelled task is found among the tasks
policytext parses from its document (by title) and takes that task's text and section path: the
model learns from exactly what it will see at inference.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..textutil import bare
from .codes import CODES
from .features import TaskText, section_path, task_text


@dataclass
class Example:
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
        return task_text(self.title, self.text, self.section_path)


def sha256_file(path: Path) -> str:
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
