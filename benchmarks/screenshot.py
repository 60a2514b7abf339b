"""Save a screenshot of a document's view (``make screenshot``): the README shows it.

    python benchmarks/screenshot.py corpora/seed-shaoxing.txt docs/screenshot.png

Opens the view in headless Chromium (tests/browser.py), folds the header and
section panels so the task table shows, clicks a task row so its evidence is
highlighted, and writes a PNG palette-quantised to stay small.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from browser import Browser, unavailable  # noqa: E402

import policytext  # noqa: E402
from policytext.view import render  # noqa: E402
from policytext.view.items import Items  # noqa: E402


def main(source: str, target: str, task: int = 3) -> int:
    why = unavailable()
    if why:
        print(f"screenshot: {why}", file=sys.stderr)
        return 1
    doc = policytext.parse_file(source)
    items = Items(doc.to_dict())
    with tempfile.TemporaryDirectory() as tmp, Browser(1280, 760) as driver:
        page = Path(tmp) / "view.html"
        page.write_text(render(doc), encoding="utf-8")
        driver.get(page.as_uri())
        driver.execute_script("for (const id of ['p-header', 'p-sections']) document.getElementById(id).open = false;")
        row = driver.find_element("css selector", f'#p-tasks tr[data-j="{items.tasks[task]}"] td:nth-child(3)')
        row.click()
        driver.execute_script("document.getElementById('side').scrollTop = 0;")
        png = driver.get_screenshot_as_png()
    out = Path(target)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(_small(png))
    print(f"screenshot: {out} ({out.stat().st_size:,} bytes)", file=sys.stderr)
    return 0


def _small(png: bytes) -> bytes:
    """The PNG with a 128-colour palette when Pillow is there (it comes with matplotlib), else as is."""
    try:
        import io

        from PIL import Image
    except ImportError:
        return png
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
