"""Shared fixtures: the corpora folder beside the repo, the scorer's norm(), and a
header+sections-only parse that does not depend on the later (concurrently edited) stages."""
from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from policytext.doc import PolicyDoc, Source
from policytext.reading.normalize import TextView

# CI must not depend on luck: a fixed, derandomised run with no example database, so a
# clean clone always tries the same inputs. Local runs explore (and keep what they find in
# .hypothesis/); every failure found that way becomes an explicit @example in its test.
settings.register_profile("ci", derandomize=True, database=None, max_examples=100,
                          deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", max_examples=100, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
# make fuzz: explore each fuzz target (tests/test_fuzz.py) for FUZZ_EXAMPLES inputs.
settings.register_profile("fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "2000")), deadline=None,
                          suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE")
                      or ("ci" if os.environ.get("CI", "").lower() in ("1", "true", "yes") else "explore"))

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPORA = SHARED / "corpora"
DEV = CORPORA / "dev"
GOLD = DEV / "gold"
POOL = CORPORA / "pool"
SCORE_PY = SHARED / "eval" / "score.py"
GOLDEN = Path(__file__).resolve().parent / "golden"
REPO = Path(__file__).resolve().parents[1]
SHAOXING = REPO / "corpora" / "seed-shaoxing.txt"
# A document whose title and units carry markup: the HTML views must show it as text.
HOSTILE = """<script>alert(1)</script>关于印发《测试方案》的通知

各区政府：

一、重点任务
1. 推进数据共享。加快建设平台。（责任单位：<img src=x onerror=alert(2)>、市发改委）
2. 加强安全保障。到2025年，数据共享率达到95%以上。（牵头单位：市大数据局）

测试市人民政府
2023年1月5日
"""

needs_corpora = pytest.mark.skipif(
    not (DEV.is_dir() and GOLD.is_dir()),
    reason=f"corpora not found at {CORPORA} (the repo is expected beside shared/)",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", default=False,
        help="rewrite tests/golden/*.json from the current output instead of comparing",
    )


def pytest_configure(config: pytest.Config) -> None:
    # The doctests of src/policytext: skip, with the reason, what needs a missing extra.
    from doctest_guard import DoctestGuard

    config.pluginmanager.register(DoctestGuard(), "policytext-doctest-guard")


@pytest.fixture(scope="session")
def shared() -> Path:
    """The corpora folder (shared/corpora beside the repo); skips when absent."""
    if not CORPORA.is_dir():
        pytest.skip(f"corpora not found at {CORPORA} (the repo is expected beside shared/)")
    return CORPORA


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def dev_names() -> list[str]:
    """Stems of the dev documents that have a gold file (empty when the corpora are absent)."""
    if not GOLD.is_dir():
        return []
    return sorted(p.stem for p in GOLD.glob("*.json") if (DEV / f"{p.stem}.txt").is_file())


def pool_files() -> list[Path]:
    if not POOL.is_dir():
        return []
    return sorted(POOL.glob("*.txt"))


def load_gold(name: str) -> dict:
    return json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))


_score = None


def scorer():
    """The evaluation scorer module (shared/eval/score.py), imported by path."""
    global _score
    if _score is None:
        if not SCORE_PY.is_file():
            pytest.skip(f"scorer not found at {SCORE_PY}")
        spec = importlib.util.spec_from_file_location("policytext_eval_score", SCORE_PY)
        module = importlib.util.module_from_spec(spec)
        assert spec.loader is not None
        spec.loader.exec_module(module)
        _score = module
    return _score


def norm(s):
    return scorer().norm(s)


def front(text: str, doc_id: str = "t") -> PolicyDoc:
    """Run only the header and sections stages on text (the foundation under test)."""
    from policytext.stages import header, sections

    doc = PolicyDoc(
        doc_id=doc_id,
        source=Source(path=None, format="txt", encoding="utf-8", sha256="", chars=len(text)),
        text=text,
        view=TextView(text),
    )
    header.run(doc)
    sections.run(doc)
    return doc


def outline(doc: PolicyDoc) -> list[tuple[int, str, str]]:
    return [(s.level, s.marker, s.title) for s in doc.sections]
