"""`python manage.py foi_due_date YYYY-MM-DD`: the FOIA 2000 s.10 due date for a request received that day."""

from django.core.management.base import BaseCommand

from council.workdays import foi_due_date

from ._dates import parse_iso_date


class Command(BaseCommand):
    requires_system_checks = []  # a pure calculation: no database, no checks
    help = (
        "Print (ISO) the last day to answer a Freedom of Information request received on the given day: "
        "the twentieth working day after receipt (weekends, Christmas Day, Good Friday and UK bank holidays excluded)."
    )

    def add_arguments(self, parser):
        parser.add_argument("received", metavar="YYYY-MM-DD", help="the day the request was received")

    def handle(self, *args, **options):
        received = parse_iso_date(options["received"])
        self.stdout.write(foi_due_date(received).isoformat())
