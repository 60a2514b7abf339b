"""Policy-instrument coding of tasks (../shared/eval/INSTRUMENTS.md): each task gets a primary code,
secondary codes and scores, from the trained model when a trusted one is installed, else from the
lexicon.

    >>> from policytext.instruments import code_texts
    >>> code_texts([("加强组织领导", "加强组织领导。建立联席会议制度。", ["保障措施"])])[0].primary
    'E5'

Nothing is loaded until the first task is coded.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from ..doc import Instrument, PolicyDoc
from .codes import CODES, INSTRUMENTS, TYPES, type_of
from .features import TaskText, section_path, task_text

__all__ = [
    "CODES", "INSTRUMENTS", "TYPES", "code_doc", "code_texts", "coder", "instrument_profile",
    "load_coder", "type_of",
]


def load_coder(model_dir: str | Path | None = None):
    """The model in model_dir (default: the package's), or the lexicon coder when there is no model
    or it is refused; a refused model's reason is kept in ``coder.refused``."""
    from .lexicon import LexiconCoder
    from .model import ModelDataError, load_model, package_model_dir

    try:
        return load_model(package_model_dir() if model_dir is None else model_dir)
    except FileNotFoundError:
        return LexiconCoder()
    except ModelDataError as exc:
        return LexiconCoder(refused=str(exc))


@cache
def coder():
    """The package's coder, loaded once."""
    return load_coder()


def code_texts(tasks: Iterable[tuple[str, str, Sequence[str]]], using=None) -> list[Instrument]:
    """Codes of (title, text, enclosing section titles) triples."""
    texts = [task_text(title, text, path) for title, text, path in tasks]
    return (using or coder()).code(texts)


def code_doc(doc: PolicyDoc, using=None) -> None:
    """Set ``instrument`` on every task of a parsed document."""
    by_id = {s.id: s for s in doc.sections}
    texts: list[TaskText] = [task_text(t.title, t.text, section_path(doc, t, by_id)) for t in doc.tasks]
    for task, instrument in zip(doc.tasks, (using or coder()).code(texts), strict=True):
        task.instrument = instrument


def instrument_profile(docs_or_tasks, **kwargs):
    """Document × code counts and shares; see ``policytext.instruments.profile``."""
    from .profile import instrument_profile as profile

    return profile(docs_or_tasks, **kwargs)
