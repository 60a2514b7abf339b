"""The doctest collection over src/policytext on an install without an optional extra: the module
that needs it is skipped with a reason naming the package, and the others' examples still run."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_doctests_of_a_module_needing_a_missing_extra_skip_naming_the_package(tmp_path):
    # sys.modules[name] = None makes `import name` raise ModuleNotFoundError, as on a base install.
    (tmp_path / "without_spacy.py").write_text('import sys\nsys.modules["spacy"] = None\n', encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "without_spacy", "-p", "no:randomly", "-p", "no:cacheprovider",
         "-rs", "src/policytext/integrations/spacy_bridge.py", "src/policytext/textutil.py", "tests/doctest_guard.py"],
        cwd=REPO, env={**os.environ, "PYTHONPATH": str(tmp_path)}, capture_output=True, text=True,
        timeout=300)
    out = run.stdout + run.stderr
    assert run.returncode == 0, out
    assert "doctests of spacy_bridge.py need the optional package 'spacy', not installed" in out
    assert re.search(r"\b[1-9]\d* passed", out) and "failed" not in out, out  # textutil's examples ran
