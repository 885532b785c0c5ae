"""Charts drawn on the server by pygal, made fit for our pages and for the PDF report.

pygal lays the chart out (axes, scales, bars, lines, legend); what it emits is then tidied, because
its SVG styles itself with a <style> element and carries an inline <script> for tooltips, and this
site's Content Security Policy allows neither (nor style="" attributes). So the script, the style
element, the tooltip overlay and pygal's ids go, and each element gets its look as SVG presentation
attributes (fill, stroke, font-size), which the policy allows and which fpdf2 reads when it draws the
same chart into the PDF.

Accessible by construction: the chart is named by its <title> and summarised by its <desc>; each bar
or point has its own <title>; series differ by pattern (on screen and in print) or by line dashes as
well as colour, every colour has at least 4.5:1 contrast against white, numbers are written on bars
where they fit, and the table beside the chart holds every figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count
from xml.etree import ElementTree as ET

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

from reports.chart_marks import HATCHES, SVG_NS, hatch_path, pattern

ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")

# Dark enough for text and graphics on white (WCAG 1.4.3 and 1.4.11); told apart by pattern too.
COLOURS = ("#1f4e79", "#a04000", "#2e6b30", "#6a1b9a", "#8b1a1a", "#3d3d3d")
TEXT = "#222222"
GRID = "#c8c8c8"
# Lines differ by dashes as well as colour.
DASHES = ("", "7,3", "2,2", "9,3,2,3", "4,4", "1,3")
KINDS = {"bar": pygal.Bar, "stacked": pygal.StackedBar, "line": pygal.Line}
WIDTH, HEIGHT = 640, 340
# pygal's bottom legend may run a little past the height it is given: the drawing gets room for it.
VIEW_HEIGHT = HEIGHT + 28

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
    kind: str = "bar"  # "bar" (grouped), "stacked" or "line"
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
        """For a page: inline SVG, bars filled with patterns."""
        return mark_safe(chart_svg(self))

    @property
    def pdf_svg(self) -> str:
        """For fpdf2, which draws no <pattern>: solid fills, series told apart by outline dashes."""
        return chart_svg(self, for_pdf=True)


def _style() -> Style:
    # Used by pygal for layout (text sizes decide the margins); the look itself is set on the elements.
    return Style(
        font_family="sans-serif",
        label_font_family="sans-serif",
        major_label_font_family="sans-serif",
        value_font_family="sans-serif",
        legend_font_family="sans-serif",
        title_font_family="sans-serif",
        label_font_size=11,
        major_label_font_size=11,
        legend_font_size=12,
        value_font_size=10,
        title_font_size=12,
        background="#ffffff",
        plot_background="#ffffff",
        foreground=TEXT,
        foreground_strong=TEXT,
        foreground_subtle=TEXT,
        colors=COLOURS,
        opacity="1",
        opacity_hover="1",
    )


def _values_fit(chart: Chart) -> bool:
    """Numbers go on the bars only where each bar is wide enough to carry one."""
    bars = len(chart.categories) * (1 if chart.kind == "stacked" else max(len(chart.series), 1))
    return chart.kind == "bar" and bars <= 24


def _legend_columns(chart: Chart) -> int:
    longest = max((len(s.label) for s in chart.series), default=0)
    return 3 if longest <= 22 else 2 if longest <= 40 else 1


def _top(chart: Chart) -> float:
    if chart.kind == "stacked":
        return max((sum(s.values[i] or 0 for s in chart.series) for i in range(len(chart.categories))), default=0)
    return max((v for s in chart.series for v in s.values if v is not None), default=0)


def pygal_chart(chart: Chart):
    """The pygal chart for `chart`, configured for print: no interactivity, no truncated labels."""
    percent = chart.unit == "%"
    top = _top(chart)
    config = {
        "width": WIDTH,
        "height": HEIGHT,
        "style": _style(),
        "js": [],
        "css": [],
        "no_prefix": True,
        "disable_xml_declaration": True,
        "show_legend": True,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": _legend_columns(chart),
        "truncate_legend": -1,
        "truncate_label": -1,
        "x_title": chart.x_label or None,
        "y_title": chart.y_label,
        "print_values": _values_fit(chart),
        "print_values_position": "top",
        "print_zeroes": False,
        "show_x_guides": False,
        "include_x_axis": True,
        "margin": 10,
        "spacing": 8,
        "margin_right": 28 if chart.kind == "line" else 10,
        "value_formatter": lambda v: chart.number(v),
        "x_label_rotation": 0 if len(chart.categories) <= 12 else 30,
        "dots_size": 3.5,
        "allow_interruptions": True,
    }
    if percent:
        config["range"] = (0, 100)
    elif top < 5:
        config["range"] = (0, 5)  # whole numbers on the scale when the figures are small
    graph = KINDS[chart.kind](**config)
    graph.x_labels = list(chart.categories)
    for series in chart.series:
        graph.add(series.label, list(series.values))
    return graph


def chart_svg(chart: Chart, *, for_pdf: bool = False) -> str:
    root = ET.fromstring(pygal_chart(chart).render(is_unicode=True))
    _strip(root)
    _titles(root, chart)
    _look(root, chart, for_pdf=for_pdf)
    _head(root, chart, for_pdf=for_pdf)
    return ET.tostring(root, encoding="unicode")


def _q(tag: str) -> str:
    return f"{{{SVG_NS}}}{tag}"


def _classes(element) -> set[str]:
    return set(element.get("class", "").split())


def _strip(root) -> None:
    """Remove what the page may not run or style: scripts, style sheets, the tooltip overlay, pygal's ids."""
    for parent in list(root.iter()):
        for child in list(parent):
            unwanted = child.tag in (_q("script"), _q("style"), _q("defs")) or "tooltip-overlay" in _classes(child)
            if unwanted or (parent is root and child.tag == _q("title")):
                parent.remove(child)
    for element in root.iter():
        element.attrib.pop("id", None)
        element.attrib.pop("style", None)


def _series_index(classes: set[str]) -> int | None:
    """The series an element draws: pygal marks it "serie-N" (plot) or "color-N" (legend swatch)."""
    for name in classes:
        for prefix in ("serie-", "color-"):
            if name.startswith(prefix) and name[len(prefix) :].isdigit():
                return int(name[len(prefix) :])
    return None


def _titles(root, chart: Chart) -> None:
    """Each bar or point gets a <title> ("Email, Mar 26: 3") in place of pygal's tooltip <desc>s; an
    empty bar is dropped; a stacked bar gets its total written above it."""
    tops: dict[str, tuple[float, float, object]] = {}  # category -> (top, centre, series group)
    for group in list(root.iter(_q("g"))):
        index = _series_index(_classes(group))
        if index is None or index >= len(chart.series):
            continue
        for item in list(group.iter(_q("g"))):
            descs = {d.get("class", ""): (d.text or "") for d in item.findall(_q("desc"))}
            for d in item.findall(_q("desc")):
                item.remove(d)
            shape = next((c for c in item if c.tag in (_q("rect"), _q("circle"), _q("path"))), None)
            if shape is None or "value" not in descs:
                continue
            category = descs.get("x_label", "")
            if shape.tag == _q("rect") and float(shape.get("height") or 0) <= 0:
                item.remove(shape)
                continue
            ET.SubElement(shape, _q("title")).text = f"{chart.series[index].label}, {category}: {descs['value']}"
            if chart.kind == "stacked" and shape.tag == _q("rect"):
                top, centre = float(shape.get("y")), float(shape.get("x")) + float(shape.get("width")) / 2
                if category not in tops or top < tops[category][0]:
                    tops[category] = (top, centre, group)
    if chart.kind == "stacked" and len(chart.categories) <= 24:
        for category, (top, centre, group) in tops.items():
            total = sum(s.values[chart.categories.index(category)] or 0 for s in chart.series)
            text = ET.SubElement(
                group, _q("text"), {"x": f"{centre:.1f}", "y": f"{top - 4:.1f}", "class": "value total"}
            )
            text.text = chart.number(total)


def _look(root, chart: Chart, *, for_pdf: bool) -> None:
    """Presentation attributes in place of pygal's style sheet."""

    def walk(element, context: frozenset, index: int | None):
        classes = _classes(element)
        context = context | classes
        index = _series_index(classes) if _series_index(classes) is not None else index
        _paint(element, classes, context, index, chart, for_pdf)
        for child in list(element):
            if "axis" in context and "x" in context and "guide" in _classes(child) and chart.kind != "line":
                element.remove(child)  # vertical gridlines behind bars only add noise
                continue
            if child.tag in (_q("title"), _q("desc")) and (for_pdf or "guides" in context):
                element.remove(child)  # fpdf2 draws neither; a gridline needs no name
                continue
            walk(child, context, index)
            hatch = child.attrib.pop("data-hatch", "")
            if hatch:
                element.insert(list(element).index(child) + 1, hatch_path(child, hatch))

    walk(root, frozenset(), None)


def _fill(index: int, chart: Chart, for_pdf: bool) -> str:
    colour = COLOURS[index % len(COLOURS)]
    return colour if for_pdf else f"url(#{chart.ident}-p{index % len(COLOURS)})"


def _paint(element, classes: set[str], context: frozenset, index: int | None, chart: Chart, for_pdf: bool) -> None:
    tag = element.tag
    set_ = element.set
    if tag == _q("text"):
        set_("fill", TEXT)
        set_("stroke", "none")
        if "title" in classes:
            set_("text-anchor", "middle")
            set_("font-size", "12")
        elif "value" in classes:
            set_("text-anchor", "middle")
            set_("font-size", "10")
        elif "axis" in context:
            set_("text-anchor", "end" if "y" in context else ("start" if element.get("transform") else "middle"))
            set_("font-size", "11")
        elif "legend" in context:
            set_("font-size", "12")
        return
    if tag == _q("rect") and "background" in classes:
        set_("fill", "#ffffff")
        if element.get("width") == str(WIDTH):  # the whole drawing's background, legend room included
            set_("height", str(VIEW_HEIGHT))
        return
    if tag == _q("path") and "axis" in context:
        set_("fill", "none")
        set_("stroke", GRID if "guide" in classes else TEXT)
        set_("stroke-width", "1")
        return
    if index is None:
        return
    colour = COLOURS[index % len(COLOURS)]
    dash = DASHES[index % len(DASHES)]
    if tag == _q("rect") and "legend" in context and chart.kind == "line":
        _legend_line(element, colour, dash)
    elif tag == _q("rect"):
        set_("fill", _fill(index, chart, for_pdf))
        set_("stroke", colour)
        set_("stroke-width", "1")
        if for_pdf:
            set_("data-hatch", HATCHES[index % len(HATCHES)])
    elif tag == _q("path") and "line" in classes:
        set_("fill", "none")
        set_("stroke", colour)
        set_("stroke-width", "2.5")
        if dash:
            set_("stroke-dasharray", dash)
    elif tag == _q("circle"):
        set_("fill", colour)
        set_("stroke", "#ffffff")
        set_("stroke-width", "1")


def _legend_line(rect, colour: str, dash: str) -> None:
    """A line chart's legend shows a stroke with the series' dashes, not a square of colour."""
    x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
    width, height = float(rect.get("width", 12)), float(rect.get("height", 12))
    rect.tag = _q("path")
    for name in ("x", "y", "width", "height", "rx", "ry", "class"):
        rect.attrib.pop(name, None)
    rect.set("d", f"M{x - 8:.1f} {y + height / 2:.1f} h{width + 8:.1f}")
    rect.set("fill", "none")
    rect.set("stroke", colour)
    rect.set("stroke-width", "3")
    if dash:
        rect.set("stroke-dasharray", dash)


def _head(root, chart: Chart, *, for_pdf: bool) -> None:
    """Name, description and (on screen) the patterns, first in the document."""
    ident = chart.ident
    for name in ("class", "viewBox"):
        root.attrib.pop(name, None)
    root.set("viewBox", f"0 0 {WIDTH} {VIEW_HEIGHT}")
    root.set("font-family", "sans-serif")
    if for_pdf:
        root.set("width", str(WIDTH))
        root.set("height", str(VIEW_HEIGHT))
        return  # fpdf2 draws no title, description or pattern; the PDF gives the image its own alt text
    root.set("role", "img")
    root.set("class", "report-chart")
    root.set("aria-labelledby", f"{ident}-title {ident}-desc")
    head = [ET.Element(_q("title"), id=f"{ident}-title"), ET.Element(_q("desc"), id=f"{ident}-desc")]
    head[0].text, head[1].text = chart.title, chart.description
    patterns = "".join(pattern(ident, i, COLOURS[i]) for i in range(min(len(chart.series), len(COLOURS))))
    head.append(ET.fromstring(f'<defs xmlns="{SVG_NS}">{patterns}</defs>'))
    for position, element in enumerate(head):
        root.insert(position, element)
