"""Reading thousands of mailboxes (issue 16): one sweep that fans out to the mailboxes that are due,
a lease per mailbox, backoff for quiet and failing mailboxes, IMAP IDLE for the most active ones
only, and a status the Clerk reads in plain words. Against the real dovecot and a real worker."""

import threading
import time
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from comms.mail.imap import mailbox_lock, mailbox_poll, mailbox_unlock
from comms.mail.schedule import Schedule, activity_decayed, mailboxes_dispatch, next_poll_delay
from comms.mail.watch import MailboxWatcher
from comms.models import Correspondence, MailboxConfig
from comms.tasks import ARRIVED_READ_PRIORITY, SCHEDULED_READ_PRIORITY, mailboxes_poll
from comms.tasks import mailbox_poll as mailbox_poll_task
from tests.factories import CouncilFactory

from .conftest import IMAP_PASSWORD
from .test_ingest_and_autoreply import human

SCHEDULE = Schedule(base=120, quiet_max=600, failing_max=3600, watched=900)


def _box(council, dovecot=None, **fields) -> MailboxConfig:
    return MailboxConfig.objects.create(
        council=council,
        address=council.clerk_email,
        host=dovecot.host if dovecot else "127.0.0.1",
        port=dovecot.port if dovecot else 1,
        security=MailboxConfig.Security.NONE,
        username=f"box{uuid.uuid4().hex[:8]}",
        password_env="IMAP_PASSWORD_SCALE",
        **fields,
    )


@pytest.fixture
def imap_env(monkeypatch):
    monkeypatch.setenv("IMAP_PASSWORD_SCALE", IMAP_PASSWORD)


def _until(check, timeout: float = 30, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


# --- the schedule, on its own ----------------------------------------------------------------------


def test_quiet_mailboxes_are_read_less_and_less_often_up_to_a_limit():
    middle = lambda: 0.5  # noqa: E731 - no jitter
    waits = [
        next_poll_delay(schedule=SCHEDULE, failures=0, quiet_polls=n, watched=False, rand=middle) for n in range(8)
    ]
    assert waits[0] == 120 and waits[1] == 180 and waits == sorted(waits) and waits[-1] == 600


def test_failing_mailboxes_back_off_doubling_up_to_an_hour_and_watched_ones_are_polled_rarely():
    middle = lambda: 0.5  # noqa: E731
    waits = [
        next_poll_delay(schedule=SCHEDULE, failures=n, quiet_polls=0, watched=False, rand=middle) for n in range(1, 9)
    ]
    assert waits[:3] == [240, 480, 960] and waits[-1] == 3600
    assert next_poll_delay(schedule=SCHEDULE, failures=0, quiet_polls=0, watched=True, rand=middle) == 900
    # Failing wins over watched: a watcher does not help a mailbox whose password is wrong.
    assert next_poll_delay(schedule=SCHEDULE, failures=1, quiet_polls=0, watched=True, rand=middle) == 240


def test_every_wait_varies_by_a_tenth_so_mailboxes_set_up_together_drift_apart():
    low = next_poll_delay(schedule=SCHEDULE, failures=0, quiet_polls=0, watched=False, rand=lambda: 0.0)
    high = next_poll_delay(schedule=SCHEDULE, failures=0, quiet_polls=0, watched=False, rand=lambda: 0.999999)
    assert low == pytest.approx(108) and high == pytest.approx(132)
    spread = {round(next_poll_delay(schedule=SCHEDULE, failures=0, quiet_polls=0, watched=False)) for _ in range(200)}
    assert len(spread) > 10 and min(spread) >= 108 and max(spread) <= 132


def test_activity_halves_every_day():
    assert activity_decayed(8, elapsed=None, added=2) == 10
    assert activity_decayed(8, elapsed=timedelta(days=1), added=0) == pytest.approx(4)
    assert activity_decayed(8, elapsed=timedelta(days=3), added=1) == pytest.approx(2)


# --- the sweep and the lease ------------------------------------------------------------------------


@pytest.mark.django_db
def test_sweep_takes_due_mailboxes_with_a_free_lease_longest_waiting_first_and_each_once():
    now = timezone.now()
    c = [CouncilFactory() for _ in range(6)]
    new = _box(c[0])  # never read: due at once
    late = _box(c[1], next_poll_at=now - timedelta(minutes=5))
    due = _box(c[2], next_poll_at=now - timedelta(seconds=1))
    soon = _box(c[3], next_poll_at=now + timedelta(minutes=1))  # not yet
    _box(c[4], next_poll_at=now - timedelta(minutes=9), is_active=False)  # switched off
    held = _box(c[5], next_poll_at=now - timedelta(minutes=9))
    assert mailbox_lock(mailbox_id=held.pk)  # a reader holds it
    assert mailboxes_dispatch(now=now) == [new.pk, late.pk, due.pk]
    assert mailboxes_dispatch(now=now) == []  # queued: the next sweep does not queue them again
    assert mailboxes_dispatch(now=now, limit=1) == []
    # A read that never started (lost with the broker) is queued again after the grace; by then the
    # reader's lease has ended too (it died holding it) and the other mailbox is due.
    later = now + timedelta(seconds=settings.MAILBOX_QUEUED_GRACE_SECONDS + 1)
    assert set(mailboxes_dispatch(now=later)) == {new.pk, late.pk, due.pk, soon.pk, held.pk}


@pytest.mark.django_db
def test_p14_a_dead_readers_mailbox_is_due_as_soon_as_its_lease_ends():
    box = _box(CouncilFactory(), next_poll_at=timezone.now() + timedelta(hours=1))
    token = mailbox_lock(mailbox_id=box.pk)
    box.refresh_from_db()
    assert mailboxes_dispatch(now=box.locked_until - timedelta(seconds=1)) == []
    assert mailbox_lock(mailbox_id=box.pk) is None  # two readers never hold one mailbox
    # The reader died without letting go: when its lease ends the sweep takes the mailbox at once.
    assert mailboxes_dispatch(now=box.locked_until + timedelta(seconds=1)) == [box.pk]
    assert settings.IMAP_LOCK_SECONDS + settings.MAILBOX_SWEEP_SECONDS <= 300
    mailbox_unlock(mailbox_id=box.pk, token=token)


@pytest.mark.imap
@pytest.mark.celery_worker
def test_p14_one_sweep_fans_out_to_the_real_worker_and_every_mailbox_is_read_once(
    transactional_db, dovecot, imap_env, request
):
    boxes = [_box(CouncilFactory(), dovecot) for _ in range(5)]
    for n, box in enumerate(boxes):
        for m in range(n % 3):
            dovecot.append(box.username, human(msgid=f"fan{n}-{m}@example.net", subject=f"Fan-out {n}.{m}"))
    request.getfixturevalue("celery_worker")  # after the password: the worker inherits it
    started = timezone.now()
    assert mailboxes_poll() == 5
    assert mailboxes_poll() == 0  # all queued: a second sweep adds nothing
    _until(lambda: MailboxConfig.objects.filter(last_success_at__gte=started).count() == 5, 60, "every mailbox read")
    assert Correspondence.objects.filter(message_id__startswith="fan").count() == 0 + 1 + 2 + 0 + 1
    for box in MailboxConfig.objects.all():
        assert box.failures == 0 and box.lock_token == "" and box.locked_until is None
        wait = (box.next_poll_at - box.last_success_at).total_seconds()
        # Soon after mail; half as long again after a read that found none (each within a tenth).
        expected = settings.MAILBOX_POLL_SECONDS * (1 if box.quiet_polls == 0 else 1.5)
        assert 0.9 * expected - 1 <= wait <= 1.1 * expected + 5
    assert mailboxes_poll() == 0  # nothing is due until the schedule says so


@pytest.mark.imap
@pytest.mark.celery_worker
def test_a_read_asked_for_by_idle_goes_ahead_of_the_scheduled_reads(transactional_db, dovecot, imap_env, request):
    scheduled = [_box(CouncilFactory(), dovecot) for _ in range(30)]
    arrived = _box(CouncilFactory(), dovecot)
    worker = request.getfixturevalue("celery_worker")  # one process: it takes one read at a time
    queued_at = time.time()
    for box in scheduled:
        mailbox_poll_task.apply_async((box.pk, queued_at), priority=SCHEDULED_READ_PRIORITY)
    mailbox_poll_task.apply_async((arrived.pk, queued_at), priority=ARRIVED_READ_PRIORITY)
    done = MailboxConfig.objects.filter(last_success_at__isnull=False)
    _until(lambda: done.count() == 31, 60, f"every read:\n{worker.log()}")
    order = list(done.order_by("last_polled_at").values_list("pk", flat=True))
    # The worker may already hold a scheduled read or two when the other arrives; not thirty.
    assert order.index(arrived.pk) <= 3, order


@pytest.mark.imap
@pytest.mark.django_db
def test_a_read_queued_before_another_read_began_does_nothing(council, dovecot, imap_env):
    box = _box(council, dovecot)
    queued_at = time.time()
    dovecot.append(box.username, human(msgid="fresh@example.net"))
    assert mailbox_poll(mailbox_id=box.pk, queued_at=queued_at).recorded == 1
    assert mailbox_poll(mailbox_id=box.pk, queued_at=queued_at).status == "fresh"  # the same read, queued twice
    assert mailbox_poll(mailbox_id=box.pk, queued_at=time.time()).status == "done"


@pytest.mark.imap
@pytest.mark.django_db
def test_quiet_mailbox_is_read_less_often_and_new_mail_brings_it_back(council, dovecot, imap_env):
    box = _box(council, dovecot)
    waits = []
    for _ in range(3):
        mailbox_poll(mailbox_id=box.pk)
        box.refresh_from_db()
        waits.append((box.next_poll_at - box.last_polled_at).total_seconds())
    assert box.quiet_polls == 3 and waits[0] < waits[2]
    dovecot.append(box.username, human(msgid="wakes@example.net"))
    assert mailbox_poll(mailbox_id=box.pk).recorded == 1
    box.refresh_from_db()
    assert box.quiet_polls == 0 and box.activity == pytest.approx(1, abs=0.01)
    assert (box.next_poll_at - box.last_polled_at).total_seconds() <= 1.1 * settings.MAILBOX_POLL_SECONDS + 1


@pytest.mark.imap
@pytest.mark.django_db
def test_failing_mailbox_backs_off_and_the_clerk_reads_why_in_plain_words(
    client, council, clerk, dovecot, imap_env, monkeypatch
):
    box = _box(council, dovecot)
    monkeypatch.setenv("IMAP_PASSWORD_SCALE", "not-the-password")
    waits = []
    for _ in range(2):
        assert mailbox_poll(mailbox_id=box.pk).status == "error"
        box.refresh_from_db()
        waits.append((box.next_poll_at - box.last_error_at).total_seconds())
    assert box.failures == 2 and box.error_kind == "login" and box.last_success_at is None
    base = settings.MAILBOX_POLL_SECONDS
    assert 0.85 * 2 * base <= waits[0] <= 1.15 * 2 * base and 0.85 * 4 * base <= waits[1] <= 1.15 * 4 * base
    client.force_login(clerk)
    page = client.get(reverse("settings:mailbox", args=[council.slug])).content.decode()
    assert "Last read successfully: not yet." in page
    assert "The last attempt to read it failed" in page
    assert "the mail server did not accept the user name or password" in page
    assert "failed 2 times in a row" in page and "Next check: about" in page
    for code in ("AUTHENTICATIONFAILED", "Error", "Traceback", "not-the-password", "login"):
        assert code not in page.split('id="mailbox-status"')[1].split("</ul>")[0]
    overview = client.get(reverse("settings:index", args=[council.slug])).content.decode()
    assert "The last reading failed: the mail server did not accept the user name or password." in overview

    monkeypatch.setenv("IMAP_PASSWORD_SCALE", IMAP_PASSWORD)  # the administrator fixes it
    assert mailbox_poll(mailbox_id=box.pk).status == "done"
    box.refresh_from_db()
    assert box.failures == 0 and box.error_kind == "" and box.last_success_at is not None
    page = client.get(reverse("settings:mailbox", args=[council.slug])).content.decode()
    assert "failed" not in page.split('id="mailbox-status"')[1].split("</ul>")[0]
    local = timezone.localtime(box.last_success_at)
    assert f"Last read successfully: {local:%-d %b %Y} at {local:%H:%M}." in page


# --- IMAP IDLE for the most active mailboxes -----------------------------------------------------------


@pytest.mark.imap
def test_idle_is_held_on_the_most_active_mailboxes_only_and_handed_over_when_a_watcher_goes(
    transactional_db, dovecot, imap_env
):
    busy, middling, quiet = (_box(CouncilFactory(), dovecot, activity=a) for a in (9.0, 3.0, 0.0))
    notified: list[int] = []
    first = MailboxWatcher(notify=notified.append, limit=1, round_seconds=1)
    stop = threading.Event()
    thread = threading.Thread(target=first.run, kwargs={"stop": stop.is_set})
    thread.start()
    try:
        _until(lambda: MailboxConfig.objects.filter(watch_token=first.token).count() == 1, 10, "the first watcher")
        assert MailboxConfig.objects.get(watch_token=first.token).pk == busy.pk
        _until(lambda: busy.pk in notified, 10, "the first look at the mailbox")
        notified.clear()
        dovecot.append(busy.username, human(msgid="idle-busy@example.net"))
        _until(lambda: busy.pk in notified, 10, "IDLE to announce the message")
        # A second watcher takes the next most active; a mailbox with no mail is left to polling.
        second = MailboxWatcher(notify=notified.append, limit=5, round_seconds=1)
        assert second.rank() == {middling.pk}
        second.release()
        # A watched mailbox is read rarely by the sweep (IDLE tells it when to read).
        mailbox_poll(mailbox_id=busy.pk)
        busy.refresh_from_db()
        assert (busy.next_poll_at - busy.last_polled_at).total_seconds() >= 0.85 * settings.MAILBOX_WATCHED_POLL_SECONDS
        assert mailboxes_dispatch() == [quiet.pk, middling.pk]  # never read first, then the longest waiting
    finally:
        stop.set()
        thread.join(30)
    busy.refresh_from_db()
    assert busy.watch_token == "" and busy.watched_until is None  # let go on stopping: polled again at once
    assert busy.pk in mailboxes_dispatch()


@pytest.mark.django_db
def test_a_dead_watchers_mailbox_goes_back_to_the_sweep_when_its_watch_lease_ends():
    now = timezone.now()
    box = _box(CouncilFactory(), activity=5.0, next_poll_at=now + timedelta(minutes=15))
    MailboxConfig.objects.filter(pk=box.pk).update(watch_token="dead", watched_until=now + timedelta(seconds=90))
    assert mailboxes_dispatch(now=now) == []
    later = now + timedelta(seconds=91)
    assert mailboxes_dispatch(now=later) == [box.pk]
    box.refresh_from_db()
    assert box.watch_token == "" and box.watched_until is None
    # While a watcher's lease runs, no other watcher takes the mailbox.
    alive_until = timezone.now() + timedelta(seconds=60)
    MailboxConfig.objects.filter(pk=box.pk).update(watch_token="dead", watched_until=alive_until)
    assert MailboxWatcher(notify=lambda pk: None, limit=3).rank() == set()
