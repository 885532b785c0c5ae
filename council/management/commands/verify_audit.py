"""`python manage.py verify_audit [--council SLUG]`: check each council's hash-chained audit trail (P14)."""

from django.core.management.base import BaseCommand, CommandError

from council.audit import audit_verify
from council.models import Council


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain of one council (or all); report the first break and exit non-zero."

    def add_arguments(self, parser):
        parser.add_argument("--council", metavar="SLUG", help="only this council")

    def handle(self, *args, **options):
        councils = Council.objects.order_by("slug")
        if options.get("council"):
            councils = councils.filter(slug=options["council"])
            if not councils.exists():
                raise CommandError(f"No council with slug {options['council']!r}.")
        broken = []
        for council in councils:
            report = audit_verify(council=council)
            if report.ok:
                self.stdout.write(f"{council.slug}: ok, {report.events} events")
            else:
                broken.append(council.slug)
                self.stderr.write(f"{council.slug}: BROKEN at event {report.first_break_seq}: {report.problem}")
        if broken:
            raise CommandError(f"Audit trail broken in: {', '.join(broken)}.")
