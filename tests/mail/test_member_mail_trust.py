"""Trust before authority for every message from a member's address (P11, P12, P13), and what the Clerk
and the councillor see of councillors' mail copied to the Clerk: Today, the register's councillor
column, the case page's badges and the portal.

Real-shaped mail: a Gmail reply to a referral signed by the sender's domain (Authentication-Results
dkim, spf and dmarc pass) and the same reply unsigned (dkim none, spf fail, with a forged "pass" header
below the receiving server's own), plus the Outlook, Gmail and Thunderbird samples of test_member_mail.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.urls import reverse

from comms.mail.ingest import email_ingest
from comms.models import Correspondence, Direction, MemberMailHold, OutboundEmail, Thread
from comms.services.cases import referral_create
from comms.services.correspondence import contact_find_or_create, record_create, thread_create
from comms.services.member_mail import member_mail_confirm, member_mail_reject
from council.models import AuditEvent, ResponseCommitment
from tests.factories import MonitoringPeriodFactory

pytestmark = pytest.mark.django_db

HERE = Path(__file__).resolve().parent / "member_samples"
LONDON = ZoneInfo("Europe/London")
MONDAY = dt.datetime(2025, 6, 16, 9, 30, tzinfo=LONDON)
SATURDAY_EVENING = dt.datetime(2025, 6, 21, 18, 30, tzinfo=LONDON)  # outside monitored hours


@pytest.fixture
def david(councillor):
    councillor.first_name, councillor.last_name = "David", "Okafor"
    councillor.save()
    return councillor


@pytest.fixture
def hours(council):
    for day in range(5):
        MonitoringPeriodFactory(council=council, weekday=day)
    # The Council acknowledges new cases by itself: a member must still never get one.
    ResponseCommitment.objects.update_or_create(council=council, defaults={"auto_acknowledge": True})
    return council


def _referred_case(council, clerk, member):
    jane = contact_find_or_create(council=council, email="jane.resident@example.net", name="Jane Resident")
    thread = thread_create(council=council, subject="Overgrown hedge on Mill Lane", contact=jane)
    record_create(
        thread=thread,
        channel="email",
        direction=Direction.IN,
        subject="Overgrown hedge on Mill Lane",
        body_text="The hedge at number 14 is blocking the pavement.",
        sender_contact=jane,
        message_id="CAJane-hedge-1@mail.example.net",
        occurred_at=MONDAY - dt.timedelta(hours=1),
    )
    referral = referral_create(thread=thread, actor=clerk, purpose="action", to_member=member, note="Please walk it.")
    row = OutboundEmail.objects.get(council=council, purpose="referral")
    return thread, referral, row


def _reply(name: str, row: OutboundEmail) -> bytes:
    raw = (HERE / name).read_bytes()
    return raw.replace(b"REFERRAL-MESSAGE-ID", row.message_id.encode()).replace(
        b"REFERRAL-SUBJECT", row.subject.encode()
    )


def _ingest(council, raw: bytes, at=MONDAY + dt.timedelta(hours=1)):
    return email_ingest(council=council, raw=raw, received_via="imap", received_at=at)


def _nothing_sent_to(council, address: str) -> bool:
    """Nothing but the Clerk's own referral went to `address`: no out-of-office, no acknowledgement."""
    return not [o for o in OutboundEmail.objects.filter(council=council).exclude(purpose="referral") if address in o.to]


def _page(client, user, name, council, *args) -> str:
    client.force_login(user)
    response = client.get(reverse(f"comms:{name}", args=[council.slug, *args]))
    assert response.status_code == 200
    return response.content.decode()


def _record_card(page: str, record) -> str:
    return page.split(f'id="record-{record.pk}"')[1].split("</article>")[0]


# --- a member writing to the Clerk ---------------------------------------------------------------


def test_p11_p12_signed_reply_to_a_referral_acknowledges_it_at_once(hours, council, clerk, david):
    thread, referral, row = _referred_case(council, clerk, david)
    result = _ingest(council, _reply("gmail_reply_to_referral_dkim.eml", row))
    record = result.record
    assert record.thread_id == thread.pk and record.sender_member == david and record.sender_contact is None
    assert not hasattr(record, "member_hold")
    referral.refresh_from_db()
    assert referral.acknowledged_at is not None and referral.completed_at is None
    # Never an out-of-office reply or an acknowledgement to a member.
    assert result.outbound is None and _nothing_sent_to(council, david.email)


def test_p11_p12_unsigned_reply_to_a_referral_waits_and_acknowledges_only_when_the_clerk_confirms(
    client, hours, council, clerk, david
):
    thread, referral, row = _referred_case(council, clerk, david)
    result = _ingest(council, _reply("gmail_reply_to_referral_unsigned.eml", row), at=SATURDAY_EVENING)
    record = result.record
    # It waits in the case it answers, as a message received: not the councillor's, not acknowledging.
    assert record.thread_id == thread.pk and record.direction == Direction.IN
    assert record.sender_member is None and record.sender_contact is None
    assert MemberMailHold.objects.get(record=record).outcome == "waiting"
    referral.refresh_from_db()
    assert referral.acknowledged_at is None
    assert not AuditEvent.objects.filter(action__startswith="referral.", actor=david).exists()
    assert result.outbound is None and _nothing_sent_to(council, david.email)

    page = _page(client, clerk, "thread", council, thread.pk)
    card = _record_card(page, record)
    assert "sender to be confirmed: not yet official" in card and "official record" not in card
    assert "says it is from David Okafor" in page

    confirmed = member_mail_confirm(hold=record.member_hold, actor=clerk)
    assert confirmed.pk == record.pk and confirmed.thread_id == thread.pk and confirmed.sender_member == david
    referral.refresh_from_db()
    assert referral.acknowledged_at is not None and referral.completed_at is None
    assert AuditEvent.objects.filter(action="referral.acknowledged", actor=david).count() == 1

    card = _record_card(_page(client, clerk, "thread", council, thread.pk), confirmed)
    assert "official record" in card and "not yet official" not in card


def test_p12_a_forged_reply_the_clerk_rejects_stays_ordinary_received_mail(client, hours, council, clerk, david):
    thread, referral, row = _referred_case(council, clerk, david)
    record = _ingest(council, _reply("gmail_reply_to_referral_unsigned.eml", row)).record
    member_mail_reject(hold=record.member_hold, actor=clerk)
    record.refresh_from_db()
    referral.refresh_from_db()
    assert record.sender_member is None and record.direction == Direction.IN and referral.acknowledged_at is None
    card = _record_card(_page(client, clerk, "thread", council, thread.pk), record)
    assert "official record" in card and "not yet official" not in card and "copied to the Clerk" not in card
    assert not Correspondence.objects.filter(council=council, sender_member=david).exists()


def test_p12_the_secret_routing_address_vouches_for_a_message_to_the_clerk(hours, council, clerk, david):
    from comms.services.member_mail import member_mail_route_for, routing_address

    _thread, referral, row = _referred_case(council, clerk, david)
    route = member_mail_route_for(council=council, member=david)
    raw = _reply("gmail_reply_to_referral_unsigned.eml", row).replace(
        b"Delivered-To: clerk@testham.example.gov.uk", f"Delivered-To: {routing_address(council, route.tag)}".encode()
    )
    record = _ingest(council, raw).record
    assert record.sender_member == david and not MemberMailHold.objects.exists()
    referral.refresh_from_db()
    assert referral.acknowledged_at is not None


def test_p12_an_unsigned_automatic_message_from_a_members_address_is_not_theirs(hours, council, clerk, david):
    _thread, referral, row = _referred_case(council, clerk, david)
    raw = _reply("gmail_reply_to_referral_unsigned.eml", row).replace(
        b"From: David", b"Auto-Submitted: auto-replied\r\nFrom: David"
    )
    record = _ingest(council, raw).record
    assert record.is_automatic and record.sender_member is None and record.sender_contact is None
    referral.refresh_from_db()
    assert referral.acknowledged_at is None


def test_p10_a_member_starting_a_case_gets_no_acknowledgement_signed_or_not(hours, council, clerk, david):
    samples = (("gmail_reply_to_referral_dkim.eml", b"new-1"), ("gmail_reply_to_referral_unsigned.eml", b"new-2"))
    for name, msgid in samples:
        raw = (
            (HERE / name)
            .read_bytes()
            .replace(b"In-Reply-To: <REFERRAL-MESSAGE-ID>\r\nReferences: <REFERRAL-MESSAGE-ID>\r\n", b"")
            .replace(b"Re: REFERRAL-SUBJECT", b"Dog fouling by the school gate")
            .replace(b"reply-referral-1", msgid)
        )
        result = _ingest(council, raw, at=SATURDAY_EVENING)
        assert result.created and result.outbound is None
    assert _nothing_sent_to(council, david.email)
    assert not OutboundEmail.objects.filter(council=council, purpose__in=["autoreply", "acknowledgement"]).exists()


def test_p12_mail_authserv_ids_names_the_servers_whose_verdict_counts(settings, council, david):
    raw = (HERE / "outlook_bcc_reply_dkim.eml").read_bytes()
    settings.MAIL_AUTHSERV_IDS = ["mx.other.example"]  # not the server that wrote this header: not believed
    held = _ingest(council, raw).record
    assert held.sender_member is None and held.member_hold.outcome == "waiting"
    settings.MAIL_AUTHSERV_IDS = ["MX.Testham.example.gov.uk"]
    filed = _ingest(council, raw.replace(b"DB9PR0701MB1234ABCD@", b"DB9PR0701MB1234ABCE@")).record
    assert filed.sender_member == david and filed.direction == Direction.OUT and filed.copied_to_clerk


# --- what the Clerk sees: Today, the register, the case -----------------------------------------


def _resident_case(council):
    jane = contact_find_or_create(council=council, email="jane.resident@example.net", name="Jane Resident")
    thread = thread_create(council=council, subject="Pothole on Mill Lane", contact=jane)
    record_create(
        thread=thread,
        channel="email",
        direction=Direction.IN,
        subject="Pothole on Mill Lane",
        body_text="There is a deep pothole outside number 12 Mill Lane.",
        sender_contact=jane,
        message_id="CAJane-pothole-1@mail.example.net",
        occurred_at=dt.datetime(2025, 3, 3, 18, 2, tzinfo=dt.UTC),
    )
    return thread


@pytest.fixture
def copies(council, david):
    case = _resident_case(council)
    return {
        "case": case,
        "bcc": _ingest(council, (HERE / "outlook_bcc_reply_dkim.eml").read_bytes()).record,
        "forward": _ingest(council, (HERE / "gmail_forward_inline_spf.eml").read_bytes()).record,
        "personal": _ingest(council, (HERE / "gmail_bcc_personal_tag_dkim.eml").read_bytes()).record,
        "forged": _ingest(council, (HERE / "gmail_bcc_new_unsigned.eml").read_bytes()).record,
    }


def test_p12_p13_today_lists_councillors_copies_and_the_messages_waiting_for_the_clerk(client, council, clerk, copies):
    page = _page(client, clerk, "today", council)
    section = page.split('id="copies-h"')[1].split("</section>")[0]
    lines = section.split("<li")[1:]
    assert len(lines) == 3, section
    bcc = next(line for line in lines if copies["case"].reference in line)
    assert "David Okafor" in bcc and "wrote to Jane Resident" in bcc and "official, copied to the Clerk" in bcc
    forward = next(line for line in lines if "Bus shelter" in line)
    assert "passed on a message from Priya Shah" in forward
    personal = next(line for line in lines if "Parking on the High Street" in line)
    assert "wrote to Ruth Baker" in personal and "personal view, copied to the Clerk" in personal
    # The forged one is not among the copies: it waits for the Clerk, named as a claim.
    assert "Hedge on the footpath" not in section
    held = page.split('id="holds-h"')[1].split("</section>")[0]
    assert "Hedge on the footpath" in held and "says it is from <strong>David Okafor</strong>" in held
    assert f"#member-hold-{copies['forged'].member_hold.pk}" in held


def test_p12_the_registers_councillor_column_names_who_copied_or_passed_it_on(
    client, council, clerk, copies, django_assert_max_num_queries
):
    client.force_login(clerk)
    url = reverse("comms:inbox", args=[council.slug])
    page = client.get(url).content.decode()

    def councillor_cell(thread: Thread) -> str:
        row = page.split(f">{thread.reference}</a>")[1].split("</tr>")[0]
        return row.split('class="case-councillor">')[1].split("</td>")[0]

    assert councillor_cell(copies["case"]) == "David Okafor"
    assert councillor_cell(copies["forward"].thread) == "David Okafor"
    assert "says it is from David Okafor: to be confirmed" in councillor_cell(copies["forged"].thread)

    # One query for the councillors' names, however many cases are on the page.
    cache.clear()  # the status counts are cached: count them in both
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    threading = b"In-Reply-To: <CAJane-pothole-1@mail.example.net>\nReferences: <CAJane-pothole-1@mail.example.net>\n"
    for n in range(6):
        raw = (HERE / "outlook_bcc_reply_dkim.eml").read_bytes().replace(threading, b"")
        _ingest(council, raw.replace(b"DB9PR0701MB1234ABCD@", f"DB9PR0701MB1234AB{n:02d}@".encode()))
    assert Thread.objects.filter(council=council).count() == 10
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_p12_the_case_page_marks_the_copy_and_the_forwarded_message(client, council, clerk, copies):
    page = _page(client, clerk, "thread", council, copies["case"].pk)
    card = _record_card(page, copies["bcc"])
    assert "official record" in card and "copied to the Clerk" in card and "David Okafor" in card
    forward_case = copies["forward"].thread
    resident = forward_case.records.get(direction=Direction.IN)
    card = _record_card(_page(client, clerk, "thread", council, forward_case.pk), resident)
    assert "passed on by David Okafor" in card and "Priya Shah" in card


# --- what the councillor sees --------------------------------------------------------------------


def test_p12_p13_the_councillor_sees_his_copies_and_what_he_passed_on_in_the_portal(client, council, david, copies):
    page = _page(client, david, "portal", council)
    mine = page.split('id="wrote-h"')[1].split("</section>")[0]
    rows = mine.split("<tr>")[2:]
    bcc = next(row for row in rows if copies["case"].reference in row)
    assert "jane.resident@example.net" in bcc and "Official, copied to the Clerk" in bcc
    passed = next(row for row in rows if "Priya Shah" in row)
    assert "Passed on by you" in passed
    assert any("Personal view, copied to the Clerk" in row for row in rows)
    # The forged message is not his, and not on the council's official list until the Clerk confirms it.
    assert "Hedge on the footpath" not in mine
    official = page.split('id="off-h"')[1].split("</section>")[0]
    assert "Hedge on the footpath" not in official and copies["case"].reference in official


def test_p12_a_held_message_is_not_in_the_portals_official_list_until_confirmed(client, council, clerk, david, copies):
    forged = copies["forged"]
    member_mail_confirm(hold=forged.member_hold, actor=clerk)
    page = _page(client, david, "portal", council)
    assert "Hedge on the footpath" in page.split('id="off-h"')[1].split("</section>")[0]
    assert "Hedge on the footpath" in page.split('id="wrote-h"')[1].split("</section>")[0]


def test_p12_the_register_csv_names_the_councillor_and_the_copy(client, council, clerk, copies):
    import csv
    import io

    client.force_login(clerk)
    text = client.get(reverse("records:register_csv", args=[council.slug])).content.decode()
    rows = {row["subject"]: row for row in csv.DictReader(io.StringIO(text))}
    bcc = rows["RE: Pothole on Mill Lane"]
    assert (bcc["councillor"], bcc["copied_to_clerk"], bcc["direction"]) == ("David Okafor", "yes", "Sent")
    assert rows["Bus shelter on the Green"]["councillor"] == "David Okafor"  # the resident's, passed on by him
    assert rows["Pothole on Mill Lane"]["councillor"] == ""  # the resident's own message
    forged = rows["Hedge on the footpath"]
    assert forged["councillor"] == "says it is from David Okafor: to be confirmed"
    assert forged["capacity"] == "Received, sender to be confirmed" and forged["copied_to_clerk"] == ""
