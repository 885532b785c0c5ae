"""Backups of the statutory record (P14): the database and MEDIA_ROOT (raw mail, attachments).

The dump, compression, GPG encryption and storage are django-dbbackup's (its connectors and utils);
this package adds what a council needs on top: one named backup of both parts with a manifest (each
file's SHA-256 and size, every table's row count and content hash, the counts a Clerk recognises),
retention by count and age, one failure notice to the Clerk(s) and the operator (backup.py), and a
restore that checks everything it can before it changes anything (restore.py). The names below are
the package's public API.

A backup is three files in the storage target:
    council-comms-<stamp>.manifest.json   plain JSON, no personal data
    council-comms-<stamp>.db.<ext>.gz.gpg the database dump, compressed and encrypted
    council-comms-<stamp>.media.tar.gz.gpg MEDIA_ROOT as a tar, compressed and encrypted
"""

from backups.services.backup import backup_create, backup_failure_notify, backup_names, backup_scheduled, backups_prune
from backups.services.restore import RestoreReport, backup_manifest_read, backup_restore
from backups.services.storage import MANIFEST_SUFFIX, PREFIX, STAMP, BackupError

__all__ = [
    "MANIFEST_SUFFIX",
    "PREFIX",
    "STAMP",
    "BackupError",
    "RestoreReport",
    "backup_create",
    "backup_failure_notify",
    "backup_manifest_read",
    "backup_names",
    "backup_restore",
    "backup_scheduled",
    "backups_prune",
]
