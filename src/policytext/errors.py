"""Errors with stable codes, so batch error records can be filtered by kind."""
from __future__ import annotations


class PolicyTextError(Exception):
    """Base of every error policytext raises on purpose."""

    kind = "error"


class InputError(PolicyTextError):
    """A file that cannot be read as a policy document.

    ``kind`` names the problem for error records: ``empty``, ``binary``,
    ``undecodable``, ``too_large``, ``unsupported``, ``not_found``,
    ``corrupt``, ``encrypted``, ``needs_ocr``, ``timeout``.
    """

    def __init__(self, path: str | None, kind: str, message: str):
        self.path = path
        self.kind = kind
        self.message = message
        where = f"{path}: " if path else ""
        super().__init__(f"{where}{message}")


class RuleDataError(PolicyTextError):
    """A bundled data file (lexicon, rules) is malformed: names file and line."""

    kind = "rule_data"
