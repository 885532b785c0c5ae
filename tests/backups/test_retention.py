"""Retention of backups by count and age: at most BACKUP_KEEP_COUNT, none older than BACKUP_KEEP_DAYS,
never the newest; a backup's data files go with its manifest."""

from datetime import datetime, timedelta

from django.utils import timezone

from backups.services import PREFIX, STAMP, backup_names, backups_prune


def _fake_backup(folder, made_at):
    name = PREFIX + made_at.strftime(STAMP)
    for suffix in (".manifest.json", ".db.dump.gz.gpg", ".media.tar.gz.gpg"):
        (folder / (name + suffix)).write_bytes(b"x")
    return name


def test_p14_retention_keeps_the_newest_by_count_and_age(backup_target, settings):
    backup_target.mkdir()
    settings.BACKUP_KEEP_COUNT, settings.BACKUP_KEEP_DAYS = 3, 10
    now = timezone.make_aware(datetime(2026, 6, 30, 2, 0))  # noqa: DTZ001
    names = [_fake_backup(backup_target, now - timedelta(days=d)) for d in (0, 1, 2, 3, 20)]
    removed = backups_prune(now=now)
    assert sorted(removed) == sorted(names[3:])
    assert backup_names() == names[:3]
    assert len(list(backup_target.iterdir())) == 9


def test_p14_retention_by_age_never_removes_the_only_backup(backup_target, settings):
    backup_target.mkdir()
    settings.BACKUP_KEEP_COUNT, settings.BACKUP_KEEP_DAYS = 3, 10
    now = timezone.now()
    old = [_fake_backup(backup_target, now - timedelta(days=d)) for d in (40, 50)]
    assert backups_prune(now=now) == [old[1]]
    assert backup_names() == [old[0]]
