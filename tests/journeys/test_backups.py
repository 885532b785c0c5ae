"""P14: the Clerk can see that the record is backed up. A backup fails (no key): the Clerk and the
operator are told once, by email; the next failure tells no one again; a real backup then shows on
the settings page with its size; two days later the page warns that the backup is old."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from backups.models import BackupRun
from tests.backups.conftest import _gpg_home, backup_target  # noqa: F401 - the rehearsal key and folder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OPERATOR = "operator@hosting.example.org"


def test_p14_clerk_is_told_once_of_a_failed_backup_then_sees_the_last_backup_and_the_stale_banner(
    site,
    council,
    clerk,
    backup_target,  # noqa: F811 - the fixture imported above
    settings,
    monkeypatch,
):
    from dbbackup import settings as dbbackup_settings

    settings.BACKUP_OPERATOR_EMAILS = [OPERATOR]
    recipient = dbbackup_settings.GPG_RECIPIENT
    monkeypatch.setattr(dbbackup_settings, "GPG_RECIPIENT", None)  # the key is missing: nothing is backed up

    page = site.page_as(clerk)
    page.goto(site.url(f"/council/{council.slug}/settings/"))
    assert "have not been backed up yet" in page.inner_text("#backup-stale")

    with pytest.raises(CommandError, match="No encryption key"):
        call_command("backup_now")
    [notice] = site.mail.wait_for(1)
    assert notice["To"] == clerk.email and notice["Subject"] == "The backup of the Council's records failed"
    assert "No encryption key is set up" in notice.get_body(("plain",)).get_content()
    assert OPERATOR in site.mail.envelopes[0][1]  # the operator's copy (Bcc)
    with pytest.raises(CommandError):
        call_command("backup_now")
    assert len(site.mail.settle()) == 1  # told once, not every night

    page.reload()
    assert "failed: No encryption key is set up" in page.inner_text("#backup-status")

    monkeypatch.setattr(dbbackup_settings, "GPG_RECIPIENT", recipient)
    call_command("backup_now")
    run = BackupRun.objects.filter(status=BackupRun.Status.OK).get()
    page.reload()
    status = page.inner_text("#backup-status")
    assert "Last successful backup:" in status and "KB" in status and "failed" not in status
    assert page.locator("#backup-stale").count() == 0

    # Two days and a bit pass with no backup.
    BackupRun.objects.filter(pk=run.pk).update(finished_at=timezone.now() - timedelta(hours=49))
    page.reload()
    assert "more than two days old" in page.inner_text("#backup-stale")
