"""The evidence of a task's instrument: the span of source text that decided its primary code.

A mechanism clause of that code in the task (给予…补助 for S2, 开展…试点 for D3) is the evidence;
without one, the strongest lexicon word of the code. Matching runs on the normalised task text and
maps back to source offsets, so ``doc.src_text(task.instrument.evidence)`` shows the words.
"""
from __future__ import annotations

from ..doc import PolicyDoc, Span, Task
from .features import normalise_map
from .lexicon import load_lexicon
from .mechanisms import load_mechanisms


def evidence_span(doc: PolicyDoc, task: Task, code: str | None, using=None) -> Span | None:
    if not code:
        return None
    start, end = task.span
    norm, where = normalise_map(doc.text[start:end])
    mechanisms = getattr(using, "mechanisms", None) or load_mechanisms()
    hit = mechanisms.evidence(norm, code)
    if hit is None:
        hit = (getattr(using, "lexicon", None) or load_lexicon()).evidence(norm, code)
    if hit is None:
        return None
    a, b = hit
    return (start + where[a], start + where[b - 1] + 1)
