"""Restoring a backup into an empty database and file store, checking everything it can before it
changes anything, then checking the result against the backup's manifest."""

from __future__ import annotations

import json
import logging
import tarfile
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from shutil import copyfileobj

from dbbackup import utils
from dbbackup.db.base import get_connector
from django.conf import settings
from django.db import IntegrityError, connection, transaction

from backups.fingerprint import record_counts, stable_part, table_fingerprints
from backups.services.storage import (
    MANIFEST_FORMAT,
    MANIFEST_SUFFIX,
    BackupError,
    media_files,
    sha256_of,
    storage_target,
)
from council.audit import audit_verify
from council.models import Council

logger = logging.getLogger(__name__)


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


def backup_manifest_read(*, name: str) -> dict:
    name = name.removesuffix(MANIFEST_SUFFIX)
    storage = storage_target()
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
    storage = storage_target()
    if not storage.exists(entry["name"]):
        raise BackupError(f"The backup {name} is incomplete: {entry['name']} is missing. Nothing was changed.")
    local = tempfile.SpooledTemporaryFile(max_size=10 * 1024 * 1024, dir=settings.DBBACKUP_TMP_DIR)  # noqa: SIM115
    with storage.open(entry["name"], "rb") as f:
        copyfileobj(f, local)
    sha, size = sha256_of(local)
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
    if media_files():
        raise BackupError(
            f"The file store {settings.MEDIA_ROOT} is not empty. A backup is restored into an empty "
            "folder: set MEDIA_ROOT to a new one. Nothing was changed."
        )


def backup_restore(*, name: str, passphrase: str | None = None) -> RestoreReport:
    """Restore one backup into an empty database and file store, then check it against its manifest."""

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
        tar = tarfile.open(fileobj=tar_file, mode="r:")  # noqa: SIM115
        members = tar.getmembers()
    except tarfile.TarError as exc:
        raise BackupError(f"The backup's file archive cannot be read ({exc}). Nothing was changed.") from exc

    connector = get_connector("default")
    if connection.vendor == "sqlite":
        # One transaction: a statement that fails undoes the whole restore. The dump lists tables in
        # alphabetical order, so foreign keys are checked once, when every table is in.
        with connection.constraint_checks_disabled():  # noqa: SIM117
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
    media_now = len(media_files())
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
