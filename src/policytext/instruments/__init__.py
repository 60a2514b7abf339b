"""Policy-instrument coding of tasks (../shared/eval/INSTRUMENTS.md): each task gets a primary code,
secondary codes and scores, from the trained model when a trusted one is installed, else from the
lexicon.

    >>> from policytext.instruments import code_texts
    >>> code_texts([("加强组织领导", "加强组织领导。建立联席会议制度。", ["保障措施"])])[0].primary
    'E5'

Nothing is loaded until the first task is coded.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from ..doc import Instrument, PolicyDoc
from .codes import CODES, INSTRUMENTS, TYPES, type_of
from .features import TaskText, section_path, source_forms_many, task_forms_many, task_text  # noqa: F401 - importable here as before

__all__ = [
    "CODES", "INSTRUMENTS", "TYPES", "code_doc", "code_texts", "coder", "coder_for", "instrument_profile",
    "load_coder", "type_of",
]


def load_coder(model_dir: str | Path | None = None):
    """The model in model_dir (default: the package's), or the lexicon coder when there is no model
    or it cannot be loaded; the reason is kept in ``coder.refused`` (the parse names it in the
    document's warnings). A model_dir given explicitly that does not exist is an InputError."""
    from ..errors import InputError
    from .lexicon import LexiconCoder
    from .model import load_model, package_model_dir

    if model_dir is not None and not Path(model_dir).is_dir():
        raise InputError(str(model_dir), "not_found", "instrument model folder not found")
    try:
        return load_model(package_model_dir() if model_dir is None else model_dir)
    except FileNotFoundError:
        return LexiconCoder(refused=None if model_dir is None else f"{model_dir}: no model files")
    except Exception as exc:  # noqa: BLE001 - whatever breaks loading, coding falls back to the lexicon
        return LexiconCoder(refused=f"{type(exc).__name__}: {exc}"[:500])


@cache
def coder(model_dir: str | None = None):
    """The coder of model_dir (default: the package's), loaded once per folder and process."""
    return load_coder(model_dir)


def coder_for(model_dir: str | os.PathLike | None):
    """The cached coder for a folder given by a caller (None: the package's model)."""
    return coder(None if model_dir is None else os.path.abspath(os.fspath(model_dir)))


def code_texts(tasks: Iterable[tuple[str, str, Sequence[str]]], using=None) -> list[Instrument]:
    """Codes of (title, text, enclosing section titles) triples."""
    texts = [text for text, _folded, _norm in task_forms_many(list(tasks))]
    return (using or coder()).code(texts)


def code_doc(doc: PolicyDoc, using=None) -> None:
    """Set ``instrument`` on every task of a parsed document, with the evidence span of its code."""
    from .evidence import evidence_span

    using = using or coder()
    by_id = {s.id: s for s in doc.sections}
    forms = task_forms_many([(t.title, t.text, section_path(doc, t, by_id)) for t in doc.tasks])
    texts = [text for text, _folded, _norm in forms]
    instruments = using.code(texts)
    # the normalised source of each task, for its evidence: the marker joined to the forms just made
    sources = source_forms_many([(doc.text[slice(*t.span)], t.text, folded, norm)
                                 for t, (_text, folded, norm) in zip(doc.tasks, forms, strict=True)])
    for task, text, source, instrument in zip(doc.tasks, texts, sources, instruments, strict=True):
        guess = instrument.guess
        instrument.evidence = evidence_span(doc, task, guess, using, text, source)
        task.instrument = instrument


def instrument_profile(docs_or_tasks, **kwargs):
    """Document × code counts and shares; see ``policytext.instruments.profile``."""
    from .profile import instrument_profile as profile

    return profile(docs_or_tasks, **kwargs)
