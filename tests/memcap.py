"""Run a test's hostile call in a child process whose memory is capped.

An amplifier that regresses (a 10 kB file growing to gigabytes) then fails with MemoryError or a
dead child instead of taking a shared machine down. The cap is on address space (RLIMIT_AS),
counted on top of what the forked child already maps, so large libraries loaded by the test run
do not eat into it.
"""
from __future__ import annotations

import resource
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context

#: Extra address space a capped call may map.
EXTRA = 1024 * 1024 * 1024


def _mapped() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _cap(extra: int) -> None:
    limit = _mapped() + extra
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


class CapExceeded(AssertionError):
    """The call needed more memory than the cap allowed: a regression of an amplifier guard."""


def capped(fn, *args, extra: int = EXTRA, timeout: float = 300.0, **kwargs):
    """fn(*args, **kwargs) in a forked child with at most ``extra`` more bytes of address space.

    Returns fn's result or re-raises its exception; a child that dies or runs out of memory
    raises CapExceeded.
    """
    with ProcessPoolExecutor(1, mp_context=get_context("fork"), initializer=_cap, initargs=(extra,)) as pool:
        try:
            return pool.submit(fn, *args, **kwargs).result(timeout=timeout)
        except MemoryError as exc:
            raise CapExceeded(f"{getattr(fn, '__name__', fn)} needed more than {extra:,} bytes") from exc
        except BrokenProcessPool as exc:
            raise CapExceeded(f"{getattr(fn, '__name__', fn)} killed its capped child") from exc
