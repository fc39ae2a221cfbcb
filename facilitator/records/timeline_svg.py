"""The session timeline as an SVG picture: who spoke when, the facilitator's prompts, the steps,
pauses and interruptions.

One lane per voice, labelled with its name, so nothing depends on telling colours apart; every mark
carries a `<title>` (shown on hover and read by screen readers) and a class naming what it is
(`utterance`, `prompt`, `step`, `pause`, `interruption`), so the picture can be checked mark by mark.
Long sessions get a wider picture that scrolls, rather than marks too thin to see.
"""

from __future__ import annotations

from html import escape

from facilitator.records.figures import Figures
from facilitator.session.view import clock

LABEL_W = 140
LANE_H = 26
GAP = 8
PX_PER_S = 4.0
"""Horizontal scale, stretched to fill MIN_W for a short session and squeezed into MAX_W for a long one."""
MIN_W = 720
MAX_W = 7200
_TICKS_S = (10, 30, 60, 120, 300, 600, 900, 1800)
STYLE = (
    "text{font:12px sans-serif;fill:#222}"
    ".step-0{fill:#e8e8f0}.step-1{fill:#d4d4e4}"
    ".prompt{fill:#8a8a8a}"
    ".speaker-A{fill:#2b6cb0}.speaker-B{fill:#c05621}"
    ".pause-band{fill:#f3f3f3;fill-opacity:0.85;stroke:#999;stroke-dasharray:4 3}"
    ".interruption line{stroke:#b00020;stroke-width:2}.interruption path{fill:#b00020}"
    ".interruption text{font-weight:bold;fill:#b00020}"
    ".axis,.tick{stroke:#444}.tick-label{text-anchor:middle;font-size:11px}"
)


def _scale(duration: float) -> float:
    """Pixels per second: wide enough to read, not wider than MAX_W."""
    duration = max(duration, 1.0)
    return min(max(MIN_W / duration, PX_PER_S), MAX_W / duration)


def _title(text: str) -> str:
    return f"<title>{escape(text)}</title>"


def _rect(cls: str, x: float, y: float, w: float, h: float, title: str, extra: str = "") -> str:
    return (
        f'<rect class="{cls}" x="{x:.1f}" y="{y:.1f}" width="{max(w, 1.5):.1f}" '
        f'height="{h:.1f}"{extra}>{_title(title)}</rect>'
    )


def _span(start: float, end: float) -> str:
    return f"{clock(start)}–{clock(end)}"


def timeline_svg(figures: Figures, titles: dict[str, str] | None = None) -> str:
    """The picture; `titles` gives readable names for step ids."""
    titles = titles or {}
    names = figures.names
    duration = max(figures.duration_s, 1.0)
    scale = _scale(duration)
    width = LABEL_W + duration * scale + 20
    lanes = {"steps": 0, "facilitator": 1, "A": 2, "B": 3}
    axis_y = GAP + len(lanes) * (LANE_H + GAP)
    height = axis_y + 30

    def x(t: float) -> float:
        return LABEL_W + max(0.0, t) * scale

    def y(lane: str) -> float:
        return GAP + lanes[lane] * (LANE_H + GAP)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        'aria-labelledby="timeline-title">',
        '<title id="timeline-title">Timeline of the session: who spoke when, the prompts, the '
        "steps, pauses and interruptions</title>",
        f"<style>{STYLE}</style>",
    ]
    labels = {
        "steps": "Steps",
        "facilitator": "Facilitator",
        "A": f"{names['A']} (A)",
        "B": f"{names['B']} (B)",
    }
    for lane, text in labels.items():
        parts.append(
            f'<text class="lane-label" x="6" y="{y(lane) + LANE_H * 0.65:.1f}">{escape(text)}</text>'
        )
    for i, s in enumerate(figures.steps):
        title = titles.get(s.name, s.name)
        w = (s.end - s.start) * scale
        parts.append(
            _rect(
                f"step step-{i % 2}",
                x(s.start),
                y("steps"),
                w,
                LANE_H,
                f"{title}, round {s.round} ({_span(s.start, s.end)})",
                f' data-step="{escape(s.name)}"',
            )
        )
        if w > 7 * len(title) + 8:
            parts.append(
                f'<text class="step-label" x="{x(s.start) + 4:.1f}" '
                f'y="{y("steps") + LANE_H * 0.65:.1f}">{escape(title)}</text>'
            )
    for start, end in figures.pauses:
        band = _rect(
            "pause-band",
            x(start),
            GAP / 2,
            (end - start) * scale,
            axis_y - GAP,
            f"paused {_span(start, end)}",
        )
        label_y = y("facilitator") + LANE_H * 0.65
        parts.append(
            f'<g class="pause">{band}<text x="{x(start) + 4:.1f}" y="{label_y:.1f}">paused</text></g>'
        )
    for p in figures.prompts:
        cut = " (cut short)" if p.interrupted else ""
        parts.append(
            _rect(
                "prompt",
                x(p.start),
                y("facilitator") + 3,
                (p.end - p.start) * scale,
                LANE_H - 6,
                f"Facilitator {_span(p.start, p.end)}{cut}: {p.text}",
                f' data-prompt="{escape(p.id)}"',
            )
        )
    for u in figures.utterances:
        parts.append(
            _rect(
                f"utterance speaker-{u.speaker}",
                x(u.start),
                y(u.speaker) + 3,
                u.seconds * scale,
                LANE_H - 6,
                f"{names[u.speaker]} {_span(u.start, u.end)}: {u.text}",
                f' data-speaker="{u.speaker}"',
            )
        )
    for n in figures.interruptions:
        top = y(n.by) - 2
        cx = x(n.t)
        over = names.get(n.over, n.over)
        what = "talked over" if n.kind == "interruption" else "talked over the mirror of"
        parts.append(
            f'<g class="interruption" data-by="{n.by}">'
            f"{_title(f'{clock(n.t)}: {names[n.by]} {what} {over} ({n.duration:.1f} s)')}"
            f'<line x1="{cx:.1f}" y1="{top:.1f}" x2="{cx:.1f}" y2="{top + LANE_H + 4:.1f}"/>'
            f'<path d="M{cx - 5:.1f},{top - 8:.1f} L{cx + 5:.1f},{top - 8:.1f} L{cx:.1f},{top:.1f} Z"/>'
            f'<text x="{cx + 6:.1f}" y="{top + 2:.1f}">!</text></g>'
        )
    parts.append(
        f'<line class="axis" x1="{LABEL_W}" y1="{axis_y:.1f}" x2="{x(duration):.1f}" '
        f'y2="{axis_y:.1f}"/>'
    )
    step = next((s for s in _TICKS_S if s * scale >= 70), _TICKS_S[-1])
    for t in range(0, int(duration) + 1, step):
        parts.append(
            f'<line class="tick" x1="{x(t):.1f}" y1="{axis_y:.1f}" x2="{x(t):.1f}" '
            f'y2="{axis_y + 5:.1f}"/><text class="tick-label" x="{x(t):.1f}" '
            f'y="{axis_y + 18:.1f}">{clock(t)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
