"""`python manage.py sar_due_date YYYY-MM-DD`: the UK GDPR Art. 12(3) due date for a subject access request."""

from django.core.management.base import BaseCommand

from council.workdays import sar_due_date

from ._dates import parse_iso_date


class Command(BaseCommand):
    requires_system_checks = []  # a pure calculation: no database, no checks
    help = (
        "Print (ISO) the last day to answer a subject access request received on the given day: one calendar month "
        "(or the month's last day), moved to the next working day if it falls on a weekend or bank holiday."
    )

    def add_arguments(self, parser):
        parser.add_argument("received", metavar="YYYY-MM-DD", help="the day the request was received")

    def handle(self, *args, **options):
        received = parse_iso_date(options["received"])
        self.stdout.write(sar_due_date(received).isoformat())
