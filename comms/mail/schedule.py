"""When each council's mailbox is read, so that one installation can read thousands of them.

Beat runs one sweep whatever the number of councils (`mailboxes_dispatch`, from the task
`comms.tasks.mailboxes_poll`): it picks the mailboxes that are due, the longest waiting first and at
most MAILBOX_SWEEP_MAX, and the task queues one read of each. A mailbox is due when its next read
time has come and no one holds its read lease (comms.mail.imap), or when the IDLE watcher that held
it (comms.mail.watch) has died: its watch lease ran out.

After every read `poll_outcome_record` sets the next one (`next_poll_delay`): soon after a read that
found mail, later and later while the mailbox stays quiet, and backing off while it fails; each wait
varies by a tenth either way, so mailboxes set up together drift apart instead of being read in
bursts. It also keeps the mailbox's activity (messages read, halving every day), by which the IDLE
watcher chooses the mailboxes it holds open, and what the Clerk sees on the settings page: the last
success, the last error and the next read.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from comms.models import MailboxConfig

__all__ = [
    "ACTIVITY_HALF_LIFE",
    "Schedule",
    "activity_decayed",
    "mailboxes_dispatch",
    "mailboxes_due",
    "next_poll_delay",
    "poll_outcome_record",
]

ACTIVITY_HALF_LIFE = timedelta(days=1)


@dataclass(frozen=True)
class Schedule:
    """The waits between reads, in seconds (config/settings.py explains each)."""

    base: float
    quiet_max: float
    failing_max: float
    watched: float

    @classmethod
    def from_settings(cls) -> Schedule:
        return cls(
            base=settings.MAILBOX_POLL_SECONDS,
            quiet_max=settings.MAILBOX_POLL_QUIET_MAX_SECONDS,
            failing_max=settings.MAILBOX_POLL_FAILING_MAX_SECONDS,
            watched=settings.MAILBOX_WATCHED_POLL_SECONDS,
        )


def next_poll_delay(*, schedule: Schedule, failures: int, quiet_polls: int, watched: bool, rand=random.random) -> float:
    """Seconds until the next read: doubling while failing, growing by half while quiet, rare while an
    IDLE watcher holds the mailbox (it is read when mail arrives); always within a tenth of that."""
    if failures:
        delay = min(schedule.base * 2 ** min(failures, 30), schedule.failing_max)
    elif watched:
        delay = schedule.watched
    else:
        delay = min(schedule.base * 1.5 ** min(quiet_polls, 30), schedule.quiet_max)
    return delay * (0.9 + 0.2 * rand())


def activity_decayed(activity: float, *, elapsed: timedelta | None, added: int) -> float:
    """Messages read, each counting half as much a day later."""
    if elapsed is None or elapsed <= timedelta(0):
        return activity + added
    return activity * 0.5 ** (elapsed / ACTIVITY_HALF_LIFE) + added


def mailboxes_due(*, now: datetime):
    """Active mailboxes whose read is due and whose read lease is free (a dead reader's has run out)."""
    watch_lapsed = Q(watched_until__isnull=False, watched_until__lt=now)
    return (
        MailboxConfig.objects.filter(is_active=True)
        .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now) | watch_lapsed)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
    )


def mailboxes_dispatch(*, now: datetime | None = None, limit: int | None = None) -> list[int]:
    """The mailboxes to read now, the longest waiting first; each is marked as queued (read again
    after MAILBOX_QUEUED_GRACE_SECONDS if the read never starts), so the next sweep skips it."""
    now = now or timezone.now()
    limit = limit or settings.MAILBOX_SWEEP_MAX
    with transaction.atomic():
        due = mailboxes_due(now=now).order_by(F("next_poll_at").asc(nulls_first=True), "pk")
        ids = list(due.select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit])
        if ids:
            grace = timedelta(seconds=settings.MAILBOX_QUEUED_GRACE_SECONDS)
            MailboxConfig.objects.filter(pk__in=ids).update(next_poll_at=now + grace)
            # A watcher that stopped renewing is gone: the mailbox goes back to the ordinary schedule.
            MailboxConfig.objects.filter(pk__in=ids, watched_until__lt=now).update(watch_token="", watched_until=None)
    return ids


def poll_outcome_record(
    *, config: MailboxConfig, started: datetime, fetched: int, error_kind: str = "", error: str = ""
) -> None:
    """After a read that began at `started`: what the Clerk sees and when the next read is."""
    now = timezone.now()
    elapsed = started - config.last_polled_at if config.last_polled_at else None
    fields = {
        "last_polled_at": started,
        "activity": activity_decayed(config.activity, elapsed=elapsed, added=fetched),
    }
    if error:
        fields.update(failures=config.failures + 1, last_error=error, last_error_at=now, error_kind=error_kind)
    else:
        quiet = 0 if fetched else config.quiet_polls + 1
        fields.update(failures=0, quiet_polls=quiet, last_success_at=started, last_error="", error_kind="")
    watched = bool(config.watched_until and config.watched_until > now)
    delay = next_poll_delay(
        schedule=Schedule.from_settings(),
        failures=fields["failures"],
        quiet_polls=fields.get("quiet_polls", config.quiet_polls),
        watched=watched,
    )
    fields["next_poll_at"] = now + timedelta(seconds=delay)
    MailboxConfig.objects.filter(pk=config.pk).update(**fields)
    for name, value in fields.items():
        setattr(config, name, value)
