"""`python manage.py backup_now`: make a backup now, exactly as the nightly beat task does
(retention after a success, the failure notice after a failure). `--list` lists the backups instead."""

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from backups import services
from backups.models import BackupRun


class Command(BaseCommand):
    help = "Back up the database and the mail and attachment files now (or --list the backups kept)."

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="list the backups in the storage target")

    def handle(self, *args, **options):
        if options["list"]:
            for name in services.backup_names():
                self.stdout.write(name)
            return
        run = services.backup_scheduled()
        if run.status != BackupRun.Status.OK:
            raise CommandError(run.error)
        self.stdout.write(f"{run.name}: {filesizeformat(run.size_bytes)}")
