"""Server-drawn charts: inline SVG with labelled axes, a <title> and <desc>, and the same figures as a table.

No JavaScript and nothing fetched from elsewhere: the SVG is part of the page, so it prints, and
the PDF report draws the same SVG (fpdf2 reads it). Accessible by construction: the chart is named
by its <title> and summarised by its <desc>, every bar carries its number as text, series differ
by pattern as well as colour (each colour has at least 4.5:1 contrast against white), and the
table beside it holds every figure for screen readers and print.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe

# Dark enough for text and graphics on white (WCAG 1.4.11 and 1.4.3); told apart by pattern too.
COLOURS = ("#1f4e79", "#a04000", "#2e6b30", "#6a1b9a", "#8b1a1a", "#3d3d3d")
PATTERNS = ("solid", "stripes", "dots", "cross", "grid", "zigzag")

_ids = count(1)


@dataclass
class Series:
    label: str
    values: list[float | None]


@dataclass
class Chart:
    """One chart: what it shows, its categories (the x axis) and one or more series of numbers."""

    title: str
    description: str
    categories: list[str]
    series: list[Series]
    y_label: str
    x_label: str = ""
    unit: str = ""  # shown after each number, e.g. "%"
    ident: str = field(default_factory=lambda: f"chart{next(_ids)}")

    @property
    def is_empty(self) -> bool:
        return not any(v for s in self.series for v in s.values if v)

    @property
    def table_head(self) -> list[str]:
        return [self.x_label or "", *[s.label for s in self.series]]

    @property
    def table_rows(self) -> list[tuple[str, list[str]]]:
        return [(cat, [self.number(s.values[i]) for s in self.series]) for i, cat in enumerate(self.categories)]

    def number(self, value: float | None) -> str:
        if value is None:
            return "-"
        text = f"{value:g}" if isinstance(value, float) else str(value)
        return f"{text}{self.unit}"

    @property
    def svg(self) -> SafeString:
        return mark_safe(bar_chart_svg(self))


def _nice_max(value: float) -> float:
    """The top of the y axis: a round number at or above the largest value, in five even steps."""
    for step in (0.2, 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000):
        if value <= step * 5:
            return step * 5
    return value


def _pattern_defs(ident: str) -> str:
    out = []
    for i, (colour, kind) in enumerate(zip(COLOURS, PATTERNS)):
        pid = f"{ident}-p{i}"
        shapes = {
            "solid": "",
            "stripes": f'<path d="M0,6 l6,-6" stroke="#fff" stroke-width="1.5"/>',
            "dots": '<circle cx="3" cy="3" r="1.2" fill="#fff"/>',
            "cross": '<path d="M0,0 l6,6 M6,0 l-6,6" stroke="#fff" stroke-width="1"/>',
            "grid": '<path d="M3,0 v6 M0,3 h6" stroke="#fff" stroke-width="1"/>',
            "zigzag": '<path d="M0,4 l1.5,-2 l1.5,2 l1.5,-2 l1.5,2" stroke="#fff" fill="none" stroke-width="1"/>',
        }[kind]
        out.append(f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse">'
                   f'<rect width="6" height="6" fill="{colour}"/>{shapes}</pattern>')
    return "<defs>" + "".join(out) + "</defs>"


def bar_chart_svg(chart: Chart, *, width: int = 640, height: int = 300) -> str:
    """Grouped bars, one group per category, each bar labelled with its number."""
    left, right, top, bottom = 56, 12, 16, 64
    legend_h = 22 * ((len(chart.series) + 2) // 3)
    plot_w, plot_h = width - left - right, height - top - bottom
    total_h = height + legend_h
    values = [v for s in chart.series for v in s.values if v is not None]
    y_max = _nice_max(max(values, default=0))
    ident = chart.ident
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {total_h}" width="100%" '
        f'class="report-chart" aria-labelledby="{ident}-title {ident}-desc" font-family="sans-serif" font-size="11">',
        f'<title id="{ident}-title">{escape(chart.title)}</title>',
        f'<desc id="{ident}-desc">{escape(chart.description)}</desc>',
        _pattern_defs(ident),
        f'<rect width="{width}" height="{total_h}" fill="#fff"/>',
    ]
    # Y axis with five ticks and gridlines.
    for i in range(6):
        value = y_max * i / 5
        y = top + plot_h - plot_h * i / 5
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d0d0d0"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#222">{value:g}{escape(chart.unit)}</text>')
    parts.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" stroke="#222"/>')
    parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#222"/>')
    parts.append(f'<text transform="translate(14 {top + plot_h / 2:.1f}) rotate(-90)" text-anchor="middle" fill="#222">'
                 f'{escape(chart.y_label)}</text>')
    if chart.x_label:
        parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{top + plot_h + 50}" text-anchor="middle" fill="#222">'
                     f'{escape(chart.x_label)}</text>')
    groups = max(len(chart.categories), 1)
    group_w = plot_w / groups
    n = max(len(chart.series), 1)
    bar_w = max(2.0, (group_w * 0.8) / n)
    for g, category in enumerate(chart.categories):
        gx = left + g * group_w + group_w * 0.1
        parts.append(f'<text x="{left + g * group_w + group_w / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
                     f'fill="#222">{escape(category)}</text>')
        for s_index, series in enumerate(chart.series):
            value = series.values[g] if g < len(series.values) else None
            if value is None:
                continue
            h = plot_h * (value / y_max) if y_max else 0
            x = gx + s_index * bar_w
            y = top + plot_h - h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 1:.1f}" height="{h:.1f}" '
                f'fill="url(#{ident}-p{s_index % len(COLOURS)})" stroke="{COLOURS[s_index % len(COLOURS)]}">'
                f'<title>{escape(series.label)}, {escape(category)}: {escape(chart.number(value))}</title></rect>'
            )
            if bar_w >= 12 or n == 1:
                parts.append(f'<text x="{x + (bar_w - 1) / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" fill="#222" '
                             f'font-size="10">{escape(chart.number(value))}</text>')
    # Legend: swatch (colour and pattern) and the series' name in words.
    for s_index, series in enumerate(chart.series):
        lx = left + (s_index % 3) * (plot_w / 3)
        ly = height + 22 * (s_index // 3)
        parts.append(f'<rect x="{lx:.1f}" y="{ly - 10}" width="14" height="14" fill="url(#{ident}-p{s_index % len(COLOURS)})" '
                     f'stroke="{COLOURS[s_index % len(COLOURS)]}"/>')
        parts.append(f'<text x="{lx + 20:.1f}" y="{ly + 1}" fill="#222">{escape(series.label)}</text>')
    parts.append("</svg>")
    return "".join(parts)
