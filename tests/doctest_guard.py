"""Doctest collection over src/policytext (pyproject: testpaths and ``--doctest-modules``).

A plugin, registered by tests/conftest.py, rather than a conftest.py beside src: a second
module named ``conftest`` would shadow the one the tests import their fixtures from.

Two kinds of module cannot run their examples everywhere, and both should say so rather than
fail collection or vanish silently:

- modules that import an optional extra at top level (spaCy, Spark, pandas...) on an install
  without that extra: their doctests are reported as skipped, naming the missing package;
- module docstrings whose ``>>>`` lines illustrate a session that needs outside things (a
  folder of documents, a SparkSession): listed in ``ILLUSTRATIVE`` with the reason. Marking
  those lines ``# doctest: +SKIP`` in the module itself makes its entry here unnecessary.
"""
from __future__ import annotations

import importlib
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

# Doctest item name (the module's dotted name for its module docstring) -> why it cannot run.
ILLUSTRATIVE = {
    "policytext.research.corpus": "illustrates loading folders docs/ and out/ that the test run does not have",
    "policytext.integrations.spark": "illustrates a session that needs a SparkSession named `spark`",
}


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

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            reason = ILLUSTRATIVE.get(item.name) if type(item).__name__ == "DoctestItem" else None
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))
