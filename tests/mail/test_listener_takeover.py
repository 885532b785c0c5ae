"""Mail in after a dead reader (issue 16): a mailbox whose IDLE listener (`poll_mailboxes --listen`) is
killed while it holds the mailbox is read again by the beat's poll within five minutes of the death, and
the mail it had already recorded is not recorded twice (P14)."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from comms.mail.imap import mailbox_poll
from comms.models import Correspondence, MailboxConfig
from tests.conftest import PROJECT_ROOT, database_url_for_subprocess

from .test_ingest_and_autoreply import human

FIVE_MINUTES = timedelta(minutes=5)


def _listener(council, tmp_path) -> tuple[subprocess.Popen, object]:
    env = {
        **os.environ,  # with the mailbox's password variable (the mailbox_config fixture sets it)
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url_for_subprocess(),
        "VAR_DIR": str(tmp_path / "var"),  # its file broker and cache: nothing shared with other runs
        "CELERY_BROKER_URL": "",
        "REDIS_URL": "",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    log = tmp_path / "listener.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "poll_mailboxes", "--council", council.slug, "--listen"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return process, log


@pytest.mark.imap
def test_p14_mailbox_held_by_a_killed_listener_is_read_again_within_five_minutes(
    transactional_db, mailbox_config, dovecot, council, settings, tmp_path, monkeypatch
):
    dovecot.append(mailbox_config.username, human(msgid="before-kill@example.net"))
    listener, log = _listener(council, tmp_path)
    try:
        deadline = time.monotonic() + 60
        while not Correspondence.objects.filter(council=council, message_id="before-kill@example.net").exists():
            assert listener.poll() is None and time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.1)
        time.sleep(0.5)  # in IDLE now, holding the mailbox
        os.killpg(listener.pid, signal.SIGKILL)
        listener.wait(10)
    finally:
        if listener.poll() is None:
            os.killpg(listener.pid, signal.SIGKILL)
            listener.wait(10)
    killed_at = timezone.now()
    mailbox_config.refresh_from_db()
    # The dead listener's lease is still on the mailbox, no longer than one lease from its last renewal.
    assert mailbox_config.lock_token and mailbox_config.locked_until is not None
    assert mailbox_config.locked_until <= killed_at + timedelta(seconds=settings.IMAP_LOCK_SECONDS)
    dovecot.append(mailbox_config.username, human(msgid="after-kill@example.net"))
    assert mailbox_poll(mailbox_id=mailbox_config.pk).status == "locked"  # not before the lease ends

    # The beat's poll (every minute) is the first to run after the lease has ended: within five minutes.
    sweep = timedelta(seconds=settings.CELERY_BEAT_SCHEDULE["mailboxes-poll"]["schedule"])
    taken_over_at = mailbox_config.locked_until + sweep
    assert taken_over_at - killed_at <= FIVE_MINUTES
    monkeypatch.setattr(timezone, "now", lambda: taken_over_at)
    result = mailbox_poll(mailbox_id=mailbox_config.pk)
    assert (result.status, result.recorded) == ("done", 1), result.as_dict()
    assert Correspondence.objects.filter(council=council, message_id="after-kill@example.net").count() == 1
    assert Correspondence.objects.filter(council=council, message_id="before-kill@example.net").count() == 1
    assert MailboxConfig.objects.get(pk=mailbox_config.pk).locked_until is None  # released after the read
