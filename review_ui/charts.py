"""Charts for the dashboard as SVG drawn on the server: no script, nothing from outside."""

from __future__ import annotations

from markupsafe import Markup, escape

_COLOURS = ("#7a1113", "#1d5e20", "#b7791f", "#2b5797")


def bars(title: str, labels: list[str], series: list[tuple[str, list[int]]], *, width: int = 640,
         height: int = 240) -> Markup:
    """Grouped bars: one group per label, one bar per series, with a legend and values."""
    top, bottom, left = 30, 40, 36
    plot_h = height - top - bottom
    highest = max([v for _, values in series for v in values] + [1])
    group_w = (width - left - 10) / max(len(labels), 1)
    bar_w = max(4.0, (group_w - 8) / max(len(series), 1))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(title)}" class="chart"><title>{escape(title)}</title>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" stroke="#888"/>']
    for i, label in enumerate(labels):
        x = left + i * group_w + 4
        for j, (_, values) in enumerate(series):
            value = values[i]
            h = plot_h * value / highest
            bx, by = x + j * bar_w, top + plot_h - h
            parts.append(f'<rect x="{bx:.1f}" y="{by:.1f}" width="{bar_w - 1:.1f}" height="{h:.1f}" '
                         f'fill="{_COLOURS[j % len(_COLOURS)]}"><title>{escape(label)}: {value}</title></rect>')
            if value:
                parts.append(f'<text x="{bx + bar_w / 2:.1f}" y="{by - 3:.1f}" font-size="10" '
                             f'text-anchor="middle">{value}</text>')
        parts.append(f'<text x="{x + group_w / 2 - 4:.1f}" y="{top + plot_h + 16}" font-size="11" '
                     f'text-anchor="middle">{escape(label)}</text>')
    for j, (name, _) in enumerate(series):
        lx = left + j * 150
        parts.append(f'<rect x="{lx}" y="6" width="12" height="12" fill="{_COLOURS[j % len(_COLOURS)]}"/>'
                     f'<text x="{lx + 16}" y="16" font-size="12">{escape(name)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
