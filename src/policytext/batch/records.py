"""The small facts the runner and its workers share: what an error record says, and whether a
path lies inside the input folder. A module of its own, so a worker never imports the runner."""
from __future__ import annotations

import os

from ..errors import PolicyTextError, printable


def within(path: str, root: str) -> bool:
    """True if the real path ``path`` is ``root`` or below it (both already resolved)."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)



def error_record(path: str, exc: BaseException) -> dict:
    """The error record of an input that gave no output: its path, the kind of failure and a
    message a person can act on."""
    if isinstance(exc, PolicyTextError):
        kind = getattr(exc, "kind", "error")
        message = getattr(exc, "message", str(exc))
    elif isinstance(exc, TimeoutError):
        kind, message = "timeout", "a rule ran past its time limit on this input"
    else:  # a bug in policytext: keep the batch going and say so
        kind, message = "internal", f"{type(exc).__name__}: {exc}"
    return {"path": printable(path), "kind": kind, "message": message}
