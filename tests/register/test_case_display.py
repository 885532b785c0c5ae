"""What the case pages show: who a case is with, who sent what, links to the outbox and copies,
printable letters, one overdue definition, the councillor's register, demo history (P11, P14, P17)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comms.display import person_with_address, record_sender
from comms.models import Channel, Direction, OutboundEmail, RawMessage, Referral
from comms.services.cases import record_confidentiality_set, referral_create, thread_triage
from comms.services.correspondence import record_create
from comms.services.portal import referral_respond
from council.models import AuditEvent, Role
from council.workdays import add_working_days

from .conftest import incoming

pytestmark = pytest.mark.django_db


def url(name, council, *args):
    return reverse(f"comms:{name}", args=[council.slug, *args])


# --- one way of writing a person with an address ---------------------------------------------------


def test_person_with_address_never_wraps_twice():
    assert (
        person_with_address("Margaret Lowe", "Margaret Lowe <m.lowe@example.net>")
        == "Margaret Lowe <m.lowe@example.net>"
    )
    assert person_with_address("Margaret Lowe <m.lowe@example.net>", "") == "Margaret Lowe <m.lowe@example.net>"
    assert person_with_address("", "m.lowe@example.net") == "m.lowe@example.net"
    assert person_with_address("m.lowe@example.net", "m.lowe@example.net") == "m.lowe@example.net"
    assert person_with_address("Mrs Patel", "01865 000111") == "Mrs Patel (01865 000111)"
    assert person_with_address('"Lowe, Margaret" <m@example.net>') == "Lowe, Margaret <m@example.net>"
    assert person_with_address("=?utf-8?q?Zo=C3=AB_Hill?= <zoe@example.net>") == "Zoë Hill <zoe@example.net>"


def test_p14_case_page_and_print_write_sender_and_recipients_once(client, council, clerk):
    thread, record = incoming(council, "Speeding", name="Margaret Lowe", email="m.lowe@example.net")
    assert record_sender(record) == "Margaret Lowe <m.lowe@example.net>"
    client.force_login(clerk)
    client.post(url("thread_reply", council, thread.pk), {"channel": "letter", "body_text": "We will ask."})
    for page in (
        client.get(url("thread", council, thread.pk)).text,
        client.get(reverse("records:thread_print", args=[council.slug, thread.pk])).text,
    ):
        assert "Margaret Lowe &lt;m.lowe@example.net&gt;" in page
        assert "&lt;Margaret Lowe &lt;" not in page and "To: to:" not in page
        assert "To: Margaret Lowe &lt;m.lowe@example.net&gt;" in page


# --- item 8: the inbox shows the correspondent; the header respects confidentiality -------------------


def test_p17_inbox_from_column_is_the_correspondent_not_the_last_writer(client, council, clerk, councillor):
    thread, _ = incoming(council, "Pothole", name="Jane Resident")
    referral = referral_create(thread=thread, actor=clerk, purpose="action", to_member=councillor)
    councillor.first_name, councillor.last_name = "Colin", "Councillor"
    councillor.save()
    referral_respond(referral=referral, actor=councillor, text="I have looked at it.")
    client.force_login(clerk)
    row = client.get(url("inbox", council)).text.split(f">{thread.reference}</a>")[1].split("</tr>")[0]
    from_cell, councillor_cell = row.split("<td")[2], row.split("<td")[3]
    assert "Jane Resident" in from_cell and "Colin Councillor" not in from_cell
    # P12: his response went to the Clerk, so the register's councillor column names him.
    assert "case-councillor" in councillor_cell and "Colin Councillor" in councillor_cell


def test_p17_inbox_hides_a_correspondent_known_only_from_a_confidential_record(client, council, clerk, member_factory):
    rfo = member_factory(council, Role.RFO, "rfo")
    thread, record = incoming(council, "Private matter", name="Margaret Lowe", email="m.lowe@example.net")
    record_confidentiality_set(record=record, actor=clerk, confidentiality="confidential")
    client.force_login(rfo)
    page = client.get(url("inbox", council)).text
    assert thread.reference in page and "Margaret Lowe" not in page
    client.force_login(clerk)
    assert "Margaret Lowe" in client.get(url("inbox", council)).text


def test_p14_officer_inbox_queries_do_not_grow_with_rows(client, council, member_factory):
    rfo = member_factory(council, Role.RFO, "rfo")
    client.force_login(rfo)
    inbox = url("inbox", council)
    counts = []
    for n in (2, 30):
        for i in range(n - (2 if n == 30 else 0)):
            incoming(council, f"Message {n}-{i}", email=f"r{n}-{i}@example.net")
        client.get(inbox, {"size": 100})  # warm the per-request caches
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(inbox, {"size": 100, "channel": "email"})
        assert page.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_p17_case_header_hides_the_sender_of_a_confidential_record(client, council, clerk, councillor):
    thread, record = incoming(council, "Neighbour dispute", name="Margaret Lowe", email="m.lowe@example.net")
    record_confidentiality_set(record=record, actor=clerk, confidentiality="confidential")
    referral_create(thread=thread, actor=clerk, purpose="information", to_member=councillor)
    client.force_login(councillor)
    page = client.get(url("thread", council, thread.pk)).text
    header = page.split('class="row small case-summary"')[1].split("</dl>")[0]
    assert "Neighbour dispute" in page and "Margaret Lowe" not in header and "m.lowe@example.net" not in header
    assert 'case-correspondent"></dd>' in header
    assert "From: Margaret Lowe" not in page
    client.force_login(clerk)
    assert "Margaret Lowe &lt;m.lowe@example.net&gt;" in client.get(url("thread", council, thread.pk)).text


# --- item 10: links to the outbox, the printable copy and the mbox -----------------------------------


def test_outbox_print_and_mbox_are_linked_for_officers_only(client, council, clerk, councillor):
    thread, _ = incoming(council, "Bins", email="bins@example.net")
    referral_create(thread=thread, actor=clerk, purpose="information", to_member=councillor)
    client.force_login(clerk)
    client.post(url("thread_reply", council, thread.pk), {"channel": "email", "body_text": "Emptied."})
    outbound = OutboundEmail.objects.get(purpose="reply")
    page = client.get(url("thread", council, thread.pk)).text
    for link in (
        reverse("comms:outbox_list", args=[council.slug]),
        reverse("records:thread_print", args=[council.slug, thread.pk]),
        reverse("records:thread_mbox", args=[council.slug, thread.pk]),
        reverse("comms:outbox_detail", args=[council.slug, outbound.pk]),
    ):
        assert f'href="{link}"' in page
    client.force_login(councillor)
    page = client.get(url("thread", council, thread.pk)).text
    assert "/outbox/" not in page and "/print/" not in page and "/mbox/" not in page


# --- item 14(b): the outbox shows the Date the message was sent with ---------------------------------


def test_p14_outbox_detail_shows_the_date_it_was_sent_not_now(client, council, clerk):
    thread, _ = incoming(council, "Bins", email="bins@example.net")
    client.force_login(clerk)
    client.post(url("thread_reply", council, thread.pk), {"channel": "email", "body_text": "Emptied."})
    outbound = OutboundEmail.objects.get()
    sent_at = timezone.now() - timedelta(days=40)
    OutboundEmail.objects.filter(pk=outbound.pk).update(status="sent", sent_at=sent_at)
    detail = reverse("comms:outbox_detail", args=[council.slug, outbound.pk])
    page = client.get(detail).text
    from email.utils import format_datetime

    assert f"Date: {format_datetime(timezone.localtime(sent_at))}" in page
    # Where the bytes sent are kept, those are shown, byte for byte.
    raw = (
        f"Message-ID: <{outbound.message_id}>\r\nDate: Mon, 02 Feb 2026 09:15:00 +0000\r\n"
        "Subject: as sent\r\n\r\nEmptied.\r\n"
    ).encode()
    RawMessage.objects.create(record=outbound.record, data=raw, sha256="x", received_via="smtp-out")
    page = client.get(detail).text
    assert "Date: Mon, 02 Feb 2026 09:15:00 +0000" in page and "Subject: as sent" in page


def test_p14_queued_message_shows_no_invented_date(client, council, clerk):
    thread, _ = incoming(council, "Bins", email="bins@example.net")
    client.force_login(clerk)
    client.post(url("thread_reply", council, thread.pk), {"channel": "email", "body_text": "Emptied."})
    outbound = OutboundEmail.objects.get()
    page = client.get(reverse("comms:outbox_detail", args=[council.slug, outbound.pk])).text
    assert "\nDate:" not in page.split("<pre")[1] and "dated when it is sent" in page


# --- item 14(a): a reply by letter is offered as a printable letter ----------------------------------


def test_p14_reply_by_letter_opens_a_printable_letter(client, council, clerk):
    council.postal_address = "Parish Office\nChurch Street\nTestham TE1 1ST"
    council.save()
    clerk.first_name, clerk.last_name = "Helen", "Ward"
    clerk.save()
    thread, record = incoming(council, "Hedge on Bell Lane", name="Mr G. Hughes", email="g.hughes@example.net")
    record.sender_contact.address = "3 Bell Lane\nTestham TE1 2BL"
    record.sender_contact.save()
    client.force_login(clerk)
    response = client.post(
        url("thread_reply", council, thread.pk),
        {"channel": "letter", "body_text": "Dear Mr Hughes,\n\nThe owner will cut the hedge."},
    )
    letter = thread.records.get(channel=Channel.LETTER, direction=Direction.OUT)
    assert response.status_code == 302 and response.url == url("record_letter", council, letter.pk)
    page = client.get(response.url).text
    for text in (
        "Testham Parish Council",
        "Parish Office<br>Church Street",
        "Mr G. Hughes",
        "3 Bell Lane<br>Testham TE1 2BL",
        timezone.localtime(letter.occurred_at).strftime("%-d %B %Y"),
        "The owner will cut the hedge.",
        "Helen Ward",
        f"Our reference: {thread.reference}",
        "Print the letter",
    ):
        assert text in page, text
    assert not OutboundEmail.objects.exists()  # a letter is posted, not emailed
    # Only a letter the Council sends prints as a letter.
    assert client.get(url("record_letter", council, thread.records.filter(direction="in").get().pk)).status_code == 404


# --- item 14(c): Today and Reports agree on what is overdue ------------------------------------------


def test_p11_today_and_reports_count_the_same_overdue_cases(client, council, clerk):
    today = timezone.localdate()
    received = timezone.now() - (today - add_working_days(today, -6))
    unacknowledged, _ = incoming(council, "Speeding in Mill Lane", occurred_at=received)
    late, _ = incoming(council, "Late one", email="late@example.net")
    thread_triage(thread=late, actor=clerk, due_on=today - timedelta(days=2))
    incoming(council, "Fresh", email="fresh@example.net")
    client.force_login(clerk)
    today_page = client.get(url("today", council)).text
    reports_page = client.get(reverse("reports:home", args=[council.slug])).text
    assert "Overdue cases (2)" in today_page and "Overdue cases (2)" in reports_page
    for page in (today_page, reports_page):
        assert unacknowledged.reference in page and late.reference in page
    assert "acknowledgement due" in today_page


# --- item 14(d): the councillor's register: one line per case ----------------------------------------


def test_p13_councillor_register_lists_a_case_once(client, council, clerk, councillor):
    thread, _ = incoming(council, "Allotments")
    for n in range(4):
        record_create(
            thread=thread,
            channel=Channel.EMAIL,
            direction=Direction.OUT,
            subject="Re: Allotments",
            body_text=f"Reply {n}",
            sender_member=clerk,
        )
    client.force_login(councillor)
    page = client.get(url("portal", council)).text
    register = page.split('class="table table-sm register-cases"')[1].split("</table>")[0]
    assert register.count(thread.reference) == 1 and "<td>5</td>" in register


# --- item 14(e): demo referrals have their history ---------------------------------------------------


def test_p14_demo_referrals_have_history_and_loading_twice_changes_nothing():
    call_command("load_demo")
    referrals = list(Referral.objects.all())
    assert referrals
    for referral in referrals:
        assert AuditEvent.objects.filter(object_type="comms.referral", object_id=str(referral.pk)).exists()
        assert referral.created_by is not None and referral.thread.status == "referred"
    counts = (Referral.objects.count(), AuditEvent.objects.count())
    call_command("load_demo")
    assert (Referral.objects.count(), AuditEvent.objects.count()) == counts
