"""The parse pipeline: read, normalise, then run the named stages in order.

Each stage is a function ``run(doc) -> None`` that adds to the one
``PolicyDoc``. Stages declare what they need and what they fill, and the
order is checked once, so a reordering that breaks a dependency fails
loudly instead of producing empty fields.
"""
from __future__ import annotations

import hashlib
import importlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import regex

from .doc import PolicyDoc, Source
from .errors import InputError, InternalError, PolicyTextError, printable
from .reading import MAX_INPUT_BYTES, decode_text, limits, read_bytes, sniff_format
from .reading.normalize import TextView


@dataclass(frozen=True)
class Stage:
    """One step of the pipeline: its ``run`` lives in ``policytext.stages.<module>``; ``requires`` and
    ``assigns`` name the document fields it reads and fills, so the order can be checked.
    """
    name: str
    module: str  # policytext.stages.<module> with a run(doc) function
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()

    def load(self) -> Callable[[PolicyDoc], None]:
        """The stage's ``run(doc)`` function, imported on first use."""
        return importlib.import_module(f"policytext.stages.{self.module}").run


STAGES: tuple[Stage, ...] = (
    Stage("header", "header", assigns=("meta", "meta_spans", "parts")),
    Stage("sections", "sections", requires=("parts",), assigns=("sections", "boxes")),
    Stage("references", "references", requires=("meta",), assigns=("references",)),
    Stage("tasks", "tasks", requires=("sections",), assigns=("tasks",)),
    Stage("quantities", "quantities", requires=("meta", "sections", "tasks"),
          assigns=("times", "targets", "amounts")),
    Stage("instruments", "instruments", requires=("sections", "tasks"), assigns=("instruments",)),
)


def _check_order(stages: tuple[Stage, ...]) -> None:
    """Raise RuntimeError if a stage requires a field no earlier stage assigns."""
    seen: set[str] = set()
    for st in stages:
        missing = [r for r in st.requires if r not in seen]
        if missing:
            raise RuntimeError(f"stage {st.name!r} requires {missing} from an earlier stage")
        seen.update(st.assigns)


_check_order(STAGES)
_loaded: list[tuple[str, Callable[[PolicyDoc], None]]] | None = None


def _stages() -> list[tuple[str, Callable[[PolicyDoc], None]]]:
    """``(name, run)`` of every stage, imported once, on the first parse rather than at import time."""
    global _loaded
    if _loaded is None:
        _loaded = [(st.name, st.load()) for st in STAGES]
    return _loaded


@contextmanager
def guarded(path: str | None) -> Iterator[None]:
    """Let only PolicyTextError out: a rule's time limit becomes a ``timeout`` InputError, deep nesting
    or exhausted memory ``too_large``, anything else an InternalError (a bug, with its cause chained)."""
    try:
        yield
    except PolicyTextError:
        raise
    except TimeoutError:  # the regex module's own time limit, or a stage's
        raise InputError(path, "timeout", "a rule ran past its time limit on this input") from None
    except (RecursionError, MemoryError) as exc:
        raise InputError(path, "too_large",
                         f"the input is too deeply nested or too large ({type(exc).__name__})") from exc
    except Exception as exc:  # noqa: BLE001 - only PolicyTextError may leave the library
        raise InternalError(path, exc) from exc


# A str may carry halves of surrogate pairs (from surrogateescape or a broken decoder); they cannot be written.
_LONE_SURROGATE = regex.compile(r"[\ud800-\udfff]")


def _without_surrogates(text: str, warnings: list[str]) -> str:
    """U+FFFD for each lone surrogate: one character for one, so every span still fits the text given."""
    n = len(_LONE_SURROGATE.findall(text))
    if not n:
        return text
    warnings.append(f"replaced {n} lone surrogate code point(s) with U+FFFD (the text was not valid Unicode)")
    return _LONE_SURROGATE.sub("\ufffd", text)


# Counted by deleting what is not counted: findall would build a list of every character.
_NOT_HAN = regex.compile(r"[^\p{Han}]+")
_NOT_LETTER = regex.compile(r"\P{L}+")
#: Below this share of Han among the letters a text is not a Chinese document: every field comes back
#: empty, and the warning says why instead of a silent success. Chinese policy texts carry well over 80%.
MIN_HAN_SHARE = 0.3


#: The language is judged on the opening characters: a document does not change language halfway.
LANGUAGE_SAMPLE = 5_000


def _language_warning(text: str, warnings: list[str]) -> None:
    sample = text[:LANGUAGE_SAMPLE]
    letters = len(_NOT_LETTER.sub("", sample))
    if not letters:
        return
    han = len(_NOT_HAN.sub("", sample))
    if han / letters < MIN_HAN_SHARE:
        warnings.append(f"the text is not Chinese ({han} of {letters} letters are Chinese characters); "
                        "policytext reads Chinese policy documents, so the fields will be mostly empty")


#: What a file's extension promises, for the warning when its content is something else.
_PROMISED = {".docx": "docx", ".pdf": "pdf"}


_NAMES = {"txt": "plain text", "html": "HTML", "docx": "DOCX", "pdf": "PDF"}


def _format_warnings(path: str | None, fmt: str) -> list[str]:
    ext = os.path.splitext(path or "")[1].lower()
    want = _PROMISED.get(ext)
    if not want or fmt == want:
        return []
    got = _NAMES.get(fmt, fmt)
    return [f"the file is named {ext} but holds {got}, not {_NAMES[want]}; it was read as {got}"]


def parse(
    text: str,
    doc_id: str = "doc",
    *,
    path: str | None = None,
    fmt: str = "txt",
    encoding: str | None = None,
    page_meta: dict | None = None,
    instruments_model: str | os.PathLike | None = None,
) -> PolicyDoc:
    """Parse a policy document given as text. ``instruments_model``: a folder written by
    ``policytext train instruments --out`` to code the tasks with (default: the package's model).

    Raises only PolicyTextError: a rule that runs out of time is an InputError of kind
    ``timeout``, and any other failure an InternalError (a bug, reported with its cause).

    >>> doc = parse("关于加强安全生产的通知\\n各区政府：\\n一、压实责任。\\n")
    >>> doc.meta_spans["title"], doc.src_text(doc.meta_spans["title"])
    ((0, 11), '关于加强安全生产的通知')
    """
    if not isinstance(text, str):
        raise InputError(path, "unsupported", f"parse() takes str, not {type(text).__name__}")
    if len(text) > limits.MAX_CHARS:
        raise InputError(path, "too_large", f"text has {len(text):,} characters; the limit is {limits.MAX_CHARS:,}")
    path = None if path is None else printable(path)
    doc_id = printable(str(doc_id))
    page_meta = dict(page_meta or {})
    warnings = [str(w) for w in page_meta.pop("warnings", None) or []]
    text = _without_surrogates(text, warnings)
    _language_warning(text, warnings)
    with guarded(path):
        source = Source(
            path=path,
            format=fmt,
            encoding=encoding,
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            chars=len(text),
        )
        doc = PolicyDoc(doc_id=doc_id, source=source, text=text, view=TextView(text), page_meta=page_meta,
                        instruments_model=None if instruments_model is None else os.fspath(instruments_model))
        doc.warnings.extend(warnings)
        for _name, run in _stages():
            run(doc)
    return doc


def parse_bytes(data: bytes, path: str | None = None, doc_id: str | None = None, *,
                instruments_model: str | os.PathLike | None = None) -> PolicyDoc:
    """Parse the bytes of a document file; the format is detected from the content, not the name.

    ``path`` only names the file in errors and ``source.path``; ``doc_id`` defaults to its stem.

    >>> doc = parse_bytes("关于加强安全生产的通知\\n".encode("gb18030"), "notes/a.txt")
    >>> doc.doc_id, doc.source.format, doc.source.encoding
    ('a', 'txt', 'gb18030')
    """
    if doc_id is None:
        doc_id = Path(path).stem if path else "doc"
    if not isinstance(data, bytes | bytearray | memoryview):
        raise InputError(path, "unsupported", f"parse_bytes() takes bytes, not {type(data).__name__}")
    data = bytes(data)
    page_meta: dict = {}
    with guarded(path):
        fmt = sniff_format(data)
        if fmt == "txt":
            text, encoding = decode_text(data, path)
        else:
            from .reading.formats import extract  # lazy: HTML/DOCX/PDF readers pull in heavy libraries

            extracted = extract(data, fmt, path)
            text, encoding, fmt, page_meta = (
                extracted.text, extracted.encoding, extracted.format, extracted.meta)
    mismatch = _format_warnings(path, fmt)
    if mismatch:
        page_meta["warnings"] = [*(page_meta.get("warnings") or []), *mismatch]
    return parse(text, doc_id, path=path, fmt=fmt, encoding=encoding, page_meta=page_meta,
                 instruments_model=instruments_model)


def parse_file(
    path: str | os.PathLike, doc_id: str | None = None, max_bytes: int = MAX_INPUT_BYTES, *,
    instruments_model: str | os.PathLike | None = None,
) -> PolicyDoc:
    """Parse a document file. ``source.path`` is the path as given."""
    try:
        name = os.fspath(path)
    except TypeError:
        raise InputError(None, "not_found", f"not a file path: {type(path).__name__}") from None
    return parse_bytes(read_bytes(name, max_bytes), path=name, doc_id=doc_id, instruments_model=instruments_model)
