"""Matplotlib set up for Chinese labels: a CJK font registered and put first in line.

Matplotlib's default font (DejaVu Sans) has no CJK glyphs, so Chinese titles and tick
labels draw as empty boxes. ``use_cjk_font()`` registers Noto Sans CJK from the
``noto-cjk-sans-otc`` wheel (the ``notebooks`` extra) and, without it, looks for a CJK
font the system already has. Matplotlib is imported only when it is called.
"""
from __future__ import annotations

import importlib.util
import warnings
from importlib import resources

from ..errors import require

#: The wheel that ships the font, and the font file inside it.
FONT_PACKAGE = "noto_cjk_sans_otc"
FONT_FILE = "NotoSansCJK-Regular.ttc"
#: The face of the collection to use: the one whose glyph forms follow mainland (simplified) usage.
FONT_NAME = "Noto Sans CJK SC"
# System fonts known to cover simplified Chinese, best first.
_KNOWN = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Heiti SC", "STHeiti",
    "SimHei", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "STSong", "AR PL UMing CN",
)
# Words in a family name that mark a CJK font when none of the known names is present.
_HINTS = ("CJK", "Hei", "Song", "Han Sans", "Han Serif", "Ming", "Kai", "Fang", "Gothic")


def packaged_font_path() -> str | None:
    """The path of the Noto Sans CJK collection in the installed wheel, or None."""
    if importlib.util.find_spec(FONT_PACKAGE) is None:
        return None
    font = resources.files(FONT_PACKAGE).joinpath(FONT_FILE)
    # A wheel installed as files gives a real path; a zipped one would need extracting, which we skip.
    path = str(font)
    return path if font.is_file() and not path.startswith("zip:") else None


def _register(path: str) -> str | None:
    """Add a font file to matplotlib's manager once; the family to use from it."""
    from matplotlib import font_manager

    manager = font_manager.fontManager
    if not any(entry.fname == path for entry in manager.ttflist):
        manager.addfont(path)
    # A .ttc registers one entry per face (JP, KR, SC, TC, HK and their Mono cuts).
    names = [entry.name for entry in manager.ttflist if entry.fname == path]
    if FONT_NAME in names:
        return FONT_NAME
    return names[0] if names else None


def _system_font() -> str | None:
    from matplotlib import font_manager

    names = sorted({entry.name for entry in font_manager.fontManager.ttflist})
    for known in _KNOWN:
        if known in names:
            return known
    for name in names:
        if any(hint in name for hint in _HINTS):
            return name
    return None


def use_cjk_font() -> str | None:
    """Make matplotlib draw Chinese text; returns the font family used, or None.

    Registers Noto Sans CJK SC from the ``noto-cjk-sans-otc`` package when it is installed,
    else picks a CJK font among the system's fonts, and puts it first in
    ``font.sans-serif`` (the other fonts stay behind it for Latin glyphs they draw better).
    With no CJK font at all, warns and leaves the settings alone.
    """
    matplotlib = require("matplotlib", "research", "plotting")

    path = packaged_font_path()
    name = _register(path) if path else None
    if name is None:
        name = _system_font()
    if name is None:
        warnings.warn(
            "no CJK font found: Chinese labels will draw as empty boxes; "
            "install the notebooks extra (pip install 'policytext[notebooks]') for Noto Sans CJK",
            stacklevel=2,
        )
        return None
    rest = [f for f in matplotlib.rcParams["font.sans-serif"] if f != name]
    matplotlib.rcParams["font.sans-serif"] = [name, *rest]
    matplotlib.rcParams["font.family"] = ["sans-serif"]
    return name
