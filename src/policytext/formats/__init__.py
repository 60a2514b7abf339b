"""Readers for converted formats (HTML, DOCX, PDF)."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import InputError


@dataclass
class Extracted:
    text: str
    format: str
    encoding: str | None = None
    meta: dict = field(default_factory=dict)


def extract(data: bytes, fmt: str, path: str | None) -> Extracted:
    raise InputError(path, "unsupported", f"format {fmt!r} is not supported yet")
