"""The outbox after a dead worker (issue 16): what it held goes out once the lease runs out, exactly
once, unless it died between the server's 250 and the row's update (then once more, never more)."""

import os
import signal
import time
from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.utils import timezone

from comms.mail import outbox
from comms.mail.door import Purpose, council_email_send
from comms.mail.outbox import outbound_email_send, outbox_relay_due, outbox_send
from comms.models import OutboundEmail

from .test_outbox_and_imap import _children


def _queue(council, n=0):
    return council_email_send(
        council=council,
        purpose=Purpose.REPLY,
        to=[f"resident{n}@example.net"],
        template="reply",
        context={"subject": f"Your hedge {n}", "body": "We have passed it on."},
    )


def _message_ids(smtp_server) -> list[str]:
    import email

    return [email.message_from_bytes(raw)["Message-ID"].strip("<>") for _, _, raw in smtp_server.messages]


def _kill_whole_worker(worker, *, pool_now: bool = False) -> None:
    """SIGKILL the worker's main process, as the kernel's OOM killer or a lost machine would; its pool
    processes die with it (Celery sets their parent-death signal), or at once with `pool_now`."""
    children = _children(worker.process.pid)
    assert children, worker.log()
    worker.process.kill()
    for pid in children if pool_now else ():
        os.kill(pid, signal.SIGKILL)
    worker.process.wait(10)
    deadline = time.monotonic() + 10
    while any(os.path.exists(f"/proc/{pid}") and "Z" not in _state(pid) for pid in children):
        assert time.monotonic() < deadline, "a pool process outlived its killed worker"
        time.sleep(0.05)


def _state(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def _relay_until_sent(rows, timeout=30) -> None:
    """What beat's relay and a fresh worker do, in this process: queue what is due, send it."""
    deadline = time.monotonic() + timeout
    while OutboundEmail.objects.filter(pk__in=[r.pk for r in rows]).exclude(status=OutboundEmail.Status.SENT).exists():
        assert time.monotonic() < deadline, list(OutboundEmail.objects.values_list("status", "attempts", "last_error"))
        for pk in outbox_relay_due():
            outbox_send(outbound_id=pk)
        time.sleep(0.2)


@pytest.mark.celery_worker
def test_p14_worker_killed_mid_send_its_rows_go_out_once_when_the_lease_ends(
    transactional_db, smtp_server, settings, request
):
    settings.TEST_WORKER_EXTRA_ENV = {"EMAIL_URL": smtp_server.url}
    settings.OUTBOX_SENDING_LEASE_SECONDS, settings.OUTBOX_RELAY_GRACE_SECONDS = 120, 0
    worker = request.getfixturevalue("celery_worker")
    council = request.getfixturevalue("council")
    smtp_server.handler.release.clear()  # the first send hangs inside the SMTP transaction
    rows = [_queue(council, n) for n in range(3)]
    assert smtp_server.handler.in_rcpt.wait(30), worker.log()
    _kill_whole_worker(worker)
    smtp_server.handler.release.set()
    [held] = OutboundEmail.objects.filter(status=OutboundEmail.Status.SENDING)
    # Its task's message is lost with the worker (or comes back only after the visibility timeout);
    # the relay hands the row out again once the lease has run out, not before.
    assert outbox_relay_due() == [r.pk for r in rows if r.pk != held.pk]
    settings.OUTBOX_SENDING_LEASE_SECONDS = 1
    time.sleep(1)
    assert held.pk in outbox_relay_due()
    _relay_until_sent(rows)
    assert sorted(_message_ids(smtp_server)) == sorted(r.message_id for r in rows)  # each exactly once


@pytest.mark.celery_worker
def test_p14_worker_killed_after_the_servers_250_sends_that_one_message_twice_never_more(
    transactional_db, smtp_server, settings, request
):
    settings.TEST_WORKER_EXTRA_ENV = {"EMAIL_URL": smtp_server.url}
    settings.OUTBOX_SENDING_LEASE_SECONDS, settings.OUTBOX_RELAY_GRACE_SECONDS = 3, 0
    worker = request.getfixturevalue("celery_worker")
    council = request.getfixturevalue("council")
    accept = type(smtp_server.handler).handle_DATA

    async def accept_then_kill(server, session, envelope):  # the server has the message; its 250 never arrives
        reply = await accept(smtp_server.handler, server, session, envelope)
        del smtp_server.handler.handle_DATA
        _kill_whole_worker(worker, pool_now=True)  # before the reply: the pool process must not read the 250
        return reply

    smtp_server.handler.handle_DATA = accept_then_kill
    row = _queue(council)
    deadline = time.monotonic() + 30
    while worker.process.poll() is None:
        assert time.monotonic() < deadline, worker.log()
        time.sleep(0.05)
    row.refresh_from_db()
    assert row.status == OutboundEmail.Status.SENDING and len(smtp_server.messages) == 1
    # The broker may hand the task out again too; the claim and the lease let only one more send through.
    for _ in range(3):
        outbound_email_send(row.pk)
    _relay_until_sent([row])
    for _ in range(3):
        outbound_email_send(row.pk)
        for pk in outbox_relay_due():
            outbox_send(outbound_id=pk)
    assert _message_ids(smtp_server) == [row.message_id, row.message_id]
    row.refresh_from_db()
    assert row.status == OutboundEmail.Status.SENT and row.attempts == 2


@pytest.mark.django_db
def test_p14_running_out_of_time_mid_send_is_retried_not_failed(council, smtp_server, settings, monkeypatch):
    settings.OUTBOX_RETRY_BASE_SECONDS = 0
    row = _queue(council)

    def slow(outbound):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(outbox, "outbound_deliver", slow)
    assert outbox_send(outbound_id=row.pk).status == "retry"
    row.refresh_from_db()
    assert row.status == OutboundEmail.Status.QUEUED and "SoftTimeLimitExceeded" in row.last_error
    monkeypatch.undo()
    assert outbox_send(outbound_id=row.pk).status == "sent"


@pytest.mark.django_db
def test_p14_a_retry_due_later_than_the_countdown_limit_is_left_to_the_relay(council, settings, monkeypatch):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 5  # refused: transient
    queued = []
    monkeypatch.setattr(outbound_email_send, "apply_async", lambda args, countdown: queued.append((args, countdown)))
    row = _queue(council)
    settings.OUTBOX_RETRY_BASE_SECONDS = 30
    assert outbound_email_send(row.pk) == "retry"
    assert queued == [((row.pk,), 30.0)]
    OutboundEmail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    settings.OUTBOX_RETRY_BASE_SECONDS = settings.OUTBOX_RETRY_COUNTDOWN_MAX  # the second attempt waits twice that
    assert outbound_email_send(row.pk) == "retry"
    assert len(queued) == 1  # not held by a worker for longer than the broker's visibility timeout
    row.refresh_from_db()
    assert row.status == OutboundEmail.Status.QUEUED
    assert (row.next_attempt_at - timezone.now()).total_seconds() > settings.OUTBOX_RETRY_COUNTDOWN_MAX
    OutboundEmail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now() - timedelta(minutes=2))
    assert outbox_relay_due() == [row.pk]  # the relay queues it when it is due
