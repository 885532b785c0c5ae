"""The hatches that tell a chart's series apart besides their colour: the same white lines as an SVG
<pattern> on screen and as drawn lines in the PDF (fpdf2 draws no <pattern>), so both look alike."""

from __future__ import annotations

from xml.etree import ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
# One kind per series; the first is plain.
HATCHES = ("", "diagonal", "horizontal", "cross", "vertical", "grid")
HATCH_STEP = 6.0


def _hatch_lines(kind: str, x0: float, y0: float, x1: float, y1: float, step: float) -> list[str]:
    """Line segments of a hatch inside the rectangle (x0, y0)-(x1, y1), as SVG path commands."""
    out = []
    if kind in ("horizontal", "grid"):
        out += [f"M{x0:.1f} {y:.1f}H{x1:.1f}" for y in _steps(y0 + step / 2, y1, step)]
    if kind in ("vertical", "grid"):
        out += [f"M{x:.1f} {y0:.1f}V{y1:.1f}" for x in _steps(x0 + step / 2, x1, step)]
    if kind in ("diagonal", "cross"):  # "/" lines: x + y = c
        for c in _steps(x0 + y0 + step / 2, x1 + y1, step):
            a, b = max(x0, c - y1), min(x1, c - y0)
            if a < b:
                out.append(f"M{a:.1f} {c - a:.1f}L{b:.1f} {c - b:.1f}")
    if kind == "cross":  # and the other diagonal: x - y = c
        for c in _steps(x0 - y1 + step / 2, x1 - y0, step):
            a, b = max(x0, c + y0), min(x1, c + y1)
            if a < b:
                out.append(f"M{a:.1f} {a - c:.1f}L{b:.1f} {b - c:.1f}")
    return out


def _steps(start: float, stop: float, step: float):
    value = start
    while value < stop:
        yield value
        value += step


def hatch_path(rect, kind: str):
    """The hatch of one bar or legend swatch as white lines, for fpdf2."""
    x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
    width, height = float(rect.get("width", 0)), float(rect.get("height", 0))
    step = HATCH_STEP if min(width, height) > 14 else HATCH_STEP / 2
    d = "".join(_hatch_lines(kind, x, y, x + width, y + height, step))
    return ET.Element(f"{{{SVG_NS}}}path", d=d or f"M{x} {y}", fill="none", stroke="#ffffff", **{"stroke-width": "1.2"})


def pattern(ident: str, index: int, colour: str) -> str:
    """The on-screen <pattern> for series `index`: its colour with the same hatch the PDF draws."""
    size = HATCH_STEP
    kind = HATCHES[index % len(HATCHES)]
    lines = {
        "": "",
        "horizontal": f"M0 {size / 2}H{size}",
        "vertical": f"M{size / 2} 0V{size}",
        "grid": f"M0 {size / 2}H{size}M{size / 2} 0V{size}",
        "diagonal": (
            f"M0 {size}L{size} 0M{-size / 2} {size / 2}L{size / 2} {-size / 2}"
            f"M{size / 2} {size * 1.5}L{size * 1.5} {size / 2}"
        ),
        "cross": f"M0 {size}L{size} 0M0 0L{size} {size}",
    }[kind]
    mark = f'<path d="{lines}" stroke="#fff" stroke-width="1.2" fill="none"/>' if lines else ""
    return (
        f'<pattern id="{ident}-p{index}" width="{size:g}" height="{size:g}" patternUnits="userSpaceOnUse">'
        f'<rect width="{size:g}" height="{size:g}" fill="{colour}"/>{mark}</pattern>'
    )
