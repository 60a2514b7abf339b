"""Stage: the policy-instrument code of every task (../shared/eval/INSTRUMENTS.md).

The trained model answers when a trusted one is installed; otherwise the lexicon does, and a
refused model file is reported in the document's warnings rather than silently ignored.
"""
from __future__ import annotations

from ..doc import PolicyDoc
from ..instruments import code_doc, coder_for


def run(doc: PolicyDoc) -> None:
    """Code each task with its policy instrument (``task.instrument``), using the model the document asks
    for (``doc.instruments_model``) or the shipped one.

    A model file that fails its checks falls back to the lexicon and says so in ``doc.warnings``:
    the codes still come out, and the reader learns they are the lexicon's.
    """
    if not doc.tasks:
        return
    using = coder_for(doc.instruments_model)
    refused = getattr(using, "refused", None)
    if refused:
        doc.warnings.append(f"instrument model not loaded, tasks coded by the lexicon: {refused}")
    code_doc(doc, using)
