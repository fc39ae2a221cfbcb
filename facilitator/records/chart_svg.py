"""A small line chart as SVG, for figures across sessions: one line per partner, one point per session.

Lines differ in dash and point shape as well as colour, each point has a `<title>` with its value,
and the legend is written out, so the chart reads without telling colours apart.
"""

from __future__ import annotations

from html import escape

W, H = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 48, 30, 46
_LOOKS = (
    ("#2b6cb0", "", "circle"),
    ("#c05621", "6 4", "square"),
)
"""Colour, dash pattern and point shape of each series."""


def _point(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"'
    return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"'


def line_chart(
    title: str,
    labels: list[str],
    series: dict[str, list[float | None]],
    show: str = "{:g}",
    top: float | None = None,
) -> str:
    """`series` maps a legend name to one value (or None) per label; `show` formats a value; the
    vertical axis runs from 0 to `top` (default: the largest value)."""
    values = [v for vs in series.values() for v in vs if v is not None]
    top = top or max(values, default=0.0) or 1.0
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (len(labels) - 1) if len(labels) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - v / top)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{W}" height="{H}" '
        f'viewBox="0 0 {W} {H}" role="img"><title>{escape(title)}</title>',
        "<style>text{font:12px sans-serif;fill:#222}.axis{stroke:#444}</style>",
        f'<text x="{LEFT}" y="18" font-weight="bold">{escape(title)}</text>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{W - RIGHT}" y2="{TOP + plot_h}"/>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end">{escape(show.format(top))}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + plot_h + 4}" text-anchor="end">'
        f"{escape(show.format(0))}</text>",
    ]
    every = max(1, -(-len(labels) // 7))
    for i, label in enumerate(labels):
        if i % every == 0:
            parts.append(
                f'<text x="{x(i):.1f}" y="{H - BOTTOM + 18}" text-anchor="middle">'
                f"{escape(label)}</text>"
            )
    legend = []
    for n, (name, vs) in enumerate(series.items()):
        colour, dash, shape = _LOOKS[n % len(_LOOKS)]
        points = [(x(i), y(v), v, labels[i]) for i, v in enumerate(vs) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _, _ in points)
            dashed = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dashed}/>'
            )
        for px, py, v, label in points:
            parts.append(
                _point(shape, px, py, colour)
                + f' class="point" data-series="{escape(name)}">'
                + f"<title>{escape(f'{name}, {label}: {show.format(v)}')}</title>"
                + ("</circle>" if shape == "circle" else "</rect>")
            )
        legend.append(f"{name}: {'dashed line, squares' if dash else 'solid line, circles'}")
    parts.append(
        f'<text x="{LEFT}" y="{H - 8}">{escape("; ".join(legend))}</text>',
    )
    parts.append("</svg>")
    return "\n".join(parts)
