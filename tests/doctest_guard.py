"""Doctest collection over src/policytext (pyproject: testpaths and ``--doctest-modules``).

A plugin, registered by tests/conftest.py, rather than a conftest.py beside src: a second
module named ``conftest`` would shadow the one the tests import their fixtures from.

Modules that import an optional extra at top level (spaCy, Spark, pandas...) cannot run their
examples on an install without that extra: their doctests are reported as skipped, naming the
missing package, rather than failing collection or vanishing silently. (Sessions that need
outside things, a folder of documents or a SparkSession, are written as plain ``::`` blocks.)
"""
from __future__ import annotations

import importlib
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"



class _SkippedModule(pytest.File):
    """Stands in for a module whose import needs a missing optional package."""

    def __init__(self, *, reason: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.reason = reason

    def collect(self):
        pytest.skip(self.reason)


def _missing_extra(path: Path) -> str | None:
    """The third-party package a policytext module lacks to import; None if it imports, or fails
    for another reason (the doctest collector then reports that failure as it would anyway)."""
    dotted = ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")
    try:
        importlib.import_module(dotted)
    except ImportError as exc:  # ModuleNotFoundError, or policytext's MissingExtra (its .name is the package)
        # Only a missing outside package is an optional extra; a broken policytext import is a bug.
        if exc.name and exc.name.partition(".")[0] != "policytext":
            return exc.name.partition(".")[0]
    except Exception:  # noqa: BLE001 - left for the doctest collector to report
        pass
    return None


class DoctestGuard:
    """The hooks; registered as a plugin they see every path, not only those under tests/."""

    @pytest.hookimpl(wrapper=True)
    def pytest_collect_file(self, file_path: Path, parent: pytest.Collector):
        collectors = yield
        if file_path.suffix != ".py" or not file_path.is_relative_to(SRC) or not collectors:
            return collectors
        missing = _missing_extra(file_path)
        if missing is None:
            return collectors
        reason = f"doctests of {file_path.name} need the optional package {missing!r}, not installed"
        return [_SkippedModule.from_parent(parent, path=file_path, reason=reason)]
