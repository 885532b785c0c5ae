"""The annual communications report as a PDF (fpdf2, pure Python, core fonts).

Each chart is the same pygal chart the page shows, drawn from its SVG (solid fills and drawn hatches,
since fpdf2 draws no <pattern>), followed by its figures as a table, so the PDF reads without the
pictures too.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from django.utils import timezone
from fpdf import FPDF
from fpdf.fonts import FontFace

from .charts import VIEW_HEIGHT, WIDTH, Chart
from .figures import day_month_year

if TYPE_CHECKING:  # the content is built in services.annual, which imports this module
    from .services.annual import AnnualContent, Section

MARGIN = 18
TEXT_WIDTH = 210 - 2 * MARGIN
CHART_WIDTH = TEXT_WIDTH
CHART_HEIGHT = CHART_WIDTH * VIEW_HEIGHT / WIDTH
TABLE_LINE = 4.6  # mm per table row at 8 pt
HEADINGS = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))


def _latin1(text: str) -> str:
    """The core fonts hold Latin-1 only: typographic dashes and quotes become their plain forms."""
    text = (
        text.replace("\u2013", "-")
        .replace("\u2014", "-")
        .replace("\u2018", "'")
        .replace("\u2019", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
        .replace("\u2026", "...")
        .replace("\u00b7", "-")
    )
    return text.encode("latin-1", "replace").decode("latin-1")


class _Report(FPDF):
    def __init__(self, footer_text: str):
        super().__init__(format="A4")
        self.footer_text = footer_text
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.cell(0, 6, _latin1(f"{self.footer_text} - page {self.page_no()}"), align="C")


def _heading(pdf: FPDF, text: str, size: float) -> None:
    pdf.set_font("Helvetica", "B", size)
    pdf.multi_cell(TEXT_WIDTH, size * 0.5, _latin1(text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)


def _paragraph(pdf: FPDF, text: str, size: float = 10.5) -> None:
    pdf.set_font("Helvetica", size=size)
    pdf.multi_cell(TEXT_WIDTH, size * 0.48, _latin1(text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _table(
    pdf: FPDF, head: list[str] | None, rows: list[list[str]], widths: tuple[float, ...], size: float = 9
) -> None:
    pdf.set_font("Helvetica", size=size)
    with pdf.table(
        col_widths=widths,
        width=TEXT_WIDTH,
        first_row_as_headings=head is not None,
        headings_style=HEADINGS,
        line_height=size * 0.5,
        text_align="LEFT",
    ) as table:
        for values in ([head] if head else []) + rows:
            row = table.row()
            for value in values:
                row.cell(_latin1(value))
    pdf.ln(4)


def _chart(pdf: FPDF, chart: Chart) -> None:
    # The chart and its table stay on one page.
    if pdf.get_y() + 24 + CHART_HEIGHT + TABLE_LINE * (len(chart.categories) + 2) > pdf.page_break_trigger:
        pdf.add_page()
    _heading(pdf, chart.title, 11.5)
    _paragraph(pdf, chart.description, 9.5)
    top = pdf.get_y()
    pdf.image(
        io.BytesIO(chart.pdf_svg.encode()),
        x=MARGIN,
        y=top,
        w=CHART_WIDTH,
        h=CHART_HEIGHT,
        alt_text=_latin1(f"{chart.title}. {chart.description}"),
    )
    pdf.set_y(top + CHART_HEIGHT + 3)
    first = 2.2 if len(chart.series) <= 2 else 1.6
    widths = (first, *([1] * len(chart.series)))
    rows = [[category, *cells] for category, cells in chart.table_rows]
    _table(pdf, [chart.x_label or "", *[s.label for s in chart.series]], rows, widths, size=8)


def _section(pdf: FPDF, section: Section) -> None:
    _heading(pdf, section.title, 14)
    for text in section.paragraphs:
        _paragraph(pdf, text)
    if section.rows:
        _table(pdf, None, [[label, value] for label, value in section.rows], (1.3, 1))
    for chart in section.charts:
        _chart(pdf, chart)


def annual_report_pdf(content: AnnualContent) -> bytes:
    council = content.council
    pdf = _Report(f"{council.name}: {content.title}")
    pdf.set_title(_latin1(f"{council.name}: {content.title}"))
    pdf.set_author(_latin1(council.name))
    pdf.set_lang("en-GB")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(TEXT_WIDTH, 6, _latin1(council.name), new_x="LMARGIN", new_y="NEXT")
    _heading(pdf, content.title, 18)
    made_on = day_month_year(timezone.localtime(content.made_at))
    _paragraph(
        pdf,
        f"For the Annual Parish Meeting. It covers {content.period.words} and was made on {made_on}. "
        "Every figure is a count: no member of the public is named.",
    )
    for section in content.sections:
        _section(pdf, section)
    return bytes(pdf.output())
