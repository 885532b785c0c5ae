"""Recovery after a dead worker (issue 16): the timings in config/settings.py hold together, so what a
dead worker held goes out within five minutes and no task is handed out twice while it still runs;
and the beat schedule does not grow with the number of councils."""

import inspect
import re
from datetime import timedelta

import pytest
from django.conf import settings

from comms.mail import imap
from comms.mail.outbox import outbound_email_send, sending_lease
from comms.tasks import mailbox_poll, mailboxes_poll, outbox_relay
from config.celery import app
from council.models import Council

FIVE_MINUTES = 300
SEND_TIME = 30  # a generous time for the relay's queued task to reach a worker and send
# Tasks that call retry() themselves, and the setting that bounds their countdown.
MANUAL_COUNTDOWNS = {
    "comms.mail.outbox.outbound_email_send": "OUTBOX_RETRY_COUNTDOWN_MAX",
    "social.tasks.page_item_process": "SOCIAL_RETRY_COUNTDOWN_MAX",
    "social.tasks.page_item_decide": "SOCIAL_RETRY_COUNTDOWN_MAX",
}


def _project_tasks() -> dict:
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}


def test_outbox_lease_is_a_little_longer_than_the_send_tasks_hard_limit():
    assert outbound_email_send.time_limit == settings.OUTBOX_SEND_TIME_LIMIT
    assert outbound_email_send.soft_time_limit == settings.OUTBOX_SEND_SOFT_TIME_LIMIT < settings.OUTBOX_SEND_TIME_LIMIT
    # Longer: when the lease runs out, the claimant has been killed at its hard limit (or died with its
    # worker), so the relay never hands out a row that is still being sent. A little: not much later.
    limit = settings.OUTBOX_SEND_TIME_LIMIT
    assert limit < settings.OUTBOX_SENDING_LEASE_SECONDS <= limit + 60
    assert sending_lease() == timedelta(seconds=settings.OUTBOX_SENDING_LEASE_SECONDS)


def test_a_dead_workers_rows_go_out_within_five_minutes():
    relay = settings.CELERY_BEAT_SCHEDULE["outbox-relay"]
    assert relay["task"] == outbox_relay.name and relay["schedule"] == settings.OUTBOX_RELAY_SECONDS
    assert settings.OUTBOX_SENDING_LEASE_SECONDS + settings.OUTBOX_RELAY_SECONDS + SEND_TIME <= FIVE_MINUTES


def test_a_dead_pollers_mailbox_is_read_again_within_five_minutes():
    assert imap._lease() == timedelta(seconds=settings.IMAP_LOCK_SECONDS)
    # The lease is renewed after every message: it must outlast the longest wait on the server.
    assert settings.IMAP_LOCK_SECONDS > settings.IMAP_TIMEOUT
    poll = settings.CELERY_BEAT_SCHEDULE["mailboxes-poll"]
    assert poll["task"] == mailboxes_poll.name
    assert settings.IMAP_LOCK_SECONDS + poll["schedule"] <= FIVE_MINUTES
    assert mailbox_poll.name in settings.CELERY_TASK_ROUTES


def _longest_countdown(task) -> int:
    """The longest a retry of `task` waits in a worker before it runs (Celery's exponential backoff, or
    the most a task that retries by itself asks for)."""
    if task.name in MANUAL_COUNTDOWNS:
        return getattr(settings, MANUAL_COUNTDOWNS[task.name])
    if not getattr(task, "autoretry_for", ()) or not getattr(task, "retry_backoff", False):
        return 0
    factor = 1 if task.retry_backoff is True else int(task.retry_backoff)
    return min(getattr(task, "retry_backoff_max", 600), factor * 2 ** max(0, task.max_retries - 1))


# Tasks that may run longer than the visibility timeout: each holds a lock of its own, so a second
# delivery while one runs does nothing.
SELF_LOCKING = {"backups.tasks.backup_scheduled", "records.tasks.retention_apply"}


def test_no_task_is_handed_out_again_while_it_still_runs_or_waits():
    visibility = settings.REDIS_VISIBILITY_TIMEOUT
    assert visibility > settings.OUTBOX_RETRY_COUNTDOWN_MAX + settings.OUTBOX_SEND_TIME_LIMIT
    too_long = []
    for name, task in _project_tasks().items():
        if not (task.acks_late if task.acks_late is not None else app.conf.task_acks_late) or name in SELF_LOCKING:
            continue
        limit = task.time_limit or app.conf.task_time_limit
        if limit + _longest_countdown(task) >= visibility:
            too_long.append(f"{name}: {limit} s + countdown {_longest_countdown(task)} s")
    assert not too_long, f"longer than the broker's visibility timeout ({visibility} s): {too_long}"
    # A task that retries by itself (or through a helper) says how long its countdown may be.
    retrying = {
        name
        for name, task in _project_tasks().items()
        if re.search(r"\bretry\(|_retry\w*\(|countdown=", inspect.getsource(task.run))
        and not getattr(task, "autoretry_for", ())
    }
    assert retrying <= set(MANUAL_COUNTDOWNS), retrying - set(MANUAL_COUNTDOWNS)
    assert set(SELF_LOCKING) <= set(_project_tasks())


def test_the_redis_broker_uses_the_visibility_timeout(monkeypatch):
    import importlib

    import config.settings as module

    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    try:
        reloaded = importlib.reload(module)
        assert reloaded.CELERY_BROKER_TRANSPORT_OPTIONS == {"visibility_timeout": reloaded.REDIS_VISIBILITY_TIMEOUT}
        assert reloaded.CELERY_TASK_ACKS_LATE and reloaded.CELERY_TASK_REJECT_ON_WORKER_LOST
    finally:
        monkeypatch.undo()
        importlib.reload(module)


def _beat_entries() -> dict:
    """What beat runs, as django-celery-beat's scheduler sets it up from the settings and the database."""
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import DatabaseScheduler

    DatabaseScheduler(app=app)  # writes the settings' entries to the database, as beat does at start
    return {task.name: (task.task, task.args, task.kwargs) for task in PeriodicTask.objects.all()}


@pytest.mark.django_db
def test_beat_schedule_does_not_grow_with_the_number_of_councils(monkeypatch):
    from comms.models import MailboxConfig

    # The scheduler drops stale connections between ticks; here that would be the test's transaction.
    monkeypatch.setattr("django_celery_beat.schedulers.close_old_connections", lambda: None)

    def councils(first: int, count: int) -> None:
        for n in range(first, first + count):
            council = Council.objects.create(
                slug=f"beatham-{n}", name=f"Beatham {n} Parish Council", clerk_email=f"clerk@beatham{n}.example.gov.uk"
            )
            MailboxConfig.objects.create(
                council=council,
                address=council.clerk_email,
                host="127.0.0.1",
                port=1,
                security=MailboxConfig.Security.NONE,
                username=f"box{n}",
                password_env="IMAP_PASSWORD_BEAT",
            )

    councils(0, 1)
    with_one = _beat_entries()
    councils(1, 40)
    assert _beat_entries() == with_one
    assert set(with_one) - {"celery.backend_cleanup"} == set(settings.CELERY_BEAT_SCHEDULE)
    # One sweep per kind of work, taking no council: the sweep fans out (one poll per mailbox).
    assert all(args == "[]" and kwargs == "{}" for _, args, kwargs in with_one.values())
    assert mailboxes_poll() == 41
