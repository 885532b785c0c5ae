"""A meeting report laid out: its text as blocks (headings, paragraphs, lists) for the page, and as a PDF."""

from __future__ import annotations

from dataclasses import dataclass

from fpdf import FPDF

from reports.models import MeetingReport


@dataclass(frozen=True)
class Block:
    kind: str  # heading | list | paragraph
    text: str = ""
    items: tuple[str, ...] = ()


def report_blocks(body: str) -> list[Block]:
    """The report's text as headings, lists and paragraphs, for the printable page and the PDF."""
    blocks: list[Block] = []
    items: list[str] = []
    for raw in (body or "").splitlines():
        line = raw.strip()
        if line.startswith("- "):
            items.append(line[2:].strip())
            continue
        if items:
            blocks.append(Block("list", items=tuple(items)))
            items = []
        if not line:
            continue
        if line.startswith("#"):
            blocks.append(Block("heading", text=line.lstrip("#").strip()))
        else:
            blocks.append(Block("paragraph", text=line))
    if items:
        blocks.append(Block("list", items=tuple(items)))
    return blocks


_PDF_SUBSTITUTES = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "·": "-", "•": "-", "\u00a0": " "}
)


def _latin1(text: str) -> str:
    return text.translate(_PDF_SUBSTITUTES).encode("latin-1", "replace").decode("latin-1")


def meeting_report_pdf(*, report: MeetingReport) -> bytes:
    """The report as a PDF (fpdf2, pure Python), in the PDF core fonts."""
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(report.title))
    pdf.set_author(_latin1(report.council.name))
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(width, 7, _latin1(report.council.name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 13)
    pdf.multi_cell(width, 7, _latin1(report.title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 10)
    if report.introduction:
        pdf.multi_cell(width, 5, _latin1(report.introduction), new_x="LMARGIN", new_y="NEXT")
    for block in report_blocks(report.body):
        if block.kind == "heading":
            pdf.ln(3)
            pdf.set_font("Helvetica", "B", 12)
            pdf.multi_cell(width, 6, _latin1(block.text), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Helvetica", "", 10)
        elif block.kind == "list":
            for item in block.items:
                pdf.set_x(pdf.l_margin)
                pdf.cell(5, 5, "-")
                pdf.multi_cell(width - 5, 5, _latin1(item), new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.multi_cell(width, 5, _latin1(block.text), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
