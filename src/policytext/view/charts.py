"""Horizontal bar charts as inline SVG: no library, no script, text escaped."""
from __future__ import annotations

from html import escape

ROW = 20
LABEL_W = 230
BAR_W = 330


def bars(title: str, rows: list[tuple[str, int]], *, colour: str = "#4c78a8", note: str = "") -> str:
    """A titled SVG bar chart of (label, value) rows, largest first as given."""
    if not rows:
        return f'<figure class="chart"><figcaption>{escape(title)}</figcaption><p class="empty">no data</p></figure>'
    top = max(v for _, v in rows) or 1
    height = ROW * len(rows) + 6
    width = LABEL_W + BAR_W + 60
    out = [f'<figure class="chart"><figcaption>{escape(title)}</figcaption>',
           f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">']
    for n, (label, value) in enumerate(rows):
        y = n * ROW + 3
        w = max(1, round(BAR_W * value / top)) if value else 0
        short = label if len(label) <= 16 else label[:15] + "…"
        out.append(f'<g><title>{escape(label)}: {value}</title>'
                   f'<text x="{LABEL_W - 6}" y="{y + 14}" text-anchor="end">{escape(short)}</text>'
                   f'<rect x="{LABEL_W}" y="{y + 2}" width="{w}" height="{ROW - 5}" fill="{colour}"/>'
                   f'<text x="{LABEL_W + w + 4}" y="{y + 14}">{value}</text></g>')
    out.append("</svg>")
    if note:
        out.append(f'<p class="cnote">{escape(note)}</p>')
    out.append("</figure>")
    return "".join(out)
