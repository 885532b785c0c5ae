"""Inbound email (P14) and the out-of-office responder (P10), through the real services and commands."""

import datetime as dt
import io
import json
import subprocess
import sys
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from comms.mail.ingest import email_ingest
from comms.models import Attachment, AutoReplyLog, Correspondence, OutboundEmail, RawMessage
from council.models import ClerkAbsence
from tests.factories import MonitoringPeriodFactory

from .conftest import SAMPLES, sample

LONDON = ZoneInfo("Europe/London")
SATURDAY = dt.datetime(2025, 6, 14, 10, 0, tzinfo=LONDON)
MONDAY_OPEN = dt.datetime(2025, 6, 16, 10, 0, tzinfo=LONDON)
MONDAY_EVENING = dt.datetime(2025, 6, 16, 19, 0, tzinfo=LONDON)
BANK_HOLIDAY = dt.datetime(2025, 8, 25, 10, 0, tzinfo=LONDON)  # summer bank holiday (England)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hours(council):
    for day in range(5):
        MonitoringPeriodFactory(council=council, weekday=day)
    return council


def human(
    sender="resident@example.net",
    msgid="h1@example.net",
    subject="Overgrown hedge on Mill Lane",
    extra="",
    date="Sat, 14 Jun 2025 09:55:00 +0100",
):
    return (
        f"Return-Path: <{sender}>\r\nFrom: A Resident <{sender}>\r\nTo: clerk@testham.example.gov.uk\r\n"
        f"Subject: {subject}\r\nMessage-ID: <{msgid}>\r\nDate: {date}\r\n{extra}"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nThe hedge is blocking the pavement.\r\n"
    ).encode()


def run_command(*args, stdin: bytes | None = None) -> list[dict]:
    out = io.StringIO()
    if stdin is not None:
        old = sys.stdin
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
        try:
            call_command(*args, stdout=out)
        finally:
            sys.stdin = old
    else:
        call_command(*args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


def test_p14_same_message_is_recorded_once_with_raw_bytes(council):
    raw = human()
    first = email_ingest(council=council, raw=raw, received_via="test", received_at=MONDAY_OPEN)
    second = email_ingest(
        council=council, raw=raw.replace(b"\r\n", b"\n"), received_via="test", received_at=MONDAY_OPEN
    )
    assert first.created and not second.created
    assert second.record.pk == first.record.pk
    assert Correspondence.objects.filter(council=council, direction="in").count() == 1
    stored = RawMessage.objects.get(record=first.record)
    assert bytes(stored.data) == raw
    assert first.record.message_id == "h1@example.net"
    assert first.record.sender_contact.email == "resident@example.net"


def test_p14_message_without_message_id_is_keyed_by_content(council):
    raw = sample("human_no_message_id.eml")
    a = email_ingest(council=council, raw=raw, received_via="test")
    b = email_ingest(council=council, raw=raw, received_via="test")
    assert a.created and not b.created
    assert a.record.message_id.startswith("sha256:")


def test_p14_same_message_id_in_two_councils_is_two_records(council, other_council):
    assert email_ingest(council=council, raw=human(), received_via="test").created
    assert email_ingest(council=other_council, raw=human(), received_via="test").created


def test_p14_malformed_message_is_recorded_with_flag_not_dropped(council):
    for raw in (sample("malformed_mime.eml"), b"", b"\x00\xff\xfe garbage \x00", b"Subject: only a header"):
        result = email_ingest(council=council, raw=raw, received_via="test")
        assert result.record.pk
        assert bytes(result.record.raw.data) == raw
    flagged = Correspondence.objects.filter(council=council, parse_failed=True)
    assert flagged.count() >= 2
    assert all(r.parse_errors for r in flagged)


def test_p14_reply_threads_by_in_reply_to_references_then_subject_reference(council):
    first = email_ingest(council=council, raw=human(msgid="root@example.net"), received_via="test").record
    reply = email_ingest(
        council=council,
        raw=human(msgid="r1@example.net", subject="Re: hedge", extra="In-Reply-To: <root@example.net>\r\n"),
        received_via="test",
    ).record
    deep = email_ingest(
        council=council,
        raw=human(
            msgid="r2@example.net", subject="Re: Re: hedge", extra="References: <root@example.net> <unknown@x>\r\n"
        ),
        received_via="test",
    ).record
    by_ref = email_ingest(
        council=council,
        raw=human(
            msgid="r3@example.net", sender="other@example.org", subject=f"Hedge again [Ref {first.thread.reference}]"
        ),
        received_via="test",
    ).record
    fresh = email_ingest(
        council=council, raw=human(msgid="r4@example.net", subject="Bus shelter"), received_via="test"
    ).record
    assert reply.thread_id == deep.thread_id == by_ref.thread_id == first.thread_id
    assert fresh.thread_id != first.thread_id


def test_p14_attachments_saved_under_server_names_with_cap_and_type_check(council, settings):
    raw = sample("human_multipart_attachment.eml")
    record = email_ingest(council=council, raw=raw, received_via="test").record
    attachments = list(Attachment.objects.filter(record=record))
    assert attachments
    for attachment in attachments:
        assert attachment.original_name not in attachment.file.name
        assert attachment.file.name.startswith(f"attachments/{council.pk}/")
    settings.ATTACHMENT_MAX_BYTES = 10
    other = email_ingest(
        council=council, raw=raw.replace(b"Message-ID: <", b"Message-ID: <capped-"), received_via="test"
    ).record
    assert not other.attachments.exists()
    assert "kept in the raw message" in other.parse_errors


def test_p14_ingest_email_command_reads_files_mbox_and_stdin(council, tmp_path):
    eml = tmp_path / "one.eml"
    eml.write_bytes(human(msgid="file@example.net"))
    lines = run_command(
        "ingest_email", "--council", council.slug, "--no-autoreply", str(eml), str(SAMPLES / "mbox_three.mbox")
    )
    assert [line["created"] for line in lines] == [True, True, True, True]
    again = run_command(
        "ingest_email", "--council", council.slug, "--no-autoreply", str(eml), str(SAMPLES / "mbox_three.mbox")
    )
    assert [line["created"] for line in again] == [False] * 4
    piped = run_command("ingest_email", "--council", council.slug, "-", stdin=human(msgid="pipe@example.net"))
    assert piped[0]["created"] is True
    assert Correspondence.objects.filter(council=council, direction="in").count() == 5


def test_p10_saturday_message_is_answered_once_and_the_reply_coming_back_is_not(hours, council):
    first = email_ingest(
        council=council, raw=human(msgid="sat1@example.net"), received_via="test", received_at=SATURDAY
    )
    assert first.autoreply.reply and first.autoreply.reason == "outside-monitored-hours"
    reply = first.outbound
    assert reply.to == ["resident@example.net"] and reply.purpose == "autoreply"
    assert reply.headers["Auto-Submitted"] == "auto-replied"
    assert reply.headers["X-Auto-Response-Suppress"] == "All"
    assert reply.headers["In-Reply-To"] == "<sat1@example.net>"
    assert "sat1@example.net" in reply.headers["References"]
    assert reply.message_id.endswith("@testham.example.gov.uk")
    assert reply.record.thread_id == first.record.thread_id and reply.record.is_automatic
    assert "from 9:00 a.m. on Monday 16 June 2025." in reply.body_text and ".." not in reply.body_text
    # The case reference in the subject lets the resident's answer thread into the same case.
    assert reply.subject == f"Auto: Overgrown hedge on Mill Lane [Ref {first.record.thread.reference}]"

    second = email_ingest(
        council=council,
        raw=human(msgid="sat2@example.net", subject="And another thing"),
        received_via="test",
        received_at=SATURDAY + dt.timedelta(hours=2),
    )
    assert second.created and second.outbound is None and second.autoreply.reason == "already-replied"

    # The resident's own out-of-office answer to our reply is recorded, threaded, and not answered.
    bounce_back = (
        "Return-Path: <resident@example.net>\r\nFrom: resident@example.net\r\nTo: clerk@testham.example.gov.uk\r\n"
        f"Subject: Automatic reply: {reply.subject}\r\nMessage-ID: <oof@example.net>\r\n"
        f"In-Reply-To: <{reply.message_id}>\r\nAuto-Submitted: auto-replied\r\n\r\nI am away.\r\n"
    ).encode()
    back = email_ingest(
        council=council, raw=bounce_back, received_via="test", received_at=SATURDAY + dt.timedelta(hours=3)
    )
    assert back.created and back.outbound is None and back.autoreply.reason == "auto-submitted"
    assert back.record.is_automatic and back.record.thread_id == first.record.thread_id
    assert OutboundEmail.objects.filter(council=council, purpose="autoreply").count() == 1
    assert AutoReplyLog.objects.filter(council=council).count() == 1


def test_p10_no_reply_in_monitored_hours_and_reply_on_bank_holiday_and_absence(hours, council):
    assert (
        email_ingest(council=council, raw=human(msgid="m1@x.net"), received_via="t", received_at=MONDAY_OPEN).outbound
        is None
    )
    holiday = email_ingest(
        council=council,
        raw=human(msgid="m2@x.net", sender="b@x.net", date="Mon, 25 Aug 2025 09:00:00 +0100"),
        received_via="t",
        received_at=BANK_HOLIDAY,
    )
    assert holiday.autoreply.reason == "bank-holiday" and holiday.outbound
    ClerkAbsence.objects.create(
        council=council,
        starts_at=MONDAY_OPEN - dt.timedelta(hours=2),
        ends_at=MONDAY_OPEN + dt.timedelta(days=10),
        message="The Clerk is on leave until 26 June.",
    )
    away = email_ingest(
        council=council,
        raw=human(msgid="m3@x.net", sender="c@x.net", date="Mon, 16 Jun 2025 09:59:00 +0100"),
        received_via="t",
        received_at=MONDAY_OPEN,
    )
    assert away.autoreply.reason == "clerk-absence"
    assert "on leave until 26 June" in away.outbound.body_text
    # Once per sender per absence, even after the four-day window.
    later = email_ingest(
        council=council,
        raw=human(msgid="m4@x.net", sender="c@x.net", date="Sun, 22 Jun 2025 09:59:00 +0100"),
        received_via="t",
        received_at=MONDAY_OPEN + dt.timedelta(days=6),
    )
    assert later.autoreply.reason == "already-replied"


def test_p10_archive_import_does_not_answer_old_mail(hours, council):
    old = email_ingest(council=council, raw=human(), received_via="t", received_at=SATURDAY + dt.timedelta(days=28))
    assert old.created and old.outbound is None and old.autoreply.reason == "stale-message"


AUTOMATIC_SAMPLES = {
    "apple_vacation.eml",
    "dsn_bare_report.eml",
    "dsn_bounce.eml",
    "exchange_automatic_reply.eml",
    "exchange_oof_no_autosubmitted.eml",
    "exim_failure.eml",
    "gmail_vacation.eml",
    "list_mail.eml",
    "newsletter_list_unsubscribe_only.eml",
    "noreply_sender.eml",
    "spam_flagged.eml",
    "yahoo_autoresponder.eml",
}


def test_p10_check_autoreply_contract_one_line_per_file_and_changes_nothing(hours, council, tmp_path):
    files = sorted(p for p in SAMPLES.iterdir() if p.suffix == ".eml")
    missing = tmp_path / "missing.eml"
    directory = tmp_path
    before = (Correspondence.objects.count(), OutboundEmail.objects.count(), AutoReplyLog.objects.count())
    lines = run_command(
        "check_autoreply",
        "--council",
        council.slug,
        "--at",
        "2025-06-14T10:00:00",
        *map(str, files),
        str(missing),
        str(directory),
    )
    assert len(lines) == len(files) + 2
    assert all(set(line) == {"file", "reply", "reason"} for line in lines)
    by_name = {line["file"].rsplit("/", 1)[-1]: line for line in lines}
    for name in AUTOMATIC_SAMPLES:
        assert by_name[name]["reply"] is False, by_name[name]
    assert by_name["human_plain.eml"] == {
        "file": str(SAMPLES / "human_plain.eml"),
        "reply": True,
        "reason": "outside-monitored-hours",
    }
    assert by_name["own_loop.eml"]["reply"] is False
    assert by_name["missing.eml"]["reply"] is False and by_name["missing.eml"]["reason"].startswith("unreadable")
    assert by_name[directory.name]["reply"] is False
    assert (Correspondence.objects.count(), OutboundEmail.objects.count(), AutoReplyLog.objects.count()) == before
    monday = run_command(
        "check_autoreply",
        "--council",
        council.slug,
        "--at",
        "2025-06-16T10:00:00+01:00",
        str(SAMPLES / "human_plain.eml"),
    )
    assert monday[0]["reply"] is False and monday[0]["reason"] == "within-monitored-hours"


def test_p10_check_autoreply_as_a_separate_process_never_crashes(hours, council, tmp_path, transactional_db):
    junk = tmp_path / "junk.eml"
    junk.write_bytes(b"\xff\xfe\x00" * 1000 + b"\nFrom: \xc3\x28\n\n--")
    from tests.conftest import PROJECT_ROOT, database_url_for_subprocess

    env = {**__import__("os").environ, "DATABASE_URL": database_url_for_subprocess()}
    done = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "check_autoreply",
            "--council",
            council.slug,
            "--at",
            "2025-06-14T10:00:00Z",
            str(junk),
            str(SAMPLES / "dsn_bounce.eml"),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    lines = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [line["reply"] for line in lines] == [False, False]
    assert lines[1]["reason"] in {"delivery-report", "auto-submitted"}
