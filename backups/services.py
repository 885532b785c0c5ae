"""Backups of the statutory record (P14): the database and MEDIA_ROOT (raw mail, attachments).

The dump, compression, GPG encryption and storage are django-dbbackup's (its connectors and utils);
this module adds what a council needs on top: one named backup of both parts with a manifest (each
file's SHA-256 and size, every table's row count and content hash, the counts a Clerk recognises),
retention by count and age, one failure notice to the Clerk(s) and the operator, and a restore that
checks everything it can before it changes anything.

A backup is three files in the storage target:
    council-comms-<stamp>.manifest.json   plain JSON, no personal data
    council-comms-<stamp>.db.<ext>.gz.gpg the database dump, compressed and encrypted
    council-comms-<stamp>.media.tar.gz.gpg MEDIA_ROOT as a tar, compressed and encrypted
"""

from __future__ import annotations

import hashlib
import json
import logging
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from shutil import copyfileobj

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .fingerprint import record_counts, stable_part, table_fingerprints
from .models import BackupRun

logger = logging.getLogger(__name__)

PREFIX = "council-comms-"
MANIFEST_SUFFIX = ".manifest.json"
MANIFEST_FORMAT = 1
STAMP = "%Y%m%d-%H%M%S-%f"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is written for the person who reads it."""


@dataclass
class RestoreReport:
    name: str
    counts: dict[str, tuple[int, int]]  # name -> (in the backup's manifest, in the restored database)
    tables_checked: int
    table_mismatches: list[str]
    audit: dict[str, str]  # council slug -> "ok, N events" or what broke
    media_files: tuple[int, int]
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _storage():
    from django.utils.module_loading import import_string

    # The "dbbackup" entry of STORAGES, read at each call (django-dbbackup's own wrapper freezes its
    # options at import).
    target = settings.STORAGES["dbbackup"]
    return import_string(target["BACKEND"])(**target.get("OPTIONS", {}))


def _sha256_of(fileobj) -> tuple[str, int]:
    fileobj.seek(0)
    digest, size = hashlib.sha256(), 0
    while chunk := fileobj.read(1024 * 1024):
        digest.update(chunk)
        size += len(chunk)
    fileobj.seek(0)
    return digest.hexdigest(), size


def _store(fileobj, name: str) -> dict:
    """Write one file to the storage target, read it back and return what the manifest says of it."""
    sha, size = _sha256_of(fileobj)
    storage = _storage()
    saved = storage.save(name, fileobj)
    if saved != name:
        storage.delete(saved)
        raise BackupError(f"The storage target already holds a file called {name}.")
    with storage.open(name, "rb") as back:
        if _sha256_of(back) != (sha, size):
            raise BackupError(f"The copy of {name} in the storage target does not match what was written.")
    return {"name": name, "sha256": sha, "size": size}


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def _media_tar():
    root = Path(settings.MEDIA_ROOT)
    out = tempfile.SpooledTemporaryFile(max_size=10 * 1024 * 1024, dir=settings.DBBACKUP_TMP_DIR)
    files = _media_files()
    with tarfile.open(fileobj=out, mode="w") as tar:
        for path in files:
            tar.add(path, arcname=path.relative_to(root).as_posix(), recursive=False)
    out.seek(0)
    return out, len(files)


def _encrypted(fileobj, name: str):
    from dbbackup import settings as dbbackup_settings
    from dbbackup import utils

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
    from dbbackup.db.base import get_connector

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
        manifest_file = tempfile.SpooledTemporaryFile()
        manifest_file.write(body)
        _store(manifest_file, stem + MANIFEST_SUFFIX)
    except Exception as exc:
        for name in written:  # a half-made backup is not left looking like a backup
            _storage().delete(name)
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
    storage = _storage()
    try:
        _dirs, files = storage.listdir("")
    except FileNotFoundError:
        return []
    names = [f[: -len(MANIFEST_SUFFIX)] for f in files if f.startswith(PREFIX) and f.endswith(MANIFEST_SUFFIX)]
    return sorted(names, reverse=True)


def _made_at(name: str) -> datetime:
    return timezone.make_aware(datetime.strptime(name[len(PREFIX) :], STAMP), timezone.get_default_timezone())


def backups_prune(*, now: datetime | None = None) -> list[str]:
    """Retention: keep at most BACKUP_KEEP_COUNT backups and none older than BACKUP_KEEP_DAYS, but
    always the newest one. Returns the names removed."""
    now = now or timezone.now()
    names = backup_names()
    cutoff = now - timedelta(days=settings.BACKUP_KEEP_DAYS)
    doomed = [n for i, n in enumerate(names) if i > 0 and (i >= settings.BACKUP_KEEP_COUNT or _made_at(n) < cutoff)]
    storage = _storage()
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
    from comms.mail.door import Purpose, council_email_send
    from council.models import Council
    from records.services.common import clerk_addresses

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


# --- restore ------------------------------------------------------------------------------------------


def backup_manifest_read(*, name: str) -> dict:
    name = name.removesuffix(MANIFEST_SUFFIX)
    storage = _storage()
    if not storage.exists(name + MANIFEST_SUFFIX):
        raise BackupError(f"There is no backup called {name} in the storage target. Nothing was changed.")
    try:
        with storage.open(name + MANIFEST_SUFFIX, "rb") as f:
            manifest = json.loads(f.read().decode())
        assert manifest["format"] == MANIFEST_FORMAT
        for key in ("database", "media"):
            manifest["files"][key]["name"], manifest["files"][key]["sha256"], manifest["files"][key]["size"]
        manifest["tables"], manifest["counts"], manifest["engine"]
    except Exception as exc:
        raise BackupError(
            f"The backup {name} cannot be used: its manifest is damaged or incomplete. Nothing was changed."
        ) from exc
    return manifest


def _fetch_verified(entry: dict, name: str):
    """Copy one backup file to a temporary file; refuse it unless its size and SHA-256 match the manifest."""
    storage = _storage()
    if not storage.exists(entry["name"]):
        raise BackupError(f"The backup {name} is incomplete: {entry['name']} is missing. Nothing was changed.")
    local = tempfile.SpooledTemporaryFile(max_size=10 * 1024 * 1024, dir=settings.DBBACKUP_TMP_DIR)
    with storage.open(entry["name"], "rb") as f:
        copyfileobj(f, local)
    sha, size = _sha256_of(local)
    if size != entry["size"]:
        raise BackupError(
            f"The backup {name} is damaged: {entry['name']} is {size} bytes, but {entry['size']} "
            "were written (a truncated copy?). Nothing was changed."
        )
    if sha != entry["sha256"]:
        raise BackupError(
            f"The backup {name} is damaged: {entry['name']} does not match its checksum. Nothing was changed."
        )
    return local


def _decrypted(fileobj, filename: str, passphrase: str | None):
    from dbbackup import utils

    if not passphrase:
        raise BackupError(
            "Give the passphrase of the backup's private key (the key is kept off the server, "
            "see the README). Nothing was changed."
        )
    try:
        plain, filename = utils.unencrypt_file(fileobj, filename, passphrase=passphrase)
    except Exception as exc:
        raise BackupError(
            "The backup could not be decrypted: import the backup's private key on this machine "
            f"and give its passphrase ({exc}). Nothing was changed."
        ) from exc
    try:
        out = utils.uncompress_file(plain, filename)[0]
    except Exception as exc:
        raise BackupError(f"The backup could not be uncompressed ({exc}). Nothing was changed.") from exc
    out.seek(0)
    return out


def _refuse_unless_empty() -> None:
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"The database is not empty ({len(tables)} tables). A backup is restored into a new, "
            "empty database: create one and point DATABASE_URL at it. Nothing was changed."
        )
    if _media_files():
        raise BackupError(
            f"The file store {settings.MEDIA_ROOT} is not empty. A backup is restored into an empty "
            "folder: set MEDIA_ROOT to a new one. Nothing was changed."
        )


def backup_restore(*, name: str, passphrase: str | None = None) -> RestoreReport:
    """Restore one backup into an empty database and file store, then check it against its manifest."""
    import warnings

    from dbbackup.db.base import get_connector

    manifest = backup_manifest_read(name=name)
    name = manifest["name"]
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"The backup {name} is of a {manifest['engine']} database; this installation uses "
            f"{connection.vendor}. Nothing was changed."
        )
    db_local = _fetch_verified(manifest["files"]["database"], name)
    media_local = _fetch_verified(manifest["files"]["media"], name)
    _refuse_unless_empty()
    dump = _decrypted(db_local, manifest["files"]["database"]["name"], passphrase)
    tar_file = _decrypted(media_local, manifest["files"]["media"]["name"], passphrase)
    try:
        tar = tarfile.open(fileobj=tar_file, mode="r:")
        members = tar.getmembers()
    except tarfile.TarError as exc:
        raise BackupError(f"The backup's file archive cannot be read ({exc}). Nothing was changed.") from exc

    connector = get_connector("default")
    if connection.vendor == "sqlite":
        # One transaction: a statement that fails undoes the whole restore. The dump lists tables in
        # alphabetical order, so foreign keys are checked once, when every table is in.
        with connection.constraint_checks_disabled():
            with warnings.catch_warnings(record=True) as caught, transaction.atomic():
                warnings.simplefilter("always")
                connector.restore_dump(dump)
                failed = [str(w.message) for w in caught if "db restore" in str(w.message)]
                if failed:
                    raise BackupError(f"The database could not be restored: {failed[0]}. Nothing was changed.")
                try:
                    connection.check_constraints()
                except IntegrityError as exc:
                    raise BackupError(f"The restored database is inconsistent ({exc}). Nothing was changed.") from exc
    else:
        connector.restore_dump(dump)  # pg_restore --single-transaction: all or nothing
    connection.close()  # later queries see the restored schema afresh

    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    tar.extractall(root, members=members, filter="data")
    return _restore_check(manifest)


def _restore_check(manifest: dict) -> RestoreReport:
    from council.audit import audit_verify
    from council.models import Council

    now_tables = table_fingerprints()
    wanted = stable_part(manifest["tables"])
    mismatches = sorted(t for t, v in wanted.items() if now_tables.get(t) != v)
    now_counts = record_counts()
    counts = {k: (v, now_counts.get(k, -1)) for k, v in manifest["counts"].items()}
    audit = {}
    for council in Council.objects.order_by("slug"):
        chain = audit_verify(council=council)
        audit[council.slug] = (
            f"ok, {chain.events} events" if chain.ok else f"BROKEN at event {chain.first_break_seq}: {chain.problem}"
        )
    media_now = len(_media_files())
    report = RestoreReport(
        name=manifest["name"],
        counts=counts,
        tables_checked=len(wanted),
        table_mismatches=mismatches,
        audit=audit,
        media_files=(manifest["media_files"], media_now),
    )
    if mismatches:
        report.problems.append(f"{len(mismatches)} tables differ from the backup: {', '.join(mismatches[:10])}")
    report.problems += [f"{k}: {a} in the backup, {b} restored" for k, (a, b) in counts.items() if a != b]
    report.problems += [f"audit trail of {slug} {state}" for slug, state in audit.items() if not state.startswith("ok")]
    if media_now != manifest["media_files"]:
        report.problems.append(f"files: {manifest['media_files']} in the backup, {media_now} restored")
    return report
