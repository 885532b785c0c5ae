"""`manage.py annual_report SLUG --year 2026 --out report.pdf|report.html`: the year's communications
report for the Annual Parish Meeting, made at once (the Reports page's button makes the same report
through a Celery task)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from council.models import Council
from reports.annual_pdf import annual_report_pdf
from reports.services.annual import annual_body_html, annual_content, annual_standalone_html


class Command(BaseCommand):
    help = "Write a council's annual communications report (PDF or HTML) for the Annual Parish Meeting."

    def add_arguments(self, parser):
        parser.add_argument("council", help="the council's slug, e.g. cassington")
        parser.add_argument("--year", type=int, default=None, help="the calendar year (default: last year)")
        parser.add_argument("--out", required=True, help="the file to write: ending .pdf or .html")

    def handle(self, *args, council: str, year: int | None, out: str, **options):
        found = Council.objects.filter(slug=council).first()
        if found is None:
            raise CommandError(f"No council with the slug {council!r}.")
        today = timezone.localdate()
        year = year or today.year - 1
        if year > today.year or year < 2000:
            raise CommandError(f"{year} is not a year the report can cover.")
        path = Path(out)
        if path.suffix.lower() not in (".pdf", ".html", ".htm"):
            raise CommandError("--out must end in .pdf or .html.")

        def progress(percent: int, what: str) -> None:
            if options["verbosity"] > 1:
                self.stdout.write(f"{percent:3d}% {what}")

        content = annual_content(council=found, year=year, today=today, progress=progress)
        if path.suffix.lower() == ".pdf":
            path.write_bytes(annual_report_pdf(content))
        else:
            path.write_text(
                annual_standalone_html(council=found, title=content.title, body_html=annual_body_html(content)),
                encoding="utf-8",
            )
        self.stdout.write(f"Wrote {path} ({content.title}, {found.name}, {content.period.words}).")
