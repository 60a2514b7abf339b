"""Chinese labels in matplotlib charts: the packaged Noto Sans CJK font, system fallbacks, and a warning
(not an exception) when there is no CJK font at all."""
from __future__ import annotations

import warnings
from pathlib import Path

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402

from policytext.research import plotting  # noqa: E402

needs_noto = pytest.mark.skipif(plotting.packaged_font_path() is None,
                                reason="noto-cjk-sans-otc is not installed (pip install 'policytext[notebooks]')")


@needs_noto
def test_packaged_font_is_the_noto_collection():
    path = Path(plotting.packaged_font_path())
    assert path.name == "NotoSansCJK-Regular.ttc"
    assert path.parent.name == "noto_cjk_sans_otc"


@needs_noto
def test_use_cjk_font_registers_noto_sc_and_puts_it_first():
    with matplotlib.rc_context():
        name = plotting.use_cjk_font()
        assert name == "Noto Sans CJK SC"
        assert matplotlib.rcParams["font.sans-serif"][0] == name
        assert matplotlib.rcParams["font.family"] == ["sans-serif"]
        # The family resolves to the simplified-Chinese face of the collection, not to DejaVu Sans.
        found = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]), fallback_to_default=False)
        assert Path(found).name == "NotoSansCJK-Regular.ttc"
        entry = next(e for e in font_manager.fontManager.ttflist if e.name == name)
        assert found == font_manager.findfont(font_manager.FontProperties(family=[name]))
        assert Path(entry.fname) == Path(plotting.packaged_font_path())


@needs_noto
def test_use_cjk_font_twice_registers_the_file_once():
    with matplotlib.rc_context():
        plotting.use_cjk_font()
        plotting.use_cjk_font()
        path = plotting.packaged_font_path()
        names = [e.name for e in font_manager.fontManager.ttflist if e.fname == path]
        assert names.count("Noto Sans CJK SC") == 1
        assert matplotlib.rcParams["font.sans-serif"].count("Noto Sans CJK SC") == 1


def _draw(title: str, labels: list[str]) -> list[str]:
    """Render a bar chart to PNG; the warnings matplotlib emitted while drawing."""
    import io

    import matplotlib.pyplot as plt

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig, ax = plt.subplots()
        try:
            ax.bar(labels, range(1, len(labels) + 1))
            ax.set_title(title)
            fig.savefig(io.BytesIO(), format="png")
        finally:
            plt.close(fig)
    return [str(w.message) for w in caught]


@needs_noto
def test_chinese_chart_draws_without_missing_glyphs():
    with matplotlib.rc_context():
        plotting.use_cjk_font()
        messages = _draw("绍兴市数字政府建设：牵头单位任务数（−5% 对比）", ["市大数据局", "市发改委", "GDP"])
    assert not [m for m in messages if "missing from font" in m], messages


def test_without_a_cjk_font_glyphs_go_missing():
    # The check above can fail: with DejaVu Sans alone the same chart reports missing glyphs.
    with matplotlib.rc_context({"font.family": ["sans-serif"], "font.sans-serif": ["DejaVu Sans"]}):
        messages = _draw("绍兴市", ["市大数据局"])
    assert any("missing from font" in m for m in messages)


def test_no_cjk_font_warns_and_leaves_settings(monkeypatch):
    latin = [e for e in font_manager.fontManager.ttflist
             if not any(h in e.name for h in plotting._HINTS) and e.name not in plotting._KNOWN]
    monkeypatch.setattr(plotting, "FONT_PACKAGE", "no_such_font_package_for_policytext")
    monkeypatch.setattr(font_manager.fontManager, "ttflist", latin)
    with matplotlib.rc_context():
        before = list(matplotlib.rcParams["font.sans-serif"])
        with pytest.warns(UserWarning, match="no CJK font"):
            assert plotting.use_cjk_font() is None
        assert matplotlib.rcParams["font.sans-serif"] == before


def test_system_cjk_font_is_the_fallback(monkeypatch):
    latin = [e for e in font_manager.fontManager.ttflist
             if not any(h in e.name for h in plotting._HINTS) and e.name not in plotting._KNOWN]
    system = font_manager.FontEntry(fname="/usr/share/fonts/wqy-zenhei.ttc", name="WenQuanYi Zen Hei")
    monkeypatch.setattr(plotting, "FONT_PACKAGE", "no_such_font_package_for_policytext")
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [*latin, system])
    with matplotlib.rc_context(), warnings.catch_warnings():
        warnings.simplefilter("error")
        assert plotting.use_cjk_font() == "WenQuanYi Zen Hei"
        assert matplotlib.rcParams["font.sans-serif"][0] == "WenQuanYi Zen Hei"


def test_import_policytext_plotting_does_not_import_matplotlib():
    import subprocess
    import sys

    code = "import sys, policytext.research.plotting; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
