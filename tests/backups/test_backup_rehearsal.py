"""P14: the statutory record survives the loss of its server. A full rehearsal: load the demo, add
records (with an attachment on disk), back up, destroy the database and the file store, restore with
the one command, and find every table and file as it was; and a damaged backup is refused with
nothing changed. Runs on whichever database the suite runs on (SQLite or PostgreSQL)."""

from __future__ import annotations

import re
import shutil
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from backups.fingerprint import table_fingerprints
from backups.models import BackupRun
from backups.services import backup_names
from comms.mail.ingest import email_ingest
from comms.models import Attachment
from comms.services.correspondence import contact_find_or_create, thread_create
from council.models import Council
from records.services.foi import foi_request_create
from records.services.sar import sar_create
from tests.backups.conftest import PASSPHRASE

pytestmark = pytest.mark.django_db(transaction=True)


def _mail_with_attachment(n: int) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Resident {n} <resident{n}@example.net>"
    msg["To"] = "clerk@cassington.example.org"
    msg["Subject"] = f"Flooding on Mill Lane, photo {n}"
    msg["Message-ID"] = f"<rehearsal-{n}@example.net>"
    msg.set_content(f"The drain by number {n} is blocked again; photo attached.")
    msg.add_attachment(
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * (n + 1), maintype="image", subtype="png", filename=f"drain-{n}.png"
    )
    return msg.as_bytes()


def _destroy_everything(media_root: str) -> None:
    """The server is lost: every table dropped, the file store gone."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in tables:
                cursor.execute(f"DROP TABLE {connection.ops.quote_name(table)}")
            cursor.execute("PRAGMA foreign_keys = ON")
    connection.close()
    shutil.rmtree(media_root, ignore_errors=True)
    assert connection.introspection.table_names() == []


def _files(root: str) -> dict[str, bytes]:
    base = Path(root)
    return {p.relative_to(base).as_posix(): p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()}


def test_p14_backup_destroy_restore_gives_back_every_table_and_file(backup_target, settings, capsys):
    call_command("load_demo")
    council = Council.objects.get(slug="cassington")
    for n in range(3):
        email_ingest(council=council, raw=_mail_with_attachment(n), received_via="ingest_email", autoreply=False)
    thread_create(council=council, subject="Bench by the pond", actor=None)
    foi_request_create(
        council=council,
        actor=None,
        requester_name="A Journalist",
        summary="Grass-cutting contract",
        received_on=date(2026, 3, 2),
    )
    sar_create(
        council=council,
        actor=None,
        received_on=date(2026, 3, 3),
        requester_name="Resident One",
        contact=contact_find_or_create(council=council, email="resident1@example.net"),
    )
    assert Attachment.objects.count() >= 3

    call_command("backup_now")
    run = BackupRun.objects.get()
    assert run.status == BackupRun.Status.OK and run.size_bytes > 0
    name = run.name
    assert backup_names() == [name]
    stored = sorted(p.name for p in backup_target.iterdir())
    assert stored == sorted(
        [
            f"{name}.manifest.json",
            f"{name}.media.tar.gz.gpg",
            f"{name}.db.{'psql.bin' if connection.vendor == 'postgresql' else 'dump'}.gz.gpg",
        ]
    )
    # Encrypted at rest: the attachment's bytes and the residents' addresses are not readable in the files.
    for path in backup_target.iterdir():
        data = path.read_bytes()
        assert b"resident1@example.net" not in data and bytes(range(256)) not in data

    before_tables = table_fingerprints()
    before_files = _files(settings.MEDIA_ROOT)
    assert len(before_files) >= 3

    _destroy_everything(settings.MEDIA_ROOT)
    capsys.readouterr()
    call_command("backup_restore", name, f"--passphrase-file={_passphrase_file(backup_target)}")
    out = capsys.readouterr().out

    assert "Everything matches the backup." in out
    assert re.search(r"FOI requests\s+1\s+1", out) and re.search(r"subject access requests\s+1\s+1", out)
    assert "audit trail cassington: ok" in out and "audit trail bassingbourn: ok" in out
    after_tables = table_fingerprints()
    # Every table, its row count and content hash, exactly as before (the backup log included: it was
    # written before the dump, so it comes back showing the run as in progress).
    assert set(after_tables) == set(before_tables)
    differing = {t for t in before_tables if t != "backups_backuprun" and before_tables[t] != after_tables[t]}
    assert differing == set()
    assert _files(settings.MEDIA_ROOT) == before_files
    call_command("verify_audit")


def _passphrase_file(folder: Path) -> Path:
    path = folder.parent / "passphrase"
    path.write_text(PASSPHRASE)
    return path


def _backup_then_empty(settings) -> tuple[str, Path]:
    call_command("load_demo")
    council = Council.objects.get(slug="bassingbourn")
    email_ingest(council=council, raw=_mail_with_attachment(7), received_via="ingest_email", autoreply=False)
    call_command("backup_now")
    return BackupRun.objects.get().name


@pytest.mark.parametrize("damage", ["truncated", "corrupted", "manifest"])
def test_p14_a_damaged_backup_is_refused_and_nothing_changes(damage, backup_target, settings):
    name = _backup_then_empty(settings)
    db_file = next(backup_target.glob(f"{name}.db.*"))
    if damage == "truncated":
        db_file.write_bytes(db_file.read_bytes()[: db_file.stat().st_size // 2])
        expected = "truncated"
    elif damage == "corrupted":
        data = bytearray(db_file.read_bytes())
        data[len(data) // 2] ^= 0xFF
        db_file.write_bytes(bytes(data))
        expected = "does not match its checksum"
    else:
        manifest = backup_target / f"{name}.manifest.json"
        manifest.write_bytes(manifest.read_bytes()[:40])
        expected = "manifest is damaged"
    _destroy_everything(settings.MEDIA_ROOT)

    with pytest.raises(CommandError, match=expected) as refused:
        call_command("backup_restore", name, f"--passphrase-file={_passphrase_file(backup_target)}")
    assert "Nothing was changed" in str(refused.value)
    assert connection.introspection.table_names() == []
    assert not Path(settings.MEDIA_ROOT).exists() or _files(settings.MEDIA_ROOT) == {}
    _migrate_back()


def test_p14_restore_refuses_a_database_that_is_not_empty(backup_target, settings):
    name = _backup_then_empty(settings)
    before = table_fingerprints()
    with pytest.raises(CommandError, match="The database is not empty.*Nothing was changed"):  # noqa: RUF043
        call_command("backup_restore", name, f"--passphrase-file={_passphrase_file(backup_target)}")
    assert table_fingerprints() == before


def test_p14_a_wrong_passphrase_is_refused_before_anything_is_written(backup_target, settings, tmp_path):
    name = _backup_then_empty(settings)
    _destroy_everything(settings.MEDIA_ROOT)
    wrong = tmp_path / "wrong"
    wrong.write_text("not the passphrase")
    with pytest.raises(CommandError, match="could not be decrypted.*Nothing was changed"):  # noqa: RUF043
        call_command("backup_restore", name, f"--passphrase-file={wrong}")
    assert connection.introspection.table_names() == []
    _migrate_back()


def _migrate_back() -> None:
    # The test database is left with its tables, for the tests that follow.
    call_command("migrate", verbosity=0)
