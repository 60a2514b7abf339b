"""The research notebooks: committed without outputs, and each runs top to bottom on the real corpora
with charts whose Chinese labels draw (no missing-glyph warnings)."""
from __future__ import annotations

import copy
import re
import sys
from pathlib import Path

import pytest
from conftest import CORPORA

nbformat = pytest.importorskip("nbformat")

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
NAMES = ("01_walkthrough.ipynb", "02_work_reports.ipynb", "03_digital_government.ipynb")
# The walkthrough reads only the seed document kept in the repo; the others need the shared corpora.
NEEDS_CORPORA = {"02_work_reports.ipynb", "03_digital_government.ipynb"}


def _read(name: str):
    return nbformat.read(NOTEBOOKS / name, as_version=4)


def test_the_three_notebooks_are_there():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_has_no_outputs(name):
    nb = _read(name)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "a notebook without code"
    dirty = [i for i, c in enumerate(nb.cells)
             if c.cell_type == "code" and (c.outputs or c.execution_count is not None)]
    assert not dirty, f"{name}: cells {dirty} have outputs or an execution count; strip them before committing"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_uses_only_the_public_api(name):
    source = "\n".join(c.source for c in _read(name).cells if c.cell_type == "code")
    # Stage internals and private helpers are not what a researcher should copy.
    for private in ("policytext.stages", "policytext.reading.normalize", "policytext.research.sources"):
        assert private not in source, f"{name} uses {private}"
    assert not re.search(r"\._[a-z]", source), f"{name} uses a private name"
    assert "import policytext" in source or "from policytext" in source


def _kernel_python_is_ours() -> None:
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec("python3")
    # jupyter_client runs a spec whose argv starts with a bare "python" on sys.executable.
    if spec.argv[0] not in ("python", "python3", f"python{sys.version_info[0]}.{sys.version_info[1]}"):
        assert Path(spec.argv[0]).resolve() == Path(sys.executable).resolve(), (
            f"kernel python3 runs {spec.argv[0]}, not this environment's {sys.executable}; "
            "install ours with `python -m ipykernel install --sys-prefix`")


def _outputs(nb):
    for cell in nb.cells:
        if cell.cell_type == "code":
            yield from cell.outputs


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_top_to_bottom(name, monkeypatch):
    pytest.importorskip("nbclient")
    from nbclient import NotebookClient

    if name in NEEDS_CORPORA and not CORPORA.is_dir():
        pytest.skip(f"corpora not found at {CORPORA} (the repo is expected beside shared/)")
    _kernel_python_is_ours()
    path = NOTEBOOKS / name
    before = path.read_bytes()
    nb = copy.deepcopy(_read(name))  # executed in memory: outputs never reach the repo's file
    monkeypatch.setenv("POLICYTEXT_CORPORA", str(CORPORA))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()

    assert path.read_bytes() == before
    outputs = list(_outputs(nb))
    errors = [o for o in outputs if o.output_type == "error"]
    assert not errors, errors
    stderr = "".join(o.text for o in outputs if o.output_type == "stream" and o.name == "stderr")
    assert "missing from font" not in stderr, stderr
    assert "no CJK font" not in stderr, stderr
    images = [o for o in outputs if o.output_type in ("display_data", "execute_result") and "image/png" in o.data]
    assert images, f"{name} drew no chart"
    assert all(c.execution_count is not None for c in nb.cells if c.cell_type == "code")
