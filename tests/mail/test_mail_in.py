"""Mail coming in (issue 11, items 9, 11, 14): automatic mail stays out of the main inbox, a member's
emailed reply acknowledges their referral, members get no out-of-office reply, the out-of-office
subject carries the case reference, and a private personal view takes no number from the register.
Spam is filed as junk as it is recorded and never gets the out-of-office reply (no backscatter)."""

import datetime as dt
from email.utils import format_datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from comms.mail.ingest import email_ingest
from comms.models import AutoReplyLog, Correspondence, OutboundEmail, Thread, TriageVerdict
from comms.selectors import InboxFilters, inbox_page, today_view
from comms.services.cases import referral_create
from comms.services.correspondence import thread_create
from comms.services.portal import personal_view_copy_send, personal_view_record
from council.models import AuditEvent, ClerkAbsence
from council.selectors import council_access_for
from tests.factories import MonitoringPeriodFactory

from .test_ingest_and_autoreply import MONDAY_OPEN, SATURDAY, human, run_command

pytestmark = pytest.mark.django_db


def _auto_submitted(msgid="oof-1@example.net", subject="Out of the office until Monday"):
    return (
        "Return-Path: <someone@example.net>\r\nFrom: Someone <someone@example.net>\r\n"
        "To: clerk@testham.example.gov.uk\r\n"
        f"Subject: {subject}\r\nMessage-ID: <{msgid}>\r\nDate: Mon, 16 Jun 2025 09:55:00 +0100\r\n"
        "Auto-Submitted: auto-generated\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nI am away.\r\n"
    ).encode()


def _main_inbox(access, **filters):
    return inbox_page(access=access, filters=InboxFilters(**filters), today=dt.date(2025, 6, 16))


def test_p14_an_auto_submitted_message_is_recorded_in_low_priority_not_as_new_in_the_main_inbox(council, clerk):
    resident = email_ingest(
        council=council,
        raw=human(msgid="h-main@example.net"),
        received_via="test",
        received_at=MONDAY_OPEN,
        autoreply=False,
    ).record
    robot = email_ingest(council=council, raw=_auto_submitted(), received_via="test", received_at=MONDAY_OPEN).record

    # P14: recorded, nothing dropped; P11: filed where automatic mail goes, decided at ingest.
    assert robot.is_automatic and Correspondence.objects.filter(pk=robot.pk).exists()
    assert Thread.objects.get(pk=robot.thread_id).is_low_priority
    assert not Thread.objects.get(pk=resident.thread_id).is_low_priority
    assert AuditEvent.objects.filter(action="thread.low_priority", object_id=str(robot.thread_id)).exists()

    access = council_access_for(user=clerk, council=council)
    main = _main_inbox(access)
    assert [t.pk for t in main.threads] == [resident.thread_id]
    assert main.status_counts["new"] == 1 and main.total == 1
    assert [t.pk for t in today_view(access=access, today=dt.date(2025, 6, 16)).new] == [resident.thread_id]
    low = _main_inbox(access, priority="low")
    assert [t.pk for t in low.threads] == [robot.thread_id]
    # A search looks everywhere.
    assert robot.thread_id in [t.pk for t in _main_inbox(access, q=robot.thread.reference).threads]

    # Junk triage, at the same moment, records the same verdict.
    assert TriageVerdict.objects.get(record=robot).is_junk
    assert not TriageVerdict.objects.get(record=resident).is_junk


def test_p14_automatic_mail_from_a_sender_the_clerk_moved_to_the_main_inbox_goes_back_there(client, council, clerk):
    first = email_ingest(council=council, raw=_auto_submitted(), received_via="test", received_at=MONDAY_OPEN).record
    client.force_login(clerk)
    client.post(
        reverse("reports:triage_move", kwargs={"council_slug": council.slug, "pk": first.thread_id}), {"to": "main"}
    )
    second = email_ingest(
        council=council,
        raw=_auto_submitted(msgid="oof-2@example.net", subject="Planning notice"),
        received_via="test",
        received_at=MONDAY_OPEN,
    ).record
    assert not Thread.objects.get(pk=second.thread_id).is_low_priority


def _referred_case(council, clerk, councillor):
    received = email_ingest(
        council=council,
        raw=human(msgid="case@example.net"),
        received_via="test",
        received_at=MONDAY_OPEN,
        autoreply=False,
    ).record
    referral = referral_create(
        thread=received.thread, actor=clerk, purpose="action", to_member=councillor, note="Please walk Mill Lane."
    )
    row = OutboundEmail.objects.get(council=council, purpose="referral")
    return received.thread, referral, row


def _member_reply(*, sender, in_reply_to, subject, msgid="cllr-reply@example.org", extra=""):
    return (
        f"Return-Path: <{sender}>\r\nFrom: Cllr <{sender}>\r\nTo: clerk@testham.example.gov.uk\r\nSubject: {subject}\r\n"  # noqa: E501
        f"Message-ID: <{msgid}>\r\nIn-Reply-To: <{in_reply_to}>\r\nReferences: <{in_reply_to}>\r\n{extra}"
        "Date: Mon, 16 Jun 2025 11:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        "I will look at it on Thursday.\r\n"
    ).encode()


def test_p11_a_members_emailed_reply_to_a_referral_acknowledges_it_and_is_their_response(
    client, council, clerk, councillor
):
    thread, referral, row = _referred_case(council, clerk, councillor)
    assert referral.acknowledged_at is None
    # The receiving server vouched for the sender's domain (unsigned mail waits for the Clerk: test_member_mail_trust).
    signed = (
        "Authentication-Results: mx.testham.example.gov.uk; dkim=pass header.d=example.org header.s=s1;"
        " spf=pass smtp.mailfrom=councillor@example.org; dmarc=pass header.from=example.org\r\n"
    )
    assert councillor.email.endswith("@example.org")
    answer = email_ingest(
        council=council,
        raw=signed.encode()
        + _member_reply(sender=councillor.email.upper(), in_reply_to=row.message_id, subject=f"Re: {row.subject}"),
        received_via="test",
        received_at=MONDAY_OPEN + dt.timedelta(hours=1),
    ).record
    assert answer.thread_id == thread.pk and answer.sender_member_id == councillor.pk
    referral.refresh_from_db()
    assert referral.acknowledged_at is not None and referral.completed_at is None
    events = AuditEvent.objects.filter(object_type__icontains="referral", object_id=str(referral.pk))
    assert {"referral.acknowledged", "referral.responded"} <= set(events.values_list("action", flat=True))
    assert events.get(action="referral.acknowledged").actor_id == councillor.pk

    client.force_login(clerk)
    page = client.get(reverse("comms:thread", kwargs={"council_slug": council.slug, "pk": thread.pk})).content.decode()
    assert "not yet acknowledged" not in page and "acknowledged" in page
    assert "I will look at it on Thursday." in page


def test_p11_a_members_own_auto_reply_does_not_acknowledge_the_referral(council, clerk, councillor):
    thread, referral, row = _referred_case(council, clerk, councillor)
    away = email_ingest(
        council=council,
        raw=_member_reply(
            sender=councillor.email,
            in_reply_to=row.message_id,
            subject=f"Automatic reply: {row.subject}",
            extra="Auto-Submitted: auto-replied\r\n",
        ),
        received_via="test",
        received_at=MONDAY_OPEN + dt.timedelta(hours=1),
    )
    assert away.record.thread_id == thread.pk and away.record.is_automatic
    referral.refresh_from_db()
    assert referral.acknowledged_at is None


def test_p10_a_member_never_gets_the_out_of_office_reply_and_a_resident_does(council, clerk, councillor, tmp_path):
    for day in range(5):
        MonitoringPeriodFactory(council=council, weekday=day)
    member = email_ingest(
        council=council,
        raw=human(sender=councillor.email, msgid="m-sat@example.org"),
        received_via="test",
        received_at=SATURDAY,
    )
    assert member.outbound is None and member.autoreply.reason == "member-address"
    clerk_mail = email_ingest(
        council=council,
        raw=human(sender=clerk.email, msgid="c-sat@example.org"),
        received_via="test",
        received_at=SATURDAY,
    )
    assert clerk_mail.outbound is None and clerk_mail.autoreply.reason == "member-address"
    resident = email_ingest(
        council=council, raw=human(msgid="r-sat@example.net"), received_via="test", received_at=SATURDAY
    )
    assert resident.outbound is not None and resident.autoreply.reason == "outside-monitored-hours"
    assert OutboundEmail.objects.filter(council=council, purpose="autoreply").count() == 1
    assert resident.outbound.subject.endswith(f"[Ref {resident.record.thread.reference}]")

    # The command-line contract: one JSON line per file, with the new reason code.
    eml = tmp_path / "member.eml"
    eml.write_bytes(human(sender=councillor.email, msgid="m-cli@example.org"))
    lines = run_command("check_autoreply", "--council", council.slug, "--at", SATURDAY.isoformat(), str(eml))
    assert lines == [{"file": str(eml), "reply": False, "reason": "member-address"}]


def advert(msgid="ad-1@ink-direct.example.com", date="Sat, 14 Jun 2025 09:55:00 +0100"):
    """Spam as it arrives: a real-looking sender that takes replies, no list or bulk headers, so
    nothing but its wording says it is an advert."""
    return (
        "Return-Path: <deals@ink-direct.example.com>\r\nFrom: Ink Direct <deals@ink-direct.example.com>\r\n"
        "To: clerk@testham.example.gov.uk\r\nSubject: 50% off printer ink this week\r\n"
        f"Message-ID: <{msgid}>\r\nDate: {date}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        "Special offer! Buy now: limited time, exclusive deal on toner. Click here to order now.\r\n"
    ).encode()


def _assert_filed_as_junk_and_not_answered(council, record):
    assert TriageVerdict.objects.get(record=record).is_junk
    assert Thread.objects.get(pk=record.thread_id).is_low_priority  # never New in the main inbox
    assert not AutoReplyLog.objects.filter(council=council, in_reply_to=record).exists()
    assert not OutboundEmail.objects.filter(council=council, to=["deals@ink-direct.example.com"]).exists()


def test_p10_p11_spam_is_junk_at_once_and_gets_no_out_of_office_reply_while_a_resident_does(council, clerk, tmp_path):
    for day in range(5):
        MonitoringPeriodFactory(council=council, weekday=day)
    eml = tmp_path / "advert.eml"
    eml.write_bytes(advert())
    lines = run_command("check_autoreply", "--council", council.slug, "--at", SATURDAY.isoformat(), str(eml))
    assert lines == [{"file": str(eml), "reply": False, "reason": "junk"}]
    spam = email_ingest(council=council, raw=advert(), received_via="test", received_at=SATURDAY)
    assert spam.created and spam.outbound is None and spam.autoreply.reason == "junk"
    assert spam.as_dict()["junk"] is True and spam.as_dict()["reply"] is False
    _assert_filed_as_junk_and_not_answered(council, spam.record)

    resident = email_ingest(
        council=council, raw=human(msgid="r-sat-2@example.net"), received_via="test", received_at=SATURDAY
    )
    assert resident.outbound is not None and resident.autoreply.reason == "outside-monitored-hours"
    assert resident.as_dict()["junk"] is False
    assert list(AutoReplyLog.objects.filter(council=council).values_list("sender", flat=True)) == [
        "resident@example.net"
    ]
    access = council_access_for(user=clerk, council=council)
    assert [t.pk for t in _main_inbox(access).threads] == [resident.record.thread_id]


def test_p10_p11_ingest_email_command_files_spam_as_junk_during_an_absence_and_answers_a_person(council):
    now = timezone.now()
    ClerkAbsence.objects.create(
        council=council,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(days=2),
        message="The Clerk is on leave.",
    )
    date = format_datetime(timezone.localtime(now))
    [spam] = run_command(
        "ingest_email", "--council", council.slug, stdin=advert(msgid="ad-cli@ink-direct.example.com", date=date)
    )
    assert (spam["created"], spam["junk"], spam["reply"], spam["reason"]) == (True, True, False, "junk")
    _assert_filed_as_junk_and_not_answered(council, Correspondence.objects.get(pk=spam["record"]))

    [person] = run_command(
        "ingest_email", "--council", council.slug, stdin=human(msgid="cli-person@example.net", date=date)
    )
    assert (person["junk"], person["reply"], person["reason"]) == (False, True, "clerk-absence")
    assert OutboundEmail.objects.get(council=council, purpose="autoreply").to == ["resident@example.net"]


def test_p13_a_private_personal_view_takes_no_number_from_the_register(council, clerk, councillor):
    first = email_ingest(
        council=council, raw=human(msgid="n1@example.net"), received_via="test", autoreply=False
    ).record
    view = personal_view_record(
        council=council,
        actor=councillor,
        channel="email",
        direction="out",
        contact_name="Ann",
        contact_email="ann@example.net",
        summary="My own view",
    )
    second = email_ingest(
        council=council, raw=human(msgid="n2@example.net", subject="Bins"), received_via="test", autoreply=False
    ).record
    assert first.thread.reference == "T-1" and second.thread.reference == "T-2"
    assert view.thread.reference == "PV-1" and view.thread.private_to_id == councillor.pk

    # Mail quoting the private reference does not vanish into the member's private case.
    stray = email_ingest(
        council=council,
        raw=human(msgid="n3@example.net", subject="About [Ref PV-1]"),
        received_via="test",
        autoreply=False,
    ).record
    assert stray.thread_id != view.thread_id and stray.thread.reference == "T-3"

    # P13: copied to the Clerk, it becomes official and joins the register with the next T-number.
    personal_view_copy_send(record=view, actor=councillor)
    thread = Thread.objects.get(pk=view.thread_id)
    assert thread.private_to_id is None and thread.reference == "T-4"
    assert AuditEvent.objects.filter(action="thread.made_official", object_id=str(thread.pk)).exists()
    access = council_access_for(user=clerk, council=council)
    references = sorted(int(t.reference[2:]) for t in _main_inbox(access, priority="all").threads)
    assert references == [1, 2, 3, 4]  # no gaps
    # Its T-number threads replies like any case's.
    reply = email_ingest(
        council=council,
        raw=human(msgid="n4@example.net", subject="Re: view [Ref T-4]"),
        received_via="test",
        autoreply=False,
    ).record
    assert reply.thread_id == thread.pk


def test_p14_a_case_number_is_never_given_twice_even_after_the_latest_case_is_erased(council):
    a = thread_create(council=council, subject="a")
    b = thread_create(council=council, subject="b")
    assert (a.reference, b.reference) == ("T-1", "T-2")
    Thread.objects.filter(pk=b.pk).delete()  # as the retention rules erase a case
    assert thread_create(council=council, subject="c").reference == "T-3"
