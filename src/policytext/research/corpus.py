"""Many documents at once: load a folder, get tidy tables, canonical units, workload and citations.

A session (a sketch, not run as a doctest: it needs folders of documents)::

    from policytext import corpus
    c = corpus.load("docs/")                      # parse a folder of .txt/.html/.docx/.pdf
    c = corpus.load("out/")                       # or read `policytext batch` output
    c.tasks.head()                                # tables keyed by doc_id, spans as two columns
    c.canonical_units()                           # units with canonical name, level, kind …
    c.unit_workload()                             # tasks led / co / responsible per unit
    c.citation_graph()                            # which document cites which

The tables are exactly ``policytext.research.tables.frames`` (the batch Parquet and Spark output use
the same columns). A folder is read as, in this order: Parquet tables (``documents.parquet``
…), a ``documents.jsonl``, a folder of documents to parse, or a folder of ``NAME.json`` files
from ``policytext batch``. Inputs that fail are kept in ``Corpus.errors``, never dropped silently.
"""
from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..errors import require
from .canonical_units import canonical_units, mapped_share, unmapped_units
from .citations import citation_graph, to_networkx
from .tables import COLUMNS, TABLES
from .workload import DEFAULT_BY, unit_workload

__all__ = [
    "DEFAULT_BY", "Corpus", "canonical_units", "citation_graph", "load", "mapped_share", "read_regions",
    "to_networkx", "unit_workload", "unmapped_units",
]

_SOURCES = ("auto", "documents", "json", "jsonl", "parquet")


def _table(name: str) -> property:
    return property(lambda self: self.tables[name], doc=f"The {name} table (see policytext.research.tables.COLUMNS).")


class Corpus:
    """Parsed documents as tidy tables (``policytext.research.tables``) plus the documents' dicts.

    ``docs`` maps doc_id to the document's ``to_dict()``; when the corpus was parsed from
    source files each dict also holds the source ``text`` its spans point into.
    ``regions`` ({doc_id: "浙江省绍兴市"}) tells canonical units where a document speaks
    from when its issuers and title do not say.
    """

    def __init__(self, tables: Mapping[str, Any], docs: Mapping[str, dict] | None = None,
                 errors: Iterable[dict] | None = None, regions: Mapping[str, str] | None = None):
        missing = [t for t in TABLES if t not in tables]
        if missing:
            raise ValueError(f"tables missing: {missing}")
        self.tables: dict[str, Any] = {name: tables[name] for name in TABLES}
        self.docs: dict[str, dict] = dict(docs or {})
        self.errors: list[dict] = list(errors or [])
        self.regions: dict[str, str] = dict(regions or {})
        self._canonical = None

    # ------------------------------------------------------------ construction

    @classmethod
    def from_docs(cls, docs: Iterable[Any], *, errors: Iterable[dict] | None = None,
                  regions: Mapping[str, str] | None = None) -> Corpus:
        """From ``PolicyDoc`` objects or their ``to_dict()`` dicts (a PolicyDoc's text is kept)."""
        from .tables import frames

        dicts: dict[str, dict] = {}
        errors = list(errors or [])
        for doc in docs:
            d = doc if isinstance(doc, Mapping) else _with_text(doc)
            if d["doc_id"] in dicts:  # doc_id keys every table: the first stays, the other is reported
                path = (d.get("source") or {}).get("path")
                errors.append({"path": path, "kind": "duplicate_doc_id",
                               "message": f"doc_id {d['doc_id']!r} is already taken by "
                                          f"{(dicts[d['doc_id']].get('source') or {}).get('path')}"})
                continue
            dicts[d["doc_id"]] = _copy(d)
        return cls(frames(dicts.values()), dicts, errors, regions)

    def subset(self, doc_ids: Iterable[str]) -> Corpus:
        """The corpus of these documents only, in the order given (unknown ids are a KeyError)."""
        keep = list(dict.fromkeys(doc_ids))
        missing = [d for d in keep if d not in set(self.doc_ids)]
        if missing:
            raise KeyError(f"not in the corpus: {missing}")
        tables = {}
        for name, df in self.tables.items():
            part = df[df["doc_id"].isin(keep)]
            order = part["doc_id"].map({d: i for i, d in enumerate(keep)})
            tables[name] = part.iloc[order.argsort(kind="stable")].reset_index(drop=True)
        docs = {d: self.docs[d] for d in keep if d in self.docs}
        regions = {d: r for d, r in self.regions.items() if d in set(keep)}
        return type(self)(tables, docs, [], regions)

    @classmethod
    def from_tables(cls, tables: Mapping[str, Any], docs: Iterable[Any] = (), *,
                    errors: Iterable[dict] | None = None, regions: Mapping[str, str] | None = None) -> Corpus:
        """From ready tables (e.g. read from Parquet), with their columns and dtypes checked."""
        pd = require("pandas", "research")

        fixed = {}
        for name in TABLES:
            df = tables.get(name)
            cols = COLUMNS[name]
            if df is None:
                df = pd.DataFrame(columns=list(cols))
            absent = [c for c in cols if c not in df.columns]
            for c in absent:
                df[c] = None
            fixed[name] = df[[*cols, *[c for c in df.columns if c not in cols]]].astype(cols)
        dicts = {d["doc_id"]: _copy(d) for d in (x if isinstance(x, Mapping) else _with_text(x) for x in docs)}
        return cls(fixed, dicts, errors, regions)

    # ------------------------------------------------------------ tables

    documents = _table("documents")
    sections = _table("sections")
    tasks = _table("tasks")
    units = _table("units")
    targets = _table("targets")
    amounts = _table("amounts")
    times = _table("times")
    references = _table("references")
    boxes = _table("boxes")

    @property
    def doc_ids(self) -> list[str]:
        return self.documents["doc_id"].tolist()

    def __len__(self) -> int:
        return len(self.documents)

    def __repr__(self) -> str:
        counts = ", ".join(f"{name} {len(self.tables[name])}" for name in TABLES[1:])
        extra = f", {len(self.errors)} errors" if self.errors else ""
        return f"<Corpus {len(self)} documents: {counts}{extra}>"

    def text(self, doc_id: str) -> str:
        """The source text of a document, when the corpus was parsed from its file."""
        doc = self.docs.get(doc_id)
        if doc is None:
            raise KeyError(f"no document {doc_id!r} in the corpus")
        if doc.get("text") is None:
            why = getattr(doc, "text_note", None) or "its output leaves the text out"
            raise ValueError(f"document {doc_id!r} has no source text: {why}")
        return doc["text"]

    # ------------------------------------------------------------ research

    def canonical_units(self):
        """The units table with canonical, unit_level, unit_kind, jurisdiction, collective, mapped."""
        if self._canonical is None:
            self._canonical = canonical_units(self.units, self.documents, self.regions)
        return self._canonical

    def unmapped_units(self):
        """Unit names no data row matched, with mention and document counts."""
        return unmapped_units(self.canonical_units())

    def unit_workload(self, **options):
        """Tasks led, co-led and responsible per canonical unit (see ``unit_workload``)."""
        return unit_workload(self, **options)

    def citation_graph(self):
        """One row per reference, resolved to a document of the corpus where possible."""
        return citation_graph(self)


class OutputDoc(dict):
    """A document read back from batch output: the dict of its JSON, which gets its source text back
    when asked for it (``doc["text"]``, ``doc.get("text")``) the way ``policytext view`` does: the
    output's own text, ``NAME.source.txt`` beside it, the path the batch manifest recorded, then
    ``source.path``, each accepted only if its sha256 is the one the output recorded."""

    def __init__(self, data: Mapping, output: str | os.PathLike | None = None,
                 manifest: Mapping[str, dict] | None = None):
        super().__init__(data)
        self.output = None if output is None else Path(output)
        self.manifest = manifest
        self.text_note: str | None = None  # why the text could not be had, once asked

    def __missing__(self, key: str):
        if key != "text":
            raise KeyError(key)
        from ..view.sources import recover

        got = recover(dict(self), self.output, dict(self.manifest or {}))
        if got.text is None:
            self.text_note = got.note
            raise KeyError(f"text: {got.note}")
        self["text"] = got.text
        return got.text

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default


def _copy(d: Mapping) -> dict:
    # An OutputDoc keeps its class (and so its way back to the text); any other mapping becomes a dict.
    return copy.copy(d) if isinstance(d, OutputDoc) else dict(d)


def _with_text(doc: Any) -> dict:
    d = doc.to_dict()
    if getattr(doc, "text", None):
        d["text"] = doc.text
    return d


# ---------------------------------------------------------------- loading


def _jsonl_records(path: Path):
    """(line number, parsed value or the JSONDecodeError) of every non-blank line of a JSONL file."""
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield lineno, json.loads(line)
        except json.JSONDecodeError as exc:
            yield lineno, exc


def read_regions(path: str | os.PathLike) -> dict[str, str]:
    """{doc_id: region} from a JSONL manifest whose lines have ``id`` and ``region``."""
    from ..errors import InputError

    out = {}
    try:
        records = list(_jsonl_records(Path(path)))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), "unreadable", str(exc)) from None
    for lineno, rec in records:
        if isinstance(rec, json.JSONDecodeError):
            raise InputError(str(path), "bad_json", f"line {lineno}: {rec.msg}") from None
        if isinstance(rec, dict) and rec.get("id") and rec.get("region"):
            out[str(rec["id"])] = str(rec["region"])
    return out


def load(source: str | os.PathLike | Iterable[str | os.PathLike], *, jobs: int = 1, kind: str = "auto",
         regions: Mapping[str, str] | str | os.PathLike | None = None) -> Corpus:
    """Load a corpus from a folder or a list of files.

    ``kind`` is ``auto`` (see the module docstring), ``documents`` (parse every supported file
    below the folder), ``json`` (``NAME.json`` files from ``policytext batch``), ``jsonl`` (a
    ``documents.jsonl``) or ``parquet`` (``<table>.parquet`` files). A list of paths may mix
    document files, ``.json`` and ``.jsonl`` files. ``jobs`` > 1 parses in that many processes.
    ``regions`` is a mapping {doc_id: region} or a JSONL manifest with ``id`` and ``region``.
    """
    from ..errors import InputError

    if kind not in _SOURCES:
        raise ValueError(f"kind must be one of {_SOURCES}, got {kind!r}")
    if regions is not None and not isinstance(regions, Mapping):
        regions = read_regions(regions)
    if isinstance(source, (str, os.PathLike)):
        root = Path(source)
        if not root.exists():
            raise InputError(str(source), "not_found", "no such file or folder")
        if root.is_dir():
            return _load_folder(str(source), kind, jobs, regions)
        paths = [str(source)]
    else:
        paths = [os.fspath(p) for p in source]
    return _load_paths(paths, jobs, regions)


def _detect(root: str) -> str:
    from ..batch import find_inputs

    base = Path(root)
    if (base / "documents.parquet").is_file():
        return "parquet"
    if (base / "documents.jsonl").is_file():
        return "jsonl"
    from ..batch.resume import MANIFEST_NAME

    # A batch output folder may hold an HTML report (policytext report): its pages are not inputs.
    if (base / MANIFEST_NAME).is_file():
        return "json"
    if find_inputs(root)[0]:
        return "documents"
    return "json"


def _load_folder(root: str, kind: str, jobs: int, regions) -> Corpus:
    from ..batch import find_inputs

    kind = _detect(root) if kind == "auto" else kind
    base = Path(root)
    errors = _batch_errors(base)
    if kind == "parquet":
        return _load_parquet(base, errors, regions)
    if kind == "jsonl":
        docs, more = _read_jsonl(base / "documents.jsonl", _manifest(base))
        return Corpus.from_docs(docs, errors=errors + more, regions=regions)
    if kind == "documents":
        from ..batch import output_names

        inputs = find_inputs(root)[0]
        # The batch's output names: the file stem, or the relative path where stems collide.
        names = output_names(inputs, root)
        return _load_paths(inputs, jobs, regions, {p: names[p].removesuffix(".json") for p in inputs})
    # Hidden folders hold a batch run's working parts, not its output.
    paths = sorted(str(p) for p in base.rglob("*.json")
                   if not any(part.startswith(".") for part in p.relative_to(base).parts))
    docs, more = _read_json_files(paths, _manifest(base))
    return Corpus.from_docs(docs, errors=errors + more, regions=regions)


def _manifest(base: Path) -> dict[str, dict]:
    """The batch manifest of an output folder (where each source was), or nothing."""
    from ..batch.resume import MANIFEST_NAME, read_manifest

    path = base / MANIFEST_NAME
    return read_manifest(path) if path.is_file() else {}


def _batch_errors(base: Path) -> list[dict]:
    """The failures a batch run recorded beside its output."""
    path = base / "errors.jsonl"
    if not path.is_file():
        return []
    _, errors = _read_jsonl(path)
    return errors


def _load_paths(paths: list[str], jobs: int, regions, doc_ids: Mapping[str, str] | None = None) -> Corpus:
    from ..batch import SUPPORTED

    docs: list[dict] = []
    errors: list[dict] = []
    to_parse = []
    for p in paths:
        ext = os.path.splitext(p)[1].lower()
        if ext == ".json":
            got, bad = _read_json_files([p])
        elif ext == ".jsonl":
            got, bad = _read_jsonl(Path(p))
        elif ext in SUPPORTED:
            to_parse.append(p)
            continue
        else:
            got, bad = [], [{"path": p, "kind": "unsupported", "message": f"{ext or 'no extension'} is not "
                             f"a document ({', '.join(SUPPORTED)}) or policytext JSON"}]
        docs.extend(got)
        errors.extend(bad)
    for result in _parse_all([(p, (doc_ids or {}).get(p)) for p in to_parse], jobs):
        (docs if "doc_id" in result else errors).append(result)
    return Corpus.from_docs(docs, errors=errors, regions=regions)


def _parse_one(job: tuple[str, str | None]) -> dict:
    """A parsed document's dict with its text, or the batch error record for the path."""
    from ..batch import error_record
    from ..pipeline import parse_file

    path, doc_id = job
    try:
        return _with_text(parse_file(path, doc_id=doc_id))
    except Exception as exc:  # noqa: BLE001 - every input ends as a document or an error record
        return error_record(path, exc)


def _parse_all(jobs_in: list[tuple[str, str | None]], jobs: int) -> list[dict]:
    if jobs <= 1 or len(jobs_in) < 2:
        return [_parse_one(j) for j in jobs_in]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(jobs, len(jobs_in))) as pool:
        return list(pool.map(_parse_one, jobs_in, chunksize=max(1, len(jobs_in) // (4 * jobs))))


def _is_doc(rec: Any) -> bool:
    return isinstance(rec, dict) and isinstance(rec.get("doc_id"), str) and "schema_version" in rec


def _read_json_files(paths: list[str], manifest: Mapping[str, dict] | None = None
                     ) -> tuple[list[dict], list[dict]]:
    docs, errors = [], []
    for p in paths:
        try:
            rec = json.loads(Path(p).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            errors.append({"path": p, "kind": "bad_json", "message": str(exc)})
            continue
        if _is_doc(rec):
            docs.append(OutputDoc(rec, p, manifest))
        else:
            errors.append({"path": p, "kind": "not_policytext",
                           "message": "not a policytext document (no doc_id and schema_version)"})
    return docs, errors


def _read_jsonl(path: Path, manifest: Mapping[str, dict] | None = None) -> tuple[list[dict], list[dict]]:
    """Documents and error records from a JSONL file (batch output holds both kinds)."""
    docs, errors = [], []
    try:
        records = list(_jsonl_records(path))
    except (OSError, UnicodeDecodeError) as exc:
        return [], [{"path": str(path), "kind": "unreadable", "message": str(exc)}]
    for lineno, rec in records:
        if isinstance(rec, json.JSONDecodeError):
            errors.append({"path": f"{path}:{lineno}", "kind": "bad_json", "message": rec.msg})
            continue
        if _is_doc(rec):
            docs.append(OutputDoc(rec, None, manifest))
        elif isinstance(rec, dict) and {"path", "kind", "message"} <= rec.keys():
            errors.append(rec)
        else:
            errors.append({"path": f"{path}:{lineno}", "kind": "not_policytext",
                           "message": "not a policytext document or error record"})
    return docs, errors


def _load_parquet(base: Path, errors: list[dict], regions) -> Corpus:
    pd = require("pandas", "research")

    tables = {name: pd.read_parquet(base / f"{name}.parquet")
              for name in TABLES if (base / f"{name}.parquet").is_file()}
    docs: list[dict] = []
    if (base / "documents.jsonl").is_file():
        docs, more = _read_jsonl(base / "documents.jsonl", _manifest(base))
        errors = errors + more
    return Corpus.from_tables(tables, docs, errors=errors, regions=regions)
