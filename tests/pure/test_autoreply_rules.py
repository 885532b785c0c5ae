"""Out-of-office rules (P10): never answer machines; answer humans outside monitored hours."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from comms.mail.automatic import automatic_message_reason, is_robot_address
from comms.mail.autoreply import (
    Absence,
    WeeklyPeriod,
    autoreply_headers,
    autoreply_recipient,
    autoreply_subject,
    monitoring_decision,
    should_autoreply,
)
from comms.mail.parsing import parse_message
from council.workdays import is_uk_bank_holiday

SAMPLES = Path(__file__).parent / "mail_samples"
LONDON = ZoneInfo("Europe/London")
OWN = {"clerk@cassington-pc.gov.uk"}
OWN_DOMAINS = {"cassington-pc.gov.uk"}
# Cassington: monitored 9am-1pm Monday to Friday (P10)
CASSINGTON_HOURS = [WeeklyPeriod(day, dt.time(9), dt.time(13)) for day in range(5)]

HUMAN = (
    b"Return-Path: <jane@example.org>\n"
    b"From: Jane <jane@example.org>\n"
    b"To: clerk@cassington-pc.gov.uk\n"
    b"Subject: Pothole\n"
    b"Message-ID: <h1@example.org>\n\nHello\n"
)


def reason_for(raw, **kwargs):
    kwargs.setdefault("own_addresses", OWN)
    kwargs.setdefault("own_message_id_domains", OWN_DOMAINS)
    return automatic_message_reason(parse_message(raw), **kwargs)


def with_header(line: bytes) -> bytes:
    return line + b"\n" + HUMAN


def local(*args):
    return dt.datetime(*args, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("human_plain.eml", None),
        ("human_reply_html_only.eml", None),
        ("human_multipart_attachment.eml", None),
        ("headers_8bit.eml", None),
        ("exchange_automatic_reply.eml", "auto-submitted"),
        ("exchange_oof_no_autosubmitted.eml", "autoreply-subject"),
        ("gmail_vacation.eml", "auto-submitted"),
        ("apple_vacation.eml", "vendor-autoreply-header"),
        ("yahoo_autoresponder.eml", "vendor-autoreply-header"),
        ("dsn_bounce.eml", "auto-submitted"),
        ("dsn_bare_report.eml", "delivery-report"),
        ("exim_failure.eml", "delivery-report"),
        ("list_mail.eml", "precedence-list"),
        ("newsletter_list_unsubscribe_only.eml", "list-header"),
        ("spam_flagged.eml", "spam-flag"),
        ("noreply_sender.eml", "robot-sender"),
        ("own_loop.eml", "auto-submitted"),
        ("human_no_message_id.eml", None),
        ("malformed_mime.eml", "missing-return-path"),
    ],
)
def test_p10_sample_messages_are_classified(name, reason):
    assert reason_for((SAMPLES / name).read_bytes()) == reason


def test_p10_human_mail_is_not_automatic():
    assert reason_for(HUMAN) is None


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (b"Auto-Submitted: auto-generated", "auto-submitted"),
        (b"Auto-Submitted: Auto-Replied; owner-email=x@example.org", "auto-submitted"),
        (b"Auto-Submitted: auto-notified (comment)", "auto-submitted"),
        (b"Auto-Submitted: something-new", "auto-submitted"),
        (b"X-Auto-Response-Suppress: All", "x-auto-response-suppress"),
        (b"X-Auto-Response-Suppress: DR, OOF", "x-auto-response-suppress"),
        (b"X-Auto-Response-Suppress: rn,autoreply", "x-auto-response-suppress"),
        (b"Precedence: bulk", "precedence-bulk"),
        (b"Precedence: LIST", "precedence-list"),
        (b"Precedence: junk", "precedence-junk"),
        (b"Precedence: auto_reply", "precedence-auto-reply"),
        (b"List-Id: <parish.lists.example.org>", "list-header"),
        (b"List-Post: <mailto:parish@lists.example.org>", "list-header"),
        (b"List-Unsubscribe: <https://example.org/u>", "list-header"),
        (b"X-Failed-Recipients: a@example.org", "delivery-report"),
        (b"X-Autoreply: yes", "vendor-autoreply-header"),
        (b"X-Autorespond: Thanks", "vendor-autoreply-header"),
        (b"X-Autoresponder: on", "vendor-autoreply-header"),
        (b"X-Auto-Reply: yes", "vendor-autoreply-header"),
        (b"X-Apple-Action: VACATION", "vendor-autoreply-header"),
        (b"X-POST-MessageClass: 9; Autoresponder", "vendor-autoreply-header"),
        (b"X-MS-Exchange-Generated-Message-Source: Mailbox Rules Agent", "vendor-autoreply-header"),
        (b"X-MS-Exchange-Inbox-Rules-Loop: someone@example.org", "vendor-autoreply-header"),
        (b"X-Loop: clerk@cassington-pc.gov.uk", "x-loop"),
        (b"X-Loop: anything", "x-loop"),
        (b"X-Spam-Flag: YES", "spam-flag"),
        (b"X-Spam-Status: Yes, score=9.1", "spam-flag"),
    ],
)
def test_p10_automatic_headers_are_never_answered(header, reason):
    assert reason_for(with_header(header)) == reason


@pytest.mark.parametrize(
    "header",
    [
        b"Auto-Submitted: no",
        b"Auto-Submitted: No (a person wrote this)",
        b"X-Auto-Response-Suppress: DR, NDR, RN, NRN",
        b"Precedence: first-class",
        b"X-Autoreply: no",
        b"X-Spam-Flag: NO",
        b"X-Spam-Status: No, score=0.1",
        b"X-Mailer: Microsoft Outlook 16.0",
    ],
)
def test_p10_human_markers_do_not_count_as_automatic(header):
    assert reason_for(with_header(header)) is None


def test_p10_own_addresses_and_own_message_ids_are_never_answered():
    own_from = HUMAN.replace(b"From: Jane <jane@example.org>", b"From: Clerk <Clerk@Cassington-PC.gov.uk>")
    assert reason_for(own_from) == "own-address"
    own_rp = HUMAN.replace(b"<jane@example.org>\n", b"<clerk@cassington-pc.gov.uk>\n", 1)
    assert reason_for(own_rp) == "own-address"
    own_id = HUMAN.replace(b"<h1@example.org>", b"<reply-9@Cassington-PC.gov.uk>")
    assert reason_for(own_id) == "own-message-id"
    assert reason_for(own_id, own_message_id_domains=set()) is None


def test_p10_empty_and_missing_return_path():
    empty = HUMAN.replace(b"Return-Path: <jane@example.org>", b"Return-Path: <>")
    assert reason_for(empty) == "empty-return-path"
    missing = HUMAN.replace(b"Return-Path: <jane@example.org>\n", b"")
    assert reason_for(missing) == "missing-return-path"
    # tunable: an MTA pipe that does not write Return-Path
    assert reason_for(missing, missing_return_path_is_automatic=False) is None
    assert reason_for(empty, missing_return_path_is_automatic=False) == "empty-return-path"


@pytest.mark.parametrize(
    ("address", "robot"),
    [
        ("MAILER-DAEMON@mx.example.org", True),
        ("postmaster@example.org", True),
        ("noreply@example.org", True),
        ("no-reply@example.org", True),
        ("do-not-reply@example.org", True),
        ("DoNotReply@example.org", True),
        ("noreply-alerts@example.org", True),
        ("bounce@example.org", True),
        ("bounces+12345-abc=example.org@em.sendgrid.net", True),
        ("bounce-mc.us1_123.456-jane=example.org@mail123.mcsv.net", True),
        ("parish-request@lists.example.org", True),
        ("owner-parish@lists.example.org", True),
        ("parish-bounces@lists.example.org", True),
        ("prvs=1234abcd=noreply@example.org", True),
        ("jane@example.org", False),
        ("reply.person@example.org", False),
        ("bouncer.jones@example.org", False),
        ("", False),
        (None, False),
    ],
)
def test_p10_robot_senders(address, robot):
    assert is_robot_address(address) is robot


def test_p10_robot_sender_on_return_path_or_sender_header():
    rp = HUMAN.replace(b"Return-Path: <jane@example.org>", b"Return-Path: <bounces@esp.example.com>")
    assert reason_for(rp) == "robot-sender"
    sender = with_header(b"Sender: owner-parish@lists.example.org")
    assert reason_for(sender) == "robot-sender"


@pytest.mark.parametrize(
    "subject",
    [
        "Automatic reply: Pothole",
        "Auto Reply: Pothole",
        "AutoReply",
        "Out of Office: Pothole",
        "Out of Office AutoReply: Pothole",
        "Out of office",
        "Autosvar: Pothole",
        "Abwesenheitsnotiz: Pothole",
        "Réponse automatique : Pothole",
        "Undeliverable: Pothole",
        "Undelivered Mail Returned to Sender",
        "Delivery Status Notification (Failure)",
        "Mail delivery failed: returning message to sender",
        "Returned mail: see transcript for details",
        "Delivery Failure",
        "failure notice",
        "Warning: could not send message for past 4 hours",
        "Read: Pothole",
    ],
)
def test_p10_autoreply_and_bounce_subjects(subject):
    raw = HUMAN.replace(b"Subject: Pothole", f"Subject: {subject}".encode())
    assert reason_for(raw) == "autoreply-subject"


@pytest.mark.parametrize(
    "subject",
    ["Out of office hours noise from the pub", "Re: Pothole", "Readings for the meeting", "Delivery of leaflets"],
)
def test_p10_ordinary_subjects_are_not_autoreplies(subject):
    raw = HUMAN.replace(b"Subject: Pothole", f"Subject: {subject}".encode())
    assert reason_for(raw) is None


def test_p10_read_receipts_and_forwarded_bounces():
    mdn = with_header(b"Content-Type: multipart/report; report-type=disposition-notification; boundary=b")
    assert reason_for(mdn) == "delivery-report"
    forwarded = HUMAN.replace(
        b"\n\nHello\n",
        b"\nContent-Type: multipart/mixed; boundary=z\n\n--z\n"
        b"Content-Type: text/plain\n\nSee the bounce below\n--z\n"
        b"Content-Type: message/rfc822\n\nContent-Type: multipart/report; "
        b"report-type=delivery-status; boundary=q\n\n--q\n"
        b"Content-Type: message/delivery-status\n\nStatus: 5.0.0\n--q--\n--z--\n",
    )
    # A person forwarding a bounce to the Clerk is a human message.
    assert reason_for(forwarded) is None


def test_autoreply_headers_for_our_own_replies():
    headers = autoreply_headers("clerk@cassington-pc.gov.uk", in_reply_to="<h1@example.org>", references=["a@x"])
    assert headers["Auto-Submitted"] == "auto-replied"
    assert headers["X-Auto-Response-Suppress"] == "All"
    assert headers["X-Loop"] == "clerk@cassington-pc.gov.uk"
    assert "Precedence" not in headers
    assert headers["In-Reply-To"] == "<h1@example.org>"
    assert headers["References"] == "<a@x> <h1@example.org>"
    assert "\n" not in autoreply_headers("a@b\r\nBcc: x@y")["X-Loop"]


def test_p10_our_own_auto_reply_would_never_be_answered():
    headers = autoreply_headers("clerk@cassington-pc.gov.uk")
    raw = "".join(f"{k}: {v}\n" for k, v in headers.items()).encode() + HUMAN
    assert reason_for(raw) == "auto-submitted"


def test_autoreply_recipient_and_subject():
    assert autoreply_recipient(parse_message(HUMAN)) == "jane@example.org"
    assert autoreply_subject("Pothole\r\n") == "Auto: Pothole"


# --- monitoring ----------------------------------------------------------------------------


def decide(at, **kwargs):
    kwargs.setdefault("weekly_periods", CASSINGTON_HOURS)
    kwargs.setdefault("bank_holidays", is_uk_bank_holiday)
    return monitoring_decision(at, timezone="Europe/London", **kwargs)


def test_p10_cassington_hours_9am_to_1pm_weekdays():
    assert decide(local(2026, 3, 10, 9, 0)) == (True, "within-monitored-hours")
    assert decide(local(2026, 3, 10, 12, 59)) == (True, "within-monitored-hours")
    assert decide(local(2026, 3, 10, 13, 0)) == (False, "outside-monitored-hours")
    assert decide(local(2026, 3, 10, 8, 59)) == (False, "outside-monitored-hours")
    assert decide(local(2026, 3, 14, 10, 0)) == (False, "outside-monitored-hours")  # Saturday


def test_p10_monitoring_hours_are_local_time_across_dst():
    # Summer time (BST, UTC+1): 08:30 UTC is 09:30 in London
    assert decide(dt.datetime(2026, 7, 7, 8, 30, tzinfo=dt.UTC)).monitored
    # Winter (GMT): 08:30 UTC is 08:30 in London
    assert not decide(dt.datetime(2026, 1, 6, 8, 30, tzinfo=dt.UTC)).monitored
    # 12:30 UTC in summer is 13:30 local: closed
    assert not decide(dt.datetime(2026, 7, 7, 12, 30, tzinfo=dt.UTC)).monitored


def test_p10_bank_holiday_is_not_monitored():
    assert decide(local(2026, 4, 6, 10, 0)) == (False, "bank-holiday")  # Easter Monday
    assert decide(local(2026, 4, 6, 10, 0), bank_holidays=None).monitored


def test_p10_clerk_absence_overrides_hours():
    away = Absence(start=local(2026, 3, 9, 0, 0), end=local(2026, 3, 14, 0, 0), message="On leave")
    assert decide(local(2026, 3, 10, 10, 0), absences=[away]) == (False, "clerk-absence")
    assert decide(local(2026, 3, 16, 10, 0), absences=[away]).monitored
    as_tuple = (away.start, away.end, "On leave")
    assert decide(local(2026, 3, 10, 10, 0), absences=[as_tuple]).reason == "clerk-absence"


def test_monitoring_rejects_naive_datetimes():
    with pytest.raises(ValueError):
        decide(dt.datetime(2026, 3, 10, 10, 0))  # noqa: DTZ001


def test_overnight_and_until_midnight_periods():
    periods = [WeeklyPeriod(4, dt.time(22), dt.time(2)), WeeklyPeriod(0, dt.time(18), dt.time(0))]
    assert decide(local(2026, 3, 13, 23, 0), weekly_periods=periods).monitored  # Fri 23:00
    assert decide(local(2026, 3, 14, 1, 0), weekly_periods=periods).monitored  # Sat 01:00
    assert not decide(local(2026, 3, 14, 2, 0), weekly_periods=periods).monitored
    assert decide(local(2026, 3, 9, 23, 59), weekly_periods=periods).monitored  # Mon 23:59


# --- composed decision ---------------------------------------------------------------------


def autoreply(raw, at, **kwargs):
    kwargs.setdefault("already_replied_recently", False)
    return should_autoreply(
        parse_message(raw),
        at=at,
        own_addresses=OWN,
        own_message_id_domains=OWN_DOMAINS,
        timezone="Europe/London",
        weekly_periods=CASSINGTON_HOURS,
        bank_holidays=is_uk_bank_holiday,
        **kwargs,
    )


def test_p10_human_mail_outside_hours_gets_an_out_of_office_reply():
    assert autoreply(HUMAN, local(2026, 3, 10, 15, 0)) == (True, "outside-monitored-hours")
    assert autoreply(HUMAN, local(2026, 3, 10, 10, 0)) == (False, "within-monitored-hours")
    assert autoreply(HUMAN, local(2026, 12, 25, 10, 0)) == (True, "bank-holiday")


def test_p10_automatic_check_comes_before_everything():
    gmail = (SAMPLES / "gmail_vacation.eml").read_bytes()
    assert autoreply(gmail, local(2026, 3, 10, 15, 0)) == (False, "auto-submitted")


def test_p10_reply_once_per_sender_per_period():
    at = local(2026, 3, 10, 15, 0)
    assert autoreply(HUMAN, at, already_replied_recently=True) == (False, "already-replied")


def test_p10_absence_reply():
    away = [Absence(start=local(2026, 3, 9), end=local(2026, 3, 14), message="On leave")]
    assert autoreply(HUMAN, local(2026, 3, 10, 10, 0), absences=away) == (True, "clerk-absence")


def test_p10_no_usable_sender_gets_no_reply():
    raw = b"Return-Path: <not-an-address>\nFrom: nobody\nSubject: hi\n\nx"
    assert autoreply(raw, local(2026, 3, 10, 15, 0)) == (False, "no-reply-address")


def test_p10_a_member_of_the_council_never_gets_an_out_of_office_reply():
    at = local(2026, 3, 10, 15, 0)
    assert autoreply(HUMAN, at, member_addresses=["Jane@Example.org"]) == (False, "member-address")
    assert autoreply(HUMAN, at, member_addresses=["someone-else@example.org"]) == (True, "outside-monitored-hours")


def test_p10_out_of_office_subject_carries_the_case_reference_once():
    assert autoreply_subject("Pothole", reference="T-12") == "Auto: Pothole [Ref T-12]"
    assert autoreply_subject("Re: Pothole [Ref T-12]", reference="T-12") == "Auto: Re: Pothole [Ref T-12]"
    assert autoreply_subject("", reference="T-3") == "Auto: your message [Ref T-3]"
