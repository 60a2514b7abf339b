"""The evidence of a task's instrument: the span of source text that decided its primary code.

A mechanism clause of that code in the task (给予…补助 for S2, 开展…试点 for D3) is the evidence;
without one, the strongest lexicon word of the code. Matching runs on the normalised task text and
maps back to source offsets, so ``doc.src_text(task.instrument.evidence)`` shows the words.
"""
from __future__ import annotations

import re

from ..doc import PolicyDoc, Span, Task
from .features import TaskText, fold, normalise, source_offsets, squeeze
from .lexicon import load_lexicon
from .mechanisms import load_mechanisms

#: Where a phrase ends in normalised text (NFKC turns ，；。：！？ into ,;。:!?).
_PHRASE_END = re.compile(r"[,;。:!?\n]")


def evidence_span(doc: PolicyDoc, task: Task, code: str | None, using=None,
                  text: TaskText | None = None, source_forms: tuple[str, str] | None = None) -> Span | None:
    """The source span that decided ``code`` for ``task``: a mechanism clause of that code, else the
    strongest lexicon word, searched in the task's body before its title and run on to the end of
    the phrase. None when ``code`` is None or nothing of it is in the task.

    ``using`` is the coder whose lexicon and mechanisms decided, so a researcher's model finds its own
    evidence; ``text``, the task's ``task_text`` when the caller has it, saves normalising the title again,
    and ``source_forms``, ``fold`` and ``normalise`` of the task's source span (``features.source_forms``
    makes them from the task text's), normalising the source.
    """
    if not code:
        return None
    start, end = task.span
    source = doc.text[start:end]
    if source_forms is not None:
        folded, norm = source_forms
    else:
        folded = fold(source)
        norm = squeeze(folded)
    mechanisms = getattr(using, "mechanisms", None) or load_mechanisms()
    lexicon = getattr(using, "lexicon", None) or load_lexicon()
    # The body says what the government does; the title, which often names only the topic, is the
    # evidence only when the body has nothing for the code.
    title = text.title if text is not None else normalise(task.title)
    at = norm.find(title) if title else -1
    body_start = at + len(title) if at >= 0 else 0
    hit = mechanisms.evidence_after(norm, body_start, code) or lexicon.evidence_after(norm, body_start, code)
    if hit is None:
        return None
    a, b = hit
    # The match ends at the first object word (给予…50万元); the rest of the phrase up to the next
    # comma or stop says what the act is (…补助), so the evidence runs on to there.
    stop = _PHRASE_END.search(norm, b)
    b = stop.start() if stop else len(norm)
    first, last = source_offsets(source, (a, b - 1), folded, norm)
    return (start + first, start + last + 1)
