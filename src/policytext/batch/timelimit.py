"""A per-document time limit that interrupts Python code with SIGALRM.

It works wherever signals can be handled: the main thread of a process (a
batch worker, or the caller itself for an in-process batch). Elsewhere (other
threads, platforms without ``setitimer``) it does nothing, and ``enforced``
says so. The caller's SIGALRM handler and any timer it had running are put
back on exit, so using it from a library never leaks into the application.
Code stuck inside one long C call is only interrupted when that call returns;
the batch's worker watchdog covers that case by killing the worker.
"""
from __future__ import annotations

import signal
import threading
import time

from ..errors import InputError


class DocumentTimeout(InputError):
    """Parsing one input took longer than its time limit."""

    def __init__(self, path: str | None, seconds: float):
        """``path`` of the input and the limit in ``seconds`` it ran past, for the message."""
        super().__init__(path, "timeout", f"parsing took longer than the {seconds:g} s limit")


def can_limit() -> bool:
    """Whether a limit can be enforced here: SIGALRM timers exist and this is the main thread."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


class TimeLimit:
    """``with TimeLimit(2.0, path):`` raises DocumentTimeout in the body after 2 s.

    ``fired`` stays true after the alarm went off even when the body swallowed the
    exception, so the caller can refuse a result computed past its limit.
    """

    def __init__(self, seconds: float | None, path: str | None = None):
        """``seconds``: the limit (None or <= 0: no limit); ``path`` names the input in the error."""
        self.seconds = seconds if seconds and seconds > 0 else None
        self.path = path
        self.fired = False
        self._armed = False
        self._saved: tuple | None = None  # (previous handler, previous timer, start)

    @property
    def enforced(self) -> bool:
        """Whether a timer runs for this limit: inside the ``with`` block, when a limit was given and this
        thread can take signals; False means the body runs unlimited."""
        return self._saved is not None

    def error(self) -> DocumentTimeout:
        """The DocumentTimeout this limit raises, for a caller that detects the overrun itself."""
        return DocumentTimeout(self.path, self.seconds or 0.0)

    def __enter__(self) -> TimeLimit:
        if self.seconds is None or not can_limit():
            return self
        previous = signal.signal(signal.SIGALRM, self._on_alarm)
        self._saved = (previous, signal.setitimer(signal.ITIMER_REAL, self.seconds), time.monotonic())
        self._armed = True
        return self

    def __exit__(self, *exc_info) -> bool:
        self.restore()
        return False

    def _on_alarm(self, signum, frame) -> None:
        """The SIGALRM handler: raise DocumentTimeout in the interrupted code, once."""
        # Raise once only: a second raise could land inside the clean-up.
        if self._armed:
            self._armed = False
            self.fired = True
            raise self.error()

    def restore(self) -> None:
        """Disarm and give the caller its handler and timer back; safe to call twice."""
        self._armed = False
        if self._saved is None:
            return
        previous, (delay, interval), started = self._saved
        self._saved = None
        signal.setitimer(signal.ITIMER_REAL, 0)
        # None means the old handler was not installed from Python; the default is the closest we can give back.
        signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)
        if delay > 0:
            left = delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6), interval)
