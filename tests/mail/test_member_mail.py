"""Councillors' own mail Bcc'd or forwarded to the council mailbox (P12, P13, P14, P18), with real-shaped
messages from Outlook, Gmail, Apple Mail and Thunderbird, through `email_ingest`, `ingest_email` and IMAP."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from comms.mail.ingest import email_ingest
from comms.mail.member_mail import auth_results_parse, forwarded_message, sender_authenticated
from comms.mail.parsing import parse_message
from comms.models import (
    Capacity,
    Correspondence,
    Direction,
    MemberAddress,
    MemberMailHold,
    MemberMailRoute,
    OutboundEmail,
    Recipient,
    Thread,
)
from comms.services.correspondence import contact_find_or_create, record_create, thread_create
from comms.services.member_mail import (
    member_address_add,
    member_address_confirm,
    member_mail_confirm,
    member_mail_reject,
)
from tests.factories import MonitoringPeriodFactory

from .test_ingest_and_autoreply import run_command

pytestmark = pytest.mark.django_db

HERE = Path(__file__).resolve().parent / "member_samples"
LONDON = ZoneInfo("Europe/London")
SATURDAY_EVENING = dt.datetime(2025, 3, 8, 18, 30, tzinfo=LONDON)  # outside monitored hours: residents get a reply


def raw(name: str) -> bytes:
    return (HERE / name).read_bytes()


@pytest.fixture
def hours(council):
    for day in range(5):
        MonitoringPeriodFactory(council=council, weekday=day)
    return council


@pytest.fixture
def david(councillor):
    councillor.first_name, councillor.last_name = "David", "Okafor"
    councillor.save()
    return councillor


def ingest(council, name, at=SATURDAY_EVENING):
    return email_ingest(council=council, raw=raw(name), received_via="test", received_at=at)


def _resident_case(council, message_id="CAJane-pothole-1@mail.example.net"):
    jane = contact_find_or_create(council=council, email="jane.resident@example.net", name="Jane Resident")
    thread = thread_create(council=council, subject="Pothole on Mill Lane", contact=jane)
    record_create(
        thread=thread,
        channel="email",
        direction=Direction.IN,
        subject="Pothole on Mill Lane",
        body_text="There is a deep pothole outside number 12 Mill Lane.",
        sender_contact=jane,
        message_id=message_id,
        occurred_at=dt.datetime(2025, 3, 3, 18, 2, tzinfo=dt.UTC),
    )
    return thread


# --- pure: the receiving server's verdict -------------------------------------------------------


def test_p12_authentication_results_only_the_receiving_servers_header_counts():
    outlook = parse_message(raw("outlook_bcc_reply_dkim.eml"))
    assert sender_authenticated(outlook) == "dkim"
    authserv, results = auth_results_parse(outlook.header("Authentication-Results"))
    assert authserv == "mx.testham.example.gov.uk"
    assert ("dkim", "pass") in [(m, r) for m, r, _ in results]
    # A forged "pass" header below the receiving server's own "fail" is not believed.
    forged = parse_message(raw("gmail_bcc_new_unsigned.eml"))
    assert sender_authenticated(forged) is None
    # With the server's id configured, only headers that name it count.
    assert sender_authenticated(outlook, trusted_authserv_ids=("mx.other.example",)) is None
    assert sender_authenticated(parse_message(raw("gmail_forward_inline_spf.eml"))) == "spf"
    # A pass for some other domain is not aligned with the From domain.
    other = (
        raw("outlook_bcc_reply_dkim.eml")
        .replace(b"header.d=example.org", b"header.d=evil.example")
        .replace(b"smtp.mailfrom=councillor@example.org", b"smtp.mailfrom=x@evil.example")
        .replace(b"header.from=example.org", b"header.from=evil.example")
    )
    assert sender_authenticated(parse_message(other)) is None


@pytest.mark.parametrize(
    ("name", "who", "subject", "body_start", "note"),
    [
        (
            "gmail_forward_inline_spf.eml",
            "priya.shah@example.net",
            "Bus shelter on the Green",
            "Dear Cllr Okafor",
            "Clerk, this came to me directly",
        ),
        (
            "outlook_forward_inline_dkim.eml",
            "jane.resident@example.net",
            "Pothole on Mill Lane",
            "There is a deep pothole",
            "Passing this on for the record.",
        ),
        (
            "apple_forward_routing.eml",
            "tom.allotment@example.net",
            "Allotment water trough",
            "The water trough",
            "For the Clerk.",
        ),
        (
            "thunderbird_forward_attached_dkim.eml",
            "alan.walker@example.net",
            "Street light out on Church Road",
            "The street light",
            "Clerk, please log this one.",
        ),
    ],
)
def test_p14_forward_blocks_of_the_common_mail_programs_are_read(name, who, subject, body_start, note):
    forwarded = forwarded_message(parse_message(raw(name)))
    assert forwarded.from_address == who and forwarded.subject == subject
    assert forwarded.body.startswith(body_start) and forwarded.note.startswith(note)
    assert forwarded.date is not None


# --- Bcc'd outgoing mail --------------------------------------------------------------------------


def test_p12_bcc_reply_is_the_councillors_outgoing_record_in_the_residents_case(hours, council, david):
    case = _resident_case(council)
    result = ingest(council, "outlook_bcc_reply_dkim.eml")
    record = result.record
    assert record.thread_id == case.pk
    assert record.direction == Direction.OUT and record.sender_member == david and record.sender_contact is None
    assert record.copied_to_clerk and record.capacity == Capacity.OFFICIAL and record.is_official
    to = record.recipients.get(kind=Recipient.Kind.TO)
    assert to.address == "jane.resident@example.net" and to.contact == case.contact
    assert record.recipients.filter(kind=Recipient.Kind.BCC, address=council.clerk_email).exists()
    # P18: the trail is out of the record's text but kept in the raw message.
    assert "I have reported the pothole" in record.body_text and "07700 900123" not in record.body_text
    assert b"07700 900123" in bytes(record.raw.data)
    # Never auto-replied, even outside monitored hours.
    assert result.outbound is None and result.autoreply.reason == "member-address"
    assert not OutboundEmail.objects.filter(council=council, purpose="autoreply").exists()
    assert not Thread.objects.filter(council=council).exclude(pk=case.pk).exists()


def test_p12_bcc_new_message_opens_a_case_with_the_resident_as_contact(hours, council, david):
    result = ingest(council, "gmail_bcc_personal_tag_dkim.eml")
    record = result.record
    assert record.thread.contact.email == "ruth.baker@example.net"
    assert record.direction == Direction.OUT and record.sender_member == david


def test_p13_personal_view_marked_by_subject_tag_or_route_becomes_official_when_copied(hours, council, david):
    tagged = ingest(council, "gmail_bcc_personal_tag_dkim.eml").record
    assert tagged.capacity == Capacity.PERSONAL_VIEW and tagged.copied_to_clerk and tagged.foi_disclosable
    assert tagged.is_official and tagged.subject == "Parking on the High Street"
    assert tagged.thread.private_to is None and tagged.thread.reference.startswith("T-")

    MemberMailRoute.objects.create(council=council, member=david, tag="o1o1o1o1", personal_tag="pv5q8w1z")
    routed = ingest(council, "thunderbird_bcc_reply_personal_route.eml")
    record = routed.record
    assert record.capacity == Capacity.PERSONAL_VIEW and record.copied_to_clerk and record.sender_member == david
    assert "too tall" in record.body_text and "What do you think" not in record.body_text
    assert routed.outbound is None


# --- trust before authority --------------------------------------------------------------------------


def test_p12_forged_member_from_waits_for_the_clerk_and_is_never_official_until_confirmed(hours, council, david, clerk):
    result = ingest(council, "gmail_bcc_new_unsigned.eml")
    record = result.record
    assert record.sender_member is None and record.direction == Direction.IN and not record.copied_to_clerk
    hold = MemberMailHold.objects.get(record=record)
    assert hold.claimed_member == david and hold.outcome == "waiting"
    assert not Correspondence.objects.filter(council=council, sender_member=david).exists()
    assert not Correspondence.objects.filter(council=council, direction=Direction.OUT).exists()
    assert result.outbound is None  # a member's address is never answered, forged or not

    member_mail_reject(hold=hold, actor=clerk)
    record.refresh_from_db()
    assert record.sender_member is None and record.direction == Direction.IN


def test_p12_clerk_confirms_a_held_message_and_it_is_filed_as_the_members(hours, council, david, clerk):
    record = ingest(council, "gmail_bcc_new_unsigned.eml").record
    confirmed = member_mail_confirm(hold=record.member_hold, actor=clerk)
    assert confirmed.pk == record.pk and confirmed.direction == Direction.OUT and confirmed.sender_member == david
    assert confirmed.copied_to_clerk
    assert confirmed.recipients.get(kind=Recipient.Kind.TO).address == "sam.neighbour@example.net"
    assert confirmed.thread.contact.email == "sam.neighbour@example.net"


def test_p12_held_reply_confirmed_moves_into_the_residents_case(hours, council, david, clerk):
    case = _resident_case(council)
    unsigned = (
        raw("outlook_bcc_reply_dkim.eml")
        .replace(b"dkim=pass", b"dkim=fail")
        .replace(b"spf=pass", b"spf=fail")
        .replace(b"dmarc=pass", b"dmarc=fail")
    )
    result = email_ingest(council=council, raw=unsigned, received_via="test", received_at=SATURDAY_EVENING)
    held_thread = result.record.thread
    assert held_thread.pk != case.pk  # a forged message does not enter the resident's case
    record = member_mail_confirm(hold=result.record.member_hold, actor=clerk)
    assert record.thread_id == case.pk
    held_thread.refresh_from_db()
    assert held_thread.status == Thread.Status.CLOSED and not held_thread.records.exists()


# --- forwards ----------------------------------------------------------------------------------------


def test_p14_forward_files_the_residents_message_with_the_member_who_passed_it_on(hours, council, david):
    result = ingest(council, "gmail_forward_inline_spf.eml")
    thread = result.record.thread
    records = list(thread.records.order_by("occurred_at"))
    resident, member_note = records
    assert resident.direction == Direction.IN and resident.sender_contact.email == "priya.shah@example.net"
    assert resident.passed_on_by == david and "smashed again" in resident.body_text
    assert member_note == result.record and member_note.sender_member == david
    assert (
        member_note.body_text.startswith("Clerk, this came to me directly") and "smashed" not in member_note.body_text
    )
    assert thread.contact.email == "priya.shah@example.net" and thread.subject == "Bus shelter on the Green"
    assert result.outbound is None


def test_p14_attached_forward_keeps_the_residents_message_and_its_id(hours, council, david):
    result = ingest(council, "thunderbird_forward_attached_dkim.eml")
    resident = Correspondence.objects.get(council=council, message_id="streetlight-alan-1@example.net")
    assert resident.passed_on_by == david and resident.thread_id == result.record.thread_id
    assert b"Church Road" in bytes(resident.raw.data)
    # The same resident message forwarded again is linked, not duplicated.
    again = raw("thunderbird_forward_attached_dkim.eml").replace(b"tb-fwd-attached-1@", b"tb-fwd-attached-2@")
    second = email_ingest(council=council, raw=again, received_via="test", received_at=SATURDAY_EVENING)
    assert second.record.thread_id == resident.thread_id
    assert Correspondence.objects.filter(council=council, sender_contact=resident.sender_contact).count() == 1


def test_p14_inline_forward_of_mail_already_on_record_links_to_it(hours, council, david):
    case = _resident_case(council)
    result = ingest(council, "outlook_forward_inline_dkim.eml")
    assert result.record.thread_id == case.pk
    assert case.records.filter(direction=Direction.IN).count() == 1


def test_p12_confirmed_extra_address_and_secret_route_identify_the_member(hours, council, david):
    address = member_address_add(council=council, member=david, email="d.okafor@home.example.com")
    link_mail = OutboundEmail.objects.get(council=council, purpose="member_address")
    assert link_mail.to == ["d.okafor@home.example.com"]
    token = link_mail.body_text.split("/confirm/")[1].split("/")[0]
    # Before confirming, mail from that address is just a resident's.
    MemberMailRoute.objects.create(council=council, member=david, tag="r7x2k9p4", personal_tag="pvpvpvpv")
    member_address_confirm(council=council, member=david, token=token)
    assert MemberAddress.objects.get(pk=address.pk).confirmed_at is not None
    result = ingest(council, "apple_forward_routing.eml")  # no Authentication-Results: the route vouches
    assert result.record.sender_member == david and not hasattr(result.record, "member_hold")
    resident = result.record.thread.records.get(direction=Direction.IN)
    assert resident.sender_contact.email == "tom.allotment@example.net" and resident.passed_on_by == david
    assert result.outbound is None


def test_p12_confirmation_link_works_only_for_the_member(council, david, clerk):
    member_address_add(council=council, member=david, email="d.okafor@home.example.com")
    token = OutboundEmail.objects.get(purpose="member_address").body_text.split("/confirm/")[1].split("/")[0]
    with pytest.raises(Exception):  # noqa: B017
        member_address_confirm(council=council, member=clerk, token=token)
    assert not MemberAddress.objects.filter(confirmed_at__isnull=False).exists()


# --- the same through the command and IMAP ---------------------------------------------------------


def test_p12_ingest_email_command_files_bcc_and_never_replies(hours, council, david):
    _resident_case(council)
    lines = run_command(
        "ingest_email",
        "--council",
        council.slug,
        str(HERE / "outlook_bcc_reply_dkim.eml"),
        str(HERE / "gmail_bcc_new_unsigned.eml"),
    )
    assert [line["reply"] for line in lines] == [False, False]
    bcc = Correspondence.objects.get(pk=lines[0]["record"])
    assert bcc.direction == Direction.OUT and bcc.sender_member == david
    assert MemberMailHold.objects.filter(record_id=lines[1]["record"], outcome="waiting").exists()


@pytest.mark.imap
def test_p12_member_mail_through_imap(council, david, mailbox_config, dovecot):
    from comms.mail.imap import mailbox_poll

    _resident_case(council)
    dovecot.append(mailbox_config.username, raw("outlook_bcc_reply_dkim.eml"))
    dovecot.append(mailbox_config.username, raw("gmail_forward_inline_spf.eml"))
    result = mailbox_poll(mailbox_id=mailbox_config.pk)
    assert (result.status, result.recorded) == ("done", 2), result.errors
    assert Correspondence.objects.filter(council=council, direction=Direction.OUT, sender_member=david).count() == 1
    assert (
        Correspondence.objects.filter(
            council=council, passed_on_by=david, sender_contact__email="priya.shah@example.net"
        ).count()
        == 1
    )
    assert not OutboundEmail.objects.filter(council=council, purpose="autoreply").exists()
