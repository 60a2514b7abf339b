"""Getting back the source text a batch output's spans point into.

A batch output holds the spans but not the text. The text is read again from
the source file and accepted only if its sha256 equals the one the output
recorded (``source.sha256``, of the decoded or extracted text), so a view never
highlights the wrong characters. Where to look, in order: the output's own ``text``
field (``policytext batch --with-text``), a ``NAME.source.txt``
beside the output (``parse --emit-text`` writes one), the absolute path the batch
manifest recorded, then ``source.path`` as written (absolute, or relative to the
current folder).
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Recovered:
    """The source text of an output document, or None with the reason the page shows."""

    text: str | None
    note: str | None  # why the text is missing, for the page


def _sha(text: str) -> str:
    """sha256 of the text's UTF-8 bytes, as ``source.sha256`` records it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_text(path: str) -> str:
    """The text ``parse_file`` would give for this file: decoded, or extracted for HTML/DOCX/PDF."""
    from ..reading import decode_text, read_bytes, sniff_format

    data = read_bytes(path)
    fmt = sniff_format(data)
    if fmt == "txt":
        return decode_text(data, path)[0]
    from ..reading.formats import extract

    return extract(data, fmt, path).text


def recover(data: dict, output: Path | None = None, manifest: dict[str, dict] | None = None) -> Recovered:
    """The source text of one output document, or a note saying why it cannot be had."""
    src = data.get("source") or {}
    want = src.get("sha256")
    path = src.get("path")
    inline = data.get("text")  # batch --with-text keeps the text in the output itself
    if isinstance(inline, str) and _sha(inline) == want:
        return Recovered(inline, None)
    if output is not None:
        side = output.with_suffix(".source.txt")
        if side.is_file():
            text = side.read_text(encoding="utf-8")
            if _sha(text) == want:
                return Recovered(text, None)
    candidates: list[str] = []
    entry = (manifest or {}).get(path) if path else None
    if entry and entry.get("abspath"):
        candidates.append(entry["abspath"])
    if path:
        candidates.append(path)
    tried_changed = None
    for c in dict.fromkeys(candidates):
        if not os.path.isfile(c):
            continue
        try:
            text = read_text(c)
        except Exception as exc:  # noqa: BLE001 - the page says what went wrong instead
            return Recovered(None, f"the source {c} cannot be read any more ({exc})")
        if _sha(text) == want:
            return Recovered(text, None)
        tried_changed = c
    if tried_changed:
        return Recovered(None, f"the source {tried_changed} has changed since it was parsed (sha256 differs); "
                               "spans are not shown")
    if not path:
        return Recovered(None, "the output does not name its source file; spans are not shown")
    where = candidates[0]
    return Recovered(None, f"the source has moved: {where} is not there any more; spans are not shown")
