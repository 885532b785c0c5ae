"""Making a backup (database and MEDIA_ROOT, encrypted, verified in the storage target, with its
manifest), retention, and the nightly run with its one failure notice."""

from __future__ import annotations

import json
import logging
import tarfile
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from dbbackup import settings as dbbackup_settings
from dbbackup import utils
from dbbackup.db.base import get_connector
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from backups.fingerprint import record_counts, stable_part, table_fingerprints
from backups.models import BackupRun
from backups.services.storage import (
    MANIFEST_FORMAT,
    MANIFEST_SUFFIX,
    PREFIX,
    STAMP,
    BackupError,
    media_files,
    sha256_of,
    storage_target,
)
from comms.mail.door import Purpose, council_email_send
from council.models import Council
from records.services.common import clerk_addresses

logger = logging.getLogger(__name__)


def _store(fileobj, name: str) -> dict:
    """Write one file to the storage target, read it back and return what the manifest says of it."""
    sha, size = sha256_of(fileobj)
    storage = storage_target()
    saved = storage.save(name, fileobj)
    if saved != name:
        storage.delete(saved)
        raise BackupError(f"The storage target already holds a file called {name}.")
    with storage.open(name, "rb") as back:
        if sha256_of(back) != (sha, size):
            raise BackupError(f"The copy of {name} in the storage target does not match what was written.")
    return {"name": name, "sha256": sha, "size": size}


def _media_tar():
    root = Path(settings.MEDIA_ROOT)
    out = tempfile.SpooledTemporaryFile(max_size=10 * 1024 * 1024, dir=settings.DBBACKUP_TMP_DIR)  # noqa: SIM115
    files = media_files()
    with tarfile.open(fileobj=out, mode="w") as tar:
        for path in files:
            tar.add(path, arcname=path.relative_to(root).as_posix(), recursive=False)
    out.seek(0)
    return out, len(files)


def _encrypted(fileobj, name: str):

    if not dbbackup_settings.GPG_RECIPIENT:
        raise BackupError(
            "No encryption key is set up for backups, so none was made (the operator sets BACKUP_GPG_RECIPIENT)."
        )
    compressed, name = utils.compress_file(fileobj, name)
    try:
        return utils.encrypt_file(compressed, name)
    except Exception as exc:  # dbbackup raises its own EncryptionError or gnupg's errors
        raise BackupError(f"The backup could not be encrypted with the configured key ({exc}).") from exc


def _fingerprints_settled(dump) -> tuple[dict, object]:
    """Dump while nothing that matters changes: fingerprints before and after must agree (3 tries)."""
    for _ in range(3):
        before = table_fingerprints()
        counts = record_counts()
        dumped = dump()
        after = table_fingerprints()
        if stable_part(before) == stable_part(after):
            return {"tables": after, "counts": counts}, dumped
    raise BackupError("The records kept changing while the backup was being made; it will be tried again.")


def backup_create() -> BackupRun:
    """Make one backup (database and files), verified in the storage target; records the attempt."""

    run = BackupRun.objects.create(started_at=timezone.now())
    stem = PREFIX + run.started_at.strftime(STAMP)
    written: list[str] = []
    try:
        connector = get_connector("default")
        state, dump = _fingerprints_settled(connector.create_dump)
        db_file, db_name = _encrypted(dump, f"{stem}.db.{connector.extension}")
        files = {"database": _store(db_file, db_name)}
        written.append(db_name)
        media, media_count = _media_tar()
        media_file, media_name = _encrypted(media, f"{stem}.media.tar")
        files["media"] = _store(media_file, media_name)
        written.append(media_name)
        manifest = {
            "format": MANIFEST_FORMAT,
            "name": stem,
            "created_at": run.started_at.isoformat(),
            "engine": connection.vendor,
            "connector": f"{type(connector).__module__}.{type(connector).__name__}",
            "files": files,
            "media_files": media_count,
            "counts": state["counts"],
            "tables": state["tables"],
        }
        body = json.dumps(manifest, indent=1, sort_keys=True).encode()
        manifest_file = tempfile.SpooledTemporaryFile()  # noqa: SIM115
        manifest_file.write(body)
        _store(manifest_file, stem + MANIFEST_SUFFIX)
    except Exception as exc:
        for name in written:  # a half-made backup is not left looking like a backup
            storage_target().delete(name)
        run.status, run.error, run.finished_at = BackupRun.Status.FAILED, _plain_error(exc), timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        logger.exception("backup failed")
        return run
    run.status, run.name, run.finished_at = BackupRun.Status.OK, stem, timezone.now()
    run.size_bytes = sum(f["size"] for f in files.values()) + len(body)
    run.save(update_fields=["status", "name", "finished_at", "size_bytes"])
    return run


def _plain_error(exc: Exception) -> str:
    if isinstance(exc, BackupError):
        return str(exc)
    return f"An unexpected error stopped the backup: {type(exc).__name__}: {exc}"


# --- listing and retention ---------------------------------------------------------------------------


def backup_names() -> list[str]:
    """The backups in the storage target, newest first (by the manifests present)."""
    storage = storage_target()
    try:
        _dirs, files = storage.listdir("")
    except FileNotFoundError:
        return []
    names = [f[: -len(MANIFEST_SUFFIX)] for f in files if f.startswith(PREFIX) and f.endswith(MANIFEST_SUFFIX)]
    return sorted(names, reverse=True)


def _made_at(name: str) -> datetime:
    return timezone.make_aware(datetime.strptime(name[len(PREFIX) :], STAMP), timezone.get_default_timezone())  # noqa: DTZ007


def backups_prune(*, now: datetime | None = None) -> list[str]:
    """Retention: keep at most BACKUP_KEEP_COUNT backups and none older than BACKUP_KEEP_DAYS, but
    always the newest one. Returns the names removed."""
    now = now or timezone.now()
    names = backup_names()
    cutoff = now - timedelta(days=settings.BACKUP_KEEP_DAYS)
    doomed = [n for i, n in enumerate(names) if i > 0 and (i >= settings.BACKUP_KEEP_COUNT or _made_at(n) < cutoff)]
    storage = storage_target()
    _dirs, files = storage.listdir("")
    for name in doomed:
        # The manifest goes last: a backup without its data files is never listed as usable.
        for f in sorted((f for f in files if f.startswith(name + ".")), key=lambda f: f.endswith(MANIFEST_SUFFIX)):
            storage.delete(f)
    return doomed


# --- the scheduled run and its failure notice --------------------------------------------------------


def backup_failure_notify(*, run: BackupRun) -> bool:
    """Email each council's Clerk(s), and the operator once, that the backup failed; only for the
    first failure after a success (or ever), so a broken setup is told once, not every night."""

    if run.status != BackupRun.Status.FAILED or run.notified:
        return False
    earlier = BackupRun.objects.filter(started_at__lt=run.started_at).exclude(status=BackupRun.Status.RUNNING).first()
    if earlier is not None and earlier.status == BackupRun.Status.FAILED:
        return False  # already told at the first failure
    last_ok = BackupRun.objects.filter(status=BackupRun.Status.OK).first()
    operator = list(settings.BACKUP_OPERATOR_EMAILS) or [email for _name, email in settings.ADMINS]
    with transaction.atomic():
        claimed = BackupRun.objects.filter(pk=run.pk, notified=False).update(notified=True)
        if not claimed:
            return False
        for council in Council.objects.order_by("pk"):
            to = [a for a in clerk_addresses(council=council) if a]
            if not to:
                continue
            # The operator's copy rides on the first council's notice, so they hear of it once.
            council_email_send(
                council=council,
                purpose=Purpose.BACKUP_FAILED,
                to=to,
                bcc=operator,
                template="backup_failed",
                context={"run": run, "last_ok": last_ok},
            )
            operator = []
    return True


def backup_scheduled() -> BackupRun:
    """What beat runs nightly: back up, apply retention after a success, tell of a failure."""
    run = backup_create()
    if run.status == BackupRun.Status.OK:
        backups_prune()
    else:
        backup_failure_notify(run=run)
    return run
