"""Reads for the Clerk's settings page: the last good backup and whether it is stale."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from .models import BackupRun


@dataclass(frozen=True)
class BackupStatus:
    last_ok: BackupRun | None
    last_failed: BackupRun | None  # the latest attempt, when it failed
    stale: bool  # no good backup, or the last good one is older than BACKUP_STALE_AFTER_HOURS


def backup_status(*, now: datetime | None = None) -> BackupStatus:
    now = now or timezone.now()
    last_ok = BackupRun.objects.filter(status=BackupRun.Status.OK).first()
    latest = BackupRun.objects.exclude(status=BackupRun.Status.RUNNING).first()
    stale = last_ok is None or last_ok.finished_at < now - timedelta(hours=settings.BACKUP_STALE_AFTER_HOURS)
    return BackupStatus(
        last_ok=last_ok,
        last_failed=latest if latest and latest.status == BackupRun.Status.FAILED else None,
        stale=stale,
    )
