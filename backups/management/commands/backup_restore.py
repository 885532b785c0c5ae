"""`python manage.py backup_restore NAME`: restore one backup into an empty database and file store, then
verify the audit trail and compare the counts with the backup's own manifest.

It checks the backup's files against the manifest (size and SHA-256), that the database and
MEDIA_ROOT are empty and that the files decrypt, before it changes anything; a damaged or
truncated backup is refused with nothing changed. The passphrase of the backup's private key comes
from --passphrase-file, the BACKUP_GPG_PASSPHRASE environment variable, or a prompt.
"""

import getpass
import os
import sys

from django.core.management.base import BaseCommand, CommandError

from backups import services


class Command(BaseCommand):
    help = "Restore a backup (see backup_now --list) into an empty database and file store, and verify it."

    def add_arguments(self, parser):
        parser.add_argument("name", help="the backup's name, e.g. council-comms-20260101-014000-000000")
        parser.add_argument("--passphrase-file", help="a file holding the private key's passphrase")

    def handle(self, *args, **options):
        passphrase = os.environ.get("BACKUP_GPG_PASSPHRASE")
        if options.get("passphrase_file"):
            with open(options["passphrase_file"]) as f:
                passphrase = f.read().strip()
        if passphrase is None and sys.stdin.isatty():
            passphrase = getpass.getpass("Passphrase of the backup key: ")
        try:
            report = services.backup_restore(name=options["name"], passphrase=passphrase or "")
        except services.BackupError as exc:
            raise CommandError(str(exc)) from exc
        out = self.stdout
        out.write(f"Restored {report.name}.")
        out.write(f"{'':<26}{'backup':>10}{'restored':>10}")
        for label, (wanted, got) in report.counts.items():
            out.write(f"{label:<26}{wanted:>10}{got:>10}{'' if wanted == got else '  DIFFERENT'}")
        out.write(f"{'files':<26}{report.media_files[0]:>10}{report.media_files[1]:>10}")
        out.write(
            f"tables compared with the manifest: {report.tables_checked}, differing: {len(report.table_mismatches)}"
        )
        for slug, state in report.audit.items():
            out.write(f"audit trail {slug}: {state}")
        if not report.ok:
            raise CommandError("The restore does not match the backup: " + "; ".join(report.problems))
        out.write("Everything matches the backup.")
