"""Outbox over a real SMTP server, councillors' mail copied to the Clerk, the IMAP poller on dovecot."""

import datetime as dt
import email
import os
import signal
import threading
import time
from email import policy
from email.utils import format_datetime

import pytest
from django.utils import timezone

from comms.mail.door import Purpose, council_email_send
from comms.mail.imap import mailbox_listen, mailbox_lock, mailbox_poll, mailbox_unlock
from comms.mail.outbox import outbound_email_send, outbox_send
from comms.models import AutoReplyLog, Capacity, Channel, Correspondence, Direction, MailboxConfig, OutboundEmail
from comms.services.portal import official_message_send, personal_view_copy_send, personal_view_record
from comms.tasks import outbox_relay
from council.models import ClerkAbsence

from .test_ingest_and_autoreply import human
from .test_mail_in import advert


def _queue(council, **kw):
    return council_email_send(
        council=council,
        purpose=Purpose.REPLY,
        to=["resident@example.net"],
        template="reply",
        context={"subject": "Your hedge", "body": "We have passed it on."},
        **kw,
    )


@pytest.mark.django_db
def test_p14_outbox_task_run_twice_sends_once(council, smtp_server):
    row = _queue(council)
    assert outbound_email_send(row.pk) == "sent"
    assert outbound_email_send(row.pk) == "skipped"
    assert outbox_send(outbound_id=row.pk).status == "skipped"
    assert len(smtp_server.messages) == 1
    row.refresh_from_db()
    assert row.status == OutboundEmail.Status.SENT and row.attempts == 1
    sent = email.message_from_bytes(smtp_server.messages[0][2], policy=policy.default)
    assert sent["Message-ID"] == f"<{row.message_id}>" and row.message_id.endswith("@testham.example.gov.uk")


@pytest.mark.django_db
def test_p14_transient_smtp_refusal_is_retried_with_backoff_permanent_fails(council, smtp_server, settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 0
    smtp_server.handler.refuse_next = 2
    row = _queue(council)
    first = outbox_send(outbound_id=row.pk)
    assert first.status == "retry"
    assert outbox_send(outbound_id=row.pk).status == "retry"
    assert outbox_send(outbound_id=row.pk).status == "sent"
    assert len(smtp_server.messages) == 1
    settings.OUTBOX_RETRY_BASE_SECONDS = 30
    smtp_server.handler.refuse_next, smtp_server.handler.refuse_code = 1, "550 5.1.1 No such user"
    bad = _queue(council)
    assert outbox_send(outbound_id=bad.pk).status == "failed"
    bad.refresh_from_db()
    assert bad.status == "failed" and "550" in bad.last_error


@pytest.mark.django_db
def test_p14_smtp_down_then_up_the_relay_sends_what_was_left(council, settings, smtp_server):
    settings.EMAIL_PORT = 1  # nothing listens: connection refused is transient
    settings.OUTBOX_RETRY_BASE_SECONDS = 0
    row = _queue(council)
    assert outbox_send(outbound_id=row.pk).status == "retry"
    settings.EMAIL_PORT = smtp_server.port
    OutboundEmail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now() - dt.timedelta(minutes=5))
    assert outbox_relay() == 1  # queued to the broker; run the task here as the worker would
    assert outbox_send(outbound_id=row.pk).status == "sent"
    assert len(smtp_server.messages) == 1


@pytest.mark.django_db
def test_p10_autoreply_goes_with_a_null_envelope_sender(council, smtp_server):
    from comms.mail.ingest import email_ingest

    saturday = dt.datetime(2025, 6, 14, 10, 0, tzinfo=dt.UTC)
    result = email_ingest(council=council, raw=human(), received_via="test", received_at=saturday)
    assert result.outbound is not None
    outbox_send(outbound_id=result.outbound.pk)
    mail_from, rcpt, data = smtp_server.messages[0]
    assert mail_from in ("", "<>") and rcpt == ["resident@example.net"]
    sent = email.message_from_bytes(data, policy=policy.default)
    assert sent["Auto-Submitted"] == "auto-replied" and sent["In-Reply-To"] == "<h1@example.net>"


@pytest.mark.django_db
def test_p12_councillor_official_mail_reaches_recipient_and_clerk(council, councillor, smtp_server):
    record = official_message_send(
        council=council,
        actor=councillor,
        to="resident@example.net",
        subject="Playing field",
        body_text="The working group meets on Tuesday.",
    )
    assert record.copied_to_clerk and record.capacity == Capacity.OFFICIAL and record.foi_disclosable
    row = OutboundEmail.objects.get(record=record)
    assert outbox_send(outbound_id=row.pk).status == "sent"
    _mail_from, rcpt, data = smtp_server.messages[0]
    assert set(rcpt) == {"resident@example.net", council.clerk_email}
    sent = email.message_from_bytes(data, policy=policy.default)
    assert council.clerk_email in sent["Cc"] and councillor.email in sent["Reply-To"]
    assert f"[Ref {record.thread.reference}]" in sent["Subject"]
    assert record.recipients.filter(kind="cc", address=council.clerk_email).exists()
    assert bytes(Correspondence.objects.get(pk=record.pk).raw.data) == data.replace(b"\n", b"\r\n") or record.raw


@pytest.mark.django_db
def test_p13_personal_view_copied_to_clerk_is_sent_to_clerk_once(council, councillor, smtp_server):
    record = personal_view_record(
        council=council,
        actor=councillor,
        channel=Channel.EMAIL,
        direction=Direction.OUT,
        contact_name="Ann Resident",
        contact_email="ann@example.net",
        summary="My own view.",
    )
    assert not record.foi_disclosable
    personal_view_copy_send(record=record, actor=councillor)
    personal_view_copy_send(record=record, actor=councillor)
    rows = OutboundEmail.objects.filter(record=record)
    assert rows.count() == 1 and rows[0].to == [council.clerk_email]
    outbox_send(outbound_id=rows[0].pk)
    record.refresh_from_db()
    assert record.copied_to_clerk and record.foi_disclosable and record.is_official
    assert len(smtp_server.messages) == 1


@pytest.mark.django_db
def test_p14_outbox_view_is_for_officers_only(client, council, clerk, councillor, other_clerk):
    row = _queue(council)
    url = f"/council/{council.slug}/outbox/"
    client.force_login(clerk)
    assert client.get(url).status_code == 200
    page = client.get(f"{url}{row.pk}/")
    assert page.status_code == 200 and b"Message-ID" in page.content
    client.force_login(councillor)
    assert client.get(url).status_code == 403
    client.force_login(other_clerk)
    assert client.get(url).status_code == 404


# --- the worker killed mid-send ------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    if int(handle.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    return out


@pytest.mark.celery_worker
def test_p14_worker_killed_mid_send_nothing_lost_or_doubled(transactional_db, smtp_server, settings, request):
    settings.TEST_WORKER_EXTRA_ENV = {"EMAIL_URL": smtp_server.url}
    settings.OUTBOX_SENDING_LEASE_SECONDS = 2
    worker = request.getfixturevalue("celery_worker")
    council = request.getfixturevalue("council")
    smtp_server.handler.release.clear()  # the first send hangs inside the SMTP transaction
    row = _queue(council)  # committed: the task goes to the real worker
    assert smtp_server.handler.in_rcpt.wait(30), worker.log()
    for child in _children(worker.process.pid):
        os.kill(child, signal.SIGKILL)
    time.sleep(0.5)
    smtp_server.handler.release.set()
    time.sleep(2.5)
    row.refresh_from_db()
    assert row.status == OutboundEmail.Status.SENDING and smtp_server.messages == []
    deadline = time.monotonic() + 60
    while not smtp_server.messages and time.monotonic() < deadline:
        outbox_relay()  # what beat runs every minute
        time.sleep(1)
    time.sleep(2)
    outbox_relay()
    outbound_email_send.delay(row.pk)
    time.sleep(2)
    row.refresh_from_db()
    assert row.status == OutboundEmail.Status.SENT, worker.log()
    assert len(smtp_server.messages) == 1


# --- IMAP ------------------------------------------------------------------------------------------


@pytest.mark.imap
@pytest.mark.django_db
def test_p14_imap_poller_records_each_message_once_also_when_run_twice(mailbox_config, dovecot, council):
    for n in range(3):
        dovecot.append(mailbox_config.username, human(msgid=f"imap{n}@example.net", subject=f"Message {n}"))
    first = mailbox_poll(mailbox_id=mailbox_config.pk)
    assert (first.status, first.recorded) == ("done", 3), first.errors
    second = mailbox_poll(mailbox_id=mailbox_config.pk)
    assert (second.fetched, second.recorded) == (0, 0)
    dovecot.append(mailbox_config.username, human(msgid="imap3@example.net"))
    assert mailbox_poll(mailbox_id=mailbox_config.pk).recorded == 1
    assert Correspondence.objects.filter(council=council, direction="in").count() == 4
    assert all(r.raw.received_via == "imap" for r in Correspondence.objects.filter(council=council, direction="in"))
    # UIDVALIDITY changed (mailbox rebuilt): everything is read again and recognised, not doubled.
    MailboxConfig.objects.filter(pk=mailbox_config.pk).update(uidvalidity=1)
    again = mailbox_poll(mailbox_id=mailbox_config.pk)
    assert (again.fetched, again.recorded, again.duplicates) == (4, 0, 4)
    assert Correspondence.objects.filter(council=council, direction="in").count() == 4


@pytest.mark.imap
@pytest.mark.django_db
def test_p10_p11_spam_read_by_imap_is_junk_at_once_and_only_the_person_gets_the_out_of_office(
    mailbox_config, dovecot, council
):
    now = timezone.now()
    ClerkAbsence.objects.create(
        council=council, starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(days=2)
    )
    date = format_datetime(timezone.localtime(now))
    dovecot.append(mailbox_config.username, advert(msgid="imap-ad@ink-direct.example.com", date=date))
    dovecot.append(mailbox_config.username, human(msgid="imap-person@example.net", date=date))
    result = mailbox_poll(mailbox_id=mailbox_config.pk)
    assert (result.status, result.recorded) == ("done", 2), result.errors
    spam = Correspondence.objects.get(council=council, message_id="imap-ad@ink-direct.example.com")
    assert spam.triage_verdict.is_junk and spam.thread.is_low_priority
    assert list(AutoReplyLog.objects.filter(council=council).values_list("sender", flat=True)) == [
        "resident@example.net"
    ]
    assert [row.to for row in OutboundEmail.objects.filter(council=council)] == [["resident@example.net"]]


@pytest.mark.imap
@pytest.mark.django_db
def test_p14_one_poller_per_mailbox_and_bad_password_is_reported(mailbox_config, monkeypatch):
    token = mailbox_lock(mailbox_id=mailbox_config.pk)
    assert mailbox_poll(mailbox_id=mailbox_config.pk).status == "locked"
    mailbox_unlock(mailbox_id=mailbox_config.pk, token=token)
    monkeypatch.setenv("IMAP_PASSWORD_TEST", "wrong")
    result = mailbox_poll(mailbox_id=mailbox_config.pk)
    assert result.status == "error"
    mailbox_config.refresh_from_db()
    assert mailbox_config.last_error and mailbox_config.locked_until is None


@pytest.mark.imap
def test_p14_imap_idle_listener_records_new_mail_within_seconds(mailbox_config, dovecot, council, transactional_db):
    stop = threading.Event()
    listener = threading.Thread(
        target=mailbox_listen, kwargs={"mailbox_id": mailbox_config.pk, "stop": stop.is_set, "idle_seconds": 5}
    )
    listener.start()
    try:
        time.sleep(1)
        sent_at = time.monotonic()
        dovecot.append(mailbox_config.username, human(msgid="idle@example.net"))
        while not Correspondence.objects.filter(council=council, message_id="idle@example.net").exists():
            assert time.monotonic() - sent_at < 10, "not recorded within 10 s"
            time.sleep(0.05)
        assert mailbox_poll(mailbox_id=mailbox_config.pk).status == "locked"  # the listener holds the mailbox
    finally:
        stop.set()
        listener.join(30)
    assert Correspondence.objects.filter(council=council, message_id="idle@example.net").count() == 1
